// Unplug and replug, 20 times, with the device coming back under another name each time
// (ttyUSB0 <-> ttyUSB1, as Linux does when the old node is still held): the link finds the
// same USB device by its serial number within 2 s of it reappearing, and every beat that had
// reached the host before an unplug is delivered, once, in order.
#include <resonant/drivers/serial_source.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "fake_port_tree.hpp"
#include "pty_device.hpp"
#include "rsp_test_frames.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kCycles = 21;  // the first plug, then 20 replugs
constexpr int kBeatsPerCycle = 12;
constexpr std::uint32_t kRrUs = 800'000;
constexpr auto kReconnectTarget = 2s;

/// Waits until pred() or the timeout; true when pred() held.
template <typename Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return pred();
}

TEST(Reconnect, TwentyReplugsUnderChangingNamesFindTheDeviceAgainAndLoseNoBeat) {
  testing::FakePortTree tree;
  testing::FakeUsbIdentity id;
  id.serial = "RESONANT-0007";

  auto device = std::make_unique<testing::PtyDevice>();
  std::string name = "ttyUSB0";
  tree.plug_usb(name, device->path(), id);

  SensorQueue queue(1 << 14);
  SerialSourceConfig config;
  config.port = tree.dev_path(name);
  config.protocol = "resonant";
  config.discovery = tree.roots();
  auto source = make_serial_source(config, queue, [] {});
  ASSERT_NE(source, nullptr);
  source->start();

  std::vector<std::uint32_t> sent_beat_times;
  std::vector<std::uint32_t> got_beat_times;
  std::vector<double> reconnect_s;
  std::uint64_t bytes_sent = 0;
  std::mt19937 rng(7);
  std::uint32_t t_us = 1'000'000;
  auto pump = [&] {
    queue.drain([&](SensorEvent& e) {
      if (const auto* b = std::get_if<DeviceBeat>(&e)) got_beat_times.push_back(b->t_dev_us);
    });
  };

  for (int cycle = 0; cycle < kCycles; ++cycle) {
    // The host opens the port and sends identify + start: that is how we know it is back.
    const auto plugged_at = Clock::now();
    ASSERT_TRUE(wait_until([&] { return !device->receive().empty(); }, 5s))
        << "cycle " << cycle << ": the host did not open " << name;
    reconnect_s.push_back(std::chrono::duration<double>(Clock::now() - plugged_at).count());
    device->close_slave();

    std::uint16_t seq = 0;
    auto send = [&](const std::vector<std::uint8_t>& f) {
      device->send(f);
      bytes_sent += f.size();
    };
    send(testing::hello_frame(seq++));
    for (int i = 0; i < kBeatsPerCycle; ++i) {
      t_us += kRrUs;
      send(testing::beat_frame(seq++, t_us, 0, i == 0 ? 0 : kRrUs));
      sent_beat_times.push_back(t_us);
    }
    // Everything has reached the host (its byte counter), then the cable is pulled at once,
    // without waiting for anyone to consume the events.
    ASSERT_TRUE(wait_until([&] { return source->counters().bytes >= bytes_sent; }, 5s));
    tree.unplug(name);
    device->unplug();
    pump();
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 400));

    name = (name == "ttyUSB0") ? "ttyUSB1" : "ttyUSB0";
    device = std::make_unique<testing::PtyDevice>();
    tree.plug_usb(name, device->path(), id);
  }
  pump();
  source->stop();
  pump();

  EXPECT_EQ(got_beat_times, sent_beat_times) << "every beat that reached the host, once, in order";
  const double worst = *std::max_element(reconnect_s.begin() + 1, reconnect_s.end());
  double sum = 0.0;
  for (std::size_t i = 1; i < reconnect_s.size(); ++i) sum += reconnect_s[i];
  std::printf("[ reconnect ] %d replugs, %zu beats; time from replug to reopened: mean %.3f s, "
              "worst %.3f s (target %.1f s); link reconnects %llu\n",
              kCycles - 1, sent_beat_times.size(), sum / static_cast<double>(reconnect_s.size() - 1),
              worst, std::chrono::duration<double>(kReconnectTarget).count(),
              static_cast<unsigned long long>(source->counters().reconnects));
  EXPECT_LT(worst, std::chrono::duration<double>(kReconnectTarget).count());
  EXPECT_EQ(source->counters().reconnects, static_cast<std::uint64_t>(kCycles - 1));
}

}  // namespace
}  // namespace resonant::drivers
