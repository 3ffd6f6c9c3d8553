#pragma once
// The device side of a pseudo-terminal, played by a test: whatever it writes to the master
// arrives at the host's serial port (the slave path) exactly as from hardware, and whatever
// the host sends can be read back. unplug() makes the host's reads fail like a pulled cable.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::testing {

class PtyDevice {
 public:
  PtyDevice() {
    termios raw{};
    cfmakeraw(&raw);
    char name[128] = {};
    if (openpty(&master_, &slave_, name, &raw, nullptr) != 0) throw std::runtime_error("openpty");
    path_ = name;
    ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
  }
  ~PtyDevice() {
    close_slave();
    if (master_ >= 0) ::close(master_);
  }
  PtyDevice(const PtyDevice&) = delete;
  PtyDevice& operator=(const PtyDevice&) = delete;

  /// The host's side, e.g. /dev/pts/7.
  const std::string& path() const { return path_; }
  bool plugged() const { return master_ >= 0; }

  /// Writes all bytes (waits while the pty buffer is full, up to 5 s).
  void send(std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (done < bytes.size()) {
      const ssize_t n = ::write(master_, bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "the host did not read the pty for 5 s";
        return;
      }
      pollfd p{master_, POLLOUT, 0};
      ::poll(&p, 1, 10);
    }
  }
  void send(const std::vector<std::uint8_t>& bytes) {
    send(std::span<const std::uint8_t>(bytes.data(), bytes.size()));
  }

  /// Everything the host has sent so far (non-blocking).
  std::vector<std::uint8_t> receive() {
    std::vector<std::uint8_t> out;
    if (master_ < 0) return out;
    std::uint8_t buf[512];
    for (ssize_t n; (n = ::read(master_, buf, sizeof buf)) > 0;) out.insert(out.end(), buf, buf + n);
    return out;
  }

  /// Our own slave fd keeps the pty alive until a host has opened it.
  void close_slave() {
    if (slave_ >= 0) ::close(slave_);
    slave_ = -1;
  }

  /// Unplug: the master closes, the host's reads end with an error.
  void unplug() {
    close_slave();
    if (master_ >= 0) ::close(master_);
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

 private:
  int master_ = -1;
  int slave_ = -1;
  std::string path_;
};

}  // namespace resonant::testing
