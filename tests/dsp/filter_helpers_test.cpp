// The reusable building blocks: Butterworth biquad cascades, the moving average and parabolic
// peak interpolation.
#include <resonant/dsp/biquad.hpp>
#include <resonant/dsp/moving_average.hpp>
#include <resonant/dsp/peak_interpolation.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

double gain_db(const BiquadCascade& f, double freq_hz, double fs) {
  return 20.0 * std::log10(std::abs(f.response(freq_hz, fs)));
}

TEST(Butterworth, MinusThreeDecibelsAtTheCutoffAtEveryRate) {
  for (const double fs : {25.0, 100.0, 250.0, 360.0, 2000.0}) {
    for (const int order : {1, 2, 3, 4}) {
      SCOPED_TRACE(::testing::Message() << fs << " Hz, order " << order);
      const auto lp = butterworth_lowpass(order, 8.0, fs);
      const auto hp = butterworth_highpass(order, 0.5, fs);
      EXPECT_NEAR(gain_db(lp, 8.0, fs), -3.0103, 1e-6);
      EXPECT_NEAR(gain_db(hp, 0.5, fs), -3.0103, 1e-6);
      EXPECT_NEAR(std::abs(lp.response(0.0, fs)), 1.0, 1e-12);             // unity DC gain
      EXPECT_NEAR(std::abs(hp.response(0.5 * fs - 1e-9, fs)), 1.0, 1e-6);  // unity at Nyquist
      // Maximally flat: one decade into the stop band loses 20 dB per order (within 1 dB; the
      // bilinear transform only adds attenuation near Nyquist).
      if (80.0 < 0.4 * fs) {
        EXPECT_LT(gain_db(lp, 80.0, fs), -20.0 * order + 1.0);
      }
      EXPECT_LT(gain_db(hp, 0.05, fs), -20.0 * order + 1.0);
    }
  }
}

TEST(Butterworth, BandPassPassesTheCentreAndStopsDc) {
  const auto bp = butterworth_bandpass(2, 5.0, 15.0, 250.0);
  EXPECT_EQ(bp.size(), 2u);
  EXPECT_GT(gain_db(bp, 9.0, 250.0), -1.5);
  EXPECT_LT(std::abs(bp.response(0.0, 250.0)), 1e-12);
}

TEST(Butterworth, GroupDelayMatchesTheImpulseResponseCentroidAtLowFrequency) {
  // For a low-pass the group delay at DC equals the centroid of the impulse response.
  const double fs = 1000.0;
  auto lp = butterworth_lowpass(2, 15.0, fs);
  double sum = 0.0, weighted = 0.0;
  for (int n = 0; n < 20000; ++n) {
    const double h = lp.process(n == 0 ? 1.0 : 0.0);
    sum += h;
    weighted += h * n;
  }
  EXPECT_NEAR(lp.group_delay_samples(1e-3, fs), weighted / sum, 1e-3);
  // Analog prototype: tau(0) = sqrt(2) / (2 pi fc) = 15.0 ms; the bilinear map keeps it.
  EXPECT_NEAR(lp.group_delay_samples(1e-3, fs) / fs, std::sqrt(2.0) / (2.0 * std::numbers::pi * 15.0),
              2e-4);
}

TEST(Butterworth, SteadyStateResetRemovesTheStartUpTransient) {
  auto bp = butterworth_bandpass(2, 0.5, 8.0, 100.0);
  bp.reset_to_steady_state(2048.0);  // raw ADC offset
  for (int i = 0; i < 1000; ++i) ASSERT_NEAR(bp.process(2048.0), 0.0, 1e-9) << "sample " << i;
  auto lp = butterworth_lowpass(3, 10.0, 100.0);
  lp.reset_to_steady_state(-1.5);
  for (int i = 0; i < 100; ++i) ASSERT_NEAR(lp.process(-1.5), -1.5, 1e-12);
}

TEST(Butterworth, RejectsImpossibleDesigns) {
  EXPECT_THROW(butterworth_lowpass(2, 60.0, 100.0), std::invalid_argument);  // above Nyquist
  EXPECT_THROW(butterworth_lowpass(0, 10.0, 100.0), std::invalid_argument);
  EXPECT_THROW(butterworth_highpass(2, 0.0, 100.0), std::invalid_argument);
  EXPECT_THROW(butterworth_bandpass(2, 15.0, 5.0, 250.0), std::invalid_argument);
  EXPECT_THROW(butterworth_bandpass(9, 5.0, 15.0, 250.0), std::invalid_argument);
  BiquadCascade full = butterworth_lowpass(16, 10.0, 100.0);
  EXPECT_EQ(full.size(), BiquadCascade::kMaxSections);
  EXPECT_THROW(full.add_section({}), std::length_error);
}

TEST(MovingAverage, EqualsTheNaiveMean) {
  MovingAverage ma(7);
  std::vector<double> x;
  std::mt19937 rng(1);
  std::normal_distribution<double> d(0.0, 1.0);
  for (int i = 0; i < 100; ++i) {
    x.push_back(d(rng));
    const double got = ma.push(x.back());
    double expected = 0.0;
    for (int k = std::max(0, i - 6); k <= i; ++k) expected += x[static_cast<std::size_t>(k)];
    EXPECT_NEAR(got, expected / 7.0, 1e-12) << "sample " << i;  // zeros before the start
  }
  EXPECT_THROW(MovingAverage{0}, std::invalid_argument);
}

TEST(MovingAverage, ALengthChangedWhileRunningAveragesTheLastNInputs) {
  MovingAverage ma(5, 12);
  EXPECT_EQ(ma.capacity(), 12u);
  std::vector<double> x;
  std::mt19937 rng(2);
  std::normal_distribution<double> d(0.0, 1.0);
  const std::size_t lengths[] = {5, 12, 1, 9, 3, 12};
  for (int i = 0; i < 300; ++i) {
    if (i % 50 == 0) ma.set_length(lengths[i / 50]);  // also mid-ring, across the wrap
    x.push_back(d(rng));
    const double got = ma.push(x.back());
    const auto n = static_cast<int>(ma.length());
    double expected = 0.0;
    for (int k = std::max(0, i - n + 1); k <= i; ++k) expected += x[static_cast<std::size_t>(k)];
    EXPECT_NEAR(got, expected / n, 1e-12) << "sample " << i << ", length " << n;
  }
  EXPECT_THROW(ma.set_length(0), std::invalid_argument);
  EXPECT_THROW(ma.set_length(13), std::invalid_argument);
}

TEST(MovingAverage, NoDriftOverHours) {
  // 1 h at 2000 Hz of large values: the periodic re-sum keeps the mean exact to 1e-9 (a plain
  // running sum drifts by ~1e-6 here).
  MovingAverage ma(300);
  double last = 0.0;
  for (std::int64_t i = 0; i < 7'200'000; ++i) {
    last = ma.push(i % 2 == 0 ? 1e6 + 0.1 : -1e6);
  }
  EXPECT_NEAR(last, 0.05, 1e-9);
}

TEST(ParabolicPeak, ExactForAParabola) {
  for (const double true_offset : {-0.5, -0.31, 0.0, 0.2, 0.49}) {
    auto y = [&](double x) { return 3.0 - 2.0 * (x - true_offset) * (x - true_offset); };
    const auto p = parabolic_peak(y(-1.0), y(0.0), y(1.0));
    EXPECT_NEAR(p.offset, true_offset, 1e-12);
    EXPECT_NEAR(p.value, 3.0, 1e-12);
  }
}

TEST(ParabolicPeak, SmallBiasOnASampledGaussian) {
  // The claim in peak_interpolation.hpp: < 0.03 samples for sigma >= 1.5 samples.
  for (const double sigma : {1.5, 2.5, 4.0}) {
    double worst = 0.0;
    for (double offset = -0.5; offset <= 0.5; offset += 0.01) {
      auto y = [&](double x) { return std::exp(-0.5 * (x - offset) * (x - offset) / (sigma * sigma)); };
      worst = std::max(worst, std::abs(parabolic_peak(y(-1.0), y(0.0), y(1.0)).offset - offset));
    }
    EXPECT_LT(worst, 0.03) << "sigma " << sigma;
  }
}

TEST(ParabolicPeak, NotAMaximumGivesNoOffset) {
  EXPECT_EQ(parabolic_peak(1.0, 1.0, 1.0).offset, 0.0);  // flat
  EXPECT_EQ(parabolic_peak(0.0, 1.0, 2.0).offset, 0.0);  // rising slope
  EXPECT_EQ(parabolic_peak(1.0, 0.0, 1.0).offset, 0.0);  // a minimum
}

}  // namespace
}  // namespace resonant::dsp
