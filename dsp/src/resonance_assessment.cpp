#include <resonant/dsp/resonance_assessment.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include <resonant/dsp/rr_resample.hpp>
#include <resonant/dsp/spectrum.hpp>

#include "coherence_window.hpp"

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Beats kept either side of a segment for the spline, so its ends are shaped by real beats.
constexpr double kKnotMarginS = 5.0;
// Total band for the pacer power share (§4.2 recommendation, as in coherence).
constexpr double kTotalLowHz = 0.0033;
constexpr double kTotalHighHz = 0.4;
// Confidence levels [I].
constexpr double kHighConfidence = 0.6;
constexpr double kMediumConfidence = 0.3;
// Fewer ranked segments than this halve the quality: nothing to compare against.
constexpr std::size_t kMinSegmentsForComparison = 3;
// A lead in heart-rate swing below this is not stated as a lead (it rounds to 0 %).
constexpr double kSmallestStatedLeadPct = 0.5;

std::string format(const char* fmt, auto... args) {
  char buffer[512];
  const int n = std::snprintf(buffer, sizeof buffer, fmt, args...);
  return n > 0 ? std::string(buffer, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buffer - 1)) : std::string{};
}

std::vector<RrInterval> usable_between(std::span<const RrInterval> nn, double t0, double t1) {
  std::vector<RrInterval> out;
  for (const RrInterval& iv : nn) {
    if (iv.t_s < t0 || iv.t_s > t1 || !is_plausible_rr_ms(iv.rr_ms)) continue;
    if (!out.empty() && !(iv.t_s > out.back().t_s)) continue;
    out.push_back(iv);
  }
  return out;
}

// Samples of u in [t0, t1], linearly detrended.
std::vector<double> detrended_span(const UniformSeries& u, double t0, double t1) {
  std::vector<double> x;
  for (std::size_t j = 0; j < u.values.size(); ++j) {
    const double t = u.start_s + static_cast<double>(j) / u.rate_hz;
    if (t >= t0 && t <= t1) x.push_back(u.values[j]);
  }
  detail::remove_linear_trend(x);
  return x;
}

// Criterion values oriented so that larger is better; NaN = not computable (ranks last).
std::array<double, kResonanceCriteria> oriented_criteria(const SegmentAssessment& s) {
  return {-std::abs(s.phase_deg), s.peak_to_trough_bpm, s.lf_power_ms2, s.lf_peak_density_ms2_per_hz,
          s.pacer_power_share, -static_cast<double>(s.lf_peak_count)};
}

bool better(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a > b;
}

bool equal(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

std::string segment_reason(const SegmentAssessment& s, const ResonanceAssessmentConfig& c) {
  if (!s.valid) {
    if (s.coverage < c.min_coverage) {
      return format("%.1f /min: not scored - usable beats cover only %.0f %% of the analysed %.0f s (need %.0f %%).",
                    s.segment.rate_bpm, 100.0 * s.coverage, s.segment.end_s - s.analysed_start_s,
                    100.0 * c.min_coverage);
    }
    if (s.longest_gap_s > c.max_gap_s) {
      return format("%.1f /min: not scored - a %.1f s stretch without usable beats (limit %.1f s).",
                    s.segment.rate_bpm, s.longest_gap_s, c.max_gap_s);
    }
    return format("%.1f /min: not scored - only %zu of %zu breaths had clean heart-rate data (need %zu).",
                  s.segment.rate_bpm, s.valid_breaths, s.breaths, c.min_breaths);
  }
  std::string r = format(
      "%.1f /min: heart rate swung %.1f bpm per breath; HR %s breathing by %.0f deg (consistency %.2f); "
      "LF power %.0f ms2, LF peak %.3f Hz (pacer %.3f Hz), %zu LF peak%s; %.0f %% of HR variation at the pacer "
      "rhythm, %.1f turning points per breath.",
      s.segment.rate_bpm, s.peak_to_trough_bpm, s.phase_deg >= 0.0 ? "leads" : "lags", std::abs(s.phase_deg),
      s.phase_consistency, s.lf_power_ms2, s.lf_peak_hz, s.segment.rate_bpm / 60.0, s.lf_peak_count,
      s.lf_peak_count == 1 ? "" : "s", 100.0 * s.pacer_power_share, s.turning_points_per_breath);
  if (!s.followed) r += " The heart-rate rhythm did not follow the pacer here (peak off the pacer rate or weak).";
  return r;
}

// The recommendation in plain words. The lead is the winner's heart-rate swing over the
// largest swing of the other blocks; under half a percent, or negative (the rank sum can favour
// a block with a slightly smaller swing), the sentence says so in words rather than printing a
// lead of "0 %" or "-1 %".
std::string summary_sentence(const ResonanceAssessment& a, const SegmentAssessment& winner,
                             const SegmentAssessment* runner_up, double best_other_p2t_bpm,
                             std::size_t compared, std::size_t blocks) {
  const std::string head = format("Recommended %.1f breaths/min", a.recommended_rate_bpm);
  const std::string level =
      format("%s confidence (%.2f)", std::string(to_string(a.level)).c_str(), a.confidence);
  if (runner_up == nullptr) {
    return blocks == 1
               ? format("%s, %s: there was one block, so nothing to weigh it against.",
                        head.c_str(), level.c_str())
               : format("%s, %s: only 1 of %zu blocks could be compared, so nothing to weigh it "
                        "against.",
                        head.c_str(), level.c_str(), blocks);
  }
  const double lead_pct = 100.0 * (1.0 - best_other_p2t_bpm / winner.peak_to_trough_bpm);
  const std::string with_runner_up = format("%s (runner-up %.1f), %s", head.c_str(),
                                            runner_up->segment.rate_bpm, level.c_str());
  if (lead_pct >= kSmallestStatedLeadPct) {
    return format("%s: its heart-rate swing leads the largest of the other blocks' by %.0f %% "
                  "and %zu of %zu blocks could be compared.",
                  with_runner_up.c_str(), lead_pct, compared, blocks);
  }
  return format("%s: its heart-rate swing (%.1f bpm) does not clearly lead the largest of the "
                "other blocks' (%.1f bpm), so the other criteria decided and the choice is "
                "uncertain; %zu of %zu blocks could be compared. Repeating the assessment on "
                "another day can settle it.",
                with_runner_up.c_str(), winner.peak_to_trough_bpm, best_other_p2t_bpm, compared,
                blocks);
}

}  // namespace

std::string_view to_string(AssessmentConfidence confidence) {
  switch (confidence) {
    case AssessmentConfidence::kNone: return "none";
    case AssessmentConfidence::kLow: return "low";
    case AssessmentConfidence::kMedium: return "medium";
    case AssessmentConfidence::kHigh: return "high";
  }
  return "none";
}

std::vector<AssessmentSegment> stepped_protocol(double t_start_s, double block_s, double rest_s,
                                                std::span<const double> rates_bpm) {
  std::vector<AssessmentSegment> out;
  double t = t_start_s;
  for (double rate : rates_bpm) {
    out.push_back({t, t + block_s, rate});
    t += block_s + rest_s;
  }
  return out;
}

SegmentAssessment assess_segment(std::span<const RrInterval> nn, const AssessmentSegment& segment,
                                 const ResonanceAssessmentConfig& c, std::span<const BreathCycle> breaths) {
  SegmentAssessment s;
  s.segment = segment;
  const double a0 = segment.start_s + c.transition_s;
  const double a1 = segment.end_s;
  s.analysed_start_s = a0;
  const double f_pacer_hz = segment.rate_bpm / 60.0;
  if (!(a1 > a0) || !(segment.rate_bpm > 0.0)) {
    s.reason = segment_reason(s, c);
    return s;
  }
  const std::vector<RrInterval> usable = usable_between(nn, a0 - kKnotMarginS, a1 + kKnotMarginS);
  const detail::NnCoverage cov = detail::nn_coverage(usable, a0, a1);
  s.coverage = cov.coverage;
  s.longest_gap_s = cov.longest_hole_s;
  s.beats = static_cast<std::size_t>(std::count_if(usable.begin(), usable.end(),
                                                   [&](const RrInterval& iv) { return iv.t_s >= a0 && iv.t_s <= a1; }));

  // Breath cycles inside the analysed span whose lagged window also ends inside it.
  std::vector<BreathCycle> cycles;
  const double last_end = a1 - c.breath.lag_s;
  if (breaths.empty()) {
    PacerSettings settings;
    settings.rate_bpm = segment.rate_bpm;
    settings.inhale_fraction = c.inhale_fraction;
    cycles = breath_cycles_from_pacer(PacerSchedule(settings, segment.start_s), a0, last_end);
  } else {
    for (const BreathCycle& b : breaths) {
      if (b.start_s >= a0 && b.end_s <= last_end) cycles.push_back(b);
    }
  }
  const UniformSeries hr = instantaneous_hr(usable, c.breath.hr_rate_hz);
  std::vector<BreathIndicators> per_breath;
  per_breath.reserve(cycles.size());
  for (const BreathCycle& cycle : cycles) per_breath.push_back(breath_indicators(hr, usable, cycle, c.breath));
  const BreathSummary summary = summarize_breaths(per_breath);
  s.breaths = summary.breaths;
  s.valid_breaths = summary.valid_breaths;
  s.valid = cov.coverage >= c.min_coverage && cov.longest_hole_s <= c.max_gap_s &&
            summary.valid_breaths >= c.min_breaths;
  if (!s.valid) {
    s.reason = segment_reason(s, c);
    return s;
  }
  s.phase_deg = summary.mean_phase_deg;
  s.phase_consistency = summary.phase_consistency;
  s.peak_to_trough_bpm = summary.mean_peak_to_trough_bpm;

  std::vector<double> knot_t, knot_ms;
  for (const RrInterval& iv : usable) {
    knot_t.push_back(iv.t_s);
    knot_ms.push_back(iv.rr_ms);
  }
  const std::vector<double> rr = detrended_span(resample_cubic(knot_t, knot_ms, c.rr_rate_hz), a0, a1);
  const LfPeak lf = lf_peak(periodogram(rr, c.rr_rate_hz, TaperWindow::kHann, c.fft_size), c.lf_peak_min_relative);
  s.lf_power_ms2 = lf.lf_power;
  s.lf_peak_density_ms2_per_hz = lf.peak_density;
  s.lf_peak_hz = lf.peak_hz;
  s.lf_peak_count = lf.peak_count;

  const std::vector<double> hr_x = detrended_span(hr, a0, a1);
  const Spectrum hr_spectrum = periodogram(hr_x, c.breath.hr_rate_hz, TaperWindow::kHann, c.fft_size);
  s.pacer_power_share = band_share(hr_spectrum, f_pacer_hz, c.pacer_half_width_hz, kTotalLowHz, kTotalHighHz);
  s.turning_points_per_breath =
      turning_points_per_breath(hr, a0, a1, (a1 - a0) * f_pacer_hz, c.breath.turning_hysteresis_bpm);
  s.followed = std::abs(s.lf_peak_hz - f_pacer_hz) <= c.adherence_tolerance_hz &&
               s.pacer_power_share >= c.adherence_min_share;
  s.reason = segment_reason(s, c);
  return s;
}

ResonanceAssessment assess_resonance(std::span<const RrInterval> nn, std::span<const AssessmentSegment> segments,
                                     const ResonanceAssessmentConfig& c, std::span<const BreathCycle> breaths) {
  ResonanceAssessment out;
  for (const AssessmentSegment& seg : segments) out.segments.push_back(assess_segment(nn, seg, c, breaths));
  auto& segs = out.segments;

  const auto followed_count = static_cast<std::size_t>(
      std::count_if(segs.begin(), segs.end(), [](const SegmentAssessment& s) { return s.valid && s.followed; }));
  std::vector<std::size_t> ranked;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    if (segs[i].valid && (segs[i].followed || followed_count < 2)) ranked.push_back(i);
  }
  if (ranked.empty()) {
    out.summary = "No recommendation: no block had enough clean heart-rate data.";
    return out;
  }
  if (followed_count == 0) {
    // Ranking blocks none of which the heart followed would pick noise and call it a rate.
    for (std::size_t i : ranked) segs[i].ranked = false;
    out.summary = "No recommendation: in no block did the heart-rate rhythm follow the pacer "
                  "(its slow wave was off the pacer's rate or weak). Check that the blocks' "
                  "times match the recording, and repeat the assessment breathing with the guide.";
    return out;
  }

  // Ranks per criterion, ties sharing the mean rank.
  for (std::size_t i : ranked) {
    SegmentAssessment& s = segs[i];
    s.ranked = true;
    const auto mine = oriented_criteria(s);
    s.rank_sum = 0.0;
    for (std::size_t k = 0; k < kResonanceCriteria; ++k) {
      double rank = 1.0;
      for (std::size_t j : ranked) {
        if (j == i) continue;
        const double theirs = oriented_criteria(segs[j])[k];
        if (better(theirs, mine[k])) rank += 1.0;
        else if (equal(theirs, mine[k])) rank += 0.5;
      }
      s.ranks[k] = rank;
      s.rank_sum += rank;
    }
  }
  std::vector<std::size_t> order = ranked;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const SegmentAssessment& x = segs[a];
    const SegmentAssessment& y = segs[b];
    if (x.rank_sum != y.rank_sum) return x.rank_sum < y.rank_sum;
    if (x.peak_to_trough_bpm != y.peak_to_trough_bpm) return better(x.peak_to_trough_bpm, y.peak_to_trough_bpm);
    return better(x.lf_power_ms2, y.lf_power_ms2);
  });
  const SegmentAssessment& winner = segs[order.front()];
  out.recommended_rate_bpm = winner.segment.rate_bpm;
  if (order.size() > 1) out.runner_up_rate_bpm = segs[order[1]].segment.rate_bpm;

  // Confidence = separation x quality (header).
  double best_other_p2t = 0.0, best_other_lf = 0.0;
  for (std::size_t i : ranked) {
    if (i == order.front()) continue;
    best_other_p2t = std::max(best_other_p2t, segs[i].peak_to_trough_bpm);
    best_other_lf = std::max(best_other_lf, segs[i].lf_power_ms2);
  }
  double separation = 0.0;
  if (order.size() > 1 && winner.peak_to_trough_bpm > 0.0 && winner.lf_power_ms2 > 0.0) {
    const double m_p2t = 1.0 - best_other_p2t / winner.peak_to_trough_bpm;
    const double m_lf = 1.0 - std::sqrt(best_other_lf / winner.lf_power_ms2);
    separation = std::clamp(std::min(m_p2t, m_lf) / c.full_confidence_margin, 0.0, 1.0);
  }
  double quality = winner.coverage;
  if (!winner.followed) quality *= 0.5;
  if (ranked.size() < kMinSegmentsForComparison) quality *= 0.5;
  out.separation = separation;
  out.quality = quality;
  out.confidence = separation * quality;
  out.level = out.confidence >= kHighConfidence     ? AssessmentConfidence::kHigh
              : out.confidence >= kMediumConfidence ? AssessmentConfidence::kMedium
                                                    : AssessmentConfidence::kLow;

  for (std::size_t i : ranked) {
    SegmentAssessment& s = segs[i];
    const auto place = static_cast<std::size_t>(std::find(order.begin(), order.end(), i) - order.begin()) + 1;
    s.reason += format(" Rank sum %.1f (place %zu of %zu).", s.rank_sum, place, order.size());
  }
  out.summary = summary_sentence(out, winner, order.size() > 1 ? &segs[order[1]] : nullptr,
                                 best_other_p2t, order.size(), segs.size());
  return out;
}

}  // namespace resonant::dsp
