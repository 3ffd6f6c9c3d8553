// QRS-shape PCA EDR (respiration_edr_pca.hpp) on a synthetic ECG whose QRS *shape* follows
// the breath (S-wave depth and R width, as an electrical-axis swing does; the R peak's height
// barely moves) while the heart rate follows a different, 6 /min wave: the first principal
// component must find the breath, and the streaming form must give the batch form's scores.
#include <resonant/dsp/respiration_edr_pca.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/dsp/ecg_beat_detector.hpp>

#include "beat_test_helpers.hpp"

namespace resonant::dsp {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kFs = 250.0;
constexpr double kDurationS = 180.0;
constexpr double kBreathBpm = 15.0;
constexpr double kMayerBpm = 6.0;

struct ShapeModulatedEcg {
  std::vector<float> samples;
};

// Beats at 65 +- 5 bpm following the 6 /min wave; per beat, S depth x (1 +- 0.4) and R width
// x (1 +- 0.1) following the breath at 15 /min.
ShapeModulatedEcg shape_modulated_ecg() {
  const double breath_hz = kBreathBpm / 60.0, mayer_hz = kMayerBpm / 60.0;
  std::vector<double> r_times{0.5};
  while (r_times.back() < kDurationS - 1.0) {
    const double hr = 65.0 + 5.0 * std::sin(2.0 * kPi * mayer_hz * r_times.back());
    r_times.push_back(r_times.back() + 60.0 / hr);
  }
  ShapeModulatedEcg out;
  out.samples.assign(static_cast<std::size_t>(kDurationS * kFs), 0.0f);
  for (std::size_t b = 0; b < r_times.size(); ++b) {
    const double r = r_times[b];
    const double breath = std::sin(2.0 * kPi * breath_hz * r);
    test::EcgShape shape;
    shape.s_mv *= 1.0 + 0.4 * breath;
    shape.r_sigma_s *= 1.0 + 0.1 * breath;
    const auto first = static_cast<std::int64_t>(std::floor((r - 0.5) * kFs));
    const auto last = static_cast<std::int64_t>(std::ceil((r + 0.6) * kFs));
    for (std::int64_t i = std::max<std::int64_t>(0, first);
         i < std::min<std::int64_t>(static_cast<std::int64_t>(out.samples.size()), last); ++i) {
      out.samples[static_cast<std::size_t>(i)] += static_cast<float>(
          test::ecg_beat_value(static_cast<double>(i) / kFs, r, shape, 60.0 / 65.0));
    }
  }
  test::add_white_noise(out.samples, 0.01, 7);
  return out;
}

TEST(RespirationEdrPca, FirstComponentFollowsTheQrsShapeNotTheHeartRate) {
  const auto ecg = shape_modulated_ecg();
  EcgDetectorConfig detector;
  detector.sample_rate_hz = kFs;
  const auto beats = detect_ecg_beats(ecg.samples, detector);
  ASSERT_GT(beats.size(), 180u);
  EdrPcaConfig config;
  config.sample_rate_hz = kFs;
  config.spectral.window_s = 60.0;
  const auto scores = edr_pca_beats(ecg.samples, beats, config);
  ASSERT_EQ(scores.size(), beats.size());
  // Warm-up: no score before min_beats windows.
  for (std::size_t k = 0; k + 1 < config.min_beats; ++k) EXPECT_TRUE(std::isnan(scores[k].score)) << k;
  EXPECT_TRUE(std::isfinite(scores[config.min_beats].score));

  // The first window fully after the warm-up (32 beats, ~30 s) ends at 100 s.
  const auto rates = edr_pca_respiration_rates(scores, 100.0, 5.0, config.spectral);
  ASSERT_GE(rates.size(), 15u);  // windows ending 100, 105, ... 175 s
  double worst = 0.0, lowest_quality = 1.0;
  for (const auto& r : rates) {
    ASSERT_TRUE(std::isfinite(r.rate_bpm)) << r.t_s;
    worst = std::max(worst, std::abs(r.rate_bpm - kBreathBpm));
    lowest_quality = std::min(lowest_quality, r.quality);
  }
  std::printf("[ resp pca ] synthetic QRS shape at 15 /min, HR at 6 /min: %zu windows, "
              "worst error %.3f /min, lowest quality %.2f\n",
              rates.size(), worst, lowest_quality);
  // Tolerance: a 60 s window's spectral peak is refined to ~0.1 /min on a clean modulation.
  EXPECT_LT(worst, 0.3);
  EXPECT_GT(lowest_quality, 0.5);
}

TEST(RespirationEdrPca, StreamingGivesTheBatchScores) {
  const auto ecg = shape_modulated_ecg();
  EcgDetectorConfig detector;
  detector.sample_rate_hz = kFs;
  const auto beats = detect_ecg_beats(ecg.samples, detector);
  EdrPcaConfig config;
  config.sample_rate_hz = kFs;
  const auto batch = edr_pca_beats(ecg.samples, beats, config);
  QrsPcaRespiration live(config);
  std::size_t next = 0, compared = 0;
  const double hand_over = 0.1 * kFs;  // a beat is handed over once its QRS has been pushed
  for (std::size_t i = 0; i < ecg.samples.size(); ++i) {
    live.push_sample(ecg.samples[i]);
    while (next < beats.size() && beats[next].sample_index + hand_over <= static_cast<double>(i)) {
      const EdrPcaBeat b = live.push_beat(beats[next]);
      EXPECT_DOUBLE_EQ(b.t_s, batch[next].t_s);
      if (std::isfinite(batch[next].score)) {
        EXPECT_NEAR(b.score, batch[next].score, 1e-9 * (1.0 + std::abs(batch[next].score))) << next;
        ++compared;
      } else {
        EXPECT_TRUE(std::isnan(b.score)) << next;
      }
      ++next;
    }
  }
  EXPECT_GT(compared, 150u);
  const RespirationRate r = live.estimate(kDurationS);
  EXPECT_NEAR(r.rate_bpm, kBreathBpm, 0.3);
}

}  // namespace
}  // namespace resonant::dsp
