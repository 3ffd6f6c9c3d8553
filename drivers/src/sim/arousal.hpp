#pragma once
// Arousal episodes (stress and mixed scenarios): arousal in [0, 1] rises over 10-20 s with
// a raised-cosine ramp, stays at its peak for 30-90 s and falls back over 20-40 s; episodes
// are 60-150 s apart. Each episode is a TruthEvent{kArousal} from the ramp start to the end
// of the decay.
#include <cstdint>

#include "random.hpp"
#include "truth_queue.hpp"

namespace resonant::drivers::sim::detail {

class Arousal {
 public:
  Arousal(bool enabled, std::uint64_t seed);
  /// Arousal at t_s (t_s non-decreasing); schedules each episode's event when it begins.
  double step(double t_s, EventSchedule& events);

 private:
  struct Episode {
    double t_start_s = 0.0;
    double ramp_s = 0.0;
    double plateau_s = 0.0;
    double decay_s = 0.0;
    double peak = 0.0;
    double end_s() const { return t_start_s + ramp_s + plateau_s + decay_s; }
  };
  void plan_next(double after_s);

  bool enabled_;
  Rng rng_;
  Episode episode_{};
  bool announced_ = false;
};

}  // namespace resonant::drivers::sim::detail
