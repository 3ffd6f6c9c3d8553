// Golden tests of the ECG detector and the signal quality on the *second* lead of the MIT-BIH
// records (../shared/data/mitdb: V5 in 100, V1 in 101, 106, 119 and 203, V2 in 103). The
// reference annotations were placed on the upper lead (MLII), so these leads are a hold-out for
// other morphologies: nothing in the detector or the quality was tuned on them. A chest strap or
// a DIY sensor on the chest sees a chest lead, not MLII.
//
// Two clean leads (100 V5, 119 V1) must score like MLII. The other four are noisy or nearly
// flat in this lead (looked at on plots, dsp/docs/ecg.md "Second leads"): 101 V1's QRS is
// ~0.1 mV under periodic noise of the same size; 103 V2 has electrode jumps of several mV;
// 106 V1 has muscle noise and spikes; 203 V1 shows the atrial fibrillation waves best of all
// leads, as large as the smaller QRS complexes, and the search-back takes them in long RR
// intervals. There the detector's raw figures are poor, and what protects the person is the
// signal quality: feedback is shown only in seconds it calls fair or good, so the beats in
// those seconds are scored apart (better, though not clean on 203 V1), and a lead that is mostly
// noise must be mostly withheld. Skipped with a message when the shared data set is absent.
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/records/annotations.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"
#include "ec57_scorer.hpp"
#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant::dsp {
namespace {

constexpr std::size_t kSecondLead = 1;
constexpr double kScoredFromS = 300.0;  // EC57: the first 5 minutes are not scored

struct Lead {
  std::string name;  // "203 V1"
  double fs = 0.0;
  std::vector<float> mv;
  std::vector<double> reference_s;  // beat annotations (placed on MLII)
};

Lead load_second_lead(const std::filesystem::path& hea, const std::string& record) {
  Lead lead;
  auto whole = testing::read_whole_record(hea);
  lead.fs = whole.info.frame_rate_hz;
  lead.name = record + " " + whole.info.channels.at(kSecondLead).name;
  lead.mv = std::move(whole.channels.at(kSecondLead));
  for (const auto& a :
       records::read_mit_annotations(std::filesystem::path(hea).replace_extension(".atr"))) {
    if (records::is_ec57_beat(a.code)) {
      lead.reference_s.push_back(static_cast<double>(a.sample) / lead.fs);
    }
  }
  return lead;
}

const char* mode_name(EcgDetectionMode mode) {
  return mode == EcgDetectionMode::kCausal ? "causal" : "offline";
}

struct LeadScore {
  testing::Ec57Result all;  // EC57 from 5 min (bxb rules)
  // The same matching, counted only in the seconds the signal quality calls fair or good.
  std::size_t shown_seconds = 0;
  std::size_t scored_seconds = 0;
  testing::Ec57Counts shown;
};

LeadScore score(const Lead& lead, EcgDetectionMode mode) {
  EcgDetectorConfig config;
  config.sample_rate_hz = lead.fs;
  const auto detected = test::times_s(detect_ecg_beats(lead.mv, config, mode), lead.fs);
  LeadScore s;
  testing::Ec57Options options;
  options.start_s = kScoredFromS;
  options.record_end_s = static_cast<double>(lead.mv.size()) / lead.fs;
  s.all = testing::ec57_compare(lead.reference_s, detected, options);

  // The offline assessor, as `resonant-cli analyze` runs it (one verdict per second).
  const auto quality = assess_signal_quality(
      lead.mv, detected, signal_quality_config(ChannelKind::kEcg, lead.fs));
  auto shown = [&](double t_s) {
    const auto second = static_cast<std::size_t>(std::floor(t_s));
    return second < quality.size() && quality[second].level >= QualityLevel::kFair;
  };
  for (const auto& q : quality) {
    if (q.t_s < kScoredFromS) continue;
    ++s.scored_seconds;
    if (q.level >= QualityLevel::kFair) ++s.shown_seconds;
  }
  std::size_t shown_reference = 0;
  for (const double t : lead.reference_s) {
    if (t >= kScoredFromS && shown(t)) ++shown_reference;
  }
  for (const auto i : s.all.missed_reference) {
    if (shown(lead.reference_s[i])) ++s.shown.false_negatives;
  }
  for (const auto i : s.all.extra_test) {
    if (shown(detected[i])) ++s.shown.false_positives;
  }
  s.shown.true_positives = shown_reference - s.shown.false_negatives;
  return s;
}

LeadScore score_and_print(const Lead& lead, EcgDetectionMode mode) {
  const LeadScore s = score(lead, mode);
  std::printf("[ mitdb %s %s ] EC57 from 5 min: %s\n", lead.name.c_str(), mode_name(mode),
              testing::ec57_summary(s.all).c_str());
  std::printf("[ mitdb %s %s ] shown (quality fair or good) %zu of %zu s: %s\n",
              lead.name.c_str(), mode_name(mode), s.shown_seconds, s.scored_seconds,
              testing::ec57_summary(s.shown).c_str());
  return s;
}

struct Floors {
  double sensitivity_pct;
  double positive_predictivity_pct;
};

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
  expect_clean_lead("119", {99.5, 99.5});  // V1: offline 100 / 99.88, causal 100 / 99.94
}

// A noisy lead: the raw figures and those of the seconds the quality shows, each bounded from
// below by what it measures today minus about one percent (a guard that neither the detector
// nor the quality gets worse on morphologies they were not tuned on), and the share of seconds
// shown bounded too (the quality must not get there by withholding a readable lead).
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

TEST(MitdbSecondLeadGolden, NoisyLeadsScoreBetterWhereTheQualityShowsThem) {
  // Measured (offline | causal where they differ), raw Se / +P; shown Se / +P; shown share:
  // 103 V2: 96.65 / 90.13; 99.26 / 97.88; 1294 of 1505 s (86 %).
  expect_noisy_lead({"103", {96.0, 89.0}, {98.5, 97.0}, 0.80});
  // 106 V1: 98.05 / 88.88 | 88.04; 99.08 | 99.14 / 95.81 | 95.58; 1260 | 1250 s (84 %).
  expect_noisy_lead({"106", {97.5, 87.0}, {98.5, 94.5}, 0.78});
  // 203 V1: 98.19 / 83.11 | 82.69; 99.03 / 91.12 | 90.88; 1142 | 1133 s (76 %). The weakest:
  // atrial fibrillation waves taken by the search-back look like the small QRS complexes around
  // them (best correlation with the 16 neighbours: median 0.94, 10th percentile 0.74), so
  // neither the quality nor the offline beat removal tells them apart (dsp/docs/ecg.md "Second
  // leads"); about one shown beat in eleven is one.
  expect_noisy_lead({"203", {97.5, 81.5}, {98.5, 90.0}, 0.70});
}

// 101 V1 is mostly noise (QRS ~0.1 mV, periodic noise as large): the raw detection is
// meaningless (every noise cycle can pass as a beat), so the quality must withhold nearly all of
// it.
TEST(MitdbSecondLeadGolden, AFlatNoisyLeadIsWithheld) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/101.hea");
  const Lead lead = load_second_lead(hea, "101");
  for (const auto mode : {EcgDetectionMode::kOffline, EcgDetectionMode::kCausal}) {
    const LeadScore s = score_and_print(lead, mode);
    EXPECT_LE(static_cast<double>(s.shown_seconds), 0.1 * static_cast<double>(s.scored_seconds))
        << lead.name << " " << mode_name(mode);
  }
}

}  // namespace
}  // namespace resonant::dsp
