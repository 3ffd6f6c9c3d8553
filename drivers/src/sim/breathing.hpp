#pragma once
// Breathing: a phase oscillator phi (cycles; the integer part counts breaths) and a volume
// shape per breath.
//
// Free breathing: d(phi)/dt = f_spont * (1 + x_ou) * (1 + j_k) * (1 + g_a * arousal), with a
// slow Ornstein–Uhlenbeck rate drift x_ou and a rate jitter j_k drawn for each breath k.
//
// Paced: the person reads the pacer at t - pacer_lag_s and is pulled towards its phase
//   d(phi)/dt = f_p * (1 + e_ou) + clamp(k * wrap(phi_p - phi), -c * f_p, +c * f_p),
// k = k_max * compliance, wrap() into [-0.5, 0.5) cycles, c = the largest speed-up or
// slow-down a person accepts. At the start of each breath the person may lapse for one or
// two breaths at their own rhythm, more often as compliance falls.
//
// Volume: depth_k * pacer_volume(shape_k, frac(phi)), where shape_k is the pacer's settings
// (inhale:exhale ratio, holds) while following, or a spontaneous inspiratory share otherwise.
// Shape and depth are fixed at the start of a breath, where the volume is 0 for every shape,
// so the volume is continuous whatever happens to the pacer.
#include <cstdint>

#include <resonant/common/pacer.hpp>
#include <resonant/drivers/sim/person_model.hpp>

#include "random.hpp"
#include "slow_noise.hpp"

namespace resonant::drivers::sim::detail {

class Breathing {
 public:
  Breathing(const PersonParams& params, std::uint64_t seed, double tick_s);

  /// Advances one tick. `pacer` is the segment the person sees (looked up at lagged_t_s =
  /// t - pacer_lag_s), or nullptr when breathing freely. arousal in [0, 1].
  void step(const PacerSegment* pacer, double lagged_t_s, double arousal);

  double volume() const { return volume_; }  // [0, 1]
  double cycles() const { return phi_; }
  bool following_pacer() const { return following_; }

 private:
  void start_breath(const PacerSegment* pacer, double arousal);

  PersonParams params_;
  Rng rng_;
  double tick_s_;
  SmoothOu free_rate_drift_;   // relative
  SmoothOu paced_rate_error_;  // relative
  double phi_ = 0.0;
  double volume_ = 0.0;
  // Latched at the start of each breath:
  PacerSettings shape_{};
  double depth_ = 0.0;
  double rate_jitter_ = 0.0;
  int lapse_breaths_left_ = 0;
  bool following_ = false;
};

}  // namespace resonant::drivers::sim::detail
