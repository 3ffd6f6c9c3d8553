// Golden tests on MIT-BIH Arrhythmia Database records (../shared/data/mitdb): the ECG detector
// (offline and causal) against the reference beat annotations (ANSI/AAMI EC57 with bxb's
// rules: 150 ms match window, scored from 5 min to the record end), per record and gross,
// and time-domain HRV of record 100 against physiology-and-metrics.md §9.3; on nsr2db, the
// sliding window over a day and how close an RMSSD is when it is first shown.
// Skipped with a message when the shared data set is absent.
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/records/annotations.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"
#include "ec57_scorer.hpp"
#include "mitdb_record.hpp"
#include "test_support.hpp"

namespace resonant::dsp {
namespace {

constexpr double kMatchWindowS = 0.150;  // EC57 / bxb default (HRV pairing below)

using Record = test::MitdbLead;
using Floors = test::Ec57Floors;
using test::mode_name;

Record load_record(const std::filesystem::path& dat_path) {
  return test::load_mitdb_lead(dat_path, 0);  // MLII, the first signal in these records
}

// EC57 (bxb rules, tests/support/ec57_scorer): 150 ms window, from 5 min, to the record end.
testing::Ec57Result score(const Record& rec, EcgDetectionMode mode) {
  EcgDetectorConfig config;
  config.sample_rate_hz = rec.fs;
  const auto detected = test::times_s(detect_ecg_beats(rec.ecg_mv, config, mode), rec.fs);
  testing::Ec57Options options;
  options.record_end_s = rec.duration_s();
  return testing::ec57_compare(rec.beat_times_s(), detected, options, rec.vf);
}

void score_record(const std::string& name, EcgDetectionMode mode, const Floors& floors) {
  RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/" + name + ".dat");
  const Record rec = load_record(dat);
  ASSERT_EQ(rec.fs, 360.0);
  ASSERT_EQ(rec.ecg_mv.size(), 650000u);
  const auto m = score(rec, mode);
  std::printf("[ mitdb %s %s ] EC57 from 5 min: %s\n", name.c_str(), mode_name(mode),
              testing::ec57_summary(m).c_str());
  ::testing::Test::RecordProperty("Se_pct", std::to_string(m.sensitivity_pct()));
  ::testing::Test::RecordProperty("PPV_pct", std::to_string(m.positive_predictivity_pct()));
  EXPECT_GE(m.sensitivity_pct(), floors.sensitivity_pct);
  EXPECT_GE(m.positive_predictivity_pct(), floors.positive_predictivity_pct);
}

// Per-record floors, offline | causal, each about half a percent under the measured figure
// (dsp/docs/ecg.md; 203 about one percent: it moves most with any change).
// physiology-and-metrics.md §9.1: record 100 is easy; an acceptable detector reaches
// Se >= 99.9 % and +P >= 99.9 % from 5 min (>= 1900 of 1902 beats). Measured: 100 / 100 %.
TEST(MitdbGolden, Record100) {
  score_record("100", EcgDetectionMode::kOffline, {99.9, 99.9});  // measured 100 / 100
  score_record("100", EcgDetectionMode::kCausal, {99.9, 99.9});   // 99.95 / 100 (last beat)
}
TEST(MitdbGolden, Record101) {
  score_record("101", EcgDetectionMode::kOffline, {99.5, 99.5});  // measured 100 / 99.87
  score_record("101", EcgDetectionMode::kCausal, {99.5, 99.5});   // measured 100 / 99.87
}
TEST(MitdbGolden, Record103) {
  score_record("103", EcgDetectionMode::kOffline, {99.5, 99.5});  // measured 100 / 100
  score_record("103", EcgDetectionMode::kCausal, {99.5, 99.5});   // measured 100 / 100
}
// PVC-rich (106, 119) and AF with multiform PVCs, flutter and heavy noise (203, "very
// difficult, even for humans"). NeuroKit2's default detector: 203 Se 91.9 %, +P 99.1 %.
TEST(MitdbGolden, Record106) {
  score_record("106", EcgDetectionMode::kOffline, {99.4, 99.4});  // measured 100 / 99.94
  score_record("106", EcgDetectionMode::kCausal, {99.4, 99.4});   // measured 100 / 100
}
TEST(MitdbGolden, Record119) {
  score_record("119", EcgDetectionMode::kOffline, {99.4, 99.4});  // measured 100 / 99.94
  score_record("119", EcgDetectionMode::kCausal, {99.4, 99.4});   // measured 100 / 100
}
TEST(MitdbGolden, Record203) {
  score_record("203", EcgDetectionMode::kOffline, {98.0, 98.0});  // measured 98.95 / 99.19
  score_record("203", EcgDetectionMode::kCausal, {98.3, 97.6});   // measured 99.23 / 98.76
}

// Issue 4 targets, gross (TP, FN, FP pooled over the six records, EC57's gross statistics):
// offline >= 99.7 % Se and +P, causal (the live detector) >= 99.5 %.
void expect_gross(EcgDetectionMode mode, double target_pct) {
  testing::Ec57Counts gross;
  for (const std::string name : {"100", "101", "103", "106", "119", "203"}) {
    RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/" + name + ".dat");
    gross += score(load_record(dat), mode);
  }
  std::printf("[ mitdb gross %s ] EC57 from 5 min, 6 records: %s\n", mode_name(mode),
              testing::ec57_summary(gross).c_str());
  EXPECT_GE(gross.sensitivity_pct(), target_pct);
  EXPECT_GE(gross.positive_predictivity_pct(), target_pct);
}

TEST(MitdbGolden, GrossOffline) { expect_gross(EcgDetectionMode::kOffline, 99.7); }
TEST(MitdbGolden, GrossCausal) { expect_gross(EcgDetectionMode::kCausal, 99.5); }

TEST(MitdbGolden, StreamingReportsRespectTheLatencyBound) {
  RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/203.dat");  // the hardest: most search-backs
  const Record rec = load_record(dat);
  EcgDetectorConfig config;
  config.sample_rate_hz = rec.fs;
  EcgBeatDetector detector(config);
  const auto beats = test::run_streaming(detector, rec.ecg_mv);
  ASSERT_GT(beats.size(), 2800u);
  double worst_s = 0.0;
  std::size_t search_back = 0;
  const double learning_end = detector.learning_s() * rec.fs;
  for (const auto& b : beats) {
    const double delay_s = (static_cast<double>(b.reported_at) - b.beat.sample_index) / rec.fs;
    EXPECT_LE(delay_s, detector.max_latency_s());
    // Learning-period beats are handed over when learning ends (max_latency_s() bound only).
    if (!b.beat.found_by_search_back && b.beat.sample_index >= learning_end) {
      EXPECT_LE(delay_s, detector.latency_s());
      worst_s = std::max(worst_s, delay_s);
    } else {
      ++search_back;
    }
  }
  std::printf("[ mitdb 203 ] streaming: %zu beats, %zu by search-back, worst threshold-beat "
              "delay %.3f s (bound %.3f s)\n",
              beats.size(), search_back, worst_s, detector.latency_s());
}

// N-N intervals as §9.3 defines them: both ends annotated N; an interval after a non-N beat
// starts a new run (no successive difference across it).
std::vector<RrInterval> nn_intervals(const std::vector<double>& times_s,
                                     const std::vector<bool>& usable, double until_s) {
  std::vector<RrInterval> nn;
  bool previous_was_nn = false;
  for (std::size_t i = 1; i < times_s.size(); ++i) {
    const bool is_nn = usable[i] && usable[i - 1];
    if (is_nn && times_s[i] <= until_s) {
      nn.push_back({times_s[i], (times_s[i] - times_s[i - 1]) * 1000.0, !previous_was_nn});
    }
    previous_was_nn = is_nn;
  }
  return nn;
}

TEST(MitdbGolden, Record100HrvFromReferenceAnnotations) {
  RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/100.dat");
  const Record rec = load_record(dat);
  std::vector<bool> is_n;
  for (const int code : rec.beat_codes) is_n.push_back(records::annotation_symbol(code) == 'N');
  const auto times = rec.beat_times_s();
  // §9.3, to within rounding (the table gives 0.1 ms): first 5 min (t <= 300 s) and whole.
  const auto first = time_domain_hrv(nn_intervals(times, is_n, 300.0));
  EXPECT_EQ(first.nn_count, 362u);
  EXPECT_NEAR(first.mean_nn_ms, 809.1, 0.05);
  EXPECT_NEAR(first.sdnn_ms, 25.4, 0.05);
  EXPECT_NEAR(first.rmssd_ms, 25.9, 0.05);
  EXPECT_NEAR(first.pnn50_pct, 3.08, 0.005);     // NN50 11 over 357 differences
  EXPECT_NEAR(first.mean_hr_bpm, 74.16, 0.005);
  const auto whole = time_domain_hrv(nn_intervals(times, is_n, 1e9));
  EXPECT_EQ(whole.nn_count, 2204u);
  EXPECT_NEAR(whole.mean_nn_ms, 795.0, 0.05);
  EXPECT_NEAR(whole.sdnn_ms, 36.0, 0.05);
  EXPECT_NEAR(whole.rmssd_ms, 27.5, 0.05);
  EXPECT_NEAR(whole.pnn50_pct, 5.35, 0.005);     // NN50 116 over 2169 differences
  EXPECT_NEAR(whole.mean_hr_bpm, 75.47, 0.005);
}

TEST(MitdbGolden, Record100HrvFromTheDetector) {
  // The detector's R times on MLII, on the same N-N pairs as the reference (each detected beat
  // matched to its annotation within 150 ms; a pair counts when both ends are N and matched).
  // This isolates fiducial jitter, which inflates RMSSD (§9.3: meanNN within ~1 ms, RMSSD
  // within a few %).
  RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/100.dat");
  const Record rec = load_record(dat);
  EcgDetectorConfig config;
  config.sample_rate_hz = rec.fs;
  const auto detected = test::times_s(detect_ecg_beats(rec.ecg_mv, config), rec.fs);
  const auto ref_times = rec.beat_times_s();
  testing::Ec57Options whole;  // the whole record: HRV is computed from the start
  whole.match_window_s = kMatchWindowS;
  whole.start_s = 0.0;
  whole.record_end_s = rec.duration_s();
  const auto m = testing::ec57_compare(ref_times, detected, whole);

  std::vector<bool> is_n_ref, is_n_matched;
  std::vector<double> detected_at_ref(ref_times.size(), 0.0);
  for (std::size_t i = 0; i < ref_times.size(); ++i) {
    const bool n = records::annotation_symbol(rec.beat_codes[i]) == 'N';
    is_n_ref.push_back(n);
    is_n_matched.push_back(n && m.matched_test[i] >= 0);
    if (m.matched_test[i] >= 0) {
      detected_at_ref[i] = detected[static_cast<std::size_t>(m.matched_test[i])];
    }
  }
  const auto reference = time_domain_hrv(nn_intervals(ref_times, is_n_ref, 1e9));
  const auto ours = time_domain_hrv(nn_intervals(detected_at_ref, is_n_matched, 1e9));
  std::printf("[ mitdb 100 HRV ] reference: n %zu meanNN %.2f SDNN %.2f RMSSD %.2f | detector: "
              "n %zu meanNN %.2f SDNN %.2f RMSSD %.2f (%+.2f %%)\n",
              reference.nn_count, reference.mean_nn_ms, reference.sdnn_ms, reference.rmssd_ms,
              ours.nn_count, ours.mean_nn_ms, ours.sdnn_ms, ours.rmssd_ms,
              100.0 * (ours.rmssd_ms / reference.rmssd_ms - 1.0));
  EXPECT_GE(ours.nn_count, reference.nn_count - 2);
  EXPECT_NEAR(ours.mean_nn_ms, reference.mean_nn_ms, 1.0);
  EXPECT_NEAR(ours.rmssd_ms, reference.rmssd_ms, 0.05 * reference.rmssd_ms);
  EXPECT_NEAR(ours.sdnn_ms, reference.sdnn_ms, 0.05 * reference.sdnn_ms);

  // For the record: every detected interval with only the plausibility guard (the 33 A and
  // 1 V beats stay in, so RMSSD is not comparable to the N-N figure; NeuroKit2 reports 66.5).
  std::vector<RrInterval> all;
  bool after_gap = true;
  for (std::size_t j = 1; j < detected.size(); ++j) {
    const double rr_ms = (detected[j] - detected[j - 1]) * 1000.0;
    if (!is_plausible_rr_ms(rr_ms)) {
      after_gap = true;
      continue;
    }
    all.push_back({detected[j], rr_ms, after_gap});
    after_gap = false;
  }
  const auto raw = time_domain_hrv(all);
  std::printf("[ mitdb 100 HRV ] all detected intervals (guard only): n %zu meanNN %.2f SDNN "
              "%.2f RMSSD %.2f\n",
              raw.nn_count, raw.mean_nn_ms, raw.sdnn_ms, raw.rmssd_ms);
  EXPECT_NEAR(raw.mean_nn_ms, reference.mean_nn_ms, 1.0);  // ectopics barely move the mean
}

// A record's reference beats (nsr2db annotations count samples at 128 Hz): times (s) and
// whether each beat is normal.
std::pair<std::vector<double>, std::vector<bool>> nsr2db_beats(const std::filesystem::path& ann) {
  std::vector<double> t;
  std::vector<bool> is_n;
  for (const auto& a : records::read_mit_annotations(ann)) {
    if (!records::is_ec57_beat(a.code)) continue;
    t.push_back(static_cast<double>(a.sample) / 128.0);
    is_n.push_back(a.symbol == 'N');
  }
  return {t, is_n};
}

TEST(Nsr2dbGolden, SlidingWindowMatchesBatchOverADay) {
  // 22.5 h of real beats (nsr001, 128 Hz time base): the sliding window and the batch function
  // agree to 1e-6 ms over N-N intervals at the end of the record, for 5 min and for everything.
  RESONANT_REQUIRE_SHARED_DATA(ann, "nsr2db/nsr001.ecg");
  const auto [t, is_n] = nsr2db_beats(ann);
  ASSERT_GT(t.size(), 100000u);
  auto nn = nn_intervals(t, is_n, 1e9);
  std::vector<RrInterval> guarded;
  for (auto r : nn) {
    if (is_plausible_rr_ms(r.rr_ms)) guarded.push_back(r);
  }
  SlidingTimeDomainHrv five_min(300.0);
  SlidingTimeDomainHrv whole(std::numeric_limits<double>::infinity());
  for (const auto& r : guarded) {
    five_min.push(r);
    whole.push(r);
  }
  const auto batch = time_domain_hrv(guarded);
  const auto w = whole.current();
  EXPECT_EQ(w.nn_count, batch.nn_count);
  EXPECT_EQ(w.diff_count, batch.diff_count);
  EXPECT_NEAR(w.mean_nn_ms, batch.mean_nn_ms, 1e-6);
  EXPECT_NEAR(w.sdnn_ms, batch.sdnn_ms, 1e-6);
  EXPECT_NEAR(w.rmssd_ms, batch.rmssd_ms, 1e-6);
  std::size_t first = guarded.size() - 1;
  while (first > 0 && guarded[first - 1].t_s >= guarded.back().t_s - 300.0) --first;
  const auto last5 = time_domain_hrv(
      std::span<const RrInterval>(guarded.data() + first, guarded.size() - first));
  EXPECT_EQ(five_min.current().nn_count, last5.nn_count);
  EXPECT_NEAR(five_min.current().rmssd_ms, last5.rmssd_ms, 1e-6);
  EXPECT_NEAR(five_min.current().sdnn_ms, last5.sdnn_ms, 1e-6);
  std::printf("[ nsr001 ] %zu N-N intervals over %.1f h: meanNN %.1f ms SDNN %.1f ms RMSSD %.1f "
              "ms\n",
              batch.nn_count, (t.back() - t.front()) / 3600.0, batch.mean_nn_ms, batch.sdnn_ms,
              batch.rmssd_ms);
}

// How far a live RMSSD read early in a window is from the 5-minute figure (Munoz et al. 2015's
// comparison, on a day of real sinus rhythm): per 5-min stretch of N-N intervals without a
// gap, RMSSD over its first 2 intervals (the first figure a window had before the rule), 10 s
// and its first kMinShownHrvSpanS, against the stretch's own RMSSD. The shown figure
// (hrv_is_settled) must be far closer than the first one.
TEST(Nsr2dbGolden, RmssdIsShownOnlyOnceItIsCloseToTheFiveMinuteFigure) {
  RESONANT_REQUIRE_SHARED_DATA(ann, "nsr2db/nsr001.ecg");
  const auto [t, is_n] = nsr2db_beats(ann);
  const auto nn = nn_intervals(t, is_n, 1e9);
  constexpr double kStretchS = 300.0;
  struct Reading {
    const char* name;
    std::vector<double> log_ratio;  // ln(early RMSSD / 5-min RMSSD)
  };
  Reading first_figure{"2 intervals", {}}, ten_s{"10 s", {}}, shown{"first shown", {}},
      minute{"60 s", {}};
  std::size_t begin = 0;
  while (begin < nn.size()) {
    if (!is_plausible_rr_ms(nn[begin].rr_ms)) {
      ++begin;
      continue;
    }
    // The stretch: plausible intervals without a gap, until they span 5 min.
    std::size_t end = begin + 1;
    double span_s = nn[begin].rr_ms / 1000.0;
    while (end < nn.size() && span_s < kStretchS && !nn[end].after_gap &&
           is_plausible_rr_ms(nn[end].rr_ms)) {
      span_s += nn[end++].rr_ms / 1000.0;
    }
    const std::span<const RrInterval> stretch(nn.data() + begin, end - begin);
    begin = end;  // the next stretch starts after a gap here, or skips an implausible interval
    if (span_s < kStretchS) continue;
    const double reference = time_domain_hrv(stretch).rmssd_ms;
    // The first prefix meeting each rule (the window a live display reads at that moment).
    bool got_ten = false, got_shown = false, got_minute = false;
    for (std::size_t k = 2; k <= stretch.size() && !got_minute; ++k) {
      const auto early = time_domain_hrv(stretch.first(k));
      const double r = std::log(early.rmssd_ms / reference);
      if (k == 2) first_figure.log_ratio.push_back(r);
      if (!got_ten && nn_span_s(early) >= 10.0) {
        ten_s.log_ratio.push_back(r);
        got_ten = true;
      }
      if (!got_shown && hrv_is_settled(early)) {
        shown.log_ratio.push_back(r);
        got_shown = true;
      }
      if (nn_span_s(early) >= 60.0) {
        minute.log_ratio.push_back(r);
        got_minute = true;
      }
    }
  }
  ASSERT_GT(shown.log_ratio.size(), 100u);
  auto within_20_pct = [](const std::vector<double>& v) {
    std::size_t n = 0;
    for (const double r : v) n += std::abs(std::exp(r) - 1.0) <= 0.2 ? 1u : 0u;  // 0.8-1.2 x
    return 100.0 * static_cast<double>(n) / static_cast<double>(v.size());
  };
  auto median_abs = [](std::vector<double> v) {
    for (double& r : v) r = std::abs(r);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  for (const Reading* r : {&first_figure, &ten_s, &shown, &minute}) {
    std::printf("[ nsr001 early RMSSD ] %-11s %zu stretches: within 20 %% of the 5-min RMSSD in "
                "%.1f %%, median |ln ratio| %.3f\n",
                r->name, r->log_ratio.size(), within_20_pct(r->log_ratio),
                median_abs(r->log_ratio));
  }
  // Measured: first shown 68.0 % within 20 %, median |ln| 0.128; the first 2 intervals 24.6 %,
  // 0.612; 10 s 50.9 %, 0.207; 60 s 80.7 %, 0.107. Bounds a few points below the shown figures;
  // the first figure must be ≥ 2× as far off, and longer reads closer.
  EXPECT_GE(within_20_pct(shown.log_ratio), 62.0);
  EXPECT_LE(median_abs(shown.log_ratio), 0.16);
  EXPECT_GE(median_abs(first_figure.log_ratio), 2.0 * median_abs(shown.log_ratio));
  EXPECT_GT(median_abs(ten_s.log_ratio), median_abs(shown.log_ratio));
  EXPECT_GT(median_abs(shown.log_ratio), median_abs(minute.log_ratio));
}

}  // namespace
}  // namespace resonant::dsp
