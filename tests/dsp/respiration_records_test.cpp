// ECG-derived breathing rate (RSA, EDR) against a breathing reference on the PhysioNet records
// that have one besides the NeuroKit examples (respiration_neurokit_test.cpp): MIMIC DB
// 03700181 (ECG MCL1 500 Hz, impedance RESP 125 Hz, ICU) and drivedb drive17b (ECG 496 Hz,
// chest-belt RESP 15.5 Hz frame x2 = 31 Hz, driving then rest). The reference rate is RRest's
// rate from the timings of the belt code's breaths (detect_breaths) on the RESP channel inside
// each window (window_reference.hpp); 60 s windows, step 5 s; the score is the share within
// 1 /min. Regression floors (measured minus a margin); the 90 % target is met on MIMIC
// by the shipped (counted) rate, not on drivedb (dsp/docs/respiration.md). Skipped when the
// shared data set is absent.
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/respiration_edr.hpp>
#include <resonant/dsp/respiration_edr_pca.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_rsa.hpp>
#include <resonant/dsp/respiration_tracking.hpp>

#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "count_refinement.hpp"
#include "reference_quality.hpp"
#include "test_support.hpp"
#include "tracked_variants.hpp"
#include "whole_record.hpp"
#include "window_reference.hpp"

namespace resonant::dsp {
namespace {

constexpr double kWindowS = 60.0;
constexpr double kStepS = 5.0;

using Share = testing_resp::WindowShare;

struct RecordScore {
  Share rsa, edr_amplitude, edr_area, fused, tracked, causal;
  // The shipped rates over the windows with a clear reference (reference_quality.hpp).
  testing_resp::ClearScores clear;
  testing_resp::WindowShare pca;  // the QRS-shape PCA EDR alone (not in the shipped path)
  std::size_t windows_without_reference = 0;
  Share counted, counted_causal;  // the tracked rate refined by counting cycles
  // The counted rate over the windows clear enough to show (total = windows shown).
  Share shown, shown_causal;
};

RecordScore score_record(const std::string& name, const std::string& relative,
                         const std::string& ecg_name, const std::string& resp_name) {
  const auto whole = testing::read_whole_record(testing::shared_data_file(relative));
  const auto ecg_info = records::find_channel(whole.info, ecg_name);
  const auto resp_info = records::find_channel(whole.info, resp_name);
  const double ecg_fs = whole.info.channels.at(ecg_info.index).sample_rate_hz;
  const double resp_fs = whole.info.channels.at(resp_info.index).sample_rate_hz;
  const auto& ecg = whole.channels.at(ecg_info.index);
  const auto& resp = whole.channels.at(resp_info.index);

  BeltRespirationConfig belt_config;
  belt_config.sample_rate_hz = resp_fs;
  const auto breaths = detect_breaths(resp, belt_config);
  const auto breath_times = testing_resp::breath_times_s(breaths);
  EcgDetectorConfig ecg_config;
  ecg_config.sample_rate_hz = ecg_fs;
  const auto beats = detect_ecg_beats(ecg, ecg_config);
  std::vector<RrInterval> nn;
  for (std::size_t k = 1; k < beats.size(); ++k) {
    const double rr_ms = (beats[k].sample_index - beats[k - 1].sample_index) / ecg_fs * 1000.0;
    if (is_plausible_rr_ms(rr_ms)) nn.push_back({beats[k].sample_index / ecg_fs, rr_ms, false});
  }
  EdrConfig edr_config;
  edr_config.sample_rate_hz = ecg_fs;
  SpectralRateConfig cfg;
  cfg.window_s = kWindowS;
  const auto rsa = rsa_respiration_rates(nn, kWindowS, kStepS, cfg);
  const auto edr_features = edr_beats(ecg, beats, edr_config);
  const auto edr = edr_respiration_rates(edr_features, kWindowS, kStepS, cfg);
  EdrPcaConfig pca_config;
  pca_config.sample_rate_hz = ecg_fs;
  const auto pca =
      edr_pca_respiration_rates(edr_pca_beats(ecg, beats, pca_config), kWindowS, kStepS, cfg);
  testing_resp::AttemptScorer attempt;
  const auto edr_series_both = edr_series(edr_features);
  testing_resp::CountRefinementScorer count(
      name, {rsa_series(nn), edr_series_both.r_amplitude, edr_series_both.qrs_area}, cfg);

  RecordScore s;
  std::vector<double> ends, references;
  std::vector<std::vector<SourcedRate>> windows;
  RespirationRateTracker live_tracker;  // the causal form, as the live metrics run it
  const auto decimated = testing_resp::decimate_belt(std::span<const float>(resp), resp_fs);
  std::vector<bool> clear;
  std::vector<double> causal, causal_quality;
  const double end_s = static_cast<double>(resp.size()) / resp_fs;
  std::size_t w = 0;
  for (double t_end = kWindowS; t_end <= end_s + 1e-9; t_end += kStepS, ++w) {
    if (w >= rsa.size() || w >= edr.size() || w >= pca.size()) break;
    const double ref_bpm =
        testing_resp::window_reference_bpm(breath_times, t_end - kWindowS, t_end);
    if (!std::isfinite(ref_bpm)) {
      ++s.windows_without_reference;
      continue;
    }
    s.rsa.add(rsa[w].rate_bpm, ref_bpm);
    s.edr_amplitude.add(edr[w].r_amplitude.rate_bpm, ref_bpm);
    s.edr_area.add(edr[w].qrs_area.rate_bpm, ref_bpm);
    const SourcedRate estimates[] = {{RespirationSource::kRsa, rsa[w]},
                                     {RespirationSource::kEdrAmplitude, edr[w].r_amplitude},
                                     {RespirationSource::kEdrArea, edr[w].qrs_area}};
    const FusedRespiration fused = fuse_respiration(std::nullopt, estimates);
    s.fused.add(fused.rate_bpm, ref_bpm);
    ends.push_back(t_end);
    references.push_back(ref_bpm);
    const auto check = testing_resp::check_reference(decimated, t_end, kWindowS, ref_bpm);
    clear.push_back(check.clear);
    windows.emplace_back(std::begin(estimates), std::end(estimates));
    const TrackedRespiration now = live_tracker.push(t_end, estimates);
    causal.push_back(now.rate_bpm);
    causal_quality.push_back(now.quality);
    attempt.push(t_end, estimates, pca[w], ref_bpm);
    count.push(t_end, estimates, ref_bpm);
    std::printf("[ respiration %s ] window ending %4.0f s: reference %5.2f | RSA %5.2f EDRa %5.2f "
                "EDRq %5.2f -> fused %5.2f\n",
                name.c_str(), t_end, ref_bpm, rsa[w].rate_bpm, edr[w].r_amplitude.rate_bpm,
                edr[w].qrs_area.rate_bpm, fused.rate_bpm);
  }
  const auto tracked = track_respiration_rates(ends, windows);
  for (std::size_t i = 0; i < tracked.size(); ++i) {
    s.tracked.add(tracked[i].rate_bpm, references[i]);
    s.causal.add(causal[i], references[i]);
    std::printf("[ respiration %s ] window ending %4.0f s: reference %5.2f%s | tracked %5.2f "
                "(q %.2f) causal %5.2f\n",
                name.c_str(), ends[i], references[i], clear[i] ? "" : " (unclear)",
                tracked[i].rate_bpm, tracked[i].quality, causal[i]);
  }
  attempt.print(name.c_str());
  count.report(tracked, causal, causal_quality);
  s.counted = count.counted_batch_share;
  s.counted_causal = count.counted_causal_share;
  s.shown = count.shown_batch;
  s.shown_causal = count.shown_causal;
  s.pca = attempt.pca();
  s.clear = testing_resp::score_clear_windows(name.c_str(), references, tracked, causal, count,
                                              clear);
  std::printf("[ respiration %s ] %zu windows (%zu without a reference): within 1 /min RSA "
              "%.1f %%, EDR amplitude %.1f %%, EDR area %.1f %%, fused %.1f %%, tracked %.1f %% "
              "(%zu), causal %.1f %% (%zu)\n",
              name.c_str(), s.fused.total, s.windows_without_reference, s.rsa.pct(),
              s.edr_amplitude.pct(), s.edr_area.pct(), s.fused.pct(), s.tracked.pct(),
              s.tracked.agree, s.causal.pct(), s.causal.agree);
  return s;
}

TEST(RespirationRecords, MimicdbImpedanceReference) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mimicdb/03700181.hea");
  const RecordScore s = score_record("mimicdb 03700181", "mimicdb/03700181.hea", "MCL1", "RESP");
  EXPECT_GE(s.fused.total, 100u);
  // Measured: RSA 38.0 %, EDR amplitude 75.9 %, EDR area 73.1 %, fused 78.7 % (108 windows).
  // Floors about 10 points below.
  EXPECT_GE(s.edr_area.pct(), 62.0);
  EXPECT_GE(s.fused.pct(), 65.0);
  // Tracked across windows (respiration_tracking.hpp): batch 77.8 %, causal 77.8 %.
  EXPECT_GE(s.tracked.pct(), 66.0);
  EXPECT_GE(s.causal.pct(), 66.0);
  // Refined by counting cycles (respiration_count.hpp): batch 97.2 %, causal 97.2 % (105).
  EXPECT_GE(s.counted.pct(), 92.0);
  EXPECT_GE(s.counted_causal.pct(), 92.0);
  // Windows with a clear reference (RRest's rule, reference_quality.hpp): 102 of 108; the
  // shipped (counted) rate within 1 /min on 97.1 % (99) batch and causal.
  EXPECT_GE(s.clear.clear, 95u);
  EXPECT_GE(s.clear.counted.pct(), 92.0);
  EXPECT_GE(s.clear.counted_causal.pct(), 92.0);
  // Shown only when clear (dsp::kMinShownBreathingQuality): clear in 63 (batch) / 60 (causal)
  // of 108 windows, within 1 /min on 96.8 % / 96.7 % of those.
  EXPECT_GE(s.shown.total, 50u);
  EXPECT_GE(s.shown_causal.total, 50u);
  EXPECT_GE(s.shown.pct(), 90.0);
  EXPECT_GE(s.shown_causal.pct(), 90.0);
  // QRS-shape PCA EDR alone (not in the shipped path): 73.1 %.
  EXPECT_GE(s.pca.pct(), 58.0);
}

TEST(RespirationRecords, DrivedbBeltReference) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "drivedb/drive17b.hea");
  const RecordScore s = score_record("drivedb drive17b", "drivedb/drive17b.hea", "ECG", "RESP");
  EXPECT_GE(s.fused.total, 250u);
  // Measured: RSA 65.3 %, EDR amplitude 68.0 %, EDR area 67.0 %, fused 66.7 % (294 windows).
  // Floors about 10 points below.
  EXPECT_GE(s.rsa.pct(), 54.0);
  EXPECT_GE(s.fused.pct(), 55.0);
  // Tracked across windows: batch 71.1 %, causal 71.4 %.
  EXPECT_GE(s.tracked.pct(), 60.0);
  EXPECT_GE(s.causal.pct(), 60.0);
  // Refined by counting cycles: batch 82.0 % (241), causal 83.0 % (244).
  EXPECT_GE(s.counted.pct(), 77.0);
  EXPECT_GE(s.counted_causal.pct(), 78.0);
  // Windows with a clear reference: 241 of 294; counted 95.9 % (231) batch and causal.
  EXPECT_GE(s.clear.clear, 225u);
  EXPECT_GE(s.clear.counted.pct(), 91.0);
  EXPECT_GE(s.clear.counted_causal.pct(), 91.0);
  // Shown only when clear: clear in 214 (batch) / 207 (causal) of 294 windows, within 1 /min
  // on 92.5 % / 94.2 % of those (against 82.0 / 83.0 % over all windows).
  EXPECT_GE(s.shown.total, 190u);
  EXPECT_GE(s.shown_causal.total, 185u);
  EXPECT_GE(s.shown.pct(), 88.0);
  EXPECT_GE(s.shown_causal.pct(), 89.0);
  // QRS-shape PCA EDR alone (not in the shipped path): 65.0 %.
  EXPECT_GE(s.pca.pct(), 54.0);
}

// The reference-quality rule itself, on synthetic belts at 25 Hz: a steady 12 /min belt is
// clear; a belt at 10 /min for 30 s then 20 /min has a breath-timing rate (60 / mean interval
// between the window's breaths, ~13 /min) that no single spectral peak matches, so the window
// is not clear.
TEST(ReferenceQuality, SteadyBreathingIsClearAChangeWithinTheWindowIsNot) {
  constexpr double kFs = 25.0;
  const auto belt_at = [&](auto rate_at) {
    std::vector<float> belt;
    double phase = 0.0;
    for (int i = 0; i < static_cast<int>(120.0 * kFs); ++i) {
      phase += 2.0 * 3.141592653589793 * rate_at(i / kFs) / 60.0 / kFs;
      belt.push_back(static_cast<float>(std::sin(phase)));
    }
    return belt;
  };
  BeltRespirationConfig config;
  config.sample_rate_hz = kFs;
  const auto check = [&](const std::vector<float>& belt) {
    const auto breaths = detect_breaths(belt, config);
    const double reference =
        testing_resp::window_reference_bpm(testing_resp::breath_times_s(breaths), 60.0, 120.0);
    const auto decimated = testing_resp::decimate_belt(std::span<const float>(belt), kFs);
    return testing_resp::check_reference(decimated, 120.0, kWindowS, reference);
  };
  const auto steady = check(belt_at([](double) { return 12.0; }));
  EXPECT_NEAR(steady.breaths_bpm, 12.0, 0.1);
  EXPECT_NEAR(steady.spectral_bpm, 12.0, 0.2);
  EXPECT_TRUE(steady.clear);
  const auto change = check(belt_at([](double t) { return t < 90.0 ? 10.0 : 20.0; }));
  EXPECT_GT(std::abs(change.breaths_bpm - change.spectral_bpm), testing_resp::kReferenceAgreeBpm);
  EXPECT_FALSE(change.clear);
}

}  // namespace
}  // namespace resonant::dsp
