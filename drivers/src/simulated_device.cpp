// The simulated person behind a pseudo-terminal, speaking the Resonant protocol.
#include <resonant/drivers/simulated_device.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <resonant/common/session_clock.hpp>
#include <resonant/drivers/cobs_framer.hpp>

#include "resonant_protocol.h"

namespace resonant::drivers {
namespace {

constexpr std::uint32_t kClockStartUs = 0xFFFFFFFFu - 20'000'000u + 1u;  // wraps after 20 s
constexpr double kStatusIntervalS = 1.0;
constexpr int kIdlePollMs = 50;
// After the planned duration the device stays open this long (wall time) so the host can
// read the last frames: closing a pty master discards what the host has not read yet.
constexpr auto kEndGrace = std::chrono::milliseconds(500);
constexpr std::size_t kMaxPendingOutput = 64 * 1024;  // beyond this the "UART" overruns
constexpr std::uint8_t kFirmware[3] = {0, 1, 0};
constexpr std::uint8_t kAdcBits = 16;
constexpr std::uint8_t kNoBattery = 255;

struct ChannelSpec {
  std::uint8_t id;
  std::uint8_t kind;
  int decimation;  // model ticks per sample
  float scale;     // physical units per LSB
  const char* name;
};

// ECG in 1 uV steps covers +-32 mV; PPG and belt in 1/1000 a.u.; EDA in 1 nS (0..32 uS).
constexpr ChannelSpec kChannels[] = {
    {kSimEcgChannel, RSP_CH_ECG, 1, 0.001f, "ECG lead II"},
    {kSimPpgChannel, RSP_CH_PPG, 2, 0.001f, "finger PPG"},
    {kSimRespChannel, RSP_CH_RESP, 5, 0.001f, "respiration belt"},
    {kSimEdaChannel, RSP_CH_EDA, 10, 0.001f, "skin conductance"},
};

/// The channels this device declares and streams: all, or all but the belt.
std::vector<ChannelSpec> channels_of(const SimulatedDeviceConfig& config) {
  std::vector<ChannelSpec> out;
  for (const ChannelSpec& ch : kChannels) {
    if (ch.kind != RSP_CH_RESP || config.belt) out.push_back(ch);
  }
  return out;
}

struct ChannelValue {
  float value;
  bool contact;
};

ChannelValue value_of(std::uint8_t channel_id, const sim::Tick& t) {
  switch (channel_id) {
    case kSimEcgChannel: return {t.ecg_mv, t.ecg_contact};
    case kSimPpgChannel: return {t.ppg_au, t.ppg_contact};
    case kSimRespChannel: return {t.resp_au, true};
    default: return {t.eda_us, true};
  }
}

struct Block {
  std::uint32_t t_first_us = 0;
  std::uint8_t flags = 0;
  std::vector<std::int16_t> samples;
};

}  // namespace

struct SimulatedDevice::Impl {
  explicit Impl(SimulatedDeviceConfig c)
      : config(std::move(c)),
        model(config.scenario, config.seed),
        ticks_per_block(static_cast<int>(std::lround(kSimBlockS * sim::kTickRateHz))),
        channels(channels_of(config)),
        blocks(channels.size()) {
    config.speed = std::clamp(config.speed, 0.1, 100.0);
    for (Block& b : blocks) b.samples.reserve(static_cast<std::size_t>(ticks_per_block));
  }

  ~Impl() { close_fds(); }

  void close_fds() {
    if (slave_fd >= 0) ::close(slave_fd);
    if (master_fd >= 0) ::close(master_fd);
    slave_fd = master_fd = -1;
  }

  // ---- output -------------------------------------------------------------------------
  void queue_frame(const std::uint8_t* bytes, std::size_t n) {
    if (!host_attached) return;
    if (pending.size() + n > kMaxPendingOutput) {
      ++overrun_frames;
      overruns.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    pending.insert(pending.end(), bytes, bytes + n);
  }

  void flush_output() {
    while (!pending.empty()) {
      const ssize_t w = ::write(master_fd, pending.data(), pending.size());
      if (w > 0) {
        pending.erase(pending.begin(), pending.begin() + w);
        continue;
      }
      if (w < 0 && errno == EINTR) continue;
      break;  // EAGAIN (buffer full) or the host went away: try again later
    }
  }

  std::uint32_t device_us(double t_s) const {
    const auto us = static_cast<std::uint64_t>(std::llround(t_s * 1e6));
    return static_cast<std::uint32_t>(kClockStartUs + us);  // wraps modulo 2^32 on purpose
  }

  void send_ack(std::uint8_t command, std::uint16_t command_seq, std::uint8_t result) {
    std::uint8_t out[RSP_MAX_ENCODED];
    queue_frame(out, rsp_write_ack(out, seq++, device_us(model.time_s()), command, command_seq, result));
  }

  void send_identity() {
    std::uint8_t out[RSP_MAX_ENCODED];
    const std::uint32_t t = device_us(model.time_s());
    const auto clock_us_per_s = static_cast<std::uint32_t>(std::lround(config.speed * RSP_REAL_TIME_US_PER_S));
    queue_frame(out, rsp_write_hello(out, seq++, t, RSP_DEVICE_SIMULATOR,
                                     static_cast<std::uint8_t>(channels.size()), kFirmware,
                                     clock_us_per_s, "Resonant simulated person"));
    for (const ChannelSpec& ch : channels) {
      const double rate_hz = sim::kTickRateHz / ch.decimation;
      const auto rate_mhz = static_cast<std::uint32_t>(std::lround(rate_hz * 1000.0));
      queue_frame(out, rsp_write_channel(out, seq++, t, ch.id, ch.kind, kAdcBits, rate_mhz,
                                         ch.scale, 0.0f, ch.name));
    }
  }

  void send_status() {
    std::uint8_t out[RSP_MAX_ENCODED];
    std::uint8_t contact = 1u << kSimEdaChannel;
    if (config.belt) contact |= 1u << kSimRespChannel;
    if (last_ecg_contact) contact |= 1u << kSimEcgChannel;
    if (last_ppg_contact) contact |= 1u << kSimPpgChannel;
    const auto overrun_count = static_cast<std::uint16_t>(std::min<std::uint64_t>(overrun_frames, 0xFFFF));
    queue_frame(out, rsp_write_status(out, seq++, device_us(model.time_s()),
                                      streaming ? RSP_STATUS_STREAMING : 0u, contact,
                                      saturated_mask, kNoBattery, overrun_count));
    saturated_mask = 0;
  }

  void send_block(const ChannelSpec& ch, Block& b) {
    std::uint8_t out[RSP_MAX_ENCODED];
    queue_frame(out, rsp_write_samples(out, seq++, b.t_first_us, ch.id, b.flags, b.samples.data(),
                                       static_cast<std::uint8_t>(b.samples.size())));
  }

  // ---- model --------------------------------------------------------------------------
  std::int16_t quantise(std::size_t ch, float value, bool& saturated) const {
    const float raw = std::round(value / channels[ch].scale);
    constexpr float kMax = 32767.0f;
    constexpr float kMin = -32768.0f;
    saturated = raw > kMax || raw < kMin;
    return static_cast<std::int16_t>(std::clamp(raw, kMin, kMax));
  }

  void add_sample(std::size_t ch, float value, double t_s, bool contact) {
    Block& b = blocks[ch];
    if (b.samples.empty()) {
      b.t_first_us = device_us(t_s);
      b.flags = 0;
    }
    bool saturated = false;
    b.samples.push_back(quantise(ch, value, saturated));
    if (saturated) {
      b.flags |= RSP_SF_SATURATED;
      saturated_mask |= static_cast<std::uint8_t>(1u << channels[ch].id);
    }
    if (!contact) b.flags |= RSP_SF_NO_CONTACT;
    const auto per_block = static_cast<std::size_t>(ticks_per_block / channels[ch].decimation);
    if (b.samples.size() >= per_block) {
      if (streaming) send_block(channels[ch], b);
      b.samples.clear();
    }
  }

  void step_model() {
    {
      std::lock_guard lock(pacer_mutex);
      if (pacer_dirty) {
        PacerSegment seg = pacer_segment;
        if (pacer_clock) {
          // Session time -> host time (when the screen showed it) -> model time.
          const auto& c = *pacer_clock;
          const double host_offset_s = (seg.t_start_s - c.session_anchor_s) / c.session_per_host_s;
          const auto host_t = c.host_anchor + std::chrono::duration_cast<SteadyClock::duration>(
                                                  std::chrono::duration<double>(host_offset_s));
          seg.t_start_s = std::chrono::duration<double>(host_t - wall_start).count() * config.speed;
        }
        model.set_pacer(seg, pacer_enabled);
        pacer_dirty = false;
      }
    }
    const sim::Tick& t = model.next();
    last_ecg_contact = t.ecg_contact;
    last_ppg_contact = t.ppg_contact;
    const long long i = tick_index++;
    for (std::size_t ch = 0; ch < channels.size(); ++ch) {
      if (i % channels[ch].decimation != 0) continue;
      const ChannelValue v = value_of(channels[ch].id, t);
      add_sample(ch, v.value, t.t_s, v.contact);
    }
    if (t.t_s >= next_status_s) {
      if (streaming) send_status();
      next_status_s += kStatusIntervalS;
    }
    model_time.store(t.t_s, std::memory_order_relaxed);
  }

  void write_truth() {
    beats.clear();
    model.take_beats(beats);
    if (truth && !beats.empty()) {
      for (const auto& b : beats) std::fprintf(truth, "%.6f\n", b.t_s);
      std::fflush(truth);
    }
    events.clear();
    model.take_events(events);
    if (truth_events && !events.empty()) {
      for (const auto& e : events) {
        std::fprintf(truth_events, "%.6f,%.6f,%s\n", e.t_start_s, e.t_end_s,
                     std::string(sim::to_string(e.kind)).c_str());
      }
      std::fflush(truth_events);
    }
  }

  // ---- commands from the host ---------------------------------------------------------
  void handle_command(std::span<const std::uint8_t> frame) {
    const std::uint8_t type = frame[0];
    const std::uint16_t cmd_seq = rsp_get_u16(frame.data() + 1);
    switch (type) {
      case RSP_C_IDENTIFY:
        send_ack(type, cmd_seq, RSP_ACK_OK);
        send_identity();
        break;
      case RSP_C_START:
        send_ack(type, cmd_seq, RSP_ACK_OK);
        begin_streaming();
        break;
      case RSP_C_STOP:
        send_ack(type, cmd_seq, RSP_ACK_OK);
        streaming = false;
        break;
      case RSP_C_PING:
        send_ack(type, cmd_seq, RSP_ACK_OK);
        break;
      default:
        send_ack(type, cmd_seq, RSP_ACK_UNKNOWN_COMMAND);
        break;
    }
  }

  void begin_streaming() {
    if (!clock_started) {
      clock_started = true;
      wall_start = SteadyClock::now();
    }
    // From now on our own slave fd must be closed, so the host closing its end is seen.
    if (slave_fd >= 0) {
      ::close(slave_fd);
      slave_fd = -1;
    }
    streaming = true;
    send_identity();
  }

  void host_went_away() {
    host_attached = false;
    streaming = false;
    pending.clear();
    hold_slave_open();
  }

  /// Holds our own end of the slave open while no host is attached, or poll() would report
  /// HUP at once and spin. Returns false if it cannot be opened (then the loop sleeps).
  bool hold_slave_open() {
    if (slave_fd < 0) slave_fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    return slave_fd >= 0;
  }

  /// The end of the planned duration: let the host read everything, then let go.
  void finish_gracefully() {
    const auto deadline = SteadyClock::now() + kEndGrace;
    while (SteadyClock::now() < deadline && !stop_requested.load(std::memory_order_relaxed)) {
      flush_output();
      pollfd pfd{master_fd, POLLIN, 0};
      if (::poll(&pfd, 1, 10) > 0 && (pfd.revents & (POLLHUP | POLLERR)) != 0) {
        break;  // the host has gone: nothing more can be delivered
      }
      if (pfd.revents & POLLIN) read_commands();
    }
  }

  void read_commands() {
    std::uint8_t buf[512];
    for (;;) {
      const ssize_t n = ::read(master_fd, buf, sizeof buf);
      if (n > 0) {
        host_attached = true;
        framer.push(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)),
                    [&](std::span<const std::uint8_t> frame) { handle_command(frame); });
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return;
      // EIO: every slave fd is closed, i.e. the host closed the port.
      if (clock_started) host_went_away();
      return;
    }
  }

  void run() {
    pthread_setname_np(pthread_self(), "resonant-sim");
    while (!stop_requested.load(std::memory_order_relaxed)) {
      int timeout_ms = kIdlePollMs;
      if (clock_started) {
        const double wall_s =
            std::chrono::duration<double>(SteadyClock::now() - wall_start).count();
        const double target_s = wall_s * config.speed;
        // Generate everything that is due, up to one block ahead of the wall clock at most.
        const double model_dt = 1.0 / sim::kTickRateHz;
        while (next_tick_s <= target_s) {
          step_model();
          next_tick_s += model_dt;
          if (config.duration_s > 0.0 && next_tick_s > config.duration_s) break;
        }
        write_truth();
        if (config.duration_s > 0.0 && next_tick_s > config.duration_s) {
          finish_gracefully();
          break;
        }
        const double wait_s = (next_tick_s + kSimBlockS * 0.5) / config.speed - wall_s;
        timeout_ms = std::clamp(static_cast<int>(wait_s * 1000.0), 1, kIdlePollMs);
      }
      flush_output();
      if (!host_attached && clock_started && !hold_slave_open()) {
        // Cannot hold the slave (should not happen once the host released it): wait instead
        // of polling a hung-up master in a tight loop.
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        continue;
      }
      pollfd pfd{master_fd, POLLIN, 0};
      if (!pending.empty()) pfd.events |= POLLOUT;
      const int r = ::poll(&pfd, 1, timeout_ms);
      if (r > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR))) read_commands();
    }
    // Closing the master is what "unplugging" looks like to the host.
    close_fds();
    finished.store(config.duration_s > 0.0 && next_tick_s > config.duration_s,
                   std::memory_order_relaxed);
    if (truth) std::fclose(truth);
    if (truth_events) std::fclose(truth_events);
    truth = truth_events = nullptr;
  }

  SimulatedDeviceConfig config;
  sim::PersonModel model;
  const int ticks_per_block;
  const std::vector<ChannelSpec> channels;  // what HELLO declares; indexes blocks
  std::string path;
  int master_fd = -1;
  int slave_fd = -1;
  std::thread thread;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> finished{false};
  std::atomic<double> model_time{0.0};
  std::atomic<std::uint64_t> overruns{0};

  // Writer-thread state
  CobsFramer framer;
  std::uint16_t seq = 0;
  bool host_attached = false;
  bool streaming = false;
  bool clock_started = false;
  SteadyClock::time_point wall_start{};
  double next_tick_s = 0.0;
  long long tick_index = 0;
  double next_status_s = 0.0;
  std::vector<Block> blocks;  // one per channels[i]
  std::vector<std::uint8_t> pending;
  std::uint64_t overrun_frames = 0;
  std::uint8_t saturated_mask = 0;
  bool last_ecg_contact = true;
  bool last_ppg_contact = true;
  std::vector<sim::TruthBeat> beats;
  std::vector<sim::TruthEvent> events;
  std::FILE* truth = nullptr;
  std::FILE* truth_events = nullptr;

  std::mutex pacer_mutex;
  PacerSegment pacer_segment{};
  std::optional<SessionClock> pacer_clock;
  bool pacer_enabled = false;
  bool pacer_dirty = false;
};

SimulatedDevice::SimulatedDevice(SimulatedDeviceConfig config)
    : impl_(std::make_unique<Impl>(std::move(config))) {}

SimulatedDevice::~SimulatedDevice() { stop(); }

std::string SimulatedDevice::open() {
  Impl& d = *impl_;
  char name[128] = {};
  termios raw{};
  cfmakeraw(&raw);
  if (::openpty(&d.master_fd, &d.slave_fd, name, &raw, nullptr) != 0) {
    throw std::runtime_error(std::string("cannot create a pseudo-terminal for the simulated person: ") +
                             std::strerror(errno) + " (is /dev/pts mounted?)");
  }
  ::fcntl(d.master_fd, F_SETFD, FD_CLOEXEC);
  ::fcntl(d.slave_fd, F_SETFD, FD_CLOEXEC);
  ::fcntl(d.master_fd, F_SETFL, ::fcntl(d.master_fd, F_GETFL) | O_NONBLOCK);
  d.path = name;
  if (!d.config.truth_path.empty()) {
    d.truth = std::fopen(d.config.truth_path.c_str(), "w");
    if (!d.truth) {
      throw std::runtime_error("cannot write the truth file " + d.config.truth_path + ": " +
                               std::strerror(errno));
    }
  }
  if (!d.config.truth_events_path.empty()) {
    d.truth_events = std::fopen(d.config.truth_events_path.c_str(), "w");
    if (!d.truth_events) {
      throw std::runtime_error("cannot write the truth events file " +
                               d.config.truth_events_path + ": " + std::strerror(errno));
    }
    std::fprintf(d.truth_events, "t_start_s,t_end_s,kind\n");
  }
  return d.path;
}

void SimulatedDevice::start() {
  if (impl_->thread.joinable() || impl_->master_fd < 0) return;
  impl_->thread = std::thread([this] { impl_->run(); });
}

void SimulatedDevice::stop() {
  impl_->stop_requested.store(true);
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->close_fds();
}

void SimulatedDevice::set_pacer(const PacerSegment& segment, bool enabled) {
  std::lock_guard lock(impl_->pacer_mutex);
  impl_->pacer_segment = segment;
  impl_->pacer_clock.reset();
  impl_->pacer_enabled = enabled;
  impl_->pacer_dirty = true;
}

void SimulatedDevice::set_pacer(const PacerSegment& segment, bool enabled,
                                const SessionClock& clock) {
  std::lock_guard lock(impl_->pacer_mutex);
  impl_->pacer_segment = segment;
  impl_->pacer_clock = clock;
  impl_->pacer_enabled = enabled;
  impl_->pacer_dirty = true;
}

bool SimulatedDevice::finished() const { return impl_->finished.load(std::memory_order_relaxed); }
double SimulatedDevice::model_time_s() const {
  return impl_->model_time.load(std::memory_order_relaxed);
}
std::uint64_t SimulatedDevice::overruns() const {
  return impl_->overruns.load(std::memory_order_relaxed);
}
const std::string& SimulatedDevice::path() const { return impl_->path; }

}  // namespace resonant::drivers
