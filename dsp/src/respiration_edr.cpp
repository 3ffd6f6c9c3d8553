#include <resonant/dsp/respiration_edr.hpp>

#include <cmath>

#include "respiration_beat_features.hpp"

namespace resonant::dsp {

EcgDerivedRespiration::EcgDerivedRespiration(const EdrConfig& config)
    : config_(config),
      history_(static_cast<std::size_t>(std::ceil(kHistoryS * config.sample_rate_hz))),
      amplitude_(config.spectral),
      area_(config.spectral) {}

void EcgDerivedRespiration::push_sample(float ecg_mv) {
  history_.push(ecg_mv);
}

EdrBeat EcgDerivedRespiration::push_beat(const DetectedBeat& beat) {
  const auto at = [&](std::int64_t i) {
    return static_cast<double>(history_.at(i));
  };
  const std::int64_t first = history_.oldest_index();
  EdrBeat out;
  out.t_s = beat.sample_index / config_.sample_rate_hz;
  out.r_amplitude = beat.amplitude;
  out.qrs_area = detail::qrs_area_at(at, first, history_.next_index() - 1, beat.sample_index,
                                     config_.sample_rate_hz, config_.qrs_half_width_s);
  amplitude_.push(out.t_s, out.r_amplitude);
  area_.push(out.t_s, out.qrs_area);
  return out;
}

EdrRates EcgDerivedRespiration::estimate(double t_end_s) const {
  return {amplitude_.estimate(t_end_s), area_.estimate(t_end_s)};
}

void EcgDerivedRespiration::reset() {
  history_.clear();
  amplitude_.reset();
  area_.reset();
}

std::vector<EdrBeat> edr_beats(std::span<const float> ecg_mv, std::span<const DetectedBeat> beats,
                               const EdrConfig& config) {
  const auto at = [&](std::int64_t i) { return static_cast<double>(ecg_mv[static_cast<std::size_t>(i)]); };
  const auto last = static_cast<std::int64_t>(ecg_mv.size()) - 1;
  std::vector<EdrBeat> out;
  out.reserve(beats.size());
  for (const DetectedBeat& b : beats) {
    out.push_back({b.sample_index / config.sample_rate_hz, b.amplitude,
                   detail::qrs_area_at(at, 0, last, b.sample_index, config.sample_rate_hz,
                                       config.qrs_half_width_s)});
  }
  return out;
}

EdrSeries edr_series(std::span<const EdrBeat> beats) {
  EdrSeries s;
  for (const EdrBeat& b : beats) {
    s.r_amplitude.t_s.push_back(b.t_s);
    s.r_amplitude.values.push_back(b.r_amplitude);
    s.qrs_area.t_s.push_back(b.t_s);
    s.qrs_area.values.push_back(b.qrs_area);
  }
  return s;
}

std::vector<EdrRates> edr_respiration_rates(std::span<const EdrBeat> beats, double t_first_end_s,
                                            double step_s, const SpectralRateConfig& config) {
  const EdrSeries s = edr_series(beats);
  const auto a = spectral_respiration_rates(s.r_amplitude.t_s, s.r_amplitude.values,
                                            t_first_end_s, step_s, config);
  const auto q =
      spectral_respiration_rates(s.qrs_area.t_s, s.qrs_area.values, t_first_end_s, step_s, config);
  std::vector<EdrRates> out;
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back({a[i], q[i]});
  return out;
}

}  // namespace resonant::dsp
