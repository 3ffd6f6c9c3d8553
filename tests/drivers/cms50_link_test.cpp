// CMS50 end to end: a fake oximeter on a pty, SerialSource + the CMS50 handlers, queue A.
#include <utility>

#include <resonant/drivers/cms50_handlers.hpp>
#include <resonant/drivers/serial_source.hpp>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "cms50_fake.hpp"
#include "pty_device.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

class Cms50LinkTest : public ::testing::Test {
 protected:
  std::unique_ptr<SensorSource> start(std::unique_ptr<ProtocolHandler> handler) {
    SerialSourceConfig c;
    c.port = device_.path();
    c.stall_after_s = 5.0;
    auto source = make_serial_source(c, std::move(handler), queue_, [] {});
    source->start();
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (source->state() != LinkState::kConnecting && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    std::this_thread::sleep_for(50ms);  // the port is configured
    return source;
  }

  void drain_until(std::size_t samples, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      queue_.drain([&](SensorEvent& e) { got_.add(e); });
      if (got_.samples.size() >= samples) return;
      std::this_thread::sleep_for(10ms);
    }
  }

  /// The line settings the host put on its end of the pty (the baud only: Linux ptys clear
  /// PARENB whatever is asked) (read through a second open of the
  /// slave, which the host's exclusive mode allows only to root).
  std::optional<termios> host_termios() {
    const int fd = ::open(device_.path().c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    termios t{};
    const bool ok = ::tcgetattr(fd, &t) == 0;
    ::close(fd);
    return ok ? std::optional<termios>(t) : std::nullopt;
  }

  void expect_truth(const testing::Cms50Truth& truth) {
    ASSERT_TRUE(got_.described_before_data);
    ASSERT_GE(got_.samples.size(), truth.pleth.size() - kCms50BlockSamples);
    for (std::size_t i = 0; i < got_.samples.size(); ++i) {
      ASSERT_EQ(got_.samples[i], truth.pleth[i]) << "sample " << i;
      ASSERT_NEAR(static_cast<double>(got_.sample_t_us[i]), static_cast<double>(static_cast<std::uint32_t>(cms50_packet_time_us(i))), 1.0);
    }
    ASSERT_EQ(got_.beats.size(), truth.beat_packets.size());
    std::uint32_t max_error_us = 0;
    for (std::size_t i = 1; i < got_.beats.size(); ++i) {
      const auto want = cms50_packet_time_us(truth.beat_packets[i]) -
                        cms50_packet_time_us(truth.beat_packets[i - 1]);
      const auto err = static_cast<std::uint32_t>(
          std::llabs(static_cast<long long>(got_.beats[i].rr_us) - static_cast<long long>(want)));
      max_error_us = std::max(max_error_us, err);
    }
    EXPECT_EQ(max_error_us, 0u) << "RR at the packet resolution (1/60 s)";
    EXPECT_TRUE(got_.gaps.empty());
  }

  resonant::testing::PtyDevice device_;
  SensorQueue queue_{8192};
  testing::Cms50Decoded got_;
};

TEST_F(Cms50LinkTest, LegacyStreamArrivesWhole) {
  const auto truth = testing::make_cms50_truth(300, 2026);
  const auto stream = testing::cms50_legacy_stream(truth);
  auto source = start(make_cms50_handler({}));
  if (const auto t = host_termios()) {
    EXPECT_EQ(cfgetispeed(&*t), B19200);  // (a pty clears PARENB itself: parity is not visible)
  }
  for (std::size_t i = 0; i < stream.size(); i += 640) {
    device_.send(std::span<const std::uint8_t>(stream.data() + i, std::min<std::size_t>(640, stream.size() - i)));
  }
  drain_until(truth.pleth.size() - kCms50BlockSamples, 8s);
  const auto counters = source->counters();
  source->stop();
  EXPECT_EQ(counters.frames, truth.pleth.size());
  EXPECT_EQ(counters.framing_errors, 0u);
  EXPECT_EQ(counters.crc_errors, 0u);
  EXPECT_EQ(counters.seq_gaps, 0u);
  expect_truth(truth);
  std::printf("[ cms50 ] packets sent %zu, decoded %llu, beats %zu\n", truth.pleth.size(),
              static_cast<unsigned long long>(counters.frames), got_.beats.size());
}

TEST_F(Cms50LinkTest, SilenceSwitchesTheHostTo4800Baud) {
  auto source = start(make_cms50_handler({}));
  const auto before = host_termios();
  if (!before) GTEST_SKIP() << "cannot read the host's line settings (not root)";
  EXPECT_EQ(cfgetispeed(&*before), B19200);
  std::this_thread::sleep_for(kCms50FallbackAfter + 600ms);
  const auto after = host_termios();
  ASSERT_TRUE(after);
  EXPECT_EQ(cfgetispeed(&*after), B4800);
  // Data at the new settings: the link streams and stays there.
  const auto truth = testing::make_cms50_truth(5, 3);
  device_.send(testing::cms50_legacy_stream(truth));
  drain_until(truth.pleth.size() - kCms50BlockSamples, 3s);
  std::this_thread::sleep_for(kCms50FallbackAfter);
  const auto later = host_termios();
  ASSERT_TRUE(later);
  EXPECT_EQ(cfgetispeed(&*later), B4800);
  EXPECT_EQ(source->state(), LinkState::kStreaming);
  source->stop();
  EXPECT_EQ(source->counters().frames, truth.pleth.size());
}

TEST_F(Cms50LinkTest, V7StreamsAfterTheStartCommandAndIsKeptAlive) {
  const auto truth = testing::make_cms50_truth(300, 77);
  const auto stream = testing::cms50_v7_stream(truth);
  auto source = start(make_cms50_v7_handler({}));
  auto from_host = testing::run_cms50_v7_fake(device_, stream);
  ASSERT_EQ(testing::count_v7_start_commands(from_host), 1u) << "the start command reached the device";
  drain_until(truth.pleth.size() - kCms50BlockSamples, 8s);
  // The keep-alive arrives within 5 s of the start command.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (testing::count_v7_start_commands(from_host) < 2 && std::chrono::steady_clock::now() < deadline) {
    const auto more = device_.receive();
    from_host.insert(from_host.end(), more.begin(), more.end());
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GE(testing::count_v7_start_commands(from_host), 2u) << "keep-alive";
  const auto counters = source->counters();
  source->stop();
  EXPECT_EQ(counters.frames, truth.pleth.size());
  EXPECT_EQ(counters.framing_errors, 0u);
  expect_truth(truth);
  std::printf("[ cms50-v7 ] packets sent %zu, decoded %llu, beats %zu\n", truth.pleth.size(),
              static_cast<unsigned long long>(counters.frames), got_.beats.size());
}

}  // namespace
}  // namespace resonant::drivers
