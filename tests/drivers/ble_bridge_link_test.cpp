// End to end through a real pseudo-terminal and Boost.Asio: the BLE bridge handler against a
// fake bridge with a simulated Polar H10 (ble_bridge_fake.hpp). The host must start PMD after
// the connect event (the fake checks the bytes), every frame must be decoded, RR must equal
// the truth to 1/1024 s, ECG to 1 µV and ACC z exactly, and closing must send the PMD stops.
#include <utility>

#include <resonant/drivers/ble_bridge_handler.hpp>
#include <resonant/drivers/serial_source.hpp>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ble_bridge_fake.hpp"
#include "event_invariants.hpp"
#include "pty_device.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;
using resonant::testing::PtyDevice;
using resonant::testing::ble::BleBridgeFake;

struct Collected {
  std::vector<DeviceBeat> beats;
  std::vector<float> ecg_mv;
  std::vector<float> acc_z;
  std::vector<SampleBlock> ecg_blocks;
  std::size_t gaps = 0;
  std::size_t statuses = 0;
  std::size_t invalid = 0;
  std::string problem;
};

TEST(BleBridgeLink, FakeH10ThroughAPtyDecodesEveryFrameAndMatchesTheTruth) {
  PtyDevice device;
  BleBridgeFake fake(/*seed=*/424242, /*beats=*/300);
  SensorQueue queue(8192);
  SerialSourceConfig config;
  config.port = device.path();
  config.protocol = "ble-bridge";
  config.stall_after_s = 5.0;
  auto source = make_serial_source(config, make_ble_bridge_handler(ProtocolOptions{}), queue, [] {});
  ASSERT_TRUE(source);

  Collected got;
  auto drain = [&] {
    queue.drain([&](SensorEvent& e) {
      if (auto p = event_problem(e)) {
        ++got.invalid;
        got.problem = *p;
      }
      if (const auto* b = std::get_if<DeviceBeat>(&e)) got.beats.push_back(*b);
      if (const auto* s = std::get_if<SampleBlock>(&e)) {
        auto& dst = s->channel == 0 ? got.ecg_mv : got.acc_z;
        dst.insert(dst.end(), s->values.begin(), s->values.begin() + s->count);
        if (s->channel == 0) got.ecg_blocks.push_back(*s);
      }
      if (std::holds_alternative<GapEvent>(e)) ++got.gaps;
      if (std::holds_alternative<DeviceStatus>(e)) ++got.statuses;
    });
  };
  auto serve_host = [&] {
    const auto from_host = device.receive();
    if (!from_host.empty()) device.send(fake.on_host_bytes(from_host));
  };
  auto wait_until = [&](auto&& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      serve_host();
      drain();
      std::this_thread::sleep_for(2ms);
    }
    return done();
  };

  source->start();
  // on_open: IDENTIFY -> the fake answers IDENTITY + LINK connected -> the host starts PMD.
  ASSERT_TRUE(wait_until([&] { return fake.ecg_started && fake.acc_started; }, 5s))
      << "identify seen " << fake.identify_seen << ", bad commands " << fake.bad_commands;
  EXPECT_GE(fake.status_requests, 1u);

  // Stream the whole session in 2 s slices of device time, as fast as the pty takes it.
  for (double t = 2.0; t < fake.end_s() + 2.0; t += 2.0) {
    device.send(fake.stream_until(t));
    serve_host();
    drain();
  }
  ASSERT_TRUE(wait_until([&] { return source->counters().frames >= fake.frames_sent; }, 5s))
      << source->counters().frames << " of " << fake.frames_sent;
  drain();
  const std::size_t frames_streamed = fake.frames_sent;

  source->stop();
  serve_host();  // the stops on_close wrote before closing the port (answers go nowhere)
  EXPECT_TRUE(fake.ecg_stop_seen && fake.acc_stop_seen) << "PMD stop must always be sent";
  EXPECT_EQ(fake.bad_commands, 0u);

  const LinkCounters c = source->counters();
  EXPECT_EQ(c.frames, frames_streamed);
  EXPECT_EQ(c.crc_errors, 0u);
  EXPECT_EQ(c.framing_errors, 0u);
  EXPECT_EQ(c.seq_gaps, 0u);
  EXPECT_EQ(c.dropped, 0u);
  EXPECT_EQ(got.gaps, 0u);
  EXPECT_EQ(got.invalid, 0u) << got.problem;
  EXPECT_GT(got.statuses, 250u);

  // RR: one chain over the whole session, equal to the truth to 1/1024 s.
  ASSERT_EQ(got.beats.size(), fake.beats_sent);
  ASSERT_EQ(fake.beats_sent, fake.rr_1024.size());
  EXPECT_EQ(got.beats[0].flags & kBeatAfterGap, kBeatAfterGap);
  double max_err_us = 0.0;
  std::size_t restarts = 0;
  for (std::size_t k = 1; k < got.beats.size(); ++k) {
    if (got.beats[k].flags & kBeatAfterGap) ++restarts;
    const double truth_us = fake.rr_1024[k] * 1e6 / 1024.0;
    max_err_us = std::max(max_err_us, std::abs(got.beats[k].rr_us - truth_us));
    EXPECT_EQ(got.beats[k].t_dev_us - got.beats[k - 1].t_dev_us, got.beats[k].rr_us);
  }
  EXPECT_EQ(restarts, 0u) << "no chain restart on a clean link";
  EXPECT_LE(max_err_us, 1e6 / 1024.0);
  std::printf("[ble link] frames sent %zu decoded %llu, beats %zu, max |RR error| %.3f us, ECG %zu ACC %zu samples\n",
              frames_streamed, static_cast<unsigned long long>(c.frames), got.beats.size(), max_err_us,
              got.ecg_mv.size(), got.acc_z.size());

  // Waveforms: every sample, to 1 µV (ECG) and exactly (ACC z, mG).
  ASSERT_EQ(got.ecg_mv.size(), fake.ecg_uv.size());
  double max_ecg_err_uv = 0.0;
  for (std::size_t i = 0; i < fake.ecg_uv.size(); ++i) {
    max_ecg_err_uv = std::max(max_ecg_err_uv, std::abs(got.ecg_mv[i] * 1000.0 - fake.ecg_uv[i]));
  }
  EXPECT_LE(max_ecg_err_uv, 1.0);
  ASSERT_EQ(got.acc_z.size(), fake.acc_z_mg.size());
  for (std::size_t i = 0; i < fake.acc_z_mg.size(); ++i) {
    ASSERT_EQ(got.acc_z[i], static_cast<float>(fake.acc_z_mg[i])) << i;
  }
  // ECG blocks follow the PMD clock: successive frames 73 samples apart (to the offset
  // tracker's 1 ms step), across the bridge clock's wrap.
  for (std::size_t i = 1; i < got.ecg_blocks.size(); ++i) {
    const auto step = static_cast<std::int32_t>(got.ecg_blocks[i].t_dev_us - got.ecg_blocks[i - 1].t_dev_us);
    EXPECT_NEAR(step, got.ecg_blocks[i - 1].count * 1e6 / 130.0, 1'001.0) << i;
  }
}

}  // namespace
}  // namespace resonant::drivers
