#pragma once
// Skin conductance (µS) = tonic level + skin-conductance responses (SCRs).
//
// Tonic: eda_tonic_us * (1 + g_a * a_lag) + drift, where a_lag is arousal through a
// first-order lag (sweat glands respond over seconds) and drift a slow Ornstein–Uhlenbeck
// process (absent in the clean scenario).
// SCRs: a Poisson process with rate r0 * (1 + g_r * a) (1-3 /min at rest, Boucsein 2012),
// amplitudes log-normal, larger when aroused, each shaped as a Bateman function
//   A * (exp(-t/tau_d) - exp(-t/tau_r)) / peak,  tau_r = 0.75 s, tau_d = 3 s
// (Benedek & Kaernbach 2010 fit tau_r ~ 0.75 s; recovery over several seconds). The sum
// of all SCRs is the difference of two leaky integrators, so each tick costs two products.
#include <cstdint>

#include <resonant/drivers/sim/person_model.hpp>

#include "random.hpp"
#include "slow_noise.hpp"

namespace resonant::drivers::sim::detail {

class Eda {
 public:
  Eda(const PersonParams& params, bool tonic_drift, std::uint64_t seed, double tick_s);
  /// Advances one tick with the current arousal; returns the conductance (µS), noise-free.
  double step(double arousal);

 private:
  double tonic_us_;
  bool tonic_drift_;
  double tick_s_;
  Rng rng_;
  SmoothDrift drift_;
  double arousal_lag_ = 0.0;
  double arousal_lag_alpha_;
  double rise_decay_;  // per-tick decay factors of the two integrators
  double fall_decay_;
  double bateman_peak_;
  double rise_ = 0.0;
  double fall_ = 0.0;
  double hazard_ = 0.0;       // integrated SCR rate since the last SCR
  double next_hazard_ = 0.0;  // exponential threshold for the next SCR
};

}  // namespace resonant::drivers::sim::detail
