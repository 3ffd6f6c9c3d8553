#include <resonant/engine/time_mapper.hpp>

#include <cmath>
#include <cstdint>
#include <random>

#include <gtest/gtest.h>

namespace resonant::engine {
namespace {

constexpr double kFrameS = 0.08;  // 80 ms blocks, as the simulated device sends

TEST(DeviceClockUnwrapper, ContinuesAcrossTheThirtyTwoBitWrap) {
  DeviceClockUnwrapper u;
  const std::uint32_t start = 0xFFFFFFFFu - 1'000'000u;  // 1 s before the wrap
  EXPECT_DOUBLE_EQ(u.unwrap_s(start), 0.0);
  EXPECT_NEAR(u.unwrap_s(start + 500'000u), 0.5, 1e-9);
  EXPECT_NEAR(u.unwrap_s(static_cast<std::uint32_t>(start + 1'500'000u)), 1.5, 1e-9);  // wrapped
  EXPECT_NEAR(u.unwrap_s(static_cast<std::uint32_t>(start + 3'000'000u)), 3.0, 1e-9);
  // A slightly older timestamp (another channel's block) goes back, not 71 minutes forward.
  EXPECT_NEAR(u.unwrap_s(static_cast<std::uint32_t>(start + 2'900'000u)), 2.9, 1e-9);
}

TEST(DeviceClockUnwrapper, SurvivesManyWraps) {
  DeviceClockUnwrapper u;
  std::uint32_t t = 0;
  double expected = 0.0;
  u.unwrap_s(t);
  for (int i = 0; i < 10'000; ++i) {  // 10000 x 1000 s = 2.8 wraps of 71.6 min
    t += 1'000'000'000u;
    expected += 1000.0;
    ASSERT_NEAR(u.unwrap_s(t), expected, 1e-6);
  }
}

// Receive times jitter (USB, scheduler) but the device clock is exact: the mapped times must
// follow the device clock, not the jitter, and never go backwards.
TEST(TimeMapper, JitteredReceiveTimesGiveSmoothMonotonicSessionTime) {
  std::mt19937_64 rng(3);
  std::exponential_distribution<double> latency(1.0 / 0.004);  // mean 4 ms, long tail
  TimeMapper m;
  const double anchor_latency = 0.002;
  double prev = -1.0;
  double first = 0.0;
  for (int k = 0; k < 20'000; ++k) {  // 26 min
    const double device_s = k * kFrameS;
    const double rx = 10.0 + device_s + (k == 0 ? anchor_latency : latency(rng));
    const double t = m.map(device_s, rx);
    if (k == 0) first = t;
    ASSERT_GT(t, prev) << "frame " << k;
    // Same crystal: the mapping stays exactly on the device clock (drift estimate ~ 0).
    ASSERT_NEAR(t - first, device_s, 1e-3) << "frame " << k;
    prev = t;
  }
  EXPECT_NEAR(m.drift(), 0.0, 50e-6);
}

// A ceramic resonator runs 0.5 % fast: session time must follow the host clock, smoothly.
TEST(TimeMapper, CorrectsDeviceClockDriftSmoothly) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> jitter(0.0, 0.010);
  constexpr double kDeviceFast = 1.005;  // device seconds per true second
  TimeMapper m;
  double prev = -1.0;
  double max_step_error = 0.0;
  for (int k = 0; k < 15'000; ++k) {  // 20 min of true time
    const double true_s = k * kFrameS;
    const double device_s = true_s * kDeviceFast;
    const double rx = true_s + jitter(rng);
    const double t = m.map(device_s, rx);
    if (k > 0) {
      ASSERT_GT(t, prev);
      // Successive frames are ~80 ms apart; the correction never makes a visible jump.
      max_step_error = std::max(max_step_error, std::abs((t - prev) - kFrameS));
    }
    prev = t;
    if (true_s > 600.0) {
      // After 10 min: within 50 ms of true time (the uncorrected clock would be 3 s off).
      ASSERT_NEAR(t, true_s, 0.05) << "at " << true_s << " s";
    }
  }
  EXPECT_NEAR(m.drift(), 1.0 / kDeviceFast - 1.0, 200e-6);
  // The uncorrected clock is 0.4 ms long per 80 ms frame; corrections add at most 0.2 %.
  EXPECT_LT(max_step_error, 0.0006) << "largest deviation of one frame step from 80 ms";
}

// A simulation at x20: session time runs 20x the host clock and host jitter is magnified
// 20x in session units. Warm-up is counted in host seconds: within 15 s of host time (a
// 5-min run) nothing is estimated even when estimation is on.
TEST(TimeMapper, FastSimulationWarmUpCountsHostSeconds) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> jitter_host(0.0, 0.003);
  constexpr double kSpeed = 20.0;
  TimeMapperConfig config;
  config.session_per_host = kSpeed;
  TimeMapper m(config);
  double first = 0.0;
  for (int k = 0; k < 3750; ++k) {  // 300 s of device time
    const double device_s = 1000.0 + k * kFrameS;
    const double rx_session = (k * kFrameS / kSpeed + jitter_host(rng)) * kSpeed;
    const double t = m.map(device_s, rx_session);
    if (k == 0) first = t;
    ASSERT_NEAR(t - first, device_s - 1000.0, 1e-9);
  }
  EXPECT_EQ(m.drift(), 0.0);
}

// Devices without a clock: device time is samples counted / nominal rate. The anchor frame
// may have been delayed; the offset is pulled toward the least-delayed frames, slowly.
TEST(TimeMapper, ReceiveTimeOnlyStreamsAreMonotonicAndConvergeToTheEnvelope) {
  std::mt19937_64 rng(8);
  std::uniform_real_distribution<double> jitter(0.0, 0.020);
  constexpr double kSampleS = 0.01;  // 100 Hz, one sample per "frame"
  TimeMapper m;
  double prev = -1.0;
  for (int k = 0; k < 120'000; ++k) {  // 20 min
    const double true_s = k * kSampleS;
    const double rx = true_s + (k == 0 ? 0.030 : jitter(rng));  // the first one was late
    if (k == 0) m.begin(0.0, rx, /*device_clocked=*/false);
    const double t = m.map(true_s, rx);
    ASSERT_GT(t, prev) << "sample " << k;
    prev = t;
    if (true_s > 600.0) {
      ASSERT_NEAR(t, true_s, 0.004) << "at " << true_s;
    }
  }
}

// The simulated device stamps from the host clock: with estimation off, the mapping is its
// clock exactly, whatever the receive times do.
TEST(TimeMapper, WithoutEstimationTheMappingIsTheDeviceClock) {
  TimeMapperConfig config;
  config.estimate_drift = false;
  TimeMapper m(config);
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> jitter(0.0, 0.5);
  const double first = m.map(100.0, 3.0);
  for (int k = 1; k < 50'000; ++k) {
    const double device_s = 100.0 + k * kFrameS;
    ASSERT_DOUBLE_EQ(m.map(device_s, 3.0 + k * kFrameS + jitter(rng)) - first, device_s - 100.0);
  }
}

TEST(TimeMapper, MapOnlyDoesNotLearn) {
  TimeMapper m;
  m.begin(0.0, 5.0);
  EXPECT_DOUBLE_EQ(m.map_only(2.0), 7.0);
  EXPECT_DOUBLE_EQ(m.first_session_s(), 5.0);
  EXPECT_TRUE(m.active());
  m.end();
  EXPECT_FALSE(m.active());
}

}  // namespace
}  // namespace resonant::engine
