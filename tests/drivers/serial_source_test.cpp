// SerialSource against a real pseudo-terminal played by the test: what counts as streaming,
// stalls, losing the device, and stopping without hanging.
#include <resonant/drivers/serial_source.hpp>

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pty_device.hpp"
#include "rsp_test_frames.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

using FakeDevice = resonant::testing::PtyDevice;

class SerialSourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<SensorSource> make(double stall_after_s = 0.5) {
    SerialSourceConfig c;
    c.port = device_.path();
    c.protocol = "resonant";
    c.stall_after_s = stall_after_s;
    return make_serial_source(c, queue_, [] {});
  }

  /// Drains queue A, remembering every link state seen.
  void pump() {
    queue_.drain([&](SensorEvent& e) {
      if (const auto* l = std::get_if<LinkEvent>(&e)) {
        states_.push_back(l->state);
        last_message_ = std::string(l->message.view());
      }
      if (std::holds_alternative<SampleBlock>(e)) ++blocks_;
    });
  }

  bool wait_for_state(const SensorSource& s, LinkState want, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pump();
      if (s.state() == want) return true;
      std::this_thread::sleep_for(5ms);
    }
    pump();
    return false;
  }

  bool saw(LinkState s) const { return std::find(states_.begin(), states_.end(), s) != states_.end(); }

  FakeDevice device_;
  SensorQueue queue_{1024};
  std::vector<LinkState> states_;
  std::string last_message_;
  std::size_t blocks_ = 0;
};

TEST_F(SerialSourceTest, AnswersToCommandsAloneAreNotStreaming) {
  auto source = make();
  source->start();
  ASSERT_TRUE(wait_for_state(*source, LinkState::kConnecting));
  std::this_thread::sleep_for(100ms);
  EXPECT_GT(device_.receive().size(), 0u) << "the host asks the device to identify and start";
  device_.send(testing::hello_frame(0));
  device_.send(testing::channel_frame(1, 0, RSP_CH_ECG, 250.0, 0.001f));
  EXPECT_TRUE(wait_for_state(*source, LinkState::kStalled, 3s)) << "identity only, no samples";
  EXPECT_FALSE(saw(LinkState::kStreaming));
  device_.send(testing::samples_frame(2, 0, 0, {1, 2, 3}));
  EXPECT_TRUE(wait_for_state(*source, LinkState::kStreaming));
  EXPECT_EQ(blocks_, 1u);
  EXPECT_GE(source->counters().frames, 3u);
  source->stop();
  EXPECT_EQ(source->state(), LinkState::kIdle);
}

TEST_F(SerialSourceTest, AClosedPseudoTerminalIsReportedAndNotReopened) {
  auto source = make();
  source->start();
  ASSERT_TRUE(wait_for_state(*source, LinkState::kConnecting));
  device_.close_slave();
  device_.send(testing::channel_frame(0, 0, RSP_CH_ECG, 250.0, 0.001f));
  device_.send(testing::samples_frame(1, 0, 0, {1, 2, 3}));
  ASSERT_TRUE(wait_for_state(*source, LinkState::kStreaming));
  device_.unplug();
  EXPECT_TRUE(wait_for_state(*source, LinkState::kFailed));
  EXPECT_TRUE(saw(LinkState::kDisconnected));
  EXPECT_FALSE(saw(LinkState::kReconnecting)) << "a pty number may belong to another program next";
  EXPECT_NE(last_message_.find("cannot come back"), std::string::npos) << last_message_;
  EXPECT_EQ(source->counters().disconnects, 1u);
  source->stop();
}

TEST_F(SerialSourceTest, ASecondReaderOfTheSamePortIsRefused) {
  auto first = make();
  first->start();
  ASSERT_TRUE(wait_for_state(*first, LinkState::kConnecting));
  SensorQueue other_queue(64);
  SerialSourceConfig c;
  c.port = device_.path();
  auto second = make_serial_source(c, other_queue, [] {});
  second->start();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (second->state() != LinkState::kFailed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(second->state(), LinkState::kFailed) << "two readers would steal each other's bytes";
  second->stop();
  first->stop();
}

TEST_F(SerialSourceTest, StopReturnsEvenWhenTheDeviceReadsNothing) {
  // The device never reads: the host's writes pile up in the pty. Stopping must not wait for
  // them to drain (a hung device must never keep Ctrl-C from working).
  auto source = make(0.5);
  source->start();
  ASSERT_TRUE(wait_for_state(*source, LinkState::kConnecting));
  ASSERT_GT(device_.fill_host_to_device_buffer(), 1000u);  // now any further write would block
  const auto t0 = std::chrono::steady_clock::now();
  source->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

}  // namespace
}  // namespace resonant::drivers
