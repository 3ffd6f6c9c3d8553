#pragma once
// Test helper for the record tests: the tracked rate refined by counting cycles
// (respiration_count.hpp, "track, then count"), scored against the window's reference like the
// tracked rate (testing_resp::WindowShare). The batch refinement counts around the Viterbi
// path's rate, the causal one around the causal tracker's rate of the same window. Prints
// "[ resp count <record> ]" lines: one per window (t_end, reference, tracked batch and causal,
// counted batch and causal, the tracker's quality batch and causal) and a summary; and
// "[ resp shown <record> ]": the same over the windows clear enough to show a person.
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/respiration_count.hpp>
#include <resonant/dsp/respiration_edr.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_ppg.hpp>
#include <resonant/dsp/respiration_tracking.hpp>

#include <cstddef>
#include <cstdio>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tracked_variants.hpp"

namespace resonant::dsp::testing_resp {

class CountRefinementScorer {
 public:
  CountRefinementScorer(std::string record, std::vector<BeatSeries> series,
                        const SpectralRateConfig& spectral)
      : record_(std::move(record)), series_(std::move(series)), spectral_(spectral) {}

  void push(double t_end, std::span<const SourcedRate> estimates, double reference) {
    ends_.push_back(t_end);
    references_.push_back(reference);
    windows_.emplace_back(estimates.begin(), estimates.end());
  }

  /// The tracker's rates for the windows pushed (batch path, causal), then score and print.
  void report(std::span<const TrackedRespiration> batch, std::span<const double> causal,
              std::span<const double> causal_quality) {
    for (std::size_t i = 0; i < ends_.size() && i < batch.size() && i < causal.size(); ++i) {
      const double counted_batch = refine(i, batch[i].rate_bpm);
      const double counted_causal = refine(i, causal[i]);
      tracked_batch.add(batch[i].rate_bpm, references_[i]);
      tracked_causal.add(causal[i], references_[i]);
      counted_batch_share.add(counted_batch, references_[i]);
      counted_causal_share.add(counted_causal, references_[i]);
      counted_batch_rates.push_back(counted_batch);
      counted_causal_rates.push_back(counted_causal);
      // What a person is shown: only clear estimates (dsp::breathing_rate_is_clear).
      if (breathing_rate_is_clear(counted_batch, batch[i].quality)) {
        shown_batch.add(counted_batch, references_[i]);
      }
      if (i < causal_quality.size() && breathing_rate_is_clear(counted_causal, causal_quality[i])) {
        shown_causal.add(counted_causal, references_[i]);
      }
      std::printf("[ resp count %s ] t_end %4.0f ref %6.3f tracked %6.3f causal %6.3f "
                  "counted_batch %6.3f counted_causal %6.3f q %.2f %.2f\n",
                  record_.c_str(), ends_[i], references_[i], batch[i].rate_bpm, causal[i],
                  counted_batch, counted_causal, batch[i].quality,
                  i < causal_quality.size() ? causal_quality[i] : 0.0);
    }
    std::printf("[ resp count %s ] windows %zu: tracked batch %.1f %% (%zu) causal %.1f %% (%zu) | "
                "counted batch %.1f %% (%zu) causal %.1f %% (%zu), mean |error| tracked %.2f / "
                "%.2f, counted %.2f / %.2f\n",
                record_.c_str(), tracked_batch.total, tracked_batch.pct(), tracked_batch.agree,
                tracked_causal.pct(), tracked_causal.agree, counted_batch_share.pct(),
                counted_batch_share.agree, counted_causal_share.pct(), counted_causal_share.agree,
                tracked_batch.mean_abs_error(), tracked_causal.mean_abs_error(),
                counted_batch_share.mean_abs_error(), counted_causal_share.mean_abs_error());
    std::printf("[ resp shown %s ] clear (quality >= %.2f) in %zu (batch) / %zu (causal) of %zu "
                "windows; of those, within 1 /min: batch %.1f %% (%zu) causal %.1f %% (%zu)\n",
                record_.c_str(), kMinShownBreathingQuality, shown_batch.total, shown_causal.total,
                counted_batch_share.total, shown_batch.pct(), shown_batch.agree, shown_causal.pct(),
                shown_causal.agree);
  }

  /// Share of the windows pushed that were clear enough to show (batch, causal), percent.
  double shown_batch_pct() const { return pct_of(shown_batch.total); }
  double shown_causal_pct() const { return pct_of(shown_causal.total); }

  /// The counted rates over the windows whose mask entry is true (after report()).
  void score_where(const std::vector<bool>& mask, WindowShare& batch, WindowShare& causal) const {
    for (std::size_t i = 0; i < counted_batch_rates.size() && i < mask.size(); ++i) {
      if (!mask[i]) continue;
      batch.add(counted_batch_rates[i], references_[i]);
      causal.add(counted_causal_rates[i], references_[i]);
    }
  }

  WindowShare tracked_batch, tracked_causal, counted_batch_share, counted_causal_share;
  // Over the clear windows only (total = windows shown): what a person would have seen.
  WindowShare shown_batch, shown_causal;
  std::vector<double> counted_batch_rates, counted_causal_rates;  // one per window, after report()

 private:
  double refine(std::size_t window, double tracked_bpm) const {
    std::vector<CountSeries> series;
    const auto& estimates = windows_[window];
    for (std::size_t e = 0; e < estimates.size() && e < series_.size(); ++e) {
      series.push_back({&estimates[e].rate, series_[e].t_s, series_[e].values});
    }
    return refine_rate_by_count(ends_[window], tracked_bpm, series, spectral_);
  }

  double pct_of(std::size_t n) const {
    return ends_.empty() ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(ends_.size());
  }

  std::string record_;
  std::vector<BeatSeries> series_;
  SpectralRateConfig spectral_;
  std::vector<double> ends_, references_;
  std::vector<std::vector<SourcedRate>> windows_;
};

}  // namespace resonant::dsp::testing_resp
