#pragma once
// Beats between "made" (on the look-ahead clock) and "over" (its last wave has passed on the
// output clock), each with its precomputed ECG and PPG waves. A fixed-size ring: no
// allocation per beat.
#include <array>
#include <cmath>
#include <cstddef>

#include <resonant/drivers/sim/person_model.hpp>

namespace resonant::drivers::sim::detail {

/// A Gaussian bump, possibly with different widths before and after its centre.
/// value(t) = amplitude * exp(-(t - center)^2 / (2 sigma^2)), with sigma = sigma_before for
/// t < center and sigma_after otherwise; exactly 0 beyond kReachSigmas sigmas (the tail
/// there is below 4e-6 of the amplitude, and skipping it saves the exp()).
struct Wave {
  static constexpr double kReachSigmas = 5.0;

  double center_s = 0.0;
  double amplitude = 0.0;
  double inv_two_var_before = 0.0;
  double inv_two_var_after = 0.0;
  double reach_before_s = 0.0;
  double reach_after_s = 0.0;

  static Wave gaussian(double center_s, double amplitude, double sigma_before_s,
                       double sigma_after_s) {
    return Wave{center_s,
                amplitude,
                1.0 / (2.0 * sigma_before_s * sigma_before_s),
                1.0 / (2.0 * sigma_after_s * sigma_after_s),
                kReachSigmas * sigma_before_s,
                kReachSigmas * sigma_after_s};
  }
  static Wave gaussian(double center_s, double amplitude, double sigma_s) {
    return gaussian(center_s, amplitude, sigma_s, sigma_s);
  }
  double end_s() const { return center_s + reach_after_s; }
  double value(double t_s) const {
    const double d = t_s - center_s;
    if (d < 0.0) {
      return d > -reach_before_s ? amplitude * std::exp(-d * d * inv_two_var_before) : 0.0;
    }
    return d < reach_after_s ? amplitude * std::exp(-d * d * inv_two_var_after) : 0.0;
  }
};

inline constexpr std::size_t kEcgWaves = 5;  // P, Q, R, S, T
inline constexpr std::size_t kPpgWaves = 2;  // systolic, dicrotic

struct BeatRecord {
  TruthBeat truth{};
  bool reported = false;  // handed to the truth queue
  std::array<Wave, kEcgWaves> ecg{};
  std::array<Wave, kPpgWaves> ppg{};
  double end_s = 0.0;  // no wave of this beat reaches beyond
};

class BeatRing {
 public:
  /// Enough for 1.5 s behind and 0.5 s ahead of the output time at 200 bpm, plus ectopics.
  static constexpr std::size_t kCapacity = 16;

  /// Adds a beat (in time order). When full, the oldest beat is dropped.
  void push(const BeatRecord& beat) {
    if (size_ == kCapacity) pop_front();
    beats_[(first_ + size_) % kCapacity] = beat;
    ++size_;
  }
  /// Drops the beats whose last wave ended before t_s.
  void prune(double t_s) {
    while (size_ > 0 && front().end_s < t_s && front().reported) pop_front();
  }
  std::size_t size() const { return size_; }
  BeatRecord& operator[](std::size_t i) { return beats_[(first_ + i) % kCapacity]; }
  const BeatRecord& operator[](std::size_t i) const { return beats_[(first_ + i) % kCapacity]; }

 private:
  const BeatRecord& front() const { return beats_[first_]; }
  void pop_front() {
    first_ = (first_ + 1) % kCapacity;
    --size_;
  }

  std::array<BeatRecord, kCapacity> beats_{};
  std::size_t first_ = 0;
  std::size_t size_ = 0;
};

}  // namespace resonant::drivers::sim::detail
