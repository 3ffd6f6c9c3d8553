#pragma once
// Heart rate and beat times.
//
//   HR(t) = HR_rest + d(t) + g_hr*a(t) + (1 - l_rsa*a(t)) * s_rsa * (y(t) + c_dir*u(t)) + m(t)
//
// u = lung volume - 0.5 (the breathing drive); y = H(u), the baroreflex-like resonator at the
// person's resonance frequency (resonator.hpp); c_dir*u a small frequency-flat direct vagal
// path; s_rsa = 2*rsa_gain_bpm/(1 + c_dir), so that a full-depth sinusoidal breath at the
// resonance frequency swings HR by +-rsa_gain_bpm; d an Ornstein–Uhlenbeck drift; m Mayer
// waves (a second resonator at the same frequency driven by white noise); a arousal.
//
// Beats by integral pulse frequency modulation (IPFM): a beat fires each time the integral
// of HR/60 reaches the next threshold (1 + a small per-beat jitter). HR is linear inside a
// tick, so the integral is quadratic there and the crossing is solved exactly: beat times
// are exact (to double rounding), not quantised to the tick.
#include <array>
#include <cstdint>

#include <resonant/drivers/sim/person_model.hpp>

#include "random.hpp"
#include "resonator.hpp"
#include "slow_noise.hpp"

namespace resonant::drivers::sim::detail {

class Heart {
 public:
  /// Quality factor Q = 1/(2 zeta) of the resonators. With Q = 2.5 (and the direct path) the
  /// HR swing at the resonance frequency is about 5x the swing at 0.25 Hz breathing,
  /// inside the 4-10x reported for resonance breathing (Lehrer et al. 2000; Vaschillo 2002).
  static constexpr double kResonanceQ = 2.5;
  /// Direct (frequency-flat) vagal share of RSA, relative to the resonator at resonance.
  static constexpr double kDirectVagalShare = 0.08;

  Heart(const PersonParams& params, std::uint64_t seed, double tick_s);

  /// Advances to t_s with the lung volume and arousal at t_s; returns the number of beats
  /// in (t_s - tick, t_s], whose times are then beat_time(0..n-1).
  int step(double t_s, double lung_volume, double arousal);
  double beat_time(int i) const { return beats_[static_cast<std::size_t>(i)]; }
  double hr_bpm() const { return hr_bpm_; }

 private:
  static constexpr int kMaxBeatsPerTick = 4;

  PersonParams params_;
  Rng rng_;
  double tick_s_;
  double rsa_scale_;
  double mayer_drive_sigma_;
  Resonator rsa_;
  Resonator mayer_;
  SmoothDrift drift_bpm_;
  double mayer_input_ = 0.0;
  int mayer_hold_ = 0;
  double hr_bpm_ = 0.0;
  double beat_phase_ = 0.0;      // beats accumulated since the last beat
  double beat_threshold_ = 1.0;  // this beat fires when beat_phase_ reaches it
  std::array<double, kMaxBeatsPerTick> beats_{};
};

}  // namespace resonant::drivers::sim::detail
