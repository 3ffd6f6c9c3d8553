#pragma once
// Test helper shared by the respiration record tests: the tracker (respiration_tracking.hpp)
// run over the same windows in its causal form (window by window, as the live metrics run it)
// and its batch form (the Viterbi path once every window is in), scored as the share of
// windows within kAgreeBpm of the reference; and the mechanical-consistency attempt's variants.
#include <resonant/dsp/respiration_tracking.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <span>
#include <vector>

namespace resonant::dsp::testing_resp {

inline constexpr double kAgreeBpm = 1.0;

struct WindowShare {
  std::size_t agree = 0, valid = 0, total = 0;
  double abs_error_sum = 0.0;
  void add(double estimate, double reference) {
    ++total;
    if (!std::isfinite(estimate)) return;
    ++valid;
    abs_error_sum += std::abs(estimate - reference);
    if (std::abs(estimate - reference) <= kAgreeBpm) ++agree;
  }
  double pct() const {
    return total ? 100.0 * static_cast<double>(agree) / static_cast<double>(total) : 0.0;
  }
  double mean_abs_error() const {
    return valid ? abs_error_sum / static_cast<double>(valid) : std::nan("");
  }
};

class TrackedScorer {
 public:
  explicit TrackedScorer(const RespirationTrackingConfig& config = {})
      : config_(config), live_(config) {}
  void push(double t_end, std::span<const SourcedRate> estimates, double reference) {
    ends_.push_back(t_end);
    references_.push_back(reference);
    windows_.emplace_back(estimates.begin(), estimates.end());
    const TrackedRespiration now = live_.push(t_end, estimates);
    causal_.push_back(now.rate_bpm);
    causal_quality_.push_back(now.quality);
  }
  /// The batch path's rates (one per window pushed).
  std::vector<TrackedRespiration> path() const {
    return track_respiration_rates(ends_, windows_, config_);
  }
  /// Share: anything with add(estimate, reference), e.g. WindowShare.
  template <typename Share>
  void score(Share& batch, Share& causal) const {
    const auto p = path();
    for (std::size_t i = 0; i < p.size(); ++i) {
      batch.add(p[i].rate_bpm, references_[i]);
      causal.add(causal_[i], references_[i]);
    }
  }
  /// The same, over the windows whose mask entry is true (one entry per window pushed).
  template <typename Share>
  void score_where(const std::vector<bool>& mask, Share& batch, Share& causal) const {
    const auto p = path();
    for (std::size_t i = 0; i < p.size() && i < mask.size(); ++i) {
      if (!mask[i]) continue;
      batch.add(p[i].rate_bpm, references_[i]);
      causal.add(causal_[i], references_[i]);
    }
  }
  const std::vector<double>& causal_rates() const { return causal_; }
  const std::vector<double>& references() const { return references_; }
  const std::vector<double>& causal_qualities() const { return causal_quality_; }
  const std::vector<double>& ends() const { return ends_; }

 private:
  RespirationTrackingConfig config_;
  RespirationRateTracker live_;
  std::vector<double> ends_, references_, causal_, causal_quality_;
  std::vector<std::vector<SourcedRate>> windows_;
};

/// The mechanical-consistency rule's configuration (respiration.md, "Attempts").
inline RespirationTrackingConfig mechanical_rule_config() {
  RespirationTrackingConfig c;
  c.require_mechanical_support = true;
  return c;
}

// The mechanical-consistency attempt (respiration.md, "Attempts"): the QRS-shape PCA EDR as
// one more estimate, and the tracker's rule, batch and causal; printed as "[ resp attempt ]".
class AttemptScorer {
 public:
  AttemptScorer()
      : rule_(mechanical_rule_config()),
        rule_only_(mechanical_rule_config()) {}
  void push(double t_end, std::span<const SourcedRate> estimates, const RespirationRate& pca,
            double reference) {
    pca_.add(pca.rate_bpm, reference);
    std::vector<SourcedRate> more(estimates.begin(), estimates.end());
    more.push_back({RespirationSource::kEdrPca, pca});
    with_pca_.push(t_end, more, reference);
    rule_.push(t_end, more, reference);
    rule_only_.push(t_end, estimates, reference);
  }
  const WindowShare& pca() const { return pca_; }
  void print(const char* record) const {
    WindowShare wp, wpc, r, rc, ro, roc;
    with_pca_.score(wp, wpc);
    rule_.score(r, rc);
    rule_only_.score(ro, roc);
    std::printf("[ resp attempt %s ] %zu windows: PCA EDR alone %.1f %% (%zu), mean |error| "
                "%.2f | tracked + PCA batch %.1f %% (%zu) causal %.1f %% (%zu) | + rule batch "
                "%.1f %% (%zu, mean |error| %.2f) causal %.1f %% (%zu, %.2f) | rule without PCA "
                "batch %.1f %% (%zu) causal %.1f %% (%zu)\n",
                record, pca_.total, pca_.pct(), pca_.agree, pca_.mean_abs_error(), wp.pct(),
                wp.agree, wpc.pct(), wpc.agree, r.pct(), r.agree, r.mean_abs_error(), rc.pct(),
                rc.agree, rc.mean_abs_error(), ro.pct(), ro.agree, roc.pct(), roc.agree);
  }

 private:
  WindowShare pca_;
  TrackedScorer with_pca_, rule_, rule_only_;
};

}  // namespace resonant::dsp::testing_resp
