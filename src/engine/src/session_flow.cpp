#include <resonant/engine/session_flow.hpp>

#include <algorithm>
#include <cmath>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/rhythm_check.hpp>

namespace resonant::engine {
namespace {

constexpr int kBaselineIndex = 0;
constexpr int kPracticeIndex = 1;
// The coherence window before the live figures have said theirs (dsp::CoherenceConfig).
constexpr double kDefaultCoherenceWindowS = dsp::CoherenceConfig{}.window_s;

bool in_range(double v, double lo, double hi) { return v >= lo && v <= hi; }

double mean_or_nan(double sum, std::uint32_t n) { return n == 0 ? kLiveNaN : sum / n; }

}  // namespace

std::string_view to_string(FlowPhase phase) {
  switch (phase) {
    case FlowPhase::kPrepare: return "prepare";
    case FlowPhase::kBaseline: return "baseline";
    case FlowPhase::kPractice: return "practice";
    case FlowPhase::kDebrief: return "debrief";
  }
  return "prepare";
}

FlowSettings clamped(const FlowSettings& s) {
  FlowSettings out = s;
  out.baseline_s = std::isfinite(s.baseline_s) ? std::clamp(s.baseline_s, 0.0, kMaxFlowPhaseS) : kDefaultBaselineS;
  out.practice_s = std::isfinite(s.practice_s) && s.practice_s > 0.0 ? std::min(s.practice_s, kMaxFlowPhaseS)
                                                                     : kDefaultPracticeS;
  out.practice_pacer = resonant::clamped(s.practice_pacer);
  return out;
}

std::string_view rating_name(RatingScale scale, RatingWhen when) {
  const bool before = when == RatingWhen::kBefore;
  if (scale == RatingScale::kCalm) return before ? "calm_before" : "calm_after";
  return before ? "tension_before" : "tension_after";
}

double FlowRatings::get(RatingScale scale, RatingWhen when) const {
  const bool before = when == RatingWhen::kBefore;
  if (scale == RatingScale::kCalm) return before ? calm_before : calm_after;
  return before ? tension_before : tension_after;
}

void FlowRatings::set(RatingScale scale, RatingWhen when, double value) {
  const bool before = when == RatingWhen::kBefore;
  if (scale == RatingScale::kCalm) {
    (before ? calm_before : calm_after) = value;
  } else {
    (before ? tension_before : tension_after) = value;
  }
}

FlowEffects SessionFlow::start(double t_s, const FlowSettings& settings, const PacerSettings& pacer_before,
                               bool pacer_before_enabled) {
  FlowEffects fx;
  if (progress_.phase != FlowPhase::kPrepare) return fx;
  const FlowRatings ratings = progress_.ratings;  // the "before" ratings given while preparing
  progress_ = FlowProgress{};
  progress_.ratings = ratings;
  progress_.settings = clamped(settings);
  pacer_before_ = pacer_before;
  pacer_before_enabled_ = pacer_before_enabled;
  for (auto& v : intervals_) v.clear();
  live_ = {};
  previous_valid_ = false;
  last_coherence_t_s_ = kLiveNaN;
  last_respiration_t_s_ = kLiveNaN;
  hr_sum_.assign(kFlowSeriesCapacity, 0.0);
  hr_n_.assign(kFlowSeriesCapacity, 0);
  progress_.hr_bpm.fill(std::nanf(""));
  progress_.coherence.fill(std::nanf(""));
  progress_.flow_start_s = t_s;
  if (progress_.settings.baseline_s > 0.0) {
    enter(FlowPhase::kBaseline, t_s, fx);
  } else {
    enter(FlowPhase::kPractice, t_s, fx);
  }
  return fx;
}

FlowEffects SessionFlow::skip_baseline(double t_s) {
  FlowEffects fx;
  if (progress_.phase == FlowPhase::kBaseline) enter(FlowPhase::kPractice, t_s, fx);
  return fx;
}

FlowEffects SessionFlow::stop(double t_s) {
  FlowEffects fx;
  if (progress_.phase == FlowPhase::kBaseline || progress_.phase == FlowPhase::kPractice) {
    if (progress_.phase == FlowPhase::kBaseline) progress_.practice_start_s = t_s;  // empty practice
    enter(FlowPhase::kDebrief, t_s, fx);
  }
  return fx;
}

FlowEffects SessionFlow::done() {
  FlowEffects fx;
  if (progress_.phase != FlowPhase::kDebrief) return fx;
  progress_ = FlowProgress{};
  fx.changed = true;
  fx.pacer = FlowEffects::Pacer{pacer_before_, pacer_before_enabled_};
  fx.markers.emplace_back("flow: done");
  return fx;
}

FlowEffects SessionFlow::advance(double t_s) {
  FlowEffects fx;
  // A late call passes each phase at its scheduled end, so phase times never drift.
  while ((progress_.phase == FlowPhase::kBaseline || progress_.phase == FlowPhase::kPractice) &&
         t_s >= progress_.phase_end_s) {
    const double end_s = progress_.phase_end_s;
    enter(progress_.phase == FlowPhase::kBaseline ? FlowPhase::kPractice : FlowPhase::kDebrief, end_s, fx);
  }
  if (progress_.phase == FlowPhase::kBaseline || progress_.phase == FlowPhase::kPractice) {
    const double since_s = std::max(0.0, t_s - progress_.flow_start_s);
    const auto steps = static_cast<std::size_t>(since_s / kFlowSeriesStepS) + 1;
    progress_.series_size = static_cast<std::uint32_t>(std::min(steps, kFlowSeriesCapacity));
  }
  return fx;
}

void SessionFlow::enter(FlowPhase phase, double t_s, FlowEffects& fx) {
  progress_.phase = phase;
  progress_.phase_start_s = t_s;
  fx.changed = true;
  fx.markers.push_back("flow: " + std::string(to_string(phase)));
  switch (phase) {
    case FlowPhase::kBaseline:
      progress_.phase_end_s = t_s + progress_.settings.baseline_s;
      fx.pacer = FlowEffects::Pacer{progress_.settings.practice_pacer, false};
      break;
    case FlowPhase::kPractice:
      progress_.practice_start_s = t_s;
      progress_.phase_end_s = t_s + progress_.settings.practice_s;
      fx.pacer = FlowEffects::Pacer{progress_.settings.practice_pacer, true};
      break;
    case FlowPhase::kDebrief: {
      progress_.practice_end_s = t_s;
      progress_.phase_end_s = kLiveNaN;
      fx.pacer = FlowEffects::Pacer{progress_.settings.practice_pacer, false};
      const double since_s = std::max(0.0, t_s - progress_.flow_start_s);
      const auto steps = static_cast<std::size_t>(std::ceil(since_s / kFlowSeriesStepS));
      progress_.series_size = static_cast<std::uint32_t>(std::min(steps, kFlowSeriesCapacity));
      break;
    }
    case FlowPhase::kPrepare: progress_.phase_end_s = kLiveNaN; break;
  }
}

bool SessionFlow::rate(const RateCommand& r) {
  if (!in_range(r.value, kMinRating, kMaxRating)) return false;
  progress_.ratings.set(r.scale, r.when, r.value);
  return true;
}

int SessionFlow::phase_index_at(double t_s) const {
  const FlowProgress& p = progress_;
  if (!(t_s >= p.flow_start_s)) return -1;
  if (std::isnan(p.practice_start_s) || t_s < p.practice_start_s) {
    return p.settings.baseline_s > 0.0 ? kBaselineIndex : -1;
  }
  if (std::isnan(p.practice_end_s) || t_s < p.practice_end_s) return kPracticeIndex;
  return -1;
}

void SessionFlow::on_interval(double t_s, double rr_ms, bool series_broken) {
  if (series_broken) previous_valid_ = false;
  const int phase = progress_.phase == FlowPhase::kPrepare ? -1 : phase_index_at(t_s);
  const bool valid = std::isfinite(rr_ms) && dsp::is_plausible_rr_ms(rr_ms);
  if (phase < 0 || !valid) {
    previous_valid_ = phase >= 0 && valid;
    return;
  }
  auto& list = intervals_[static_cast<std::size_t>(phase)];
  // A new phase starts a new series: its first interval has no successive difference.
  const bool after_gap = !previous_valid_ || list.empty();
  list.push_back(dsp::RrInterval{t_s, rr_ms, after_gap});
  previous_valid_ = true;
  const auto step = static_cast<std::size_t>((t_s - progress_.flow_start_s) / kFlowSeriesStepS);
  if (step < hr_sum_.size()) {
    hr_sum_[step] += 60000.0 / rr_ms;
    ++hr_n_[step];
    progress_.hr_bpm[step] = static_cast<float>(hr_sum_[step] / hr_n_[step]);
  }
}

double SessionFlow::phase_start_s(int phase_index) const {
  return phase_index == kBaselineIndex ? progress_.flow_start_s : progress_.practice_start_s;
}

int SessionFlow::phase_holding_window(double t_s, double window_s) const {
  if (!std::isfinite(t_s) || !std::isfinite(window_s)) return -1;
  // The phase is the one the window starts in (so a window starting exactly at a phase's
  // start belongs to it); its newest end may reach the phase's end but not beyond (so the
  // update made exactly as a phase ends still counts for it).
  const int phase = phase_index_at(t_s - window_s);
  if (phase < 0) return -1;
  const double end_s = phase == kBaselineIndex ? progress_.practice_start_s : progress_.practice_end_s;
  return std::isfinite(end_s) && t_s > end_s ? -1 : phase;
}

void SessionFlow::on_live(const LiveFigures& live) {
  if (progress_.phase == FlowPhase::kPrepare) return;
  for (const double w : {live.coherence.window_s, live.respiration.window_s, live.resonance.window_s}) {
    if (std::isfinite(w)) longest_window_s_ = std::max(std::isfinite(longest_window_s_) ? longest_window_s_ : 0.0, w);
  }
  // Breathing rate: each clear estimate once, when its window lies inside one phase.
  const double resp_t_s = live.respiration.t_s;
  if (std::isfinite(resp_t_s) && resp_t_s != last_respiration_t_s_) {
    last_respiration_t_s_ = resp_t_s;
    const int phase = phase_holding_window(resp_t_s, live.respiration.window_s);
    if (phase >= 0 && live.respiration.clear) {
      LiveSums& sums = live_[static_cast<std::size_t>(phase)];
      ++sums.breathing_n;
      sums.breathing_sum += live.respiration.rate_bpm;
    }
  }
  const double t_s = live.coherence.t_s;
  if (!std::isfinite(t_s) || t_s == last_coherence_t_s_) return;
  last_coherence_t_s_ = t_s;
  const int at = phase_index_at(t_s);
  if (at < 0) return;
  // The chart shows every update where it happened.
  const auto step = static_cast<std::size_t>((t_s - progress_.flow_start_s) / kFlowSeriesStepS);
  if (std::isfinite(live.coherence.ratio) && step < kFlowSeriesCapacity) {
    progress_.coherence[step] = static_cast<float>(live.coherence.ratio);
  }
  const int phase = phase_holding_window(t_s, live.coherence.window_s);
  if (phase >= 0) {
    LiveSums& sums = live_[static_cast<std::size_t>(phase)];
    ++sums.updates;
    if (std::isfinite(live.coherence.ratio)) {
      ++sums.coherence_n;
      sums.coherence_sum += live.coherence.ratio;
      if (live.coherence.level == dsp::CoherenceLevel::kMedium || live.coherence.level == dsp::CoherenceLevel::kHigh) {
        ++sums.med_high_n;
      }
    }
  }
  const int rsa_phase = phase_holding_window(t_s, live.resonance.window_s);
  if (rsa_phase >= 0 && std::isfinite(live.resonance.mean_peak_to_trough_bpm)) {
    LiveSums& sums = live_[static_cast<std::size_t>(rsa_phase)];
    ++sums.rsa_n;
    sums.rsa_sum += live.resonance.mean_peak_to_trough_bpm;
  }
}

PhaseFigures SessionFlow::figures(int phase_index, double now_s) const {
  const FlowProgress& p = progress_;
  PhaseFigures f;
  const bool baseline = phase_index == kBaselineIndex;
  const double start_s = baseline ? p.flow_start_s : p.practice_start_s;
  double end_s = baseline ? p.practice_start_s : p.practice_end_s;
  if (std::isnan(end_s)) end_s = now_s;  // in progress: up to now
  if (std::isfinite(start_s) && std::isfinite(end_s)) f.duration_s = std::max(0.0, end_s - start_s);
  // The longest live window plus one update: a phase shorter than that may lack some of its
  // windowed figures (coherence 64 s, breathing 64 s, swing 60 s of breaths + one breath).
  const double window_s = (std::isfinite(longest_window_s_) ? longest_window_s_ : kDefaultCoherenceWindowS) +
                          kFlowSeriesStepS;
  // A phase still running is not too short yet; an ended one shorter than the window is; a
  // skipped baseline (0 s asked for) is simply absent.
  const bool ended = baseline ? std::isfinite(p.practice_start_s) : std::isfinite(p.practice_end_s);
  const bool skipped = baseline && p.settings.baseline_s <= 0.0;
  f.too_short = ended && !skipped && f.duration_s < window_s;
  if (std::isnan(start_s)) return f;
  const auto& list = intervals_[static_cast<std::size_t>(phase_index)];
  const dsp::TimeDomainHrv hrv = dsp::time_domain_hrv(list);
  f.intervals = static_cast<std::uint32_t>(hrv.nn_count);
  f.mean_hr_bpm = hrv.mean_hr_bpm;
  // As live: not from under 30 s of intervals (a baseline skipped after a few seconds).
  const bool settled = dsp::hrv_is_settled(hrv);
  f.rmssd_ms = settled ? hrv.rmssd_ms : kLiveNaN;
  f.hrv_too_short = ended && !skipped && hrv.nn_count > 0 && !settled;
  f.ln_rmssd = settled ? dsp::ln_rmssd_ms(hrv.rmssd_ms) : kLiveNaN;
  const dsp::RhythmCheck rhythm = dsp::check_rhythm(list);
  f.rhythm_jump_share = rhythm.jump_share;
  f.rhythm_uneven = rhythm.irregular;
  const LiveSums& s = live_[static_cast<std::size_t>(phase_index)];
  f.coherence_mean = mean_or_nan(s.coherence_sum, s.coherence_n);
  f.coherence_med_high_pct = s.coherence_n == 0 ? kLiveNaN : 100.0 * s.med_high_n / s.coherence_n;
  f.breathing_rate_bpm = mean_or_nan(s.breathing_sum, s.breathing_n);
  f.rsa_bpm = mean_or_nan(s.rsa_sum, s.rsa_n);
  return f;
}

std::string uneven_rhythm_note(const PhaseFigures& baseline, const PhaseFigures& practice) {
  if (!baseline.rhythm_uneven && !practice.rhythm_uneven) return "";
  const char* where = !practice.rhythm_uneven  ? "at rest"
                      : !baseline.rhythm_uneven ? "in the practice"
                                                : "at rest and in the practice";
  return std::string("The heart rhythm was uneven ") + where +
         ": many beats came much earlier or later than the one before (extra beats, or a "
         "slipping sensor). RMSSD and lnRMSSD then mostly measure those jumps, not "
         "heart-rate variability. Not a diagnosis.";
}

void SessionFlow::fill(FlowProgress& out, double now_s) const {
  out = progress_;
  if (progress_.phase == FlowPhase::kPrepare) return;
  out.baseline = figures(kBaselineIndex, now_s);
  out.practice = figures(kPracticeIndex, now_s);
}

}  // namespace resonant::engine
