// The EC57 beat-by-beat scorer (tests/support/ec57_scorer) on hand-made cases with exact
// expected counts: window edges, one-to-one pairing, bxb's closest-match rules, the 5-minute
// start and its boundary rules, the record end, VF exclusion, gross pooling.
#include "ec57_scorer.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::testing {
namespace {

Ec57Options from_zero(double record_end_s = std::nan("")) {
  Ec57Options o;
  o.start_s = 0.0;
  o.record_end_s = record_end_s;
  return o;
}

TEST(Ec57Scorer, PerfectMatchAndWindowEdges) {
  const std::vector<double> ref{1.0, 2.0, 3.0, 4.0};
  // Within 150 ms either side (the edge itself counts), one beyond it.
  const std::vector<double> test{1.15, 1.85, 3.0, 4.151};
  const auto r = ec57_compare(ref, test, from_zero(5.0));
  EXPECT_EQ(r.true_positives, 3u);
  EXPECT_EQ(r.false_negatives, 1u);  // 4.0
  EXPECT_EQ(r.false_positives, 1u);  // 4.151
  ASSERT_EQ(r.missed_reference.size(), 1u);
  EXPECT_EQ(r.missed_reference[0], 3u);
  ASSERT_EQ(r.extra_test.size(), 1u);
  EXPECT_EQ(r.extra_test[0], 3u);
  EXPECT_EQ(r.matched_test[0], 0);
  EXPECT_EQ(r.matched_test[1], 1);
  EXPECT_EQ(r.matched_test[3], -1);
  EXPECT_NEAR(r.sensitivity_pct(), 75.0, 1e-12);
  EXPECT_NEAR(r.positive_predictivity_pct(), 75.0, 1e-12);
}

TEST(Ec57Scorer, EachBeatPairsOnceAndTheCloserWins) {
  // Two detections around one reference beat: the closer pairs, the other is extra.
  {
    const std::vector<double> ref{1.0};
    const std::vector<double> test{0.95, 1.02};
    const auto r = ec57_compare(ref, test, from_zero());
    EXPECT_EQ(r.true_positives, 1u);
    EXPECT_EQ(r.false_positives, 1u);
    EXPECT_EQ(r.matched_test[0], 1);
    ASSERT_EQ(r.extra_test.size(), 1u);
    EXPECT_EQ(r.extra_test[0], 0u);
  }
  // One detection between two reference beats 0.2 s apart: it pairs with the closer one.
  {
    const std::vector<double> ref{1.0, 1.2};
    const std::vector<double> test{1.13};
    const auto r = ec57_compare(ref, test, from_zero());
    EXPECT_EQ(r.true_positives, 1u);
    EXPECT_EQ(r.false_negatives, 1u);
    EXPECT_EQ(r.false_positives, 0u);
    EXPECT_EQ(r.matched_test[1], 0);
  }
}

TEST(Ec57Scorer, BxbRuleForBeatsCloserThanTwoWindows) {
  // bxb.c's example (match window 37 samples; times in samples, here seconds x 1000 with a
  // 37 ms window): ref 96, 160; test 128, 185. test1 - ref1 = ref2 - test1 = 32, but test2
  // matches ref2 better (25 < 32), so ref1/test1 and ref2/test2 pair: no error.
  Ec57Options o = from_zero();
  o.match_window_s = 0.037;
  const std::vector<double> ref{0.096, 0.160};
  const std::vector<double> test{0.128, 0.185};
  const auto r = ec57_compare(ref, test, o);
  EXPECT_EQ(r.true_positives, 2u);
  EXPECT_EQ(r.false_negatives, 0u);
  EXPECT_EQ(r.false_positives, 0u);
}

TEST(Ec57Scorer, LearningPeriodIsNeitherCountedNorMatched) {
  Ec57Options o;  // start 300 s
  // Before 300 s: misses and extras are not counted. After: two beats, one found.
  const std::vector<double> ref{100.0, 200.0, 299.0, 301.0, 302.0};
  const std::vector<double> test{150.0, 250.0, 301.01};
  const auto r = ec57_compare(ref, test, o);
  EXPECT_EQ(r.true_positives, 1u);
  EXPECT_EQ(r.false_negatives, 1u);
  EXPECT_EQ(r.false_positives, 0u);
  EXPECT_EQ(r.matched_test[0], -1);  // pairs before the start are not made
  EXPECT_EQ(r.matched_test[3], 2);
}

TEST(Ec57Scorer, BoundaryRulesAtTheStart) {
  Ec57Options o;
  // The last test beat before 300 s may pair with the first reference beat after it.
  {
    const std::vector<double> ref{300.05, 301.0};
    const std::vector<double> test{299.95, 301.0};
    const auto r = ec57_compare(ref, test, o);
    EXPECT_EQ(r.true_positives, 2u);
    EXPECT_EQ(r.false_negatives, 0u);
    EXPECT_EQ(r.false_positives, 0u);
  }
  // A test beat just after the start that matches nothing, followed by one that matches the
  // first reference beat better, is dropped without being counted.
  {
    const std::vector<double> ref{300.2, 301.0};
    const std::vector<double> test{300.05, 300.21, 301.0};
    const auto r = ec57_compare(ref, test, o);
    EXPECT_EQ(r.true_positives, 2u);
    EXPECT_EQ(r.false_positives, 0u);
  }
  // The same extra beat later than one window after the start is counted.
  {
    const std::vector<double> ref{300.5, 301.0};
    const std::vector<double> test{300.2, 300.51, 301.0};
    const auto r = ec57_compare(ref, test, o);
    EXPECT_EQ(r.true_positives, 2u);
    EXPECT_EQ(r.false_positives, 1u);
  }
}

TEST(Ec57Scorer, RecordEnd) {
  const std::vector<double> ref{1.0, 2.0};
  const std::vector<double> test{1.0, 2.0, 2.5};
  // Known record length (bxb: from the header): test beats after the last reference beat
  // count up to the end of the record; no final margin is excluded.
  Ec57Options o = from_zero();
  o.record_end_s = 3.0;
  EXPECT_EQ(ec57_compare(ref, test, o).false_positives, 1u);
  // Unknown length: bxb stops at the last reference beat.
  EXPECT_EQ(ec57_compare(ref, test, from_zero()).false_positives, 0u);
  // A missed final reference beat counts either way.
  const std::vector<double> short_test{1.0};
  EXPECT_EQ(ec57_compare(ref, short_test, o).false_negatives, 1u);
  EXPECT_EQ(ec57_compare(ref, short_test, from_zero()).false_negatives, 1u);
}

TEST(Ec57Scorer, VentricularFibrillationIsExcluded) {
  const std::vector<double> ref{1.0, 2.0, 2.5, 3.0, 5.0};  // 2.5 lies inside VF
  const std::vector<double> test{1.0, 2.2, 2.7, 3.3, 5.0};
  const std::vector<TimeInterval> vf{{2.1, 3.5}};
  Ec57Options o = from_zero();
  o.record_end_s = 6.0;
  const auto r = ec57_compare(ref, test, o, vf);
  // Reference beats at 2.5 and 3.0 are inside VF (skipped); test beats at 2.2, 2.7, 3.3
  // are unpaired but inside VF (not counted).
  EXPECT_EQ(r.true_positives, 2u);
  EXPECT_EQ(r.false_negatives, 1u);  // 2.0 (no test beat within 150 ms)
  EXPECT_EQ(r.false_positives, 0u);
}

TEST(Ec57Scorer, EmptyInputsAndGrossPooling) {
  const std::vector<double> none;
  const std::vector<double> some{1.0, 2.0};
  Ec57Options o = from_zero();
  o.record_end_s = 3.0;
  const auto missed = ec57_compare(some, none, o);
  EXPECT_EQ(missed.false_negatives, 2u);
  EXPECT_NEAR(missed.sensitivity_pct(), 0.0, 1e-12);
  EXPECT_TRUE(std::isnan(missed.positive_predictivity_pct()));
  const auto extra = ec57_compare(none, some, o);
  EXPECT_EQ(extra.false_positives, 2u);
  EXPECT_TRUE(std::isnan(extra.sensitivity_pct()));

  Ec57Counts gross;
  gross += Ec57Counts{98, 2, 1};
  gross += Ec57Counts{200, 0, 4};
  EXPECT_EQ(gross.true_positives, 298u);
  EXPECT_EQ(gross.reference_beats(), 300u);
  EXPECT_NEAR(gross.sensitivity_pct(), 100.0 * 298.0 / 300.0, 1e-12);
  EXPECT_NEAR(gross.positive_predictivity_pct(), 100.0 * 298.0 / 303.0, 1e-12);
}

}  // namespace
}  // namespace resonant::testing
