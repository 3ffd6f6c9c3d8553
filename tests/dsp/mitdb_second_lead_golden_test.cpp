// Golden tests of the ECG detector and the signal quality on the *second* lead of the MIT-BIH
// records (../shared/data/mitdb: V5 in 100, V1 in 101, 106, 119 and 203, V2 in 103). The
// reference annotations were placed on the upper lead (MLII), so these leads are a hold-out for
// other morphologies: nothing in the detector or the quality was tuned on them. A chest strap
// records a bipolar chest lead, closest to V5 (CM5), not MLII.
//
// Two clean leads (100 V5, 119 V1) must score like MLII. The other four are noisy or nearly
// flat in this lead (looked at on plots, dsp/docs/ecg.md "Second leads"): 101 V1's QRS is
// ~0.1 mV under periodic noise of the same size; 103 V2 has electrode jumps of several mV;
// 106 V1 has muscle noise and spikes; 203 V1 shows the atrial fibrillation waves best of all
// leads, as large as the smaller QRS complexes, and the search-back takes them in long RR
// intervals. There the detector's raw figures are poor, and what protects the person is the
// signal quality and its feedback gate (pauses after 2 poor seconds, resumes after 5 fair or
// good ones, as in the live view and `resonant-cli analyze`): the beats in the seconds the gate
// lets through are scored apart (better, though not clean on 203 V1), and a lead that is mostly
// noise must be mostly withheld. The verdicts come from the offline assessor (hindsight) in
// both modes, so the causal "shown" figures are close to, not exactly, the live ones. Skipped
// with a message when the shared data set is absent.
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/signal_quality.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"
#include "ec57_scorer.hpp"
#include "mitdb_record.hpp"
#include "test_support.hpp"

namespace resonant::dsp {
namespace {

constexpr std::size_t kSecondLead = 1;
constexpr double kScoredFromS = 300.0;  // EC57: the first 5 minutes are not scored

struct Lead {
  std::string name;  // "203 V1"
  test::MitdbLead rec;
  std::vector<double> reference_s;  // beat annotations (placed on MLII)
};

Lead load_second_lead(const std::filesystem::path& hea, const std::string& record) {
  Lead lead;
  lead.rec = test::load_mitdb_lead(hea, kSecondLead);
  lead.name = record + " " + lead.rec.channel_name;
  lead.reference_s = lead.rec.beat_times_s();
  return lead;
}

using Floors = test::Ec57Floors;
using test::mode_name;

struct LeadScore {
  testing::Ec57Result all;  // EC57 from 5 min (bxb rules)
  // The same matching, counted only in the seconds the feedback gate lets through.
  std::size_t shown_seconds = 0;
  std::size_t scored_seconds = 0;
  testing::Ec57Counts shown;
};

LeadScore score(const Lead& lead, EcgDetectionMode mode) {
  EcgDetectorConfig config;
  config.sample_rate_hz = lead.rec.fs;
  const auto detected = test::times_s(detect_ecg_beats(lead.rec.ecg_mv, config, mode), lead.rec.fs);
  LeadScore s;
  testing::Ec57Options options;
  options.start_s = kScoredFromS;
  options.record_end_s = lead.rec.duration_s();
  // No VF episode in these records, so every scored reference beat counts below as well.
  EXPECT_TRUE(lead.rec.vf.empty()) << lead.name << ": VF beats would need leaving out below";
  s.all = testing::ec57_compare(lead.reference_s, detected, options, lead.rec.vf);

  // The offline assessor (one verdict per second) through the feedback gate, as
  // `resonant-cli analyze` gates HRV on it.
  const auto quality = assess_signal_quality(
      lead.rec.ecg_mv, detected, signal_quality_config(ChannelKind::kEcg, lead.rec.fs));
  FeedbackGate gate;
  std::vector<bool> second_shown;
  for (const auto& verdict : quality) {
    second_shown.push_back(gate.push(verdict));
    if (verdict.t_s < kScoredFromS) continue;
    ++s.scored_seconds;
    if (second_shown.back()) ++s.shown_seconds;
  }
  auto in_shown_second = [&](double t_s) {
    const auto second = static_cast<std::size_t>(std::floor(t_s));
    return second < second_shown.size() && second_shown[second];
  };
  std::size_t shown_reference = 0;
  for (const double t : lead.reference_s) {
    if (t >= kScoredFromS && in_shown_second(t)) ++shown_reference;
  }
  for (const auto i : s.all.missed_reference) {
    if (in_shown_second(lead.reference_s[i])) ++s.shown.false_negatives;
  }
  for (const auto i : s.all.extra_test) {
    if (in_shown_second(detected[i])) ++s.shown.false_positives;
  }
  s.shown.true_positives = shown_reference - s.shown.false_negatives;
  return s;
}

LeadScore score_and_print(const Lead& lead, EcgDetectionMode mode) {
  const LeadScore s = score(lead, mode);
  std::printf("[ mitdb %s %s ] EC57 from 5 min: %s\n", lead.name.c_str(), mode_name(mode),
              testing::ec57_summary(s.all).c_str());
  std::printf("[ mitdb %s %s ] shown (feedback gate open) %zu of %zu s: %s\n",
              lead.name.c_str(), mode_name(mode), s.shown_seconds, s.scored_seconds,
              testing::ec57_summary(s.shown).c_str());
  return s;
}

// A clean chest lead: the detector alone scores like MLII (floors about half a percent under the
// measured figures, dsp/docs/ecg.md).
void expect_clean_lead(const std::string& record, const Floors& floors) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/" + record + ".hea");
  const Lead lead = load_second_lead(hea, record);
  for (const auto mode : {EcgDetectionMode::kOffline, EcgDetectionMode::kCausal}) {
    const LeadScore s = score_and_print(lead, mode);
    const std::string what = lead.name + " " + mode_name(mode);
    EXPECT_GE(s.all.sensitivity_pct(), floors.sensitivity_pct) << what;
    EXPECT_GE(s.all.positive_predictivity_pct(), floors.positive_predictivity_pct) << what;
    // A clean lead is not withheld: at least 99 % of the scored seconds are shown.
    EXPECT_GE(s.shown_seconds, s.scored_seconds - s.scored_seconds / 100) << what;
  }
}

TEST(MitdbSecondLeadGolden, CleanChestLeadsScoreLikeMlii) {
  expect_clean_lead("100", {99.9, 99.9});  // V5: offline 100 / 100, causal 99.95 / 100
  expect_clean_lead("119", {99.5, 99.5});  // V1: offline 100 / 99.94, causal 100 / 100
}

// A noisy lead: the raw figures and those of the seconds shown, each bounded from below by what
// it measures today minus about one point (a guard that neither the detector nor the quality
// gets worse on morphologies they were not tuned on), and the share of seconds shown bounded
// about four points under today's (the quality must not get there by withholding a readable
// lead).
struct NoisyLeadExpectation {
  const char* record;
  Floors raw;    // EC57 over all scored seconds
  Floors shown;  // EC57 over the seconds shown
  double min_shown_share;
};

void expect_noisy_lead(const NoisyLeadExpectation& e) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/" + std::string(e.record) + ".hea");
  const Lead lead = load_second_lead(hea, e.record);
  for (const auto mode : {EcgDetectionMode::kOffline, EcgDetectionMode::kCausal}) {
    const LeadScore s = score_and_print(lead, mode);
    const std::string what = lead.name + " " + mode_name(mode);
    EXPECT_GE(s.all.sensitivity_pct(), e.raw.sensitivity_pct) << what;
    EXPECT_GE(s.all.positive_predictivity_pct(), e.raw.positive_predictivity_pct) << what;
    EXPECT_GE(s.shown.sensitivity_pct(), e.shown.sensitivity_pct) << what;
    EXPECT_GE(s.shown.positive_predictivity_pct(), e.shown.positive_predictivity_pct) << what;
    EXPECT_GE(static_cast<double>(s.shown_seconds),
              e.min_shown_share * static_cast<double>(s.scored_seconds))
        << what << ": the quality withholds too much of a readable lead";
  }
}

TEST(MitdbSecondLeadGolden, NoisyLeadsScoreBetterWhereFeedbackIsShown) {
  // Measured (offline | causal where they differ), raw Se / +P; shown Se / +P; seconds shown:
  // 103 V2: 96.53 / 91.60; 98.96 / 97.47; 1249 of 1505 s (83 %).
  expect_noisy_lead({"103", {95.5, 90.5}, {98.0, 96.5}, 0.79});
  // 106 V1: 98.17 / 90.29 | 89.66; 99.18 | 99.10 / 95.12 | 94.61; 1209 | 1203 s (80 %).
  expect_noisy_lead({"106", {97.0, 88.5}, {98.0, 93.5}, 0.76});
  // 203 V1: 98.02 | 98.11 / 86.09 | 85.70; 98.50 | 98.63 / 91.15 | 90.96; 1139 | 1119 s
  // (76 | 74 %).
  // The weakest: atrial fibrillation waves taken by the search-back resemble one another and
  // pass the quality's template test (dsp/docs/ecg.md "Second leads"); about one shown beat
  // in eleven is one.
  expect_noisy_lead({"203", {97.0, 84.5}, {97.5, 90.0}, 0.70});
}

// 101 V1 is mostly noise (QRS ~0.1 mV, periodic noise as large): the raw detection is
// meaningless (every noise cycle can pass as a beat), so the quality must withhold nearly all of
// it.
TEST(MitdbSecondLeadGolden, AFlatNoisyLeadIsWithheld) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/101.hea");
  const Lead lead = load_second_lead(hea, "101");
  for (const auto mode : {EcgDetectionMode::kOffline, EcgDetectionMode::kCausal}) {
    const LeadScore s = score_and_print(lead, mode);
    // Measured: 8 of 1505 s shown (0.5 %), 8 beats, all true.
    EXPECT_LE(static_cast<double>(s.shown_seconds), 0.05 * static_cast<double>(s.scored_seconds))
        << lead.name << " " << mode_name(mode);
  }
}

}  // namespace
}  // namespace resonant::dsp
