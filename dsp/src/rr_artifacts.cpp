// Batch form of the RR artifact correction: the paper's centred windows over each gap-free run,
// then the shared decision core (rr_artifact_core) interval by interval.
#include <resonant/dsp/rr_artifacts.hpp>

#include <algorithm>
#include <cmath>

#include "rr_artifact_core.hpp"

namespace resonant::dsp {
namespace {

/// For each k in [0, n): a window over values[max(first, k - half) .. min(n - 1, k + half)],
/// handed to on_window(k, window). The bounds only move forward, so each value enters and
/// leaves once.
template <typename OnWindow>
void sweep_centred(const std::vector<double>& values, std::size_t first, std::size_t half,
                   SortedValues& window, OnWindow on_window) {
  window.clear();
  const std::size_t n = values.size();
  std::size_t lo = first;  // window holds [lo, hi)
  std::size_t hi = first;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t want_lo = std::max(first, k >= half ? k - half : 0);
    const std::size_t want_hi = std::min(n, k + half + 1);
    while (hi < want_hi) window.insert(values[hi++]);
    while (lo < want_lo) window.erase(values[lo++]);
    on_window(k, window);
  }
}

struct RunFeatures {
  std::vector<double> rr, abs_drr, drrn, th1, median, abs_mrr, mrrn, th2;
  std::vector<bool> provisional;
};

RunFeatures run_features(std::span<const RrInterval> run, const ArtifactConfig& config) {
  const std::size_t n = run.size();
  RunFeatures f;
  f.rr.resize(n);
  for (std::size_t k = 0; k < n; ++k) f.rr[k] = run[k].rr_ms;
  f.abs_drr.assign(n, 0.0);
  for (std::size_t k = 1; k < n; ++k) f.abs_drr[k] = std::abs(f.rr[k] - f.rr[k - 1]);

  const std::size_t median_half = config.median_window_beats / 2;
  const std::size_t threshold_half = config.threshold_window_beats / 2;
  SortedValues median_window(config.median_window_beats);
  SortedValues threshold_window(config.threshold_window_beats);

  f.median.resize(n);
  sweep_centred(f.rr, 0, median_half, median_window,
                [&](std::size_t k, const SortedValues& w) { f.median[k] = w.median(); });

  f.drrn.assign(n, 0.0);
  f.th1.assign(n, 0.0);
  f.provisional.assign(n, false);
  // dRR of the first interval is undefined (no previous one in the run): it stays 0 and is
  // left out of the window.
  sweep_centred(f.abs_drr, 1, threshold_half, threshold_window,
                [&](std::size_t k, const SortedValues& w) {
                  if (k == 0) return;
                  const Threshold th1 = artifact_threshold(w, f.median[k], config);
                  f.th1[k] = th1.ms;
                  f.drrn[k] = (f.rr[k] - f.rr[k - 1]) / th1.ms;
                  f.provisional[k] = !th1.from_quartiles;
                });

  f.abs_mrr.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    f.abs_mrr[k] = std::abs(median_deviation_ms(f.rr[k], f.median[k]));
  }
  f.mrrn.resize(n);
  f.th2.resize(n);
  sweep_centred(f.abs_mrr, 0, threshold_half, threshold_window,
                [&](std::size_t k, const SortedValues& w) {
                  const Threshold th2 = artifact_threshold(w, f.median[k], config);
                  f.th2[k] = th2.ms;
                  f.mrrn[k] = median_deviation_ms(f.rr[k], f.median[k]) / th2.ms;
                  if (!th2.from_quartiles) f.provisional[k] = true;
                });
  return f;
}

}  // namespace

ArtifactResult correct_rr_artifacts(std::span<const RrInterval> raw,
                                    const ArtifactConfig& config) {
  ArtifactResult result;
  result.raw.assign(raw.begin(), raw.end());
  result.labels.resize(raw.size(), BeatLabel::kNormal);
  result.corrected_index.resize(raw.size(), 0);
  result.corrected.reserve(raw.size() + raw.size() / 8);
  result.raw_index.reserve(raw.size() + raw.size() / 8);
  result.counts.raw_count = raw.size();

  RrArtifactDecider decider(config);
  std::size_t begin = 0;
  while (begin < raw.size()) {
    std::size_t end = begin + 1;
    while (end < raw.size() && !raw[end].after_gap) ++end;
    const auto run = raw.subspan(begin, end - begin);
    const RunFeatures f = run_features(run, config);
    decider.start_run();
    const std::size_t n = run.size();
    for (std::size_t i = 0; i < n; ++i) {
      DecisionInputs in;
      for (std::size_t slot = 0; slot < 4; ++slot) {
        if (i + slot < 1 || i + slot - 1 >= n) continue;  // index i - 1 + slot outside the run
        const std::size_t k = i + slot - 1;
        in.rr[slot] = run[k];
        in.drrn[slot] = f.drrn[k];
        in.th1_ms[slot] = f.th1[k];
        in.present[slot] = true;
      }
      in.mrrn = f.mrrn[i];
      in.median_rr_ms = f.median[i];
      in.th2_ms = f.th2[i];
      in.provisional = f.provisional[i];
      DecidedRr decided;
      decider.decide(in, decided);

      const std::size_t raw_i = begin + i;
      result.labels[raw_i] = decided.label;
      ++result.counts.by_label[static_cast<std::size_t>(decided.label)];
      if (decided.provisional) ++result.fallback_decided;
      // The second interval of an extra beat maps to the merge emitted with the first.
      result.corrected_index[raw_i] =
          decided.corrected_count > 0 ? result.corrected.size() : result.corrected.size() - 1;
      for (std::size_t c = 0; c < decided.corrected_count; ++c) {
        result.corrected.push_back(decided.corrected[c]);
        result.raw_index.push_back(raw_i);
      }
    }
    begin = end;
  }
  return result;
}

}  // namespace resonant::dsp
