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

#include "rsp_test_frames.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

/// The device side of a pty: the test writes frames to the master.
class FakeDevice {
 public:
  FakeDevice() {
    termios raw{};
    cfmakeraw(&raw);
    char name[128] = {};
    if (openpty(&master_, &slave_, name, &raw, nullptr) != 0) throw std::runtime_error("openpty");
    path_ = name;
    ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
  }
  ~FakeDevice() {
    close_slave();
    if (master_ >= 0) ::close(master_);
  }
  const std::string& path() const { return path_; }
  void send(const std::vector<std::uint8_t>& bytes) {
    ASSERT_EQ(::write(master_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  /// Our own slave fd keeps the pty alive until a host has opened it.
  void close_slave() {
    if (slave_ >= 0) ::close(slave_);
    slave_ = -1;
  }
  /// Unplug: the master closes, the host's reads end.
  void unplug() {
    close_slave();
    ::close(master_);
    master_ = -1;
  }
  /// Fills the host-to-device direction until it would block (the device never reads), by
  /// writing into our own slave end, which shares that buffer with the host.
  std::size_t fill_host_to_device_buffer() {
    ::fcntl(slave_, F_SETFL, ::fcntl(slave_, F_GETFL) | O_NONBLOCK);
    std::vector<std::uint8_t> junk(4096, 0x55);
    std::size_t total = 0;
    for (std::size_t chunk : {std::size_t{4096}, std::size_t{64}, std::size_t{1}}) {  // to the last byte
      for (ssize_t n; (n = ::write(slave_, junk.data(), chunk)) > 0;) total += static_cast<std::size_t>(n);
    }
    return total;
  }
  std::size_t bytes_from_host() {
    std::uint8_t buf[256];
    std::size_t total = 0;
    for (ssize_t n; (n = ::read(master_, buf, sizeof buf)) > 0;) total += static_cast<std::size_t>(n);
    return total;
  }

 private:
  int master_ = -1;
  int slave_ = -1;
  std::string path_;
};

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
  EXPECT_GT(device_.bytes_from_host(), 0u) << "the host asks the device to identify and start";
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
