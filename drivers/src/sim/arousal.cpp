#include "arousal.hpp"

#include <cmath>
#include <numbers>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kFirstStartMinS = 40.0;  // a calm stretch first, to have a baseline
constexpr double kFirstStartMaxS = 100.0;
constexpr double kGapMinS = 60.0;
constexpr double kGapMaxS = 150.0;
constexpr double kRampMinS = 10.0;
constexpr double kRampMaxS = 20.0;
constexpr double kPlateauMinS = 30.0;
constexpr double kPlateauMaxS = 90.0;
constexpr double kDecayMinS = 20.0;
constexpr double kDecayMaxS = 40.0;
constexpr double kPeakMin = 0.6;
constexpr double kPeakMax = 1.0;

double ease(double x) { return 0.5 - 0.5 * std::cos(std::numbers::pi * x); }

}  // namespace

Arousal::Arousal(bool enabled, std::uint64_t seed)
    : enabled_(enabled), rng_(seed, Stream::kArousal) {
  plan_next(0.0);
  episode_.t_start_s = rng_.uniform(kFirstStartMinS, kFirstStartMaxS);
}

void Arousal::plan_next(double after_s) {
  episode_.t_start_s = after_s + rng_.uniform(kGapMinS, kGapMaxS);
  episode_.ramp_s = rng_.uniform(kRampMinS, kRampMaxS);
  episode_.plateau_s = rng_.uniform(kPlateauMinS, kPlateauMaxS);
  episode_.decay_s = rng_.uniform(kDecayMinS, kDecayMaxS);
  episode_.peak = rng_.uniform(kPeakMin, kPeakMax);
  announced_ = false;
}

double Arousal::step(double t_s, EventSchedule& events) {
  if (!enabled_) return 0.0;
  const Episode& e = episode_;
  if (t_s < e.t_start_s) return 0.0;
  if (!announced_) {
    events.schedule(TruthEvent{e.t_start_s, e.end_s(), ArtifactKind::kArousal});
    announced_ = true;
  }
  const double into = t_s - e.t_start_s;
  if (into < e.ramp_s) return e.peak * ease(into / e.ramp_s);
  if (into < e.ramp_s + e.plateau_s) return e.peak;
  if (into < e.ramp_s + e.plateau_s + e.decay_s) {
    return e.peak * (1.0 - ease((into - e.ramp_s - e.plateau_s) / e.decay_s));
  }
  plan_next(e.end_s());
  return 0.0;
}

}  // namespace resonant::drivers::sim::detail
