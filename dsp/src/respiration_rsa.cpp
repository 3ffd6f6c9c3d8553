#include <resonant/dsp/respiration_rsa.hpp>

namespace resonant::dsp {

void RsaRespiration::push(const RrInterval& nn) {
  if (is_plausible_rr_ms(nn.rr_ms)) series_.push(nn.t_s, nn.rr_ms);
}

std::vector<RespirationRate> rsa_respiration_rates(std::span<const RrInterval> nn,
                                                   double t_first_end_s, double step_s,
                                                   const SpectralRateConfig& config) {
  std::vector<double> t, v;
  for (const RrInterval& r : nn) {
    if (!is_plausible_rr_ms(r.rr_ms)) continue;
    t.push_back(r.t_s);
    v.push_back(r.rr_ms);
  }
  return spectral_respiration_rates(t, v, t_first_end_s, step_s, config);
}

}  // namespace resonant::dsp
