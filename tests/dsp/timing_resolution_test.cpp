// The RR timing resolution floor (hrv_time.hpp kRrTimingResolutionMs): a steady heart timed
// to whole ms (a metronome simulation, a paced rhythm) gets no logarithm, ratio, peak, scaling
// exponent, coherence or breathing rate, while one varying by a few milliseconds, rounded to
// whole ms as a real sensor sends it, keeps them all.
#include <resonant/dsp/coherence.hpp>
#include <resonant/dsp/hrv_frequency.hpp>
#include <resonant/dsp/hrv_nonlinear.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/respiration_rsa.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kDurationS = 600.0;
constexpr double kBaseMs = 800.0;

// Intervals base + rr_of(t) (t the time the interval starts), optionally rounded to whole ms.
template <typename F>
std::vector<RrInterval> intervals(F rr_of, bool round_to_ms) {
  std::vector<RrInterval> out;
  double t = 0.0;
  while (t < kDurationS) {
    double rr = kBaseMs + rr_of(t, out.size());
    if (round_to_ms) rr = std::round(rr);
    t += rr / 1000.0;
    out.push_back({t, rr, false});
  }
  return out;
}

std::size_t coherence_values(const std::vector<RrInterval>& nn) {
  CoherenceTracker tracker;
  std::size_t scored = 0;
  for (const RrInterval& r : nn) tracker.push(r);
  for (std::size_t i = 0; i < tracker.history_size(); ++i) {
    if (std::isfinite(tracker.history(i).ratio)) ++scored;
  }
  return scored;
}

std::size_t rsa_rates(const std::vector<RrInterval>& nn, double* last_bpm) {
  const auto rates = rsa_respiration_rates(nn, 64.0, 5.0);
  std::size_t n = 0;
  for (const RespirationRate& r : rates) {
    if (!std::isfinite(r.rate_bpm)) continue;
    ++n;
    *last_bpm = r.rate_bpm;
  }
  return n;
}

TEST(TimingResolution, TheLogOfRmssdStartsAtTheResolution) {
  // Above a steady heart's rounding at 1 ms: RMSSD <= q, variance <= q^2 / 4.
  EXPECT_NEAR(kMinResolvedRmssdMs, 1.414, 0.001);
  EXPECT_NEAR(kMinResolvedPowerMs2, 1.0 / 3.0, 1e-12);
  EXPECT_TRUE(std::isnan(ln_rmssd_ms(0.99 * kMinResolvedRmssdMs)));
  EXPECT_TRUE(std::isnan(ln_rmssd_ms(0.0)));
  EXPECT_TRUE(std::isnan(ln_rmssd_ms(std::nan(""))));
  EXPECT_DOUBLE_EQ(ln_rmssd_ms(kMinResolvedRmssdMs), std::log(kMinResolvedRmssdMs));
  EXPECT_DOUBLE_EQ(ln_rmssd_ms(30.0), std::log(30.0));
  EXPECT_TRUE(std::isnan(ln_power_ms2(0.99 * kMinResolvedPowerMs2)));
  EXPECT_DOUBLE_EQ(ln_power_ms2(500.0), std::log(500.0));
}

/// A heart beating every period_ms exactly, its beats timed to whole ms as a strap sends
/// them: intervals of two neighbouring values in a repeating pattern.
std::vector<RrInterval> steady_heart_timed_to_ms(double period_ms) {
  std::vector<RrInterval> out;
  double last_ms = 0.0;
  for (int k = 1; k * period_ms < kDurationS * 1000.0; ++k) {
    const double beat_ms = std::round(k * period_ms);
    out.push_back({beat_ms / 1000.0, beat_ms - last_ms, k == 1});
    last_ms = beat_ms;
  }
  return out;
}

TEST(TimingResolution, ASteadyHeartTimedToWholeMsGivesNoDerivedFigure) {
  // 800.37 ms (the ratio of LF/HF, a DFA alpha of 0.09 and a breathing rate of 27.7 /min at
  // quality 0.84 before), 800.5 ms (the worst case: 800, 801, 800, ...) and 1000 ms exactly.
  for (const double period_ms : {800.37, 800.5, 1000.0}) {
    const auto nn = steady_heart_timed_to_ms(period_ms);
    const TimeDomainHrv time = time_domain_hrv(nn);
    EXPECT_FALSE(variation_is_resolved(time)) << period_ms;
    const FrequencyHrv f = frequency_domain_hrv(nn);
    ASSERT_TRUE(std::isfinite(f.lf_ms2)) << "the powers themselves are shown (as 0 ms²)";
    EXPECT_TRUE(std::isnan(f.lf_hf_ratio)) << period_ms << ": " << f.lf_hf_ratio;
    EXPECT_TRUE(std::isnan(f.lf_nu)) << period_ms;
    EXPECT_TRUE(std::isnan(f.lf_pct)) << period_ms;
    EXPECT_TRUE(std::isnan(f.ln_lf)) << period_ms;
    EXPECT_TRUE(std::isnan(f.ln_hf)) << period_ms;
    EXPECT_TRUE(std::isnan(f.lf_peak_hz)) << period_ms;
    EXPECT_TRUE(std::isnan(f.hf_peak_hz)) << period_ms;
    const NonlinearHrv n = nonlinear_hrv(nn);
    EXPECT_TRUE(std::isnan(n.ln_rmssd)) << period_ms << ": RMSSD " << time.rmssd_ms;
    EXPECT_TRUE(std::isnan(n.dfa_alpha1)) << period_ms << ": " << n.dfa_alpha1;
    EXPECT_TRUE(std::isnan(n.sd1_sd2_ratio)) << period_ms;
    EXPECT_EQ(coherence_values(nn), 0u) << period_ms;
    double rate_bpm = 0.0;
    EXPECT_EQ(rsa_rates(nn, &rate_bpm), 0u) << period_ms << ": " << rate_bpm << " /min";
  }
}

TEST(TimingResolution, ASeriesOfAFewMillisecondsRoundedToWholeMsKeepsThemAll) {
  // 4 ms at 0.1 Hz and 4 ms at 0.25 Hz (8 ms² in each band, 24 times the floor), rounded to
  // whole ms as a strap sends them.
  constexpr double kAmplitudeMs = 4.0, kLfHz = 0.1, kHfHz = 0.25;
  const auto nn = intervals(
      [](double t, std::size_t) {
        return kAmplitudeMs * (std::sin(kTwoPi * kLfHz * t) + std::sin(kTwoPi * kHfHz * t));
      },
      true);
  EXPECT_TRUE(variation_is_resolved(time_domain_hrv(nn)));
  const FrequencyHrv f = frequency_domain_hrv(nn);
  EXPECT_GT(f.lf_ms2, kMinResolvedPowerMs2);
  EXPECT_GT(f.hf_ms2, kMinResolvedPowerMs2);
  // Equal sines: LF/HF 1 before the spline's and detrender's gains (a few %) and the rounding
  // noise (0.083 ms² spread over both bands and beyond).
  EXPECT_NEAR(f.lf_hf_ratio, 1.0, 0.25);
  EXPECT_NEAR(f.lf_peak_hz, kLfHz, 0.005);
  EXPECT_NEAR(f.hf_peak_hz, kHfHz, 0.005);
  EXPECT_TRUE(std::isfinite(f.ln_lf));
  EXPECT_TRUE(std::isfinite(f.lf_nu));
  const NonlinearHrv n = nonlinear_hrv(nn);
  EXPECT_TRUE(std::isfinite(n.ln_rmssd));
  EXPECT_TRUE(std::isfinite(n.dfa_alpha1));
  EXPECT_GT(coherence_values(nn), 0u);
  double rate_bpm = 0.0;
  EXPECT_GT(rsa_rates(nn, &rate_bpm), 0u);
  // The larger of two equal peaks is either; both are breathing-band oscillations.
  EXPECT_TRUE(std::abs(rate_bpm - 60.0 * kHfHz) < 1.0 || std::abs(rate_bpm - 60.0 * kLfHz) < 1.0)
      << rate_bpm;
}

}  // namespace
}  // namespace resonant::dsp
