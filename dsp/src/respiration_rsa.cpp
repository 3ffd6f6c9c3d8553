#include <resonant/dsp/respiration_rsa.hpp>

namespace resonant::dsp {

void RsaRespiration::push(const RrInterval& nn) {
  if (is_plausible_rr_ms(nn.rr_ms)) series_.push(nn.t_s, nn.rr_ms);
}

BeatSeries rsa_series(std::span<const RrInterval> nn) {
  BeatSeries s;
  for (const RrInterval& r : nn) {
    if (!is_plausible_rr_ms(r.rr_ms)) continue;
    s.t_s.push_back(r.t_s);
    s.values.push_back(r.rr_ms);
  }
  return s;
}

std::vector<RespirationRate> rsa_respiration_rates(std::span<const RrInterval> nn,
                                                   double t_first_end_s, double step_s,
                                                   const SpectralRateConfig& config) {
  const BeatSeries s = rsa_series(nn);
  return spectral_respiration_rates(s.t_s, s.values, t_first_end_s, step_s,
                                    interval_series_config(config));
}

}  // namespace resonant::dsp
