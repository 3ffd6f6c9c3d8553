#include <resonant/engine/pacer_ramp.hpp>

#include <algorithm>
#include <cmath>

#include <resonant/common/pacer.hpp>

namespace resonant::engine {
namespace {

constexpr double kMinStepBpm = 0.1;
constexpr double kMaxStepBpm = 0.5;
constexpr int kMaxBreathsPerStep = 20;
constexpr double kMaxAllowedRateErrorBpm = 2.0;

/// On the step grid, so the ramp moves in whole steps toward a target on it.
double on_pacer_grid(double rate_bpm) {
  const double on_step = std::round(rate_bpm / kPacerRateStepBpm) * kPacerRateStepBpm;
  return clamped(PacerSettings{on_step, 0.4, 0.0, 0.0}).rate_bpm;
}

PacerRampConfig checked(PacerRampConfig c) {
  c.target_bpm = on_pacer_grid(c.target_bpm);
  c.step_bpm = std::isfinite(c.step_bpm)
                   ? std::round(std::clamp(c.step_bpm, kMinStepBpm, kMaxStepBpm) / kPacerRateStepBpm) *
                         kPacerRateStepBpm
                   : kMinStepBpm * 2.0;
  c.breaths_per_step = std::clamp(c.breaths_per_step, 1, kMaxBreathsPerStep);
  if (!(c.max_rate_error_bpm > 0.0)) c.max_rate_error_bpm = PacerRampConfig{}.max_rate_error_bpm;
  c.max_rate_error_bpm = std::min(c.max_rate_error_bpm, kMaxAllowedRateErrorBpm);
  return c;
}

}  // namespace

PacerRamp::PacerRamp(const PacerRampConfig& config, double measured_rate_bpm, double fallback_bpm)
    : config_(checked(config)),
      rate_bpm_(on_pacer_grid(std::isfinite(measured_rate_bpm) ? measured_rate_bpm : fallback_bpm)) {
  rate_bpm_ = std::max(rate_bpm_, config_.target_bpm);
}

double PacerRamp::update(std::int64_t breath_index, const RampAdherence& adherence) {
  if (last_breath_index_ < 0) {  // the breath in progress at the start is not counted
    last_breath_index_ = breath_index;
    return rate_bpm_;
  }
  if (breath_index <= last_breath_index_) return rate_bpm_;
  last_breath_index_ = breath_index;
  const bool good = adherence.keeping_up && std::isfinite(adherence.rate_error_bpm) &&
                    std::abs(adherence.rate_error_bpm) < config_.max_rate_error_bpm;
  good_breaths_ = good ? good_breaths_ + 1 : 0;
  if (good_breaths_ >= config_.breaths_per_step && !reached()) {
    rate_bpm_ = on_pacer_grid(std::max(rate_bpm_ - config_.step_bpm, config_.target_bpm));
    good_breaths_ = 0;
  }
  return rate_bpm_;
}

}  // namespace resonant::engine
