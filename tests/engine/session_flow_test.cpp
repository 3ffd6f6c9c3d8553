// SessionFlow: phase times, stopping early, ratings, and debrief figures against the same
// beats computed directly with dsp::time_domain_hrv.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/rhythm_check.hpp>
#include <resonant/engine/session_flow.hpp>

namespace resonant::engine {
namespace {

FlowSettings settings(double baseline_s, double practice_s, double rate_bpm = 5.5) {
  FlowSettings s;
  s.baseline_s = baseline_s;
  s.practice_s = practice_s;
  s.practice_pacer.rate_bpm = rate_bpm;
  return s;
}

/// Beats every rr_ms (alternating +-amp_ms) from t0_s to t1_s, fed to the flow; returns them.
std::vector<dsp::RrInterval> feed_beats(SessionFlow& flow, double t0_s, double t1_s, double rr_ms,
                                        double amp_ms) {
  std::vector<dsp::RrInterval> out;
  double t = t0_s;
  for (int i = 0;; ++i) {
    const double rr = rr_ms + (i % 2 == 0 ? amp_ms : -amp_ms);
    if (t + rr / 1000.0 >= t1_s) break;
    t += rr / 1000.0;
    flow.on_interval(t, rr);
    out.push_back({t, rr, out.empty()});
  }
  return out;
}

TEST(SessionFlow, PhasesFollowTheirLengthsAndSetThePacer) {
  SessionFlow flow;
  EXPECT_EQ(flow.phase(), FlowPhase::kPrepare);
  const FlowEffects s = flow.start(10.0, settings(120.0, 300.0), PacerSettings{}, true);
  EXPECT_EQ(flow.phase(), FlowPhase::kBaseline);
  ASSERT_TRUE(s.pacer.has_value());
  EXPECT_FALSE(s.pacer->enabled);  // no pacer while resting
  EXPECT_TRUE(flow.advance(129.9).markers.empty());
  EXPECT_EQ(flow.phase(), FlowPhase::kBaseline);
  const FlowEffects p = flow.advance(130.0);
  EXPECT_EQ(flow.phase(), FlowPhase::kPractice);
  ASSERT_TRUE(p.pacer.has_value());
  EXPECT_TRUE(p.pacer->enabled);
  EXPECT_DOUBLE_EQ(p.pacer->settings.rate_bpm, 5.5);
  EXPECT_DOUBLE_EQ(flow.progress().practice_start_s, 130.0);
  EXPECT_DOUBLE_EQ(flow.progress().phase_end_s, 430.0);
  flow.advance(430.0);
  EXPECT_EQ(flow.phase(), FlowPhase::kDebrief);
  EXPECT_DOUBLE_EQ(flow.progress().practice_end_s, 430.0);
  EXPECT_EQ(flow.progress().series_size, 84u);  // 420 s at 5 s
}

TEST(SessionFlow, ALateCallPassesEachPhaseAtItsScheduledEnd) {
  SessionFlow flow;
  flow.start(0.0, settings(60.0, 60.0), PacerSettings{}, true);
  const FlowEffects fx = flow.advance(1000.0);
  EXPECT_EQ(flow.phase(), FlowPhase::kDebrief);
  EXPECT_EQ(fx.markers.size(), 2u);  // practice, debrief
  EXPECT_DOUBLE_EQ(flow.progress().practice_start_s, 60.0);
  EXPECT_DOUBLE_EQ(flow.progress().practice_end_s, 120.0);
}

TEST(SessionFlow, StopEarlyKeepsWhatWasMeasuredAndDoneRestoresThePacer) {
  SessionFlow flow;
  PacerSettings before;
  before.rate_bpm = 7.0;
  flow.start(0.0, settings(60.0, 600.0), before, false);
  const auto base = feed_beats(flow, 0.0, 60.0, 900.0, 20.0);
  flow.advance(60.0);
  const auto prac = feed_beats(flow, 60.0, 100.0, 1000.0, 40.0);
  flow.stop(100.0);
  EXPECT_EQ(flow.phase(), FlowPhase::kDebrief);
  FlowProgress p;
  flow.fill(p, 100.0);
  EXPECT_NEAR(p.practice.duration_s, 40.0, 1e-9);
  EXPECT_EQ(p.practice.intervals, prac.size());
  EXPECT_EQ(p.baseline.intervals, base.size());
  const FlowEffects d = flow.done();
  EXPECT_EQ(flow.phase(), FlowPhase::kPrepare);
  ASSERT_TRUE(d.pacer.has_value());
  EXPECT_FALSE(d.pacer->enabled);
  EXPECT_DOUBLE_EQ(d.pacer->settings.rate_bpm, 7.0);
}

TEST(SessionFlow, SkipBaselineGoesStraightToPractice) {
  SessionFlow flow;
  flow.start(0.0, settings(120.0, 60.0), PacerSettings{}, true);
  flow.skip_baseline(30.0);
  EXPECT_EQ(flow.phase(), FlowPhase::kPractice);
  EXPECT_DOUBLE_EQ(flow.progress().phase_end_s, 90.0);
  SessionFlow none;
  none.start(0.0, settings(0.0, 60.0), PacerSettings{}, true);
  EXPECT_EQ(none.phase(), FlowPhase::kPractice);
}

TEST(SessionFlow, RatingsAreKeptThroughTheRunAndRangeChecked) {
  SessionFlow flow;
  EXPECT_TRUE(flow.rate({RatingScale::kCalm, RatingWhen::kBefore, 3.0}));
  EXPECT_TRUE(flow.rate({RatingScale::kTension, RatingWhen::kBefore, 8.0}));
  EXPECT_FALSE(flow.rate({RatingScale::kCalm, RatingWhen::kAfter, 11.0}));
  EXPECT_FALSE(flow.rate({RatingScale::kCalm, RatingWhen::kAfter, std::nan("")}));
  flow.start(0.0, settings(10.0, 10.0), PacerSettings{}, true);
  flow.advance(20.0);
  EXPECT_TRUE(flow.rate({RatingScale::kCalm, RatingWhen::kAfter, 7.0}));
  const FlowRatings& r = flow.progress().ratings;
  EXPECT_DOUBLE_EQ(r.calm_before, 3.0);
  EXPECT_DOUBLE_EQ(r.tension_before, 8.0);
  EXPECT_DOUBLE_EQ(r.calm_after, 7.0);
  EXPECT_TRUE(std::isnan(r.tension_after));
  EXPECT_EQ(rating_name(RatingScale::kTension, RatingWhen::kAfter), "tension_after");
}

TEST(SessionFlow, DebriefFiguresEqualTheSameBeatsComputedDirectly) {
  SessionFlow flow;
  flow.start(0.0, settings(120.0, 180.0), PacerSettings{}, true);
  const auto base = feed_beats(flow, 0.0, 120.0, 800.0, 15.0);
  flow.advance(120.0);
  const auto prac = feed_beats(flow, 120.0, 300.0, 950.0, 60.0);
  flow.advance(300.0);
  // A beat that arrives after the debrief began but happened in the practice still counts;
  // one after the practice's end does not.
  FlowProgress p;
  flow.fill(p, 300.0);
  const dsp::TimeDomainHrv b = dsp::time_domain_hrv(base);
  const dsp::TimeDomainHrv q = dsp::time_domain_hrv(prac);
  constexpr double kTolerance = 1e-9;
  EXPECT_NEAR(p.baseline.mean_hr_bpm, b.mean_hr_bpm, kTolerance);
  EXPECT_NEAR(p.baseline.rmssd_ms, b.rmssd_ms, kTolerance);
  EXPECT_NEAR(p.practice.mean_hr_bpm, q.mean_hr_bpm, kTolerance);
  EXPECT_NEAR(p.practice.rmssd_ms, q.rmssd_ms, kTolerance);
  EXPECT_NEAR(p.practice.ln_rmssd, std::log(q.rmssd_ms), kTolerance);
  // Alternating +-amp: RMSSD = 2 * amp exactly.
  EXPECT_NEAR(p.baseline.rmssd_ms, 30.0, 1e-6);
  EXPECT_NEAR(p.practice.rmssd_ms, 120.0, 1e-6);
  flow.on_interval(305.0, 900.0);
  flow.fill(p, 305.0);
  EXPECT_EQ(p.practice.intervals, prac.size());
  // The HR chart: each 5 s step holds the mean HR of its beats.
  EXPECT_NEAR(p.hr_bpm[0], 60000.0 / 800.0, 1.0);
  EXPECT_NEAR(p.hr_bpm[30], 60000.0 / 950.0, 4.0);
}

// Bigeminy (short, long, short, long) in the practice: every successive pair jumps by half
// their mean, so the debrief says RMSSD there is not HRV; the steady baseline (jumps of
// 30 / 800 ms) says nothing. The verdict is dsp::check_rhythm's over the phase's intervals.
TEST(SessionFlow, AnUnevenRhythmIsNamedForThePhaseItWasIn) {
  SessionFlow flow;
  flow.start(0.0, settings(120.0, 180.0), PacerSettings{}, true);
  feed_beats(flow, 0.0, 120.0, 800.0, 15.0);
  flow.advance(120.0);
  const auto prac = feed_beats(flow, 120.0, 300.0, 800.0, 200.0);
  FlowProgress p;
  flow.fill(p, 300.0);
  EXPECT_FALSE(p.baseline.rhythm_uneven);
  EXPECT_NEAR(p.baseline.rhythm_jump_share, 0.0, 1e-12);
  EXPECT_TRUE(p.practice.rhythm_uneven);
  EXPECT_NEAR(p.practice.rhythm_jump_share, 1.0, 1e-12);
  EXPECT_NEAR(p.practice.rhythm_jump_share, dsp::check_rhythm(prac).jump_share, 1e-12);
  const std::string note = uneven_rhythm_note(p.baseline, p.practice);
  EXPECT_NE(note.find("uneven in the practice"), std::string::npos) << note;
  EXPECT_NE(note.find("Not a diagnosis"), std::string::npos) << note;
  EXPECT_EQ(uneven_rhythm_note(p.baseline, p.baseline), "");
  EXPECT_NE(uneven_rhythm_note(p.practice, p.baseline).find("uneven at rest:"),
            std::string::npos);
  EXPECT_NE(uneven_rhythm_note(p.practice, p.practice).find("at rest and in the practice"),
            std::string::npos);
}

// Under 20 successive pairs the check gives no verdict (NaN), however uneven they are.
TEST(SessionFlow, AFewUnevenBeatsGiveNoRhythmVerdict) {
  SessionFlow flow;
  flow.start(0.0, settings(60.0, 60.0), PacerSettings{}, true);
  const auto few = feed_beats(flow, 0.0, 15.0, 800.0, 200.0);
  ASSERT_LT(few.size(), 21u);
  FlowProgress p;
  flow.fill(p, 15.0);
  EXPECT_TRUE(std::isnan(p.baseline.rhythm_jump_share));
  EXPECT_FALSE(p.baseline.rhythm_uneven);
}

TEST(SessionFlow, ImplausibleIntervalsAreLeftOutAndBreakTheSeries) {
  SessionFlow flow;
  flow.start(0.0, settings(60.0, 60.0), PacerSettings{}, true);
  flow.on_interval(1.0, 800.0);
  flow.on_interval(1.8, 820.0);
  flow.on_interval(2.0, 200.0);  // implausible
  flow.on_interval(2.9, 900.0);  // after the break: no difference to 820
  flow.on_interval(3.8, 880.0);
  // Then 900/880 alternating (differences of 20 ms) past the 30 s RMSSD needs.
  const auto more = feed_beats(flow, 3.8, 45.0, 890.0, 10.0);
  FlowProgress p;
  flow.fill(p, 45.0);
  EXPECT_EQ(p.baseline.intervals, 4u + more.size());
  // Differences of 20 only (820 -> 900 across the break would be 80): RMSSD 20.
  EXPECT_NEAR(p.baseline.rmssd_ms, 20.0, 1e-9);
}

// The engine feeds the corrected NN series; a gap it marks (after_gap) breaks the series too.
TEST(SessionFlow, AGapInTheNnSeriesBreaksIt) {
  SessionFlow flow;
  flow.start(0.0, settings(60.0, 60.0), PacerSettings{}, true);
  flow.on_interval(1.0, 800.0);
  flow.on_interval(1.8, 820.0);
  flow.on_interval(9.0, 900.0, true);  // after lost data: no difference to 820
  flow.on_interval(9.9, 880.0);
  const auto more = feed_beats(flow, 9.9, 50.0, 890.0, 10.0);  // 900/880: differences of 20
  FlowProgress p;
  flow.fill(p, 50.0);
  EXPECT_EQ(p.baseline.intervals, 4u + more.size());
  EXPECT_NEAR(p.baseline.rmssd_ms, 20.0, 1e-9);  // differences of 20 only, none of 80
}

// A phase with under 30 s of intervals has no RMSSD (dsp::hrv_is_settled), as live; ended, the
// debrief says it was too short rather than showing a figure from a few beats.
TEST(SessionFlow, RmssdNeedsThirtySecondsOfThePhasesIntervals) {
  SessionFlow flow;
  flow.start(0.0, settings(60.0, 120.0), PacerSettings{}, true);
  const auto first = feed_beats(flow, 0.0, 12.0, 890.0, 10.0);
  FlowProgress p;
  flow.fill(p, 12.0);
  EXPECT_EQ(p.baseline.intervals, first.size());
  EXPECT_TRUE(std::isfinite(p.baseline.mean_hr_bpm));
  EXPECT_TRUE(std::isnan(p.baseline.rmssd_ms));
  EXPECT_TRUE(std::isnan(p.baseline.ln_rmssd));
  flow.skip_baseline(12.0);  // into practice: the baseline ended at 12 s
  flow.fill(p, 12.0);
  EXPECT_TRUE(p.baseline.too_short);
  EXPECT_TRUE(p.baseline.hrv_too_short);
  EXPECT_TRUE(std::isnan(p.baseline.rmssd_ms));
  const auto late = feed_beats(flow, 12.0, 45.0, 890.0, 10.0);
  flow.fill(p, 45.0);
  EXPECT_NEAR(p.practice.rmssd_ms, 20.0, 1e-9) << "33 s of practice intervals: shown";
  EXPECT_FALSE(p.practice.hrv_too_short);
  EXPECT_NEAR(p.practice.ln_rmssd, std::log(20.0), 1e-9);
  EXPECT_EQ(p.practice.intervals, late.size());
}

TEST(SessionFlow, LiveFiguresAreAveragedOncePerCoherenceUpdate) {
  SessionFlow flow;
  flow.start(0.0, settings(60.0, 200.0), PacerSettings{}, true);
  LiveFigures live;
  live.coherence.window_s = 64.0;
  live.respiration.window_s = 64.0;
  const double ratios[] = {1.0, 3.0, 5.0};
  const dsp::CoherenceLevel levels[] = {dsp::CoherenceLevel::kLow, dsp::CoherenceLevel::kMedium,
                                        dsp::CoherenceLevel::kHigh};
  // From 145 s every window (64 s; the RSA's 80 s) lies inside the practice (from 60 s).
  for (int i = 0; i < 3; ++i) {
    live.coherence.t_s = 145.0 + 5.0 * i;
    live.coherence.ratio = ratios[i];
    live.coherence.level = levels[i];
    live.respiration.t_s = live.coherence.t_s;
    live.respiration.rate_bpm = 6.0;
    live.respiration.clear = true;
    live.resonance.mean_peak_to_trough_bpm = 12.0;
    flow.advance(live.coherence.t_s);
    flow.on_live(live);
    flow.on_live(live);  // the same update again: counted once
  }
  FlowProgress p;
  flow.fill(p, 160.0);
  EXPECT_NEAR(p.practice.coherence_mean, 3.0, 1e-12);
  EXPECT_NEAR(p.practice.coherence_med_high_pct, 200.0 / 3.0, 1e-9);
  EXPECT_NEAR(p.practice.breathing_rate_bpm, 6.0, 1e-12);
  EXPECT_NEAR(p.practice.rsa_bpm, 12.0, 1e-12);
  EXPECT_TRUE(std::isnan(p.baseline.coherence_mean));
  EXPECT_FLOAT_EQ(p.coherence[29], 1.0f);  // 145 s / 5 s
}

}  // namespace
}  // namespace resonant::engine
