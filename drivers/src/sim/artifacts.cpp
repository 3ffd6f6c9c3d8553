#include "artifacts.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kMeanIntervalS = 75.0;
constexpr double kGapMinShare = 0.5;
constexpr double kGapMaxShare = 1.5;
constexpr double kMotionMinS = 2.0;
constexpr double kMotionMaxS = 6.0;
constexpr double kMotionRampS = 0.3;  // motion fades in and out rather than switching
constexpr double kContactOffMinS = 3.0;
constexpr double kContactOffMaxS = 10.0;
constexpr double kFingerShare = 0.25;  // share of contact losses that are the PPG finger clip
constexpr std::size_t kReservedIntervals = 16;
constexpr double kPrematureMinShare = 0.6;  // premature beat at 60-70 % of the RR interval
constexpr double kPrematureMaxShare = 0.7;

double ease(double x) { return 0.5 - 0.5 * std::cos(std::numbers::pi * x); }

}  // namespace

ArtifactScheduler::ArtifactScheduler(const ScenarioConfig& config, std::uint64_t seed)
    : enabled_(config.artifacts),
      mean_interval_s_(kMeanIntervalS * config.artifact_interval_scale),
      rng_(seed, Stream::kArtifacts) {
  for (double& t : next_s_) t = next_gap_s();
  intervals_.reserve(kReservedIntervals);
}

double ArtifactScheduler::next_gap_s() {
  return mean_interval_s_ * rng_.uniform(kGapMinShare, kGapMaxShare);
}

void ArtifactScheduler::step(double t_s, EventSchedule& events) {
  if (!enabled_) return;
  for (std::size_t k = 0; k < kKinds; ++k) {
    if (t_s < next_s_[k]) continue;
    double end_s = t_s;  // the next one of this kind counts from here: no overlaps
    switch (k) {
      case kEctopicKind: ectopic_armed_ = true; break;
      case kMissedKind: missed_armed_ = true; break;
      case kMotionKind:
        end_s = start_interval(t_s, rng_.uniform(kMotionMinS, kMotionMaxS), ArtifactKind::kMotion,
                               false, events);
        break;
      default: {
        const double length_s = rng_.uniform(kContactOffMinS, kContactOffMaxS);
        const bool finger = rng_.uniform() < kFingerShare;
        end_s = start_interval(t_s, length_s, ArtifactKind::kElectrodeOff, finger, events);
        break;
      }
    }
    next_s_[k] = end_s + next_gap_s();
  }
}

double ArtifactScheduler::start_interval(double t_s, double length_s, ArtifactKind kind,
                                         bool finger, EventSchedule& events) {
  const Interval i{t_s, t_s + length_s, kind, finger};
  intervals_.push_back(i);
  events.schedule(TruthEvent{i.t_start_s, i.t_end_s, i.kind});
  return i.t_end_s;
}

double ArtifactScheduler::take_ectopic_request() {
  if (!std::exchange(ectopic_armed_, false)) return 0.0;
  return rng_.uniform(kPrematureMinShare, kPrematureMaxShare);
}
bool ArtifactScheduler::take_missed_request() { return std::exchange(missed_armed_, false); }

ArtifactState ArtifactScheduler::state_at(double t_s) {
  ArtifactState s;
  std::erase_if(intervals_, [t_s](const Interval& i) { return i.t_end_s < t_s; });
  for (const Interval& i : intervals_) {
    if (t_s < i.t_start_s) continue;
    if (i.kind == ArtifactKind::kMotion) {
      const double ramp =
          std::min({1.0, (t_s - i.t_start_s) / kMotionRampS, (i.t_end_s - t_s) / kMotionRampS});
      s.motion = std::max(s.motion, ease(ramp));
    } else if (i.finger) {
      s.ppg_off = true;
    } else {
      s.ecg_off = true;
    }
  }
  return s;
}

}  // namespace resonant::drivers::sim::detail
