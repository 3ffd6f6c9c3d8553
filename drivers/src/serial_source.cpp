// SerialSource: Boost.Asio serial transport on its own I/O thread (architecture.md §2 (1)).
//
// Link state machine:
//   Connecting --first valid frame--> Streaming --no frame for stall_after_s--> Stalled
//   Streaming/Stalled --frames again--> Streaming
//   any open state --read error / EOF--> Disconnected --> Reconnecting --open ok--> Connecting
//   Reconnecting --give_up_after_s--> Failed;  unknown protocol version / permission --> Failed
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp misses it under C++20

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cmath>
#include <deque>
#include <filesystem>
#include <optional>
#include <thread>

#include <resonant/drivers/port_discovery.hpp>
#include <resonant/drivers/protocol_handler.hpp>
#include <resonant/drivers/serial_source.hpp>

namespace asio = boost::asio;

namespace resonant::drivers {
namespace {

constexpr auto kWatchdogPeriod = std::chrono::milliseconds(250);
constexpr std::size_t kReadBufferBytes = 4096;

bool is_pseudo_terminal(const std::string& path) { return path.rfind("/dev/pts/", 0) == 0; }

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(s));
}

class SerialSource final : public SensorSource {
 public:
  SerialSource(SerialSourceConfig config, std::unique_ptr<ProtocolHandler> handler,
               SensorQueue& queue, std::function<void()> wake)
      : config_(std::move(config)),
        handler_(std::move(handler)),
        wake_(std::move(wake)),
        publisher_(queue, counters_),
        port_(io_),
        watchdog_(io_),
        retry_timer_(io_),
        path_(config_.port) {}

  ~SerialSource() override { stop(); }

  void start() override {
    if (thread_.joinable()) return;
    work_.emplace(io_.get_executor());  // keep run() going until shut_down()
    asio::post(io_, [this] { open_port(/*after_loss=*/false); });
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "resonant-io");
      io_.run();
    });
  }

  void stop() override {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] { shut_down(); });
    thread_.join();
  }

  LinkState state() const override { return state_.load(std::memory_order_acquire); }
  LinkCounters counters() const override { return counters_.load(); }

  std::string description() const override {
    if (!config_.description.empty()) return config_.description;
    return config_.port + " (" + std::string(handler_->name()) + ")";
  }

 private:
  // ---- state ------------------------------------------------------------------------
  /// The device's notes (a refused stream, a peripheral on a bridge) become link messages, in
  /// the current state: nothing about the link changed, the person just learns it.
  void publish_notices() {
    for (const std::string& notice : handler_->take_notices()) set_state(state(), notice);
  }

  void set_state(LinkState s, const std::string& message) {
    state_.store(s, std::memory_order_release);
    LinkEvent e;
    e.state = s;
    e.t_rx = SteadyClock::now();
    e.message.assign(message);
    publisher_.publish(e);
    if (wake_) wake_();
  }

  void fail(const std::string& message) {
    close_port();
    retry_timer_.cancel();
    set_state(LinkState::kFailed, message);
  }

  // ---- open / close -----------------------------------------------------------------
  /// After a loss: if the port's path is gone but the same USB device (by serial number) is
  /// plugged in under another name, use that name. True when the path changed.
  bool follow_device() {
    std::error_code ec;
    if (!identity_ || std::filesystem::exists(path_, ec)) return false;
    const auto found = find_port_by_usb_serial(identity_->serial_number, identity_->vendor_id,
                                               identity_->product_id, config_.discovery);
    if (!found || *found == path_) return false;
    path_ = *found;
    return true;
  }

  /// Remembers which USB device is behind the port, to find it again after an unplug.
  void remember_identity() {
    if (identity_ || !config_.follow_usb_serial) return;
    auto info = describe_serial_port(path_, config_.discovery);
    if (info && info->usb && !info->serial_number.empty()) identity_ = std::move(info);
  }

  void open_port(bool after_loss) {
    if (stopping_) return;
    if (!after_loss) set_state(LinkState::kConnecting, "opening " + path_);
    const bool moved = after_loss && follow_device();
    boost::system::error_code ec;
    port_.open(path_, ec);
    if (ec) {
      const OpenErrorAdvice advice = advise_open_error(path_, ec.value(), ec.message());
      if (!advice.retry_may_help || !after_loss) {
        fail(advice.message);
        return;
      }
      schedule_retry(advice.message);
      return;
    }
    // Exclusive use: a second program opening the same port would steal bytes. TIOCEXCL keeps
    // out other programs (but not root); the lock keeps out a second Resonant, root or not.
    if (::flock(port_.native_handle(), LOCK_EX | LOCK_NB) != 0) {
      close_port();
      const std::string busy = path_ + " is busy: another Resonant is already reading it";
      if (after_loss) {
        schedule_retry(busy);
      } else {
        fail(busy + " (close the other session first)");
      }
      return;
    }
    ::ioctl(port_.native_handle(), TIOCEXCL);
    handler_->reset();
    if (!apply_settings()) return;
    remember_identity();
    if (after_loss) {
      counters_.reconnects.fetch_add(1, std::memory_order_relaxed);
      set_state(LinkState::kConnecting, (moved ? "found the sensor again at " : "reopened ") +
                                            path_ + "; waiting for data");
    } else {
      set_state(LinkState::kConnecting, "waiting for data from " + path_);
    }
    last_frame_ = SteadyClock::now();
    last_kick_ = last_frame_;
    backoff_s_ = config_.reconnect_min_s;
    send(handler_->on_open());
    start_read();
    arm_watchdog();
  }

  /// Puts the handler's current line settings on the port; fails the link when it cannot.
  bool apply_settings() {
    const SerialSettings s = handler_->serial_settings();
    using sp = asio::serial_port;
    boost::system::error_code ec;
    const auto parity = s.parity == Parity::kOdd    ? sp::parity::odd
                        : s.parity == Parity::kEven ? sp::parity::even
                                                    : sp::parity::none;
    port_.set_option(sp::baud_rate(s.baud), ec);
    if (!ec) port_.set_option(sp::character_size(8), ec);
    if (!ec) port_.set_option(sp::parity(parity), ec);
    if (!ec) port_.set_option(sp::stop_bits(sp::stop_bits::one), ec);
    // Binary protocols contain 0x11/0x13: software flow control would eat them.
    if (!ec) port_.set_option(sp::flow_control(sp::flow_control::none), ec);
    if (ec) {
      fail("cannot configure " + path_ + " for " + s.describe() + " (" + ec.message() +
           "): is this really a serial port?");
      return false;
    }
    return true;
  }

  void close_port() {
    boost::system::error_code ec;
    if (port_.is_open()) {
      // On a pty the exclusive flag outlives our close while the device side stays open:
      // release it, or nobody (but root) could open the port after us.
      ::ioctl(port_.native_handle(), TIOCNXCL);
      port_.cancel(ec);
      port_.close(ec);
    }
    write_queue_.clear();
    writing_ = false;
  }

  void shut_down() {
    stopping_ = true;
    if (port_.is_open()) {
      // Best effort: tell the device to stop before we let go of the port. Never block: a
      // device that stopped reading must not keep us (and Ctrl-C) waiting.
      const auto bytes = handler_->on_close();
      const int fd = port_.native_handle();
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
      [[maybe_unused]] const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    }
    close_port();
    watchdog_.cancel();
    retry_timer_.cancel();
    if (state() != LinkState::kFailed) set_state(LinkState::kIdle, "closed " + path_);
    work_.reset();
  }

  // ---- reading ----------------------------------------------------------------------
  void start_read() {
    port_.async_read_some(asio::buffer(read_buf_),
                          [this](const boost::system::error_code& ec, std::size_t n) {
                            const SteadyClock::time_point t_rx = SteadyClock::now();
                            on_read(ec, n, t_rx);
                          });
  }

  void on_read(const boost::system::error_code& ec, std::size_t n, SteadyClock::time_point t_rx) {
    if (stopping_ || ec == asio::error::operation_aborted) return;
    if (ec) {
      on_lost(ec);
      return;
    }
    counters_.bytes.fetch_add(n, std::memory_order_relaxed);
    const auto got = handler_->on_bytes(std::span<const std::uint8_t>(read_buf_.data(), n), t_rx,
                                        publisher_, counters_);
    if (auto fatal = handler_->fatal_error()) {
      fail(*fatal);
      return;
    }
    send(std::move(got.reply));
    publish_notices();
    // Only measurements count as "streaming": answers to a start command alone do not.
    if (got.data_frames > 0) {
      last_frame_ = t_rx;
      const LinkState s = state();
      if (s == LinkState::kConnecting || s == LinkState::kStalled) {
        set_state(LinkState::kStreaming, "receiving data from " + path_);
      }
    }
    if (wake_) wake_();
    start_read();
  }

  void on_lost(const boost::system::error_code& ec) {
    counters_.disconnects.fetch_add(1, std::memory_order_relaxed);
    close_port();
    const std::string why = ec == asio::error::eof ? "the device closed the connection"
                                                   : ec.message();
    set_state(LinkState::kDisconnected, path_ + " went away (" + why + ")");
    if (is_pseudo_terminal(path_)) {
      // A pty's number is reused by the next one created: reopening it would read some other
      // program's data. A closed pty never comes back.
      fail("the pseudo-terminal " + path_ +
           " was closed by the program behind it and cannot come back; start that program "
           "again and connect to the path it prints");
      return;
    }
    lost_at_ = SteadyClock::now();
    backoff_s_ = config_.reconnect_min_s;
    schedule_retry("reconnecting to " + path_);
  }

  void schedule_retry(const std::string& message) {
    if (stopping_) return;
    const double lost_for_s =
        std::chrono::duration<double>(SteadyClock::now() - lost_at_).count();
    if (config_.give_up_after_s > 0.0 && lost_for_s >= config_.give_up_after_s) {
      fail("the sensor did not come back within " +
           std::to_string(static_cast<int>(std::lround(config_.give_up_after_s))) +
           " s (" + message + "); check the cable and power, then connect again");
      return;
    }
    if (state() != LinkState::kReconnecting) set_state(LinkState::kReconnecting, message);
    retry_timer_.expires_after(seconds(backoff_s_));
    backoff_s_ = std::min(backoff_s_ * 2.0, config_.reconnect_max_s);
    retry_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) open_port(/*after_loss=*/true);
    });
  }

  // ---- writing ----------------------------------------------------------------------
  void send(std::vector<std::uint8_t> bytes) {
    if (bytes.empty() || !port_.is_open()) return;
    write_queue_.push_back(std::move(bytes));
    if (!writing_) write_next();
  }

  void write_next() {
    if (write_queue_.empty() || !port_.is_open()) {
      writing_ = false;
      return;
    }
    writing_ = true;
    asio::async_write(port_, asio::buffer(write_queue_.front()),
                      [this](const boost::system::error_code& ec, std::size_t) {
                        if (ec) {
                          writing_ = false;
                          return;  // the read side reports the loss
                        }
                        if (!write_queue_.empty()) write_queue_.pop_front();
                        write_next();
                      });
  }

  // ---- watchdog ---------------------------------------------------------------------
  void arm_watchdog() {
    watchdog_.expires_after(kWatchdogPeriod);
    watchdog_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_ || !port_.is_open()) return;
      const auto now = SteadyClock::now();
      auto tick = handler_->on_tick(now);
      if (auto fatal = handler_->fatal_error()) {
        fail(*fatal);
        return;
      }
      if (tick.settings_changed && !apply_settings()) return;
      send(std::move(tick.send));
      publish_notices();
      const auto quiet = now - last_frame_;
      if (quiet > seconds(config_.stall_after_s)) {
        if (state() != LinkState::kStalled) {
          set_state(LinkState::kStalled,
                    "no data from " + path_ + " for " +
                        std::to_string(static_cast<int>(std::lround(config_.stall_after_s))) +
                        " s; asking the device to start again");
        }
        if (now - last_kick_ > seconds(config_.stall_after_s)) {
          last_kick_ = now;
          send(handler_->on_stall());
        }
      }
      arm_watchdog();
    });
  }

  SerialSourceConfig config_;
  std::unique_ptr<ProtocolHandler> handler_;
  std::function<void()> wake_;
  AtomicLinkCounters counters_;
  EventPublisher publisher_;
  std::atomic<LinkState> state_{LinkState::kIdle};

  asio::io_context io_;
  asio::serial_port port_;
  asio::steady_timer watchdog_;
  asio::steady_timer retry_timer_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;

  // I/O-thread state
  std::array<std::uint8_t, kReadBufferBytes> read_buf_{};
  std::deque<std::vector<std::uint8_t>> write_queue_;
  bool writing_ = false;
  bool stopping_ = false;
  SteadyClock::time_point last_frame_{};
  SteadyClock::time_point last_kick_{};
  SteadyClock::time_point lost_at_{};
  double backoff_s_ = 0.25;
  std::string path_;                        // the port in use (may move, see follow_device)
  std::optional<SerialPortInfo> identity_;  // the USB device behind it, when known
};

}  // namespace

std::unique_ptr<SensorSource> make_serial_source(SerialSourceConfig config, SensorQueue& queue,
                                                 std::function<void()> wake) {
  ProtocolOptions options = config.options;
  if (config.protocol == "auto" && options.likely_protocols.empty()) {
    if (is_pseudo_terminal(config.port)) {
      options.likely_protocols = {"resonant"};  // another program, e.g. `resonant-cli simulate --pty`
    } else if (const auto port = describe_serial_port(config.port, config.discovery)) {
      options.likely_protocols = port->likely_protocols;
    }
  }
  auto handler = make_protocol_handler(config.protocol, options);
  if (!handler) return nullptr;
  return make_serial_source(std::move(config), std::move(handler), queue, std::move(wake));
}

std::unique_ptr<SensorSource> make_serial_source(SerialSourceConfig config,
                                                 std::unique_ptr<ProtocolHandler> handler,
                                                 SensorQueue& queue, std::function<void()> wake) {
  if (!handler) return nullptr;
  return std::make_unique<SerialSource>(std::move(config), std::move(handler), queue,
                                        std::move(wake));
}

}  // namespace resonant::drivers
