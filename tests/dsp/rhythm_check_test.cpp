// Rhythm check (rhythm_check.hpp): properties on synthetic series; the real records (MIT-BIH
// 100-203, nsr001, NeuroKit, the simulated person) are checked end to end in
// tests/e2e/file_commands_test.cpp.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/dsp/rhythm_check.hpp>

namespace resonant::dsp {
namespace {

std::vector<RrInterval> series(int n, double (*rr_ms)(int)) {
  std::vector<RrInterval> out;
  double t = 0.0;
  for (int i = 0; i < n; ++i) {
    const double rr = rr_ms(i);
    t += rr / 1000.0;
    out.push_back({t, rr, false});
  }
  return out;
}

// Resonance breathing at 4.5 /min with a large RSA: 55 <-> 85 bpm (1090 <-> 706 ms) per 13 s
// breath, about 14 beats: the biggest beat-to-beat change is ~9 % of the interval.
TEST(RhythmCheck, LargeBreathingSwingsAreASteadyRhythm) {
  const auto s = series(600, [](int i) {
    return 898.0 + 192.0 * std::sin(2.0 * M_PI * static_cast<double>(i) / 14.0);
  });
  const RhythmCheck c = check_rhythm(s);
  EXPECT_EQ(c.pairs, 599u);
  EXPECT_EQ(c.jumps, 0u);
  EXPECT_DOUBLE_EQ(c.jump_share, 0.0);
  EXPECT_FALSE(c.irregular);
}

// Ventricular bigeminy: coupling interval 600 ms, compensatory pause 1200 ms, every beat.
TEST(RhythmCheck, BigeminyIsIrregular) {
  const auto s = series(400, [](int i) { return i % 2 == 0 ? 600.0 : 1200.0; });
  const RhythmCheck c = check_rhythm(s);
  EXPECT_EQ(c.jumps, c.pairs);
  EXPECT_TRUE(c.irregular);
}

// An early beat makes three jumps (into it, out of it, out of the pause after it). One early
// beat in 25 beats (12 % of pairs) is over the line; one in 60 (5 %) is a steady rhythm with a
// few extra beats, which the artifact corrector handles.
TEST(RhythmCheck, TheLineIsATenthOfThePairs) {
  const auto often = series(600, [](int i) {
    return i % 25 == 0 ? 560.0 : i % 25 == 1 ? 1240.0 : 900.0;
  });
  EXPECT_NEAR(check_rhythm(often).jump_share, 0.12, 0.002);
  EXPECT_TRUE(check_rhythm(often).irregular);
  const auto rare = series(600, [](int i) {
    return i % 60 == 0 ? 560.0 : i % 60 == 1 ? 1240.0 : 900.0;
  });
  EXPECT_NEAR(check_rhythm(rare).jump_share, 0.05, 0.002);
  EXPECT_FALSE(check_rhythm(rare).irregular);
}

TEST(RhythmCheck, NoPairAcrossAGapAndNoVerdictOnAFewPairs) {
  auto s = series(30, [](int) { return 800.0; });
  // A lone interval between two gaps (as the pipeline marks a beat after lost contact and the
  // one after the next loss): a pair is never taken across a gap, so it forms none.
  s[10].rr_ms = 1600.0;
  s[10].after_gap = true;
  s[11].after_gap = true;
  const RhythmCheck c = check_rhythm(s);
  EXPECT_EQ(c.pairs, 27u);
  EXPECT_EQ(c.jumps, 0u);
  const RhythmCheck few = check_rhythm(std::span(s).first(10));
  EXPECT_EQ(few.pairs, 9u);
  EXPECT_TRUE(std::isnan(few.jump_share));
  EXPECT_FALSE(few.irregular);
}

// The live window gives the batch check's verdict over the same pairs at every interval, and
// forgets what left the window: a minute of bigeminy, then steady again.
TEST(RhythmWindow, AgreesWithTheBatchCheckAndForgetsWhatLeftTheWindow) {
  constexpr double kWindowS = 64.0;
  const auto s = series(400, [](int i) {
    return i >= 100 && i < 180 ? (i % 2 == 0 ? 600.0 : 1200.0) : 850.0;
  });
  RhythmWindow live(kWindowS);
  bool was_irregular = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    live.push(s[i]);
    // The batch check over the intervals ending in (t - 64 s, t] and the one before them.
    std::size_t first = i;
    while (first > 0 && s[first - 1].t_s > s[i].t_s - kWindowS) --first;
    const std::size_t from = first > 0 ? first - 1 : 0;
    const RhythmCheck batch = check_rhythm(std::span(s).subspan(from, i + 1 - from));
    const RhythmCheck now = live.current();
    ASSERT_EQ(now.pairs, batch.pairs) << i;
    ASSERT_EQ(now.jumps, batch.jumps) << i;
    ASSERT_EQ(now.irregular, batch.irregular) << i;
    was_irregular = was_irregular || now.irregular;
  }
  EXPECT_TRUE(was_irregular) << "the bigeminy minute";
  EXPECT_FALSE(live.current().irregular) << "steady again once it left the window";
  EXPECT_EQ(live.current().jumps, 0u);
}

TEST(RhythmWindow, NoPairAcrossAGap) {
  RhythmWindow live(64.0);
  live.push({0.8, 800.0, false});
  live.push({2.4, 1600.0, true});  // after a gap: no pair with the 800 ms before it
  live.push({3.2, 800.0, false});  // a pair, and a jump
  EXPECT_EQ(live.current().pairs, 1u);
  EXPECT_EQ(live.current().jumps, 1u);
  EXPECT_TRUE(std::isnan(live.current().jump_share)) << "no verdict on one pair";
}

}  // namespace
}  // namespace resonant::dsp
