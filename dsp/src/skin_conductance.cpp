#include <resonant/dsp/skin_conductance.hpp>

#include <cmath>
#include <stdexcept>

namespace resonant::dsp {
namespace {

constexpr int kLowPassOrder = 4;
// The group delay is read well inside the pass band, where it is flat (a response's energy
// lies around 0.1-0.5 Hz).
constexpr double kDelayProbeShareOfCutoff = 0.1;

void check(const SkinConductanceConfig& c) {
  const auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
  if (!in(c.sample_rate_hz, 4.0, 2000.0)) {
    throw std::invalid_argument("skin conductance: sample_rate_hz must be 4-2000");
  }
  if (!in(c.low_pass_hz, 0.5, 3.0) || !(c.low_pass_hz < c.sample_rate_hz / 2.0)) {
    throw std::invalid_argument("skin conductance: low_pass_hz must be 0.5-3 and below Nyquist");
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

}  // namespace

SkinConductanceResponses::SkinConductanceResponses(const SkinConductanceConfig& config)
    : config_((check(config), config)),
      low_pass_(butterworth_lowpass(kLowPassOrder, config.low_pass_hz, config.sample_rate_hz)) {
  delay_s_ = low_pass_.group_delay_samples(kDelayProbeShareOfCutoff * config.low_pass_hz,
                                           config.sample_rate_hz) /
             config.sample_rate_hz;
}

void SkinConductanceResponses::restart() {
  running_ = false;
  rising_ = false;
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
    rising_ = false;
    onset_known_ = false;
    low_us_ = flat_us_ = previous_;
    low_t_s_ = near_low_t_s_ = flat_t_s_ = t_s;
    return std::nullopt;
  }
  const double y = low_pass_.process(x);
  const bool not_rising = y <= previous_;
  if (not_rising) {
    flat_us_ = y;
    flat_t_s_ = t_s;
  }
  previous_ = y;
  const double h = config_.hysteresis_us;
  if (!rising_) {
    onset_known_ = onset_known_ || not_rising;
    if (y < low_us_) {
      low_us_ = y;
      low_t_s_ = t_s;
    }
    // On a flat, noisy level the lowest sample may lie anywhere: the rise starts when the
    // level last left the trough's hysteresis band.
    if (y <= low_us_ + h) near_low_t_s_ = t_s;
    if (y >= low_us_ + h) {
      rising_ = true;
      high_us_ = y;
      high_t_s_ = t_s;
      flat_before_high_us_ = flat_us_;
      flat_before_high_t_s_ = flat_t_s_;
    }
    return std::nullopt;
  }
  if (y > high_us_) {
    high_us_ = y;
    high_t_s_ = t_s;
    flat_before_high_us_ = flat_us_;
    flat_before_high_t_s_ = flat_t_s_;
    return std::nullopt;
  }
  if (y > high_us_ - h) return std::nullopt;
  // The peak is confirmed; from here the level falls towards the next trough.
  rising_ = false;
  const bool scored = onset_known_;
  const double trough_us = low_us_, trough_t_s = near_low_t_s_;
  low_us_ = y;
  low_t_s_ = near_low_t_s_ = t_s;
  onset_known_ = true;
  if (!scored) return std::nullopt;
  SkinConductanceResponse r;
  r.peak_s = high_t_s_;
  r.onset_s = trough_t_s;
  r.onset_level_us = trough_us;
  // Trough to peak; a rise too long for a response may be a drift with a response on top:
  // then the response starts where the level last stopped rising before the peak.
  if (r.rise_s() > config_.max_rise_s && flat_before_high_t_s_ > trough_t_s) {
    r.onset_s = flat_before_high_t_s_;
    r.onset_level_us = flat_before_high_us_;
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
