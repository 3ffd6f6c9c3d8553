// Periodogram and Welch PSD (spectrum.hpp): peak position, Parseval scaling, band integration,
// independence from zero-padding, and the reusable estimator against the free function.
#include <resonant/dsp/spectrum.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

constexpr double kRateHz = 4.0;

std::vector<double> sine(double f_hz, double amplitude, double duration_s, double offset = 0.0,
                         double phase = 0.3) {
  std::vector<double> x(static_cast<std::size_t>(duration_s * kRateHz));
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = offset + amplitude * std::sin(2.0 * std::numbers::pi * f_hz * static_cast<double>(i) / kRateHz + phase);
  }
  return x;
}

double variance(const std::vector<double>& x) {
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return ss / static_cast<double>(x.size());
}

double total_power(const Spectrum& s) { return band_power(s, 0.0, 1e9); }

TEST(Spectrum, SinePeaksAtItsFrequency) {
  for (const double f : {0.1, 0.0625, 0.25, 0.137}) {
    const auto x = sine(f, 50.0, 300.0, 1000.0);
    const auto w = welch_psd(x, kRateHz);
    EXPECT_NEAR(peak_frequency_hz(w, 0.04, 0.4), f, 0.002) << f;
    const auto p = periodogram(x, kRateHz);
    EXPECT_NEAR(peak_frequency_hz(p, 0.04, 0.4), f, 0.001) << f;
  }
}

TEST(Spectrum, PeriodogramParsevalRectangular) {
  // Rectangular taper, no padding: exact Parseval (population variance).
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(3.0, 20.0);
  std::vector<double> x(1024);
  for (double& v : x) v = noise(rng);
  const auto p = periodogram(x, kRateHz, TaperWindow::kRectangular);
  EXPECT_DOUBLE_EQ(p.resolution_hz, kRateHz / 1024.0);
  ASSERT_EQ(p.density.size(), 513u);
  EXPECT_NEAR(total_power(p), variance(x), 1e-9 * variance(x));
}

TEST(Spectrum, TaperedParsevalForBroadbandInput) {
  // Window power compensation: white noise keeps its variance on average (one realisation of
  // 4096 points fluctuates by ~3 %; averaging 20 seeds keeps it within 2 %).
  for (const TaperWindow window : {TaperWindow::kHann, TaperWindow::kHamming}) {
    double ratio_sum = 0.0;
    for (unsigned seed = 1; seed <= 20; ++seed) {
      std::mt19937 rng(seed);
      std::normal_distribution<double> noise(0.0, 1.0);
      std::vector<double> x(4096);
      for (double& v : x) v = noise(rng);
      ratio_sum += total_power(periodogram(x, kRateHz, window)) / variance(x);
    }
    EXPECT_NEAR(ratio_sum / 20.0, 1.0, 0.02);
  }
  std::mt19937 rng(99);
  std::normal_distribution<double> noise(0.0, 10.0);
  std::vector<double> x(1200 * 20);
  for (double& v : x) v = noise(rng);
  EXPECT_NEAR(total_power(welch_psd(x, kRateHz)) / variance(x), 1.0, 0.02);
}

TEST(Spectrum, SineBandPowerIsHalfTheSquaredAmplitude) {
  // §9.4: a pure sine's band power is A^2 / 2; here 1250 ms^2 for A = 50 ms.
  for (const double f : {0.1, 0.25}) {
    const auto x = sine(f, 50.0, 300.0, 1000.0);
    const double welch = band_power(welch_psd(x, kRateHz), f - 0.05, f + 0.05);
    const double single = band_power(periodogram(x, kRateHz), f - 0.05, f + 0.05);
    std::printf("[ spectrum ] %.2f Hz sine A=50: Welch %.1f, periodogram %.1f (expect 1250)\n", f,
                welch, single);
    EXPECT_NEAR(welch, 1250.0, 0.01 * 1250.0);
    EXPECT_NEAR(single, 1250.0, 0.01 * 1250.0);
  }
}

TEST(Spectrum, ZeroPaddingKeepsBandPower) {
  const auto x = sine(0.1, 50.0, 250.0, 0.0);  // 1000 samples
  const double base = band_power(periodogram(x, kRateHz, TaperWindow::kHann, 1000), 0.04, 0.15);
  for (const std::size_t nfft : {1024u, 2048u, 4096u, 8192u}) {
    const auto p = periodogram(x, kRateHz, TaperWindow::kHann, nfft);
    EXPECT_DOUBLE_EQ(p.resolution_hz, kRateHz / static_cast<double>(nfft));
    EXPECT_NEAR(band_power(p, 0.04, 0.15), base, 0.005 * base) << nfft;
  }
  EXPECT_NEAR(base, 1250.0, 0.02 * 1250.0);
}

TEST(Spectrum, BandIntegrationUsesBinCentresHalfOpen) {
  Spectrum s;
  s.resolution_hz = 0.01;
  s.density = {1, 2, 3, 4, 5, 6};  // bins at 0, 0.01, ..., 0.05
  EXPECT_NEAR(band_power(s, 0.01, 0.04), (2 + 3 + 4) * 0.01, 1e-15);
  EXPECT_NEAR(band_power(s, 0.005, 0.041), (2 + 3 + 4 + 5) * 0.01, 1e-15);
  EXPECT_EQ(band_power(s, 0.051, 0.06), 0.0);
  EXPECT_TRUE(std::isnan(band_power(Spectrum{}, 0.0, 1.0)));
}

TEST(Spectrum, PeakFrequencyRefinesBetweenBinsAndIsNaNWhenEmpty) {
  Spectrum s;
  s.resolution_hz = 0.01;
  s.density = {0, 1, 4, 3, 0, 9};
  // parabola through 1, 4, 3: offset 0.5 (1 - 3) / (1 - 8 + 3) = 0.25 bin
  EXPECT_NEAR(peak_frequency_hz(s, 0.0, 0.04), 0.0225, 1e-12);
  EXPECT_NEAR(peak_frequency_hz(s, 0.045, 0.06), 0.05, 1e-12);  // last bin: no refinement
  EXPECT_TRUE(std::isnan(peak_frequency_hz(s, 0.061, 0.07)));
  EXPECT_TRUE(std::isnan(peak_frequency_hz(Spectrum{}, 0.0, 1.0)));
}

TEST(Spectrum, WelchSegmentsCoverTheRecord) {
  const auto x = sine(0.1, 10.0, 300.0);  // 1200 samples
  WelchEstimator e;                        // 256 s = 1024 samples, 50 %
  const auto& s = e.estimate(x, kRateHz);
  EXPECT_EQ(e.segment_count(), 2u);        // starts 0 and 176
  EXPECT_DOUBLE_EQ(s.resolution_hz, kRateHz / 1024.0);
  const auto y = sine(0.1, 10.0, 60.0);   // shorter than a segment: one segment of it all
  const auto& t = e.estimate(y, kRateHz);
  EXPECT_EQ(e.segment_count(), 1u);
  EXPECT_DOUBLE_EQ(t.resolution_hz, kRateHz / 256.0);
  EXPECT_TRUE(e.estimate(std::vector<double>{1.0}, kRateHz).density.empty());
}

TEST(Spectrum, ReusableEstimatorMatchesFreeFunction) {
  const auto x = sine(0.2, 10.0, 900.0, 5.0);
  WelchConfig config;
  config.segment_s = 120.0;
  config.window = TaperWindow::kHamming;
  WelchEstimator e(config);
  e.estimate(sine(0.3, 1.0, 200.0), kRateHz);  // a different size first
  const auto& a = e.estimate(x, kRateHz);
  const auto b = welch_psd(x, kRateHz, config);
  EXPECT_EQ(a.density, b.density);
  EXPECT_EQ(a.resolution_hz, b.resolution_hz);
}

}  // namespace
}  // namespace resonant::dsp
