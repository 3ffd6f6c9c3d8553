// ECG beat morphology in the signal-quality assessor: an irregular rhythm of clean beats of two
// shapes (ventricular bigeminy) is fine; beats reported where the ECG has no QRS (a detector
// following noise) are not; beats reported late (the live detector's search-back) are judged
// like beats reported on time.
#include <resonant/dsp/ecg_beat_template.hpp>
#include <resonant/dsp/signal_quality.hpp>

#include <cmath>
#include <cstdio>
#include <cstddef>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"

namespace resonant::dsp {
namespace {

constexpr double kFs = 250.0;
constexpr double kDurationS = 90.0;
constexpr double kWarmUpS = 6.0;  // the 5-s noise window plus the first beats' templates

// A PVC: no P wave, a wide inverted QRS, a tall T of opposite polarity.
test::EcgShape pvc_shape() {
  test::EcgShape s;
  s.r_mv = -1.6;
  s.r_sigma_s = 0.035;
  s.q_mv = 0.0;
  s.s_mv = 0.3;
  s.s_offset_s = 0.06;
  s.s_sigma_s = 0.02;
  s.p_mv = 0.0;
  s.t_mv = 0.5;
  s.t_offset_s = 0.3;
  return s;
}

struct Bigeminy {
  std::vector<float> ecg;
  std::vector<double> beats_s;
};

// Normal beat, then a PVC 0.5 s later, then a compensatory pause of 1.1 s.
Bigeminy bigeminy() {
  std::vector<double> normal, pvc;
  for (double t = 0.5; t < kDurationS - 1.0; t += 1.6) {
    normal.push_back(t);
    pvc.push_back(t + 0.5);
  }
  Bigeminy out;
  out.ecg = test::synthetic_ecg(normal, kFs, kDurationS).samples;
  const auto ectopic = test::synthetic_ecg(pvc, kFs, kDurationS, pvc_shape()).samples;
  for (std::size_t i = 0; i < out.ecg.size(); ++i) out.ecg[i] += ectopic[i];
  test::add_white_noise(out.ecg, 0.01, 5);
  for (std::size_t k = 0; k < normal.size(); ++k) {
    out.beats_s.push_back(normal[k]);
    out.beats_s.push_back(pvc[k]);
  }
  return out;
}

TEST(SignalQualityMorphology, BigeminyOfCleanBeatsIsGood) {
  const Bigeminy b = bigeminy();
  const auto q = assess_signal_quality(b.ecg, b.beats_s, signal_quality_config(ChannelKind::kEcg, kFs));
  std::size_t good = 0, n = 0;
  for (const auto& v : q) {
    if (v.t_s < kWarmUpS) continue;
    ++n;
    good += v.level == QualityLevel::kGood ? 1 : 0;
    EXPECT_FALSE(v.has(QualityReason::kImplausibleBeats)) << v.t_s;  // RR 500 / 1100 ms
  }
  // Every second: the PVCs form their own template and match it (correlation > 0.95).
  EXPECT_EQ(good, n);
}

TEST(SignalQualityMorphology, BeatsUnrelatedToTheQrsAreNoise) {
  // A clean ECG, but the beats fed fall anywhere in the cycle (plausible RRs of 0.6-1.0 s drawn
  // independently of the ECG, as a detector following noise reports them): the windows around
  // them do not look alike, so the beat-morphology test marks the seconds poor.
  const Bigeminy b = bigeminy();
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> rr_s(0.6, 1.0);
  std::vector<double> wrong;
  for (double t = 0.5; t < kDurationS - 1.0; t += rr_s(rng)) wrong.push_back(t);
  const auto q = assess_signal_quality(b.ecg, wrong, signal_quality_config(ChannelKind::kEcg, kFs));
  std::size_t poor = 0, n = 0;
  for (const auto& v : q) {
    if (v.t_s < kWarmUpS) continue;
    ++n;
    poor += v.level <= QualityLevel::kPoor ? 1 : 0;
    EXPECT_FALSE(v.has(QualityReason::kImplausibleBeats)) << v.t_s;
  }
  std::printf("[ sqi morphology ] beats unrelated to the QRS: %zu of %zu s poor or unusable\n",
              poor, n);
  // Measured 73 of 84 (87 %): a random beat time lands within the +-20 ms alignment of a QRS
  // (or of a PVC, the second template) often enough that some 5-s windows still average
  // above the ramp's 0.6. Tolerance 80 %.
  EXPECT_GE(static_cast<double>(poor), 0.8 * static_cast<double>(n));
}

TEST(SignalQualityMorphology, LateBeatsAreJudgedLikeOnTimeBeats) {
  // The same beats reported on time and 3 s late give the same correlations.
  const Bigeminy b = bigeminy();
  BeatTemplateMatcher on_time(kFs, 4.5), late(kFs, 4.5);
  BeatTemplateMatcher::Tally a, c;
  std::size_t next_on_time = 0, next_late = 0;
  for (std::size_t i = 0; i < b.ecg.size(); ++i) {
    const double t = static_cast<double>(i) / kFs;
    while (next_on_time < b.beats_s.size() && b.beats_s[next_on_time] <= t) {
      on_time.add_beat(b.beats_s[next_on_time++] * kFs, &a);
    }
    while (next_late < b.beats_s.size() && b.beats_s[next_late] + 3.0 <= t) {
      late.add_beat(b.beats_s[next_late++] * kFs, &c);
    }
    on_time.push(b.ecg[i], &a);
    late.push(b.ecg[i], &c);
  }
  ASSERT_GT(a.judged, 100);
  // Beats later than 3 s before the end are never reported to the late matcher.
  EXPECT_NEAR(a.judged, c.judged, 3);
  EXPECT_GT(a.correlation_sum / a.judged, 0.95);
  EXPECT_NEAR(a.correlation_sum / a.judged, c.correlation_sum / c.judged, 0.01);
}

}  // namespace
}  // namespace resonant::dsp
