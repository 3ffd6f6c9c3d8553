// compute_hrv (hrv_summary.hpp): the combined metric set against its parts, §9.4's synthetic
// vectors, and MIT-BIH 100 from the reference annotations (§9.3; N-N only).
#include <resonant/dsp/hrv_summary.hpp>
#include <resonant/records/annotations.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace resonant::dsp {
namespace {

std::vector<RrInterval> sine_rr(double duration_s, double a_ms, double f_hz) {
  std::vector<RrInterval> out;
  double t = 0.0;
  while (t < duration_s) {
    const double rr = 1000.0 + a_ms * std::sin(2.0 * std::numbers::pi * f_hz * t);
    t += rr / 1000.0;
    out.push_back({t, rr, false});
  }
  return out;
}

TEST(HrvSummary, SyntheticVectorsOfSection94) {
  // Alternating 800/900 ms (300 intervals).
  std::vector<RrInterval> alt;
  double t = 0.0;
  for (int i = 0; i < 300; ++i) {
    const double v = i % 2 == 0 ? 800.0 : 900.0;
    t += v / 1000.0;
    alt.push_back({t, v, false});
  }
  const auto a = compute_hrv(alt);
  EXPECT_NEAR(a.time.mean_nn_ms, 850.0, 1e-9);
  EXPECT_NEAR(a.time.rmssd_ms, 100.0, 1e-9);
  EXPECT_NEAR(a.time.sdnn_ms, 50.08, 0.005);
  EXPECT_NEAR(a.time.pnn50_pct, 100.0, 1e-9);
  EXPECT_NEAR(a.time.mean_hr_bpm, 70.59, 0.005);
  EXPECT_NEAR(a.nonlinear.sd1_ms, 70.8, 0.05);
  EXPECT_EQ(a.nonlinear.sd2_ms, 0.0);
  // 0.1 Hz and 0.25 Hz sines, A = 50 ms, 5 min: §9.4's SDNN / RMSSD to its digits, power in
  // the right band (the band-power accuracy itself is tested in hrv_frequency_test).
  const auto lf = compute_hrv(sine_rr(300.0, 50.0, 0.1));
  EXPECT_NEAR(lf.time.sdnn_ms, 35.4, 0.05);
  EXPECT_NEAR(lf.time.rmssd_ms, 21.8, 0.05);
  EXPECT_EQ(lf.time.pnn50_pct, 0.0);
  EXPECT_GT(lf.frequency.lf_nu, 99.0);
  EXPECT_NEAR(lf.frequency.lf_ms2, 1250.0, 0.02 * 1250.0);
  const auto hf = compute_hrv(sine_rr(300.0, 50.0, 0.25));
  EXPECT_NEAR(hf.time.sdnn_ms, 35.3, 0.05);
  EXPECT_NEAR(hf.time.rmssd_ms, 49.9, 0.05);
  EXPECT_GT(hf.frequency.hf_nu, 99.0);
  std::printf("[ hrv_summary ] 9.4 vectors: alt SD1 %.2f SD2 %.2f | 0.1 Hz SDNN %.2f RMSSD %.2f LF "
              "%.1f | 0.25 Hz SDNN %.2f RMSSD %.2f HF %.1f\n",
              a.nonlinear.sd1_ms, a.nonlinear.sd2_ms, lf.time.sdnn_ms, lf.time.rmssd_ms,
              lf.frequency.lf_ms2, hf.time.sdnn_ms, hf.time.rmssd_ms, hf.frequency.hf_ms2);
}

TEST(HrvSummary, EqualsItsParts) {
  const auto rr = sine_rr(400.0, 30.0, 0.12);
  HrvConfig config;
  config.frequency.method = SpectralMethod::kLombScargle;
  const auto s = compute_hrv(rr, config);
  EXPECT_EQ(s.time.rmssd_ms, time_domain_hrv(rr).rmssd_ms);
  EXPECT_EQ(s.frequency.lf_ms2, frequency_domain_hrv(rr, config.frequency).lf_ms2);
  EXPECT_EQ(s.nonlinear.dfa_alpha1, nonlinear_hrv(rr).dfa_alpha1);
  HrvAnalyzer analyzer(config);
  const auto again = analyzer.analyse(rr);
  EXPECT_EQ(again.frequency.hf_ms2, s.frequency.hf_ms2);
  EXPECT_FALSE(analyzer.spectrum().density.empty());
}

// N-N intervals as §9.3 defines them: both ends annotated N; after a non-N beat a new run
// starts (after_gap).
std::vector<RrInterval> record_100_nn(const std::filesystem::path& atr, double until_s) {
  constexpr double kRateHz = 360.0;
  std::vector<double> t;
  std::vector<bool> is_n;
  for (const auto& a : records::read_mit_annotations(atr)) {
    if (!records::is_ec57_beat(a.code)) continue;
    t.push_back(static_cast<double>(a.sample) / kRateHz);
    is_n.push_back(a.symbol == 'N');
  }
  std::vector<RrInterval> nn;
  bool previous_was_nn = false;
  for (std::size_t i = 1; i < t.size(); ++i) {
    const bool is_nn = is_n[i] && is_n[i - 1];
    if (is_nn && t[i] <= until_s) nn.push_back({t[i], (t[i] - t[i - 1]) * 1000.0, !previous_was_nn});
    previous_was_nn = is_nn;
  }
  return nn;
}

void print_summary(const char* label, const HrvSummary& h) {
  const auto& f = h.frequency;
  const auto& n = h.nonlinear;
  std::printf("[ mitdb 100 HRV ] %s: n %zu meanNN %.1f SDNN %.1f RMSSD %.1f lnRMSSD %.3f | Welch "
              "run %zu beats %.0f s: VLF %.1f LF %.1f HF %.1f ms^2, LF/HF %.2f, LFnu %.1f HFnu "
              "%.1f, peaks LF %.3f HF %.3f Hz | SD1 %.1f SD2 %.1f DFA a1 %.3f HTI %.2f\n",
              label, h.time.nn_count, h.time.mean_nn_ms, h.time.sdnn_ms, h.time.rmssd_ms,
              n.ln_rmssd, f.nn_used, f.analysed_s, f.vlf_ms2, f.lf_ms2, f.hf_ms2, f.lf_hf_ratio,
              f.lf_nu, f.hf_nu, f.lf_peak_hz, f.hf_peak_hz, n.sd1_ms, n.sd2_ms, n.dfa_alpha1,
              n.triangular_index);
}

TEST(HrvSummary, MitBih100FromReferenceAnnotations) {
  RESONANT_REQUIRE_SHARED_DATA(atr, "mitdb/100.atr");
  // §9.3 lists time-domain values only (checked here through compute_hrv, to its rounding);
  // the frequency and nonlinear figures are printed, with the relations that must hold.
  const auto first_nn = record_100_nn(atr, 300.0);
  const auto whole_nn = record_100_nn(atr, 1e9);
  const auto first = compute_hrv(first_nn);
  const auto whole = compute_hrv(whole_nn);
  EXPECT_EQ(first.time.nn_count, 362u);
  EXPECT_NEAR(first.time.mean_nn_ms, 809.1, 0.05);
  EXPECT_NEAR(first.time.sdnn_ms, 25.4, 0.05);
  EXPECT_NEAR(first.time.rmssd_ms, 25.9, 0.05);
  EXPECT_EQ(whole.time.nn_count, 2204u);
  EXPECT_NEAR(whole.time.mean_nn_ms, 795.0, 0.05);
  EXPECT_NEAR(whole.time.sdnn_ms, 36.0, 0.05);
  EXPECT_NEAR(whole.time.rmssd_ms, 27.5, 0.05);
  print_summary("first 5 min", first);
  print_summary("whole record", whole);
  HrvConfig lomb;
  lomb.frequency.method = SpectralMethod::kLombScargle;
  const auto whole_lomb = compute_hrv(whole_nn, lomb);
  std::printf("[ mitdb 100 HRV ] whole record, Lomb-Scargle (all %zu intervals): VLF %.1f LF %.1f "
              "HF %.1f ms^2, LF/HF %.2f\n", whole_lomb.frequency.nn_used,
              whole_lomb.frequency.vlf_ms2, whole_lomb.frequency.lf_ms2, whole_lomb.frequency.hf_ms2,
              whole_lomb.frequency.lf_hf_ratio);
  for (const auto* h : {&first, &whole}) {
    EXPECT_NEAR(h->nonlinear.sd1_ms, h->time.rmssd_ms / std::sqrt(2.0), 0.01 * h->nonlinear.sd1_ms);
    EXPECT_NEAR(h->nonlinear.ln_rmssd, std::log(h->time.rmssd_ms), 1e-12);
    EXPECT_FALSE(std::isnan(h->frequency.lf_ms2));
    EXPECT_FALSE(std::isnan(h->frequency.hf_ms2));
    EXPECT_FALSE(std::isnan(h->nonlinear.dfa_alpha1));
    // Short gaps (the 33 A beats and 1 V) are bridged: Welch sees (nearly) the whole record.
    EXPECT_GT(h->frequency.nn_used, h->time.nn_count * 9 / 10);
  }
  EXPECT_TRUE(std::isnan(first.nonlinear.triangular_index));  // 5 min: too short
  EXPECT_FALSE(std::isnan(whole.nonlinear.triangular_index));
  // The Welch and Lomb-Scargle estimates of the same record agree on the bands' scale (the
  // spectra differ in leakage and in the spline's HF attenuation): within 25 %.
  EXPECT_NEAR(whole_lomb.frequency.hf_ms2, whole.frequency.hf_ms2, 0.25 * whole.frequency.hf_ms2);
  EXPECT_NEAR(whole_lomb.frequency.lf_ms2, whole.frequency.lf_ms2, 0.25 * whole.frequency.lf_ms2);
}

}  // namespace
}  // namespace resonant::dsp
