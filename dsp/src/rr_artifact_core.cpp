#include "rr_artifact_core.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "sorted_quantile.hpp"

namespace resonant::dsp {

std::string_view to_string(BeatLabel label) {
  switch (label) {
    case BeatLabel::kNormal: return "normal";
    case BeatLabel::kEctopic: return "ectopic";
    case BeatLabel::kLong: return "long";
    case BeatLabel::kShort: return "short";
    case BeatLabel::kMissed: return "missed";
    case BeatLabel::kExtra: return "extra";
  }
  return "unknown";
}

void SortedValues::insert(double x) {
  if (size_ == values_.size()) return;  // callers never exceed the capacity
  const auto end = values_.begin() + static_cast<std::ptrdiff_t>(size_);
  const auto pos = std::upper_bound(values_.begin(), end, x);
  std::move_backward(pos, end, end + 1);
  *pos = x;
  ++size_;
}

void SortedValues::erase(double x) {
  const auto end = values_.begin() + static_cast<std::ptrdiff_t>(size_);
  const auto pos = std::lower_bound(values_.begin(), end, x);
  if (pos == end || *pos != x) return;
  std::move(pos + 1, end, pos);
  --size_;
}

double SortedValues::quantile(double q) const {
  return sorted_quantile(std::span<const double>(values_.data(), size_), q);
}

void TrailingWindow::push(double x) {
  if (size_ == fifo_.size()) {
    sorted_.erase(fifo_[head_]);
    head_ = (head_ + 1) % fifo_.size();
    --size_;
  }
  fifo_[(head_ + size_) % fifo_.size()] = x;
  ++size_;
  sorted_.insert(x);
}

void TrailingWindow::clear() {
  sorted_.clear();
  head_ = 0;
  size_ = 0;
}

Threshold artifact_threshold(const SortedValues& abs_values, double median_rr_ms,
                             const ArtifactConfig& config) {
  Threshold t;
  if (abs_values.size() >= config.min_beats_for_quartiles) {
    t.ms = config.threshold_alpha * abs_values.quartile_deviation();
    t.from_quartiles = true;
  } else {
    t.ms = config.fallback_fraction * median_rr_ms;
  }
  t.ms = std::max(t.ms, config.min_threshold_ms);
  return t;
}

void RrArtifactDecider::start_run() {
  has_pending_ = false;
  examine_next_ = false;
  has_last_corrected_ = false;
  last_was_changed_ = false;
}

// Subspace 1 (S11 = dRRn(i+1), S12 from its neighbours) says the beat between intervals i and
// i+1 is displaced: a short-long or long-short pair. Deviation from the paper (tie-break): the
// jump at i+1 must be at least as large as the one at i+2, the other candidate centre; without
// it a moderate dRR before a premature beat claims the pair one interval too early.
bool RrArtifactDecider::ectopic_pair_starts_here(const DecisionInputs& in) const {
  if (!in.present[2]) return false;
  const double s11 = in.drrn[2];
  if (std::abs(s11) <= 1.0) return false;
  const double before = in.drrn[1];
  const double after = in.present[3] ? in.drrn[3] : 0.0;
  if (std::abs(s11) < std::abs(after)) return false;
  const double c1 = config_.ectopic_slope_c1;
  const double c2 = config_.ectopic_offset_c2;
  if (s11 > 1.0) return std::max(before, after) < -c1 * s11 - c2;
  return std::min(before, after) > -c1 * s11 + c2;
}

// A long/short interval (neither ectopic, missed nor extra) takes the mean of the previous
// corrected interval and the next one when the next looks normal (|RR - medRR| < Th2); the
// previous alone otherwise; the median when the run has no previous interval.
double RrArtifactDecider::interpolated_rr_ms(const DecisionInputs& in) const {
  const bool next_ok =
      in.present[2] && std::abs(in.rr[2].rr_ms - in.median_rr_ms) < in.th2_ms;
  if (!has_last_corrected_) return next_ok ? in.rr[2].rr_ms : in.median_rr_ms;
  return next_ok ? 0.5 * (last_corrected_rr_ms_ + in.rr[2].rr_ms) : last_corrected_rr_ms_;
}

void RrArtifactDecider::decide(const DecisionInputs& original, DecidedRr& out) {
  // Deviation from the paper (one causal step of NeuroKit's iteration): after a corrected
  // interval, dRR is taken against the corrected value, so the step out of a merged extra beat
  // or a split missed one is not a second artifact.
  DecisionInputs in = original;
  if (last_was_changed_ && has_last_corrected_ && in.th1_ms[1] > 0.0) {
    in.drrn[1] = (in.rr[1].rr_ms - last_corrected_rr_ms_) / in.th1_ms[1];
  }
  const RrInterval& raw = in.rr[1];
  out.raw = raw;
  out.provisional = in.provisional;
  out.corrected_count = 1;
  out.corrected[0] = raw;
  out.label = BeatLabel::kNormal;

  const auto finish = [&] {
    if (out.corrected_count > 0) {
      last_corrected_rr_ms_ = out.corrected[out.corrected_count - 1].rr_ms;
      has_last_corrected_ = true;
    }
    last_was_changed_ = out.label != BeatLabel::kNormal;
  };

  if (has_pending_) {  // second interval of a pair decided with interval i-1
    has_pending_ = false;
    examine_next_ = false;
    out.label = pending_label_;
    out.corrected_count = pending_count_;
    out.corrected[0] = pending_corrected_;
    finish();
    return;
  }

  if (ectopic_pair_starts_here(in)) {
    // Move the beat between i and i+1 to the midpoint of its neighbours.
    const double mean_ms = 0.5 * (raw.rr_ms + in.rr[2].rr_ms);
    out.label = BeatLabel::kEctopic;
    out.corrected[0] = {in.rr[2].t_s - mean_ms / 1000.0, mean_ms, raw.after_gap};
    has_pending_ = true;
    pending_label_ = BeatLabel::kEctopic;
    pending_count_ = 1;
    pending_corrected_ = {in.rr[2].t_s, mean_ms, false};
    examine_next_ = false;
    finish();
    return;
  }

  const double s21 = in.drrn[1];
  const bool examine = std::abs(s21) > 1.0 || examine_next_;
  examine_next_ = false;
  if (!examine) {
    finish();
    return;
  }
  const double next = in.present[2] ? in.drrn[2] : 0.0;
  const double after = in.present[3] ? in.drrn[3] : 0.0;
  const double s22 = s21 >= 0.0 ? std::min(next, after) : std::max(next, after);
  const bool far_from_median = std::abs(in.mrrn) > config_.median_deviation_limit;
  const bool above_median = raw.rr_ms > in.median_rr_ms;
  const bool long_pattern = s21 > 1.0 && s22 < -1.0;
  const bool short_pattern = s21 < -1.0 && s22 > 1.0;

  if ((short_pattern || (far_from_median && !above_median)) && in.present[2] &&
      std::abs(raw.rr_ms + in.rr[2].rr_ms - in.median_rr_ms) < in.th2_ms) {
    // Extra beat: merge i and i+1 into one interval ending at the beat ending i+1.
    out.label = BeatLabel::kExtra;
    out.corrected[0] = {in.rr[2].t_s, raw.rr_ms + in.rr[2].rr_ms, raw.after_gap};
    has_pending_ = true;
    pending_label_ = BeatLabel::kExtra;
    pending_count_ = 0;
    finish();
    return;
  }

  // Deviation from the paper: the S22 pattern marks i long/short only when its own step is not
  // dwarfed by the one in S22 (|S22| <= neighbour_dominance * |S21|). Otherwise the S22 jump
  // belongs to an artifact next to i (a missed beat, an ectopic pair) and a small natural step
  // just over Th1 would be labelled with it.
  const bool own_step = std::abs(s22) <= config_.neighbour_dominance * std::abs(s21);
  const bool is_long = (long_pattern && own_step) || (far_from_median && above_median);
  const bool is_short = (short_pattern && own_step) || (far_from_median && !above_median);
  if (!is_long && !is_short) {
    finish();
    return;
  }

  if (in.present[2] && std::abs(next) < std::abs(after)) examine_next_ = true;

  if (is_long && std::abs(0.5 * raw.rr_ms - in.median_rr_ms) < in.th2_ms) {
    // Missed beat: insert one at the midpoint.
    const double half_ms = 0.5 * raw.rr_ms;
    out.label = BeatLabel::kMissed;
    out.corrected_count = 2;
    out.corrected[0] = {raw.t_s - half_ms / 1000.0, half_ms, raw.after_gap};
    out.corrected[1] = {raw.t_s, half_ms, false};
    finish();
    return;
  }

  out.label = is_long ? BeatLabel::kLong : BeatLabel::kShort;
  out.corrected[0] = {raw.t_s, interpolated_rr_ms(in), raw.after_gap};
  finish();
}

}  // namespace resonant::dsp
