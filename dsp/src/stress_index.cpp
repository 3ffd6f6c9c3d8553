#include <resonant/dsp/stress_index.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace resonant::dsp {

BaevskyStressIndex baevsky_stress_index(std::span<const RrInterval> nn, double bin_width_ms) {
  if (!(bin_width_ms >= 1.0 && bin_width_ms <= 200.0)) {
    throw std::invalid_argument("baevsky_stress_index: bin_width_ms outside [1, 200]");
  }
  BaevskyStressIndex out;
  out.nn_count = nn.size();
  if (nn.size() < 2) return out;
  std::map<long long, std::size_t> bins;  // batch only: allocation is fine here
  double lo = nn.front().rr_ms, hi = lo;
  for (const auto& r : nn) {
    ++bins[static_cast<long long>(std::floor(r.rr_ms / bin_width_ms))];
    lo = std::min(lo, r.rr_ms);
    hi = std::max(hi, r.rr_ms);
  }
  if (!(hi > lo)) return out;
  auto mode = bins.begin();  // ascending keys: ties keep the shorter bin
  for (auto it = bins.begin(); it != bins.end(); ++it) {
    if (it->second > mode->second) mode = it;
  }
  out.mode_s = (static_cast<double>(mode->first) + 0.5) * bin_width_ms / 1000.0;
  out.amplitude_of_mode_pct =
      100.0 * static_cast<double>(mode->second) / static_cast<double>(nn.size());
  out.variation_range_s = (hi - lo) / 1000.0;
  out.stress_index = out.amplitude_of_mode_pct / (2.0 * out.mode_s * out.variation_range_s);
  out.sqrt_stress_index = std::sqrt(out.stress_index);
  return out;
}

}  // namespace resonant::dsp
