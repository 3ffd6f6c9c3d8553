#include <resonant/dsp/skin_conductance.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace resonant::dsp {
namespace {

// Four first-order sections: a critically damped low-pass whose step response never
// overshoots, so a response that stops rising is never followed by a dip the filter made (a
// Butterworth rings by ~10 %, which split a pausing rise into two). Each section's cut-off
// puts the cascade's -3 dB point at low_pass_hz: |H|^2 = (1 + (f/fc)^2)^-4 = 1/2.
constexpr int kLowPassSections = 4;
const double kSectionCutoffPerCascadeCutoff = 1.0 / std::sqrt(std::pow(2.0, 0.25) - 1.0);
// The group delay is read well inside the pass band, where it is flat (a response's energy
// lies around 0.1-0.5 Hz).
constexpr double kDelayProbeShareOfCutoff = 0.1;
// A response on a rising level at least doubles its slope: before the response the level
// rises at most half as fast as at the response's steepest. A slow tonic rise, smooth as a
// raised cosine, bends too gently to pass.
constexpr double kMaxSlopeShareBeforeResponse = 0.5;

void check(const SkinConductanceConfig& c) {
  const auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
  if (!in(c.sample_rate_hz, 4.0, 2000.0)) {
    throw std::invalid_argument("skin conductance: sample_rate_hz must be 4-2000");
  }
  if (!in(c.low_pass_hz, 0.5, 3.0) ||
      !(c.low_pass_hz * kSectionCutoffPerCascadeCutoff < c.sample_rate_hz / 2.0)) {
    throw std::invalid_argument(
        "skin conductance: low_pass_hz must be 0.5-3 and below sample_rate_hz / 4.6");
  }
  if (!in(c.min_amplitude_us, 0.001, 1.0)) {
    throw std::invalid_argument("skin conductance: min_amplitude_us must be 0.001-1");
  }
  if (!(c.hysteresis_us > 0.0 && c.hysteresis_us <= c.min_amplitude_us)) {
    throw std::invalid_argument("skin conductance: hysteresis_us must be in (0, min_amplitude_us]");
  }
  if (!(c.min_rise_s >= 0.0 && c.min_rise_s < c.max_rise_s && c.max_rise_s <= 20.0)) {
    throw std::invalid_argument("skin conductance: need 0 <= min_rise_s < max_rise_s <= 20");
  }
  if (!(c.min_level_us >= 0.0 && c.min_level_us < c.max_level_us)) {
    throw std::invalid_argument("skin conductance: need 0 <= min_level_us < max_level_us");
  }
}

// Stays this far below the highest cut-off a rate allows (the check is strict).
constexpr double kCutoffMargin = 0.99;
constexpr double kDefaultLowPassHz = 1.0;

}  // namespace

double skin_conductance_low_pass_hz_for(double sample_rate_hz) {
  return std::min(kDefaultLowPassHz,
                  kCutoffMargin * sample_rate_hz / 2.0 / kSectionCutoffPerCascadeCutoff);
}

SkinConductanceResponses::SkinConductanceResponses(const SkinConductanceConfig& config)
    : config_((check(config), config)) {
  const double section_hz = config.low_pass_hz * kSectionCutoffPerCascadeCutoff;
  for (int i = 0; i < kLowPassSections; ++i) {
    low_pass_.append(butterworth_lowpass(1, section_hz, config.sample_rate_hz));
  }
  delay_s_ = low_pass_.group_delay_samples(kDelayProbeShareOfCutoff * config.low_pass_hz,
                                           config.sample_rate_hz) /
             config.sample_rate_hz;
}

void SkinConductanceResponses::restart() {
  running_ = false;
  rising_ = false;
}

void SkinConductanceResponses::mark_steepest(double slope) {
  steepest_ = slope;
  before_steepest_us_ = bend_us_;
  before_steepest_t_s_ = bend_t_s_;
  before_steepest_slope_ = bend_slope_;
}

std::optional<SkinConductanceResponse> SkinConductanceResponses::push(float level_us) {
  const double t_s = static_cast<double>(samples_++) / config_.sample_rate_hz - delay_s_;
  const double x = level_us;
  if (!std::isfinite(x) || x < config_.min_level_us || x > config_.max_level_us) {
    restart();
    return std::nullopt;
  }
  ++valid_samples_;
  if (!running_) {
    // Where a rise in progress began is unknown: a rise is scored only after the level has
    // been seen not rising (so the first one after a start or a gap may not be).
    low_pass_.reset_to_steady_state(x);
    running_ = true;
    previous_ = low_pass_.process(x);
    slope_ = 0.0;
    bend_ = 0.0;
    rising_ = false;
    onset_known_ = false;
    low_us_ = bend_us_ = previous_;
    near_low_t_s_ = bend_t_s_ = t_s;
    bend_slope_ = 0.0;
    return std::nullopt;
  }
  const double y = low_pass_.process(x);
  const double slope = y - previous_;  // per sample
  const bool not_rising = slope <= 0.0;
  const double bend = slope - slope_;  // how much the slope steepened
  // Where a response starts, the slope turns up more sharply than anywhere in the gentle
  // curve of a recovering or drifting level before it: the sharpest bend of the run in which
  // the slope has kept steepening (the bend lies between this sample and the previous one:
  // the previous one, where the level still rose at the old slope, is its time).
  if (bend <= 0.0) {
    bend_ = 0.0;
  } else if (bend > bend_) {
    bend_ = bend;
    bend_us_ = previous_;
    bend_t_s_ = t_s - 1.0 / config_.sample_rate_hz;
    bend_slope_ = slope_;
  }
  previous_ = y;
  slope_ = slope;
  const double h = config_.hysteresis_us;
  if (!rising_) {
    onset_known_ = onset_known_ || not_rising;
    low_us_ = std::min(low_us_, y);
    // On a flat, noisy level the lowest sample may lie anywhere: the rise starts when the
    // level last left the trough's hysteresis band.
    if (y <= low_us_ + h) near_low_t_s_ = t_s;
    if (y < low_us_ + h) return std::nullopt;
    rising_ = true;
    high_us_ = y;
    high_t_s_ = t_s;
    mark_steepest(slope);
    return std::nullopt;
  }
  if (slope > steepest_) mark_steepest(slope);
  if (y > high_us_) {
    high_us_ = y;
    high_t_s_ = t_s;
    return std::nullopt;
  }
  if (y > high_us_ - h) return std::nullopt;
  // The peak is confirmed; from here the level falls towards the next trough.
  rising_ = false;
  const bool scored = onset_known_;
  const double trough_us = low_us_, trough_t_s = near_low_t_s_;
  low_us_ = y;
  near_low_t_s_ = t_s;
  onset_known_ = true;
  if (!scored) return std::nullopt;
  SkinConductanceResponse r;
  r.peak_s = high_t_s_;
  r.onset_s = trough_t_s;
  r.onset_level_us = trough_us;
  // Trough to peak; a rise too long for a response may be a rising level with a response on
  // top: the response then starts at the sharpest upward bend before the rise's steepest
  // moment - if the level really sped up there (a smooth slow rise only bends gently).
  if (r.rise_s() > config_.max_rise_s && before_steepest_t_s_ > trough_t_s &&
      before_steepest_t_s_ < high_t_s_ &&
      before_steepest_slope_ <= kMaxSlopeShareBeforeResponse * steepest_) {
    r.onset_s = before_steepest_t_s_;
    r.onset_level_us = before_steepest_us_;
  }
  r.amplitude_us = high_us_ - r.onset_level_us;
  if (r.amplitude_us < config_.min_amplitude_us || r.rise_s() < config_.min_rise_s ||
      r.rise_s() > config_.max_rise_s) {
    return std::nullopt;
  }
  return r;
}

std::vector<SkinConductanceResponse> detect_skin_conductance_responses(
    std::span<const float> levels_us, const SkinConductanceConfig& config) {
  SkinConductanceResponses detector(config);
  std::vector<SkinConductanceResponse> out;
  for (const float v : levels_us) {
    if (auto r = detector.push(v)) out.push_back(*r);
  }
  return out;
}

}  // namespace resonant::dsp
