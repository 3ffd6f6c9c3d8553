#include <resonant/dsp/respiration_ppg.hpp>

#include <algorithm>
#include <cmath>

#include <resonant/dsp/hrv_time.hpp>

#include "respiration_beat_features.hpp"

namespace resonant::dsp {
namespace {

constexpr double kMsPerS = 1000.0;

template <typename At>
PpgPulseFeatures features(const At& at, std::int64_t first, std::int64_t last,
                          const DetectedBeat& pulse, double prev_peak_index,
                          const PpgRespirationConfig& c) {
  const detail::PulseFeatures f = detail::pulse_features_at(
      at, first, last, pulse.sample_index, prev_peak_index, c.sample_rate_hz, c.onset_search_s);
  PpgPulseFeatures out;
  out.t_s = pulse.sample_index / c.sample_rate_hz;
  out.intensity = f.intensity;
  out.amplitude = f.amplitude;
  if (std::isfinite(prev_peak_index)) {
    const double ms = (pulse.sample_index - prev_peak_index) / c.sample_rate_hz * kMsPerS;
    if (is_plausible_rr_ms(ms)) out.interval_ms = ms;
  }
  return out;
}

}  // namespace

PpgDerivedRespiration::PpgDerivedRespiration(const PpgRespirationConfig& config)
    : config_(config),
      history_(static_cast<std::size_t>(std::ceil(kHistoryS * config.sample_rate_hz))),
      intensity_(config.spectral),
      amplitude_(config.spectral),
      frequency_(interval_series_config(config.spectral)) {}

void PpgDerivedRespiration::push_sample(float ppg_au) {
  history_.push(ppg_au);
}

PpgPulseFeatures PpgDerivedRespiration::push_pulse(const DetectedBeat& pulse) {
  const auto at = [&](std::int64_t i) {
    return static_cast<double>(history_.at(i));
  };
  const std::int64_t first = history_.oldest_index();
  const PpgPulseFeatures f = features(at, first, history_.next_index() - 1, pulse, prev_peak_index_, config_);
  prev_peak_index_ = pulse.sample_index;
  intensity_.push(f.t_s, f.intensity);
  amplitude_.push(f.t_s, f.amplitude);
  frequency_.push(f.t_s, f.interval_ms);
  return f;
}

PpgRates PpgDerivedRespiration::estimate(double t_end_s) const {
  return {intensity_.estimate(t_end_s), amplitude_.estimate(t_end_s),
          frequency_.estimate(t_end_s)};
}

void PpgDerivedRespiration::reset() {
  history_.clear();
  prev_peak_index_ = std::numeric_limits<double>::quiet_NaN();
  intensity_.reset();
  amplitude_.reset();
  frequency_.reset();
}

std::vector<PpgPulseFeatures> ppg_pulse_features(std::span<const float> ppg_au,
                                                 std::span<const DetectedBeat> pulses,
                                                 const PpgRespirationConfig& config) {
  const auto at = [&](std::int64_t i) {
    return static_cast<double>(ppg_au[static_cast<std::size_t>(i)]);
  };
  const auto last = static_cast<std::int64_t>(ppg_au.size()) - 1;
  std::vector<PpgPulseFeatures> out;
  out.reserve(pulses.size());
  double prev = std::numeric_limits<double>::quiet_NaN();
  for (const DetectedBeat& p : pulses) {
    out.push_back(features(at, 0, last, p, prev, config));
    prev = p.sample_index;
  }
  return out;
}

PpgSeries ppg_series(std::span<const PpgPulseFeatures> pulses) {
  PpgSeries s;
  for (const PpgPulseFeatures& p : pulses) {
    for (BeatSeries* one : {&s.intensity, &s.amplitude, &s.frequency}) one->t_s.push_back(p.t_s);
    s.intensity.values.push_back(p.intensity);
    s.amplitude.values.push_back(p.amplitude);
    s.frequency.values.push_back(p.interval_ms);
  }
  return s;
}

std::vector<PpgRates> ppg_respiration_rates(std::span<const PpgPulseFeatures> pulses,
                                            double t_first_end_s, double step_s,
                                            const SpectralRateConfig& config) {
  const PpgSeries s = ppg_series(pulses);
  const auto i =
      spectral_respiration_rates(s.intensity.t_s, s.intensity.values, t_first_end_s, step_s, config);
  const auto a =
      spectral_respiration_rates(s.amplitude.t_s, s.amplitude.values, t_first_end_s, step_s, config);
  const auto f =
      spectral_respiration_rates(s.frequency.t_s, s.frequency.values, t_first_end_s, step_s,
                                 interval_series_config(config));
  std::vector<PpgRates> out;
  for (std::size_t k = 0; k < i.size(); ++k) out.push_back({i[k], a[k], f[k]});
  return out;
}

}  // namespace resonant::dsp
