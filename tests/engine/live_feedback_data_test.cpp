// The arrays LiveFigures carries for the live-feedback plots (spectrum, RSA per breath, belt
// trace), checked on LiveMetrics fed with synthetic data whose answer is known.
#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>

#include <gtest/gtest.h>

#include "../../src/engine/src/live_metrics.hpp"

namespace resonant::engine::detail {
namespace {

constexpr double kMeanHrBpm = 65.0;
constexpr double kSwingBpm = 6.0;        // HR = 65 +- 6 bpm: 12 bpm peak to trough
constexpr double kModulationHz = 0.1;    // 6 breaths/min

double hr_at(double t_s) {
  return kMeanHrBpm + kSwingBpm * std::sin(2.0 * std::numbers::pi * kModulationHz * t_s);
}

/// Beats of a heart whose rate follows hr_at (each interval at the rate at its start).
struct Beats {
  std::vector<dsp::RrInterval> rr;
  explicit Beats(double seconds) {
    double t = 0.0;
    while (t < seconds) {
      const double rr_ms = 60000.0 / hr_at(t);
      t += rr_ms / 1000.0;
      rr.push_back({t, rr_ms, false});
    }
  }
};

std::unique_ptr<LiveMetrics> paced_metrics() {
  auto m = std::make_unique<LiveMetrics>(64.0);
  PacerSettings pacer;
  pacer.rate_bpm = kModulationHz * 60.0;
  m->set_pacer(PacerSchedule(pacer, 0.0), true);
  return m;
}

TEST(LiveFeedbackData, SpectrumPeaksAtTheRrModulationFrequency) {
  auto m = paced_metrics();
  for (const dsp::RrInterval& iv : Beats(180.0).rr) m->on_interval(iv);
  auto f = std::make_unique<LiveFigures>();
  m->fill(*f);
  const LiveSpectrum& s = f->spectrum;
  ASSERT_GT(s.size, 0u);
  EXPECT_NEAR(s.resolution_hz, 2.0 / 1024.0, 1e-12);  // 2 Hz resampling, 1024-point FFT
  EXPECT_NEAR((s.size - 1) * s.resolution_hz, kLiveSpectrumMaxHz, s.resolution_hz);
  EXPECT_EQ(s.t_s, f->coherence.t_s);
  const auto peak = std::max_element(s.density_ms2_per_hz.begin(),
                                     s.density_ms2_per_hz.begin() + s.size);
  const double peak_hz = static_cast<double>(peak - s.density_ms2_per_hz.begin()) * s.resolution_hz;
  EXPECT_NEAR(peak_hz, kModulationHz, 2.0 * s.resolution_hz);
  EXPECT_NEAR(peak_hz, f->coherence.peak_hz, 2.0 * s.resolution_hz);  // the same computation
  // Power far from the modulation (above 0.3 Hz) is tiny next to the peak.
  const auto above = static_cast<std::size_t>(0.3 / s.resolution_hz);
  const float high = *std::max_element(s.density_ms2_per_hz.begin() + above,
                                       s.density_ms2_per_hz.begin() + s.size);
  EXPECT_LT(high, *peak * 1e-3f);
}

TEST(LiveFeedbackData, NoSpectrumBeforeAWindowCanBeScored) {
  auto m = paced_metrics();
  for (const dsp::RrInterval& iv : Beats(30.0).rr) m->on_interval(iv);
  auto f = std::make_unique<LiveFigures>();
  m->fill(*f);
  EXPECT_EQ(f->spectrum.size, 0u);
}

TEST(LiveFeedbackData, RsaPerBreathIsTheHeartRateSwingOfEachBreath) {
  auto m = paced_metrics();
  const Beats beats(150.0);
  for (const dsp::RrInterval& iv : beats.rr) m->on_interval(iv);
  auto f = std::make_unique<LiveFigures>();
  m->fill(*f);
  const RsaBreaths& r = f->rsa_breaths;
  ASSERT_GE(r.size, 4u);  // 60 s of 10 s breaths
  EXPECT_EQ(r.size, f->resonance.breaths);
  std::uint32_t valid = 0;
  for (std::uint32_t i = 0; i < r.size; ++i) {
    const RsaBreath& b = r.breaths[i];
    EXPECT_NEAR(b.end_s - b.start_s, 10.0, 1e-6) << i;  // the pacer's 6/min cycles
    if (i > 0) {
      EXPECT_NEAR(b.start_s, r.breaths[i - 1].end_s, 1e-6) << i;
    }
    if (!b.valid) continue;
    ++valid;
    // HR max - min of the beats in this breath: the bars show the true swing.
    double lo = 1e9, hi = -1e9;
    for (const dsp::RrInterval& iv : beats.rr) {
      if (iv.t_s < b.start_s || iv.t_s >= b.end_s) continue;
      lo = std::min(lo, 60000.0 / iv.rr_ms);
      hi = std::max(hi, 60000.0 / iv.rr_ms);
    }
    EXPECT_NEAR(b.peak_to_trough_bpm, hi - lo, 1.0) << i;
    EXPECT_NEAR(b.peak_to_trough_bpm, 2.0 * kSwingBpm, 1.0) << i;
  }
  EXPECT_GE(valid, 3u);  // the comparison above ran on whole breaths
  EXPECT_EQ(valid, f->resonance.valid_breaths);
  EXPECT_DOUBLE_EQ(r.breaths[r.size - 1].peak_to_trough_bpm, f->resonance.last_peak_to_trough_bpm);
}

TEST(LiveFeedbackData, BeltTraceIsTheBeltSignalAt5HzOverTheLastMinute) {
  constexpr double kBeltRateHz = 50.0;
  LiveMetrics m(64.0);
  m.configure_channel(0, ChannelKind::kResp, kBeltRateHz);
  const auto belt = [](double t) { return static_cast<float>(std::sin(2.0 * std::numbers::pi * 0.1 * t)); };
  const double t0 = 10.0;
  m.begin_block(0, t0, true);
  const int samples = static_cast<int>(90.0 * kBeltRateHz);
  for (int i = 0; i < samples; ++i) m.push_sample(0, belt(t0 + i / kBeltRateHz));
  auto f = std::make_unique<LiveFigures>();
  m.fill(*f);
  const RespirationTrace& tr = f->respiration_trace;
  ASSERT_GE(tr.size, kRespirationTraceCapacity - 1);
  const double step_s = 1.0 / kRespirationTraceRateHz;
  const double newest = t0 + (samples - 1) / kBeltRateHz;
  EXPECT_NEAR(tr.points[tr.size - 1].t_s, newest, step_s);
  EXPECT_GE(tr.points[0].t_s, newest - 60.0 - 1e-9);
  for (std::uint32_t i = 0; i < tr.size; ++i) {
    // now_s() is the time just after the newest sample: the value is that sample's.
    EXPECT_NEAR(tr.points[i].value, belt(tr.points[i].t_s - 1.0 / kBeltRateHz), 1e-4) << i;
    if (i > 0) {
      EXPECT_NEAR(tr.points[i].t_s - tr.points[i - 1].t_s, step_s, 1e-9) << i;
    }
  }
  // A break starts a new line.
  m.break_channel(0);
  m.begin_block(0, 200.0, true);
  for (int i = 0; i < 20; ++i) m.push_sample(0, 0.5f);
  m.fill(*f);
  ASSERT_GT(f->respiration_trace.size, 0u);
  const auto& pts = f->respiration_trace.points;
  const auto first_new = std::find_if(pts.begin(), pts.begin() + f->respiration_trace.size,
                                      [](const RespirationTracePoint& p) { return p.t_s >= 200.0; });
  ASSERT_NE(first_new, pts.begin() + f->respiration_trace.size);
  EXPECT_TRUE(first_new->after_gap);
}

TEST(LiveFeedbackData, NoBeltNoTrace) {
  auto m = paced_metrics();
  for (const dsp::RrInterval& iv : Beats(80.0).rr) m->on_interval(iv);
  auto f = std::make_unique<LiveFigures>();
  m->fill(*f);
  EXPECT_EQ(f->respiration_trace.size, 0u);
}

}  // namespace
}  // namespace resonant::engine::detail
