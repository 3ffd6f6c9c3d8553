// Golden tests of the respiration estimates on NeuroKit2's real recordings
// (../shared/data/neurokit/, 100 Hz): the belt (RSP) gives the reference rate, itself checked
// against an independent breath count; RSA (from our ECG beats), EDR (R amplitude, QRS area),
// PPG (RIIV, RIAV, RIFV from our PPG pulses) and their fusion are scored on 60 s windows
// (step 5 s) as the share within 1 /min of the belt. Skipped when the data set is absent.
//
// Window reference rate (the same for every method): RRest's rate from breath timings over the
// belt's breaths inside the window, 60 / (span of the breath times / (n - 1))
// (window_reference.hpp). It is not a breath count per 60 s (which moves by a whole breath per
// minute).
#include <resonant/dsp/breath_statistics.hpp>
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/respiration_edr.hpp>
#include <resonant/dsp/respiration_edr_pca.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_ppg.hpp>
#include <resonant/dsp/respiration_rsa.hpp>
#include <resonant/dsp/respiration_tracking.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <utility>
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

constexpr double kFs = 100.0;
constexpr double kWindowS = 60.0;
constexpr double kStepS = 5.0;
constexpr double kAgreeBpm = 1.0;

// Independent breath count, sharing nothing with BeltRespiration (no IIR filter, no
// hysteresis, no phase correction; zero-phase and non-causal): the belt smoothed by a centred
// 0.5 s boxcar; a breath is a local maximum of it over +-1 s whose prominence (height above
// the higher of the minima in the 3 s before and after) is at least 15 % of the signal's range
// over +-15 s. Checked by eye on plots of 100-300 s (one count per visible inhalation bump).
std::vector<double> counted_peaks_s(const std::vector<float>& x) {
  const auto n = x.size();
  std::vector<double> prefix(n + 1, 0.0), smooth(n);
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + x[i];
  const auto half = static_cast<std::size_t>(0.25 * kFs);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t lo = i >= half ? i - half : 0, hi = std::min(n, i + half + 1);
    smooth[i] = (prefix[hi] - prefix[lo]) / static_cast<double>(hi - lo);
  }
  const auto extreme = [&](std::size_t lo, std::size_t hi, bool want_max) {
    double v = smooth[lo];
    for (std::size_t i = lo; i < hi; ++i) v = want_max ? std::max(v, smooth[i]) : std::min(v, smooth[i]);
    return v;
  };
  const auto span = [&](std::size_t i, double s) {
    const auto d = static_cast<std::size_t>(s * kFs);
    return std::pair<std::size_t, std::size_t>{i >= d ? i - d : 0, std::min(n, i + d + 1)};
  };
  std::vector<double> peaks;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const auto [lo1, hi1] = span(i, 1.0);
    if (smooth[i] < extreme(lo1, hi1, true)) continue;
    if (!peaks.empty() && static_cast<double>(i) / kFs - peaks.back() < 1.0) continue;  // plateau
    const auto [lo3, hi3] = span(i, 3.0);
    const double prominence = smooth[i] - std::max(extreme(lo3, i + 1, false), extreme(i, hi3, false));
    const auto [lo15, hi15] = span(i, 15.0);
    const double range = extreme(lo15, hi15, true) - extreme(lo15, hi15, false);
    if (prominence >= 0.15 * range) peaks.push_back(static_cast<double>(i) / kFs);
  }
  return peaks;
}

// Rate from counted peaks in [t0, t1]: 60 x (intervals) / (their span).
double counted_rate(const std::vector<double>& peaks, double t0, double t1) {
  std::vector<double> in;
  for (const double p : peaks) {
    if (p >= t0 && p <= t1) in.push_back(p);
  }
  if (in.size() < 3) return std::nan("");
  return 60.0 * static_cast<double>(in.size() - 1) / (in.back() - in.front());
}

// Belt peaks vs counted peaks: each matched within 1 s (both directions), and per-window
// rates computed the same way from both peak lists.
void check_belt_against_count(const char* record, const std::vector<float>& rsp) {
  BeltRespirationConfig config;
  config.sample_rate_hz = kFs;
  const auto breaths = detect_breaths(rsp, config);
  const auto counted = counted_peaks_s(rsp);
  std::vector<double> belt_peaks;
  for (const Breath& b : breaths) belt_peaks.push_back(b.peak_s);
  const auto matched = [](const std::vector<double>& from, const std::vector<double>& to,
                          double t_min, double t_max) {
    std::size_t hit = 0, n = 0;
    for (const double t : from) {
      if (t < t_min || t > t_max) continue;
      ++n;
      for (const double u : to) {
        if (std::abs(u - t) <= 1.0) {
          ++hit;
          break;
        }
      }
    }
    return std::pair<std::size_t, std::size_t>{hit, n};
  };
  // The belt's first breath needs the filter and references to settle, and its last breath
  // needs the next onset: score counted peaks from the first to the last belt breath.
  const double t_min = breaths.front().onset_s, t_max = breaths.back().end_s;
  const auto [count_hit, count_n] = matched(counted, belt_peaks, t_min, t_max);
  const auto [belt_hit, belt_n] = matched(belt_peaks, counted, t_min, t_max);
  const double end_s = static_cast<double>(rsp.size()) / kFs;
  std::size_t agree = 0, windows = 0;
  double worst = 0.0;
  for (double t_end = kWindowS; t_end <= end_s + 1e-9; t_end += kStepS) {
    const double a = counted_rate(belt_peaks, t_end - kWindowS, t_end);
    const double b = counted_rate(counted, t_end - kWindowS, t_end);
    ++windows;
    if (std::abs(a - b) <= kAgreeBpm) ++agree;
    worst = std::max(worst, std::abs(a - b));
  }
  const double count_pct = 100.0 * static_cast<double>(count_hit) / static_cast<double>(count_n);
  const double belt_pct = 100.0 * static_cast<double>(belt_hit) / static_cast<double>(belt_n);
  const double window_pct = 100.0 * static_cast<double>(agree) / static_cast<double>(windows);
  std::printf("[ respiration ] %s belt vs independent count: %zu belt breaths, %zu counted peaks; "
              "counted peaks with a belt peak within 1 s %.1f %% (%zu/%zu), belt peaks with a "
              "counted one %.1f %% (%zu/%zu); 60 s window rates within 1/min %.1f %% (%zu/%zu), "
              "worst %.2f /min\n",
              record, breaths.size(), counted.size(), count_pct, count_hit, count_n, belt_pct,
              belt_hit, belt_n, window_pct, agree, windows, worst);
  for (const double t : belt_peaks) {
    bool hit = false;
    for (const double u : counted) hit = hit || std::abs(u - t) <= 1.0;
    if (!hit && t >= t_min && t <= t_max) {
      std::printf("[ respiration ] %s belt peak without a counted one at %.1f s\n", record, t);
    }
  }
  EXPECT_GE(count_pct, 95.0) << record;
  EXPECT_GE(belt_pct, 95.0) << record;
  // One breath more or less in a 60 s window of ~16 breaths moves its rate by ~1 /min, so the
  // window rates are held to 2.5 /min (measured worst 2.36); the breath-level match above is
  // the sharp test.
  EXPECT_LE(worst, 2.5) << record;

  // The whole record's breathing (breath_statistics, the analyze report's figures) against the
  // count: 60 / the median interval between counted peaks, over the same span.
  std::vector<double> counted_intervals_s;
  for (std::size_t k = 1; k < counted.size(); ++k) {
    if (counted[k - 1] >= t_min && counted[k] <= t_max) {
      counted_intervals_s.push_back(counted[k] - counted[k - 1]);
    }
  }
  ASSERT_FALSE(counted_intervals_s.empty()) << record;
  std::sort(counted_intervals_s.begin(), counted_intervals_s.end());
  const double counted_median_bpm = 60.0 / counted_intervals_s[counted_intervals_s.size() / 2];
  const auto stats = breath_statistics(breaths);
  std::printf("[ respiration ] %s breath statistics: %zu breaths (%zu left out), median %.2f "
              "/min (count %.2f), 10-90 %% %.1f-%.1f /min, I:E 1:%.2f, variability %.0f %%, "
              "longest %.1f s at %.0f s\n",
              record, stats.breaths, stats.left_out, stats.median_rate_bpm, counted_median_bpm,
              stats.rate_p10_bpm, stats.rate_p90_bpm, stats.exhale_per_inhale,
              stats.duration_cv_pct, stats.longest_breath_s, stats.longest_breath_onset_s);
  // Within the 1 /min: the count drops the belt's few small bumps (above), which
  // lengthens some of its intervals (measured: resting 16.65 against 16.00, event-related
  // 18.40 against 18.24).
  EXPECT_NEAR(stats.median_rate_bpm, counted_median_bpm, 1.0) << record;
}

std::vector<RrInterval> nn_from_beats(const std::vector<DetectedBeat>& beats) {
  std::vector<RrInterval> nn;
  for (std::size_t k = 1; k < beats.size(); ++k) {
    const double t = beats[k].sample_index / kFs;
    const double rr = (beats[k].sample_index - beats[k - 1].sample_index) / kFs * 1000.0;
    if (is_plausible_rr_ms(rr)) nn.push_back({t, rr, false});
  }
  return nn;
}

struct Score : testing_resp::WindowShare {
  explicit Score(std::string n) : name(std::move(n)) {}
  std::string name;
  void print(const char* record) const {
    std::printf("[ respiration ] %s %-14s within 1/min of belt: %5.1f %% (%zu/%zu windows, "
                "%zu with an estimate), mean |error| %.2f /min\n",
                record, name.c_str(), pct(), agree, total, valid,
                mean_abs_error());
  }
};

// The tracked rate (respiration_tracking.hpp) in both forms: the causal one window by window
// (as the live metrics run it) and the batch Viterbi path once all windows are in.
using testing_resp::TrackedScorer;

using testing_resp::AttemptScorer;


SpectralRateConfig window_config() {
  SpectralRateConfig c;
  c.window_s = kWindowS;
  return c;
}

TEST(RespirationNeurokit, BeltMatchesAnIndependentCount) {
  RESONANT_REQUIRE_SHARED_DATA(resting, "neurokit/bio_resting_5min_100hz.csv");
  RESONANT_REQUIRE_SHARED_DATA(event, "neurokit/bio_eventrelated_100hz.csv");
  check_belt_against_count("resting", testing::read_whole_record_at(resting, kFs).channel("RSP"));
  check_belt_against_count("event-related",
                           testing::read_whole_record_at(event, kFs).channel("RSP"));
}

TEST(RespirationNeurokit, SurrogatesAgainstTheBelt) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_resting_5min_100hz.csv");
  const auto table = testing::read_whole_record_at(csv, kFs);
  const auto& ecg = table.channel("ECG");
  const auto& ppg = table.channel("PPG");
  const auto& rsp = table.channel("RSP");
  const double end_s = static_cast<double>(rsp.size()) / kFs;

  BeltRespirationConfig belt_config;
  belt_config.sample_rate_hz = kFs;
  const auto breaths = detect_breaths(rsp, belt_config);
  const auto breath_times = testing_resp::breath_times_s(breaths);

  EcgDetectorConfig ecg_config;
  ecg_config.sample_rate_hz = kFs;
  const auto beats = detect_ecg_beats(ecg, ecg_config);
  PpgDetectorConfig ppg_config;
  ppg_config.sample_rate_hz = kFs;
  const auto pulses = detect_ppg_beats(ppg, ppg_config);

  const auto nn = nn_from_beats(beats);
  EdrConfig edr_config;
  edr_config.sample_rate_hz = kFs;
  const auto edr = edr_beats(ecg, beats, edr_config);
  PpgRespirationConfig ppg_resp_config;
  ppg_resp_config.sample_rate_hz = kFs;
  const auto ppg_features = ppg_pulse_features(ppg, pulses, ppg_resp_config);

  const auto cfg = window_config();
  const auto rsa = rsa_respiration_rates(nn, kWindowS, kStepS, cfg);
  const auto edr_rates = edr_respiration_rates(edr, kWindowS, kStepS, cfg);
  const auto ppg_rates = ppg_respiration_rates(ppg_features, kWindowS, kStepS, cfg);
  EdrPcaConfig pca_config;
  pca_config.sample_rate_hz = kFs;
  const auto pca = edr_pca_respiration_rates(edr_pca_beats(ecg, beats, pca_config), kWindowS,
                                             kStepS, cfg);
  AttemptScorer attempt;
  const auto edr_series_both = edr_series(edr);
  const auto ppg_feature_series = ppg_series(ppg_features);
  testing_resp::CountRefinementScorer count(
      "neurokit resting",
      {rsa_series(nn), edr_series_both.r_amplitude, edr_series_both.qrs_area,
       ppg_feature_series.intensity, ppg_feature_series.amplitude, ppg_feature_series.frequency},
      cfg);

  Score s_rsa{"RSA"}, s_edr_a{"EDR amplitude"}, s_edr_q{"EDR area"},
      s_riiv{"PPG RIIV"}, s_riav{"PPG RIAV"}, s_rifv{"PPG RIFV"}, s_fused{"fused"},
      s_tracked{"tracked"}, s_causal{"causal tracked"};
  TrackedScorer tracker;
  const auto decimated = testing_resp::decimate_belt(std::span<const float>(rsp), kFs);
  std::vector<bool> clear;
  std::size_t w = 0;
  for (double t_end = kWindowS; t_end <= end_s + 1e-9; t_end += kStepS, ++w) {
    const double belt_bpm =
        testing_resp::window_reference_bpm(breath_times, t_end - kWindowS, t_end);
    ASSERT_TRUE(std::isfinite(belt_bpm));
    if (w >= rsa.size() || w >= edr_rates.size() || w >= ppg_rates.size() || w >= pca.size()) {
      break;
    }
    s_rsa.add(rsa[w].rate_bpm, belt_bpm);
    s_edr_a.add(edr_rates[w].r_amplitude.rate_bpm, belt_bpm);
    s_edr_q.add(edr_rates[w].qrs_area.rate_bpm, belt_bpm);
    s_riiv.add(ppg_rates[w].intensity.rate_bpm, belt_bpm);
    s_riav.add(ppg_rates[w].amplitude.rate_bpm, belt_bpm);
    s_rifv.add(ppg_rates[w].frequency.rate_bpm, belt_bpm);
    const SourcedRate estimates[] = {
        {RespirationSource::kRsa, rsa[w]},
        {RespirationSource::kEdrAmplitude, edr_rates[w].r_amplitude},
        {RespirationSource::kEdrArea, edr_rates[w].qrs_area},
        {RespirationSource::kPpgIntensity, ppg_rates[w].intensity},
        {RespirationSource::kPpgAmplitude, ppg_rates[w].amplitude},
        {RespirationSource::kPpgFrequency, ppg_rates[w].frequency},
    };
    const FusedRespiration fused = fuse_respiration(std::nullopt, estimates);
    s_fused.add(fused.rate_bpm, belt_bpm);
    tracker.push(t_end, estimates, belt_bpm);
    clear.push_back(testing_resp::check_reference(decimated, t_end, kWindowS, belt_bpm).clear);
    attempt.push(t_end, estimates, pca[w], belt_bpm);
    count.push(t_end, estimates, belt_bpm);
    std::printf("[ respiration ] resting window ending %3.0f s: belt %5.2f (live belt q %.2f) | "
                "RSA %5.2f (%.2f) EDRa %5.2f (%.2f) EDRq %5.2f (%.2f) RIIV %5.2f (%.2f) "
                "RIAV %5.2f (%.2f) RIFV %5.2f (%.2f) -> fused %5.2f (%.2f, %s, %zu)\n",
                t_end, belt_bpm,
                belt_respiration_rate(breaths, t_end - kWindowS, t_end).quality,
                rsa[w].rate_bpm, rsa[w].quality, edr_rates[w].r_amplitude.rate_bpm,
                edr_rates[w].r_amplitude.quality, edr_rates[w].qrs_area.rate_bpm,
                edr_rates[w].qrs_area.quality, ppg_rates[w].intensity.rate_bpm,
                ppg_rates[w].intensity.quality, ppg_rates[w].amplitude.rate_bpm,
                ppg_rates[w].amplitude.quality, ppg_rates[w].frequency.rate_bpm,
                ppg_rates[w].frequency.quality, fused.rate_bpm, fused.quality,
                std::string(to_string(fused.source)).c_str(), fused.used);
  }
  tracker.score(s_tracked, s_causal);
  for (const Score* s : {&s_rsa, &s_edr_a, &s_edr_q, &s_riiv, &s_riav, &s_rifv, &s_fused,
                         &s_tracked, &s_causal}) {
    s->print("resting");
  }
  attempt.print("resting");
  count.report(tracker.path(), tracker.causal_rates(), tracker.causal_qualities());
  const auto clear_scores = testing_resp::score_clear_windows(
      "neurokit resting", tracker.references(), tracker.path(), tracker.causal_rates(), count,
      clear);
  // Regression floors, NOT the acceptance (>= 90 % within 1 /min), which this record
  // does not meet: its shallow breathing with end-expiratory pauses (~16 /min) modulates HR,
  // R amplitude and the PPG less than a ~6 /min cardiovascular (Mayer) wave does, so every
  // surrogate locks on 6 /min in about half the windows (see dsp/docs/respiration.md).
  EXPECT_GE(s_rsa.pct(), 20.0);
  EXPECT_GE(s_fused.pct(), 15.0);
  // Tracked (respiration_tracking.hpp): batch 18.8 %, causal 33.3 % (the Mayer wave is a
  // steady track too, so tracking cannot tell it from breathing).
  EXPECT_GE(s_tracked.pct(), 15.0);
  EXPECT_GE(s_causal.pct(), 25.0);
  // Refined by counting cycles (respiration_count.hpp): batch 20.8 %, causal 35.4 %.
  EXPECT_GE(count.counted_batch_share.pct(), 15.0);
  EXPECT_GE(count.counted_causal_share.pct(), 30.0);
  // Windows with a clear reference (reference_quality.hpp): 26 of 48 (the belt's breath timing
  // and its own spectral peak disagree in the others: pauses, sighs); counted 38.5 % (10)
  // batch, 46.2 % (12) causal; the Mayer wave is as present in the clear windows.
  EXPECT_GE(clear_scores.clear, 20u);
  EXPECT_GE(clear_scores.counted.pct(), 30.0);
  EXPECT_GE(clear_scores.counted_causal.pct(), 38.0);
  // Shown only when clear (dsp::kMinShownBreathingQuality): the Mayer-wave windows are not
  // clear, so a person is told the rate is unclear instead of shown ~6 /min. Measured: clear
  // in 2 of 48 windows (batch and causal), both within 1 /min; none of the 38 (batch) / 31
  // (causal) wrong windows is shown.
  EXPECT_LE(count.shown_batch.total - count.shown_batch.agree, 1u);
  EXPECT_LE(count.shown_causal.total - count.shown_causal.agree, 1u);
  // QRS-shape PCA EDR alone (not in the shipped path): 16.7 %, mean |error| 3.62 /min.
  EXPECT_LE(attempt.pca().mean_abs_error(), 4.5);
}

// The event-related record has ECG and a belt but no PPG: RSA and EDR only. Regression floors
// again (measured: see dsp/docs/respiration.md), not the 90 %.
TEST(RespirationNeurokit, EcgSurrogatesAgainstTheBeltEventRelated) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_eventrelated_100hz.csv");
  const auto table = testing::read_whole_record_at(csv, kFs);
  const auto& ecg = table.channel("ECG");
  const auto& rsp = table.channel("RSP");
  const double end_s = static_cast<double>(rsp.size()) / kFs;
  BeltRespirationConfig belt_config;
  belt_config.sample_rate_hz = kFs;
  const auto breaths = detect_breaths(rsp, belt_config);
  const auto breath_times = testing_resp::breath_times_s(breaths);
  EcgDetectorConfig ecg_config;
  ecg_config.sample_rate_hz = kFs;
  const auto beats = detect_ecg_beats(ecg, ecg_config);
  EdrConfig edr_config;
  edr_config.sample_rate_hz = kFs;
  const auto cfg = window_config();
  const auto nn = nn_from_beats(beats);
  const auto edr_features = edr_beats(ecg, beats, edr_config);
  const auto rsa = rsa_respiration_rates(nn, kWindowS, kStepS, cfg);
  const auto edr = edr_respiration_rates(edr_features, kWindowS, kStepS, cfg);
  EdrPcaConfig pca_config;
  pca_config.sample_rate_hz = kFs;
  const auto pca = edr_pca_respiration_rates(edr_pca_beats(ecg, beats, pca_config), kWindowS,
                                             kStepS, cfg);
  AttemptScorer attempt;
  const auto edr_series_both = edr_series(edr_features);
  testing_resp::CountRefinementScorer count(
      "neurokit event-related",
      {rsa_series(nn), edr_series_both.r_amplitude, edr_series_both.qrs_area}, cfg);
  Score s_rsa{"RSA"}, s_edr_a{"EDR amplitude"}, s_edr_q{"EDR area"}, s_fused{"fused"},
      s_tracked{"tracked"}, s_causal{"causal tracked"};
  TrackedScorer tracker;
  const auto decimated = testing_resp::decimate_belt(std::span<const float>(rsp), kFs);
  std::vector<bool> clear;
  std::size_t w = 0;
  for (double t_end = kWindowS; t_end <= end_s + 1e-9; t_end += kStepS, ++w) {
    if (w >= rsa.size() || w >= edr.size() || w >= pca.size()) break;
    const double belt_bpm =
        testing_resp::window_reference_bpm(breath_times, t_end - kWindowS, t_end);
    ASSERT_TRUE(std::isfinite(belt_bpm));
    s_rsa.add(rsa[w].rate_bpm, belt_bpm);
    s_edr_a.add(edr[w].r_amplitude.rate_bpm, belt_bpm);
    s_edr_q.add(edr[w].qrs_area.rate_bpm, belt_bpm);
    const SourcedRate estimates[] = {{RespirationSource::kRsa, rsa[w]},
                                     {RespirationSource::kEdrAmplitude, edr[w].r_amplitude},
                                     {RespirationSource::kEdrArea, edr[w].qrs_area}};
    s_fused.add(fuse_respiration(std::nullopt, estimates).rate_bpm, belt_bpm);
    tracker.push(t_end, estimates, belt_bpm);
    clear.push_back(testing_resp::check_reference(decimated, t_end, kWindowS, belt_bpm).clear);
    attempt.push(t_end, estimates, pca[w], belt_bpm);
    count.push(t_end, estimates, belt_bpm);
  }
  tracker.score(s_tracked, s_causal);
  for (const Score* s : {&s_rsa, &s_edr_a, &s_edr_q, &s_fused, &s_tracked, &s_causal}) {
    s->print("event-related");
  }
  attempt.print("event-related");
  count.report(tracker.path(), tracker.causal_rates(), tracker.causal_qualities());
  const auto clear_scores = testing_resp::score_clear_windows(
      "neurokit event-related", tracker.references(), tracker.path(), tracker.causal_rates(),
      count, clear);
  EXPECT_GT(s_rsa.total, 15u);
  EXPECT_GE(s_edr_q.pct(), 10.0);
  // Tracked: batch and causal 16.7 % (3/18), mean |error| 1.81 /min against the fusion's 7.78.
  EXPECT_LE(s_tracked.abs_error_sum / static_cast<double>(s_tracked.valid), 2.5);
  // Refined by counting cycles: 11.1 % (2/18) both forms, mean |error| 1.86 /min.
  EXPECT_LE(count.counted_batch_share.mean_abs_error(), 2.5);
  EXPECT_LE(count.counted_causal_share.mean_abs_error(), 2.5);
  // Clear reference: 14 of 18 windows; counted 14.3 % (2), mean |error| 1.75 /min.
  EXPECT_GE(clear_scores.clear, 12u);
  EXPECT_LE(clear_scores.counted.mean_abs_error(), 2.5);
  // Shown only when clear: clear in 4 of 18 windows, 2 of them within 1 /min (this record's
  // surrogates cycle 1-2 /min faster than its belt throughout, clear or not).
  EXPECT_LE(count.shown_batch.total, 8u);
  EXPECT_LE(count.shown_batch.total - count.shown_batch.agree, 3u);
  EXPECT_LE(count.shown_batch.mean_abs_error(), 2.5);
}

}  // namespace
}  // namespace resonant::dsp
