#include <resonant/dsp/respiration_edr.hpp>

#include <cmath>

#include "respiration_beat_features.hpp"

namespace resonant::dsp {

EcgDerivedRespiration::EcgDerivedRespiration(const EdrConfig& config)
    : config_(config), amplitude_(config.spectral), area_(config.spectral) {
  const auto needed = static_cast<std::size_t>(std::ceil(kHistoryS * config.sample_rate_hz));
  std::size_t capacity = 1;
  while (capacity < needed) capacity <<= 1;
  history_.assign(capacity, 0.0f);
  mask_ = capacity - 1;
}

void EcgDerivedRespiration::push_sample(float ecg_mv) {
  history_[static_cast<std::size_t>(n_) & mask_] = ecg_mv;
  ++n_;
}

EdrBeat EcgDerivedRespiration::push_beat(const DetectedBeat& beat) {
  const auto at = [&](std::int64_t i) {
    return static_cast<double>(history_[static_cast<std::size_t>(i) & mask_]);
  };
  const std::int64_t first = std::max<std::int64_t>(0, n_ - static_cast<std::int64_t>(history_.size()));
  EdrBeat out;
  out.t_s = beat.sample_index / config_.sample_rate_hz;
  out.r_amplitude = beat.amplitude;
  out.qrs_area = detail::qrs_area_at(at, first, n_ - 1, beat.sample_index,
                                     config_.sample_rate_hz, config_.qrs_half_width_s);
  amplitude_.push(out.t_s, out.r_amplitude);
  area_.push(out.t_s, out.qrs_area);
  return out;
}

EdrRates EcgDerivedRespiration::estimate(double t_end_s) const {
  return {amplitude_.estimate(t_end_s), area_.estimate(t_end_s)};
}

void EcgDerivedRespiration::reset() {
  n_ = 0;
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

std::vector<EdrRates> edr_respiration_rates(std::span<const EdrBeat> beats, double t_first_end_s,
                                            double step_s, const SpectralRateConfig& config) {
  std::vector<double> t, amp, area;
  for (const EdrBeat& b : beats) {
    t.push_back(b.t_s);
    amp.push_back(b.r_amplitude);
    area.push_back(b.qrs_area);
  }
  const auto a = spectral_respiration_rates(t, amp, t_first_end_s, step_s, config);
  const auto q = spectral_respiration_rates(t, area, t_first_end_s, step_s, config);
  std::vector<EdrRates> out;
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back({a[i], q[i]});
  return out;
}

}  // namespace resonant::dsp
