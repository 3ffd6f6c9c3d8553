#include <resonant/dsp/response_card.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace resonant::dsp {
namespace {

constexpr double kMsPerMinute = 60000.0;

double beat_hr_bpm(const RrInterval& r) { return kMsPerMinute / r.rr_ms; }

struct Moments {
  std::size_t n = 0;
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();
};

/// Mean and sample SD of beat HR for the beats with t_s in [t0_s, t1_s).
Moments hr_moments(std::span<const RrInterval> nn, double t0_s, double t1_s) {
  double sum = 0.0;
  double sum_sq = 0.0;
  Moments m;
  for (const RrInterval& r : nn) {
    if (r.t_s < t0_s || r.t_s >= t1_s) continue;
    const double hr = beat_hr_bpm(r);
    sum += hr;
    sum_sq += hr * hr;
    ++m.n;
  }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  m.sd = m.n > 1 ? std::sqrt(std::max(0.0, (sum_sq - sum * m.mean) / static_cast<double>(m.n - 1)))
                 : 0.0;
  return m;
}

struct RsaMean {
  std::size_t breaths = 0;
  double mean_bpm = std::numeric_limits<double>::quiet_NaN();
};

RsaMean mean_rsa(std::span<const BreathIndicators> breaths, double t0_s, double t1_s) {
  RsaMean out;
  double sum = 0.0;
  for (const BreathIndicators& b : breaths) {
    if (!b.valid || b.start_s < t0_s || b.end_s > t1_s) continue;
    sum += b.peak_to_trough_bpm;
    ++out.breaths;
  }
  if (out.breaths > 0) out.mean_bpm = sum / static_cast<double>(out.breaths);
  return out;
}

/// First forward window [tau, tau + window) from a beat at or after end_s whose mean HR lies in
/// [lo, hi]; only windows the data cover (tau + window <= newest_s).
void find_return(std::span<const RrInterval> nn, double end_s, double newest_s, double lo,
                 double hi, const ResponseCardConfig& config, ResponseCard& card) {
  const double search_end_s = end_s + config.max_return_s;
  std::size_t first = static_cast<std::size_t>(
      std::lower_bound(nn.begin(), nn.end(), end_s,
                       [](const RrInterval& r, double t) { return r.t_s < t; }) -
      nn.begin());
  std::size_t last = first;  // one past the window's last beat
  double sum = 0.0;
  for (; first < nn.size(); ++first) {
    const double tau = nn[first].t_s;
    if (tau > search_end_s || tau + config.return_window_s > newest_s) break;
    if (last < first) {
      last = first;
      sum = 0.0;
    }
    while (last < nn.size() && nn[last].t_s < tau + config.return_window_s) {
      sum += beat_hr_bpm(nn[last]);
      ++last;
    }
    const std::size_t n = last - first;
    if (n >= config.min_window_beats) {
      const double mean = sum / static_cast<double>(n);
      if (mean >= lo && mean <= hi) {
        card.return_s = tau - end_s;
        card.return_beats = n;
        card.return_final = true;
        return;
      }
    }
    sum -= beat_hr_bpm(nn[first]);
  }
  card.return_final = newest_s >= search_end_s + config.return_window_s;
}

}  // namespace

ResponseCard response_card(std::span<const RrInterval> nn, std::span<const BreathCycle> cycles,
                           const ExerciseBlock& block, double newest_s,
                           const ResponseCardConfig& config) {
  ResponseCard card;
  card.block = block;
  card.ended = !std::isnan(block.end_s);
  if (nn.empty()) return card;
  // A running block takes every beat so far, the newest one included.
  const double block_end_s =
      card.ended ? block.end_s : std::nextafter(newest_s, std::numeric_limits<double>::infinity());
  card.baseline_start_s = std::max(block.start_s - config.baseline_s, nn.front().t_s);

  const Moments base = hr_moments(nn, card.baseline_start_s, block.start_s);
  const Moments in_block = hr_moments(nn, block.start_s, std::max(block.start_s, block_end_s));
  card.baseline_beats = base.n;
  card.block_beats = in_block.n;
  card.baseline_hr_bpm = base.mean;
  card.baseline_hr_sd_bpm = base.sd;
  card.block_hr_bpm = in_block.mean;
  card.delta_hr_bpm = in_block.mean - base.mean;

  if (!cycles.empty()) {
    const std::vector<BreathIndicators> breaths = breath_indicators(nn, cycles, config.indicators);
    const RsaMean base_rsa = mean_rsa(breaths, card.baseline_start_s, block.start_s);
    const RsaMean block_rsa = mean_rsa(breaths, block.start_s, block_end_s);
    card.baseline_breaths = base_rsa.breaths;
    card.block_breaths = block_rsa.breaths;
    card.baseline_rsa_bpm = base_rsa.mean_bpm;
    card.block_rsa_bpm = block_rsa.mean_bpm;
    card.delta_rsa_bpm = block_rsa.mean_bpm - base_rsa.mean_bpm;
  }

  if (card.ended && base.n >= config.min_window_beats) {
    const double band = std::max(base.sd, config.min_band_bpm);
    find_return(nn, block.end_s, newest_s, base.mean - band, base.mean + band, config, card);
  }
  return card;
}

}  // namespace resonant::dsp
