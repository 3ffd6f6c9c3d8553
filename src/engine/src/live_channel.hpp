#pragma once
// The per-sample part of the live metrics for one channel: its signal-quality assessor (a
// verdict per second), a respiration belt's breath detector, an EDA channel's per-second skin
// conductance level. Runs at the channel's rate (250 Hz for ECG): allocation-free per sample.
//
// Time: the processors count "seconds since reset"; origin_s is the session time of the first
// sample after the last reset, so their times map to session time by adding it. A reset
// (discontinuous samples, a series break) forgets everything: nothing is computed across it.
//
// Threading contract: not synchronised; one owner (the pipeline).
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include <resonant/common/channel.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/signal_quality.hpp>

namespace resonant::engine::detail {

class LiveChannel {
 public:
  /// (Re)creates the processors for a channel kind and rate; beat_channel: a detector feeds
  /// its beats (add_beat), so "no beats" counts against its quality.
  void configure(ChannelKind kind, double rate_hz, bool beat_channel);
  bool configured() const { return configured_; }
  ChannelKind kind() const { return kind_; }
  double rate_hz() const { return rate_hz_; }

  /// Forget everything; the next block sets a new time origin.
  void reset();
  /// A block of samples starts at session time t0_s (sets the origin after a reset).
  void begin_block(double t0_s) {
    if (std::isnan(origin_s_)) origin_s_ = t0_s;
  }

  struct SampleResult {
    std::optional<dsp::SignalQuality> verdict;  // a second completed
    std::optional<dsp::Breath> breath;          // belt: a breath completed (channel times)
    bool scl_ready = false;                     // EDA: a second's level completed
  };
  /// The next sample. No allocation.
  SampleResult push(float v);
  /// A beat detected on this channel (sample index since the last reset).
  void add_beat(double sample_index);

  double origin_s() const { return origin_s_; }
  bool has_origin() const { return !std::isnan(origin_s_); }
  /// Session time of the newest sample.
  double now_s() const { return origin_s_ + static_cast<double>(n_) / rate_hz_; }
  /// EDA: mean of the last completed second (uS), NaN before one.
  double scl_us() const { return scl_us_; }
  const std::optional<dsp::BeltRespiration>& belt() const { return belt_; }
  const std::optional<dsp::SignalQuality>& last_verdict() const { return last_verdict_; }

 private:
  bool configured_ = false;
  ChannelKind kind_ = ChannelKind::kOther;
  double rate_hz_ = 1.0;
  double origin_s_ = std::numeric_limits<double>::quiet_NaN();
  std::int64_t n_ = 0;
  std::optional<dsp::SignalQualityAssessor> quality_;
  std::optional<dsp::BeltRespiration> belt_;
  std::optional<dsp::SignalQuality> last_verdict_;
  // EDA level: sum over the current second.
  std::int64_t samples_per_second_ = 1;
  double scl_sum_ = 0.0;
  std::int64_t scl_count_ = 0;
  double scl_us_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace resonant::engine::detail
