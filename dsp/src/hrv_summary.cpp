#include <resonant/dsp/hrv_summary.hpp>

namespace resonant::dsp {

HrvSummary HrvAnalyzer::analyse(std::span<const RrInterval> nn) {
  HrvSummary out;
  out.time = time_domain_hrv(nn);
  out.frequency = frequency_.analyse(nn);
  out.nonlinear = nonlinear_.analyse(nn);
  return out;
}

HrvSummary compute_hrv(std::span<const RrInterval> nn, const HrvConfig& config) {
  HrvAnalyzer analyzer(config);
  return analyzer.analyse(nn);
}

}  // namespace resonant::dsp
