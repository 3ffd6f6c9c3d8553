#include <cmath>

#include <resonant/dsp/hrv_frequency.hpp>

namespace resonant::dsp {
namespace {

/// Running mean of the finite values only.
struct Mean {
  double sum = 0.0;
  std::size_t n = 0;
  void add(double v) {
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  double value() const { return n == 0 ? FrequencyHrv::kNaN : sum / static_cast<double>(n); }
};

}  // namespace

FrequencyHrv segmented_frequency_hrv(std::span<const RrInterval> nn, double segment_s,
                                     const FrequencyHrvConfig& config) {
  FrequencyHrv out;
  if (nn.empty() || !(segment_s > 0.0)) return out;
  FrequencyHrvAnalyzer analyzer(config);
  Mean vlf, lf, hf, vlf_peak, lf_peak, hf_peak;
  std::size_t begin = 0;
  const double t_first = nn.front().t_s - nn.front().rr_ms / 1000.0;
  for (double t0 = t_first; begin < nn.size(); t0 += segment_s) {
    const double t1 = t0 + segment_s;
    std::size_t end = begin;
    while (end < nn.size() && nn[end].t_s <= t1) ++end;
    if (end == nn.size() && nn.back().t_s < t1) break;  // the last, shorter part
    if (end > begin) {
      std::vector<RrInterval> segment(nn.begin() + static_cast<std::ptrdiff_t>(begin),
                                      nn.begin() + static_cast<std::ptrdiff_t>(end));
      segment.front().after_gap = true;  // no successive difference into the previous segment
      const FrequencyHrv f = analyzer.analyse(segment);
      vlf.add(f.vlf_ms2);
      lf.add(f.lf_ms2);
      hf.add(f.hf_ms2);
      vlf_peak.add(f.vlf_peak_hz);
      lf_peak.add(f.lf_peak_hz);
      hf_peak.add(f.hf_peak_hz);
      if (std::isfinite(f.hf_ms2)) {
        out.nn_used += f.nn_used;
        out.analysed_s = (std::isfinite(out.analysed_s) ? out.analysed_s : 0.0) + f.analysed_s;
      }
    }
    begin = end;
  }
  out.vlf_ms2 = vlf.value();
  out.lf_ms2 = lf.value();
  out.hf_ms2 = hf.value();
  out.vlf_peak_hz = vlf_peak.value();
  out.lf_peak_hz = lf_peak.value();
  out.hf_peak_hz = hf_peak.value();
  derive_band_ratios(out);
  return out;
}

}  // namespace resonant::dsp
