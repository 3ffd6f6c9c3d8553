#include "ppg.hpp"

#include <algorithm>
#include <cmath>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kSystolicRiseSigmaS = 0.07;
constexpr double kSystolicFallSigmaS = 0.18;
constexpr double kDicroticShare = 0.3;
constexpr double kDicroticDelayS = 0.3;  // after the systolic peak, at RR = 1 s
constexpr double kDicroticSigmaS = 0.09;
constexpr double kMinRrS = 0.3;
constexpr double kMaxRrS = 2.0;

}  // namespace

std::array<Wave, kPpgWaves> ppg_waves(const PpgBeat& beat) {
  const double rr = std::clamp(beat.rr_s, kMinRrS, kMaxRrS);
  const double peak_s = beat.t_s + beat.transit_s;
  return {Wave::gaussian(peak_s, beat.amplitude, kSystolicRiseSigmaS, kSystolicFallSigmaS),
          Wave::gaussian(peak_s + kDicroticDelayS * std::sqrt(rr), kDicroticShare * beat.amplitude,
                         kDicroticSigmaS)};
}

}  // namespace resonant::drivers::sim::detail
