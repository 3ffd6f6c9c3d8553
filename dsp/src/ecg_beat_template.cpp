#include <resonant/dsp/ecg_beat_template.hpp>

#include <algorithm>
#include <cmath>

namespace resonant::dsp {
namespace {

// A beat joins a template (and updates it) at this correlation: same-morphology beats of a
// clean MIT-BIH record correlate > 0.95; a PVC against a normal template < 0.5.
constexpr double kJoinCorrelation = 0.9;
// Template update weight per joining beat: a running mean over about 10 beats.
constexpr float kTemplateUpdateWeight = 0.1f;
// Decay of each template's match count per judged beat: the least-recently matched template
// is replaced by a beat that matches none.
constexpr double kMatchDecay = 0.95;
// The detector's fiducial point may sit a few ms off the template's: align within this.
constexpr double kMaxAlignS = 0.02;

}  // namespace

BeatTemplateMatcher::BeatTemplateMatcher(double sample_rate_hz, double max_delay_s) {
  pre_ = std::llround(kPreS * sample_rate_hz);
  post_ = std::llround(kPostS * sample_rate_hz);
  length_ = pre_ + post_ + 1;
  max_lag_ = std::max<std::int64_t>(1, std::llround(kMaxAlignS * sample_rate_hz));
  const auto capacity = static_cast<std::size_t>(
      std::ceil(max_delay_s * sample_rate_hz) + static_cast<double>(length_ + 2 * max_lag_) + 2.0);
  ring_.assign(capacity, 0.0f);
  for (auto& t : templates_) t.assign(static_cast<std::size_t>(length_), 0.0f);
  segment_.assign(static_cast<std::size_t>(length_), 0.0f);
  reset();
}

void BeatTemplateMatcher::reset() {
  std::fill(ring_.begin(), ring_.end(), 0.0f);
  pushed_ = 0;
  recent_matches_ = {};
  used_ = {};
  pending_head_ = pending_count_ = 0;
}

void BeatTemplateMatcher::push(float band_passed, Tally* tally) {
  ring_[static_cast<std::size_t>(pushed_) % ring_.size()] = band_passed;
  ++pushed_;
  while (pending_count_ > 0) {
    const std::int64_t centre = pending_[pending_head_];
    if (centre + post_ + max_lag_ >= pushed_) break;
    pending_head_ = (pending_head_ + 1) % kMaxPending;
    --pending_count_;
    judge(centre, tally);
  }
}

void BeatTemplateMatcher::add_beat(double sample_index, Tally* tally) {
  const std::int64_t centre = std::llround(sample_index);
  const auto capacity = static_cast<std::int64_t>(ring_.size());
  if (centre - pre_ - max_lag_ < std::max<std::int64_t>(0, pushed_ - capacity)) return;
  if (centre + post_ + max_lag_ < pushed_) {
    judge(centre, tally);
    return;
  }
  if (pending_count_ == kMaxPending) return;
  pending_[(pending_head_ + pending_count_) % kMaxPending] = centre;
  ++pending_count_;
}

double BeatTemplateMatcher::correlation(const std::vector<float>& templ,
                                        std::int64_t start) const {
  double sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0;
  for (std::int64_t k = 0; k < length_; ++k) {
    const double x = at(start + k);
    const double y = templ[static_cast<std::size_t>(k)];
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  const double n = static_cast<double>(length_);
  const double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
  if (vx <= 0.0 || vy <= 0.0) return 0.0;
  return (sxy - sx * sy / n) / std::sqrt(vx * vy);
}

void BeatTemplateMatcher::judge(std::int64_t centre, Tally* tally) {
  std::size_t dominant = 0;
  for (std::size_t t = 1; t < kTemplates; ++t) {
    if (recent_matches_[t] > recent_matches_[dominant]) dominant = t;
  }
  double best = -1.0;
  std::size_t best_template = kTemplates;
  std::int64_t best_start = centre - pre_;
  for (std::size_t t = 0; t < kTemplates; ++t) {
    if (!used_[t]) continue;
    for (std::int64_t lag = -max_lag_; lag <= max_lag_; ++lag) {
      const double c = correlation(templates_[t], centre - pre_ + lag);
      if (c > best) {
        best = c;
        best_template = t;
        best_start = centre - pre_ + lag;
      }
    }
  }
  for (auto& m : recent_matches_) m *= kMatchDecay;
  for (std::int64_t k = 0; k < length_; ++k) {
    segment_[static_cast<std::size_t>(k)] = at(best_start + k);
  }
  if (best_template < kTemplates && best >= kJoinCorrelation) {
    auto& templ = templates_[best_template];
    for (std::size_t k = 0; k < templ.size(); ++k) {
      templ[k] += kTemplateUpdateWeight * (segment_[k] - templ[k]);
    }
    recent_matches_[best_template] += 1.0;
  } else {
    // A new morphology (or noise): it replaces the template matched least recently.
    std::size_t replace = 0;
    for (std::size_t t = 0; t < kTemplates; ++t) {
      if (!used_[t]) {
        replace = t;
        break;
      }
      if (recent_matches_[t] < recent_matches_[replace]) replace = t;
    }
    std::copy(segment_.begin(), segment_.end(), templates_[replace].begin());
    used_[replace] = true;
    recent_matches_[replace] = 1.0;
  }
  if (best_template == kTemplates) return;  // the very first beat: nothing to judge it by
  ++tally->judged;
  tally->correlation_sum += std::max(best, 0.0);
  if (best < kJoinCorrelation || best_template != dominant) ++tally->other_morphology;
}

}  // namespace resonant::dsp
