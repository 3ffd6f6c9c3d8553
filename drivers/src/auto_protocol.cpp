#include <resonant/drivers/auto_protocol.hpp>

#include <algorithm>
#include <chrono>
#include <deque>

namespace resonant::drivers {
namespace {

constexpr std::size_t kProbeQueueEvents = 1024;
constexpr std::size_t kMaxReplayBytes = 64 * 1024;  // a few seconds at the fastest device

/// A candidate decoding in private while probing: its events go to a queue nobody reads
/// (drained and dropped), its counters tell how well it understands the bytes.
struct Probe {
  std::string name;
  std::unique_ptr<ProtocolHandler> handler;
  SensorQueue queue{kProbeQueueEvents};
  AtomicLinkCounters counters;
  EventPublisher publisher{queue, counters};
  std::size_t data_frames = 0;
  std::size_t frames = 0;  // every valid frame, answers to our commands included
  bool needs_command = false;
  bool certain = false;  // the port can only be this device: its errors are the answer
  bool likely = false;   // port discovery names it: ask it first

  void restart() {
    handler->reset();
    data_frames = 0;
    frames = 0;
    counters.crc_errors.store(0);
    counters.framing_errors.store(0);
    queue.drain([](SensorEvent&) {});
  }
  std::uint64_t errors() const {
    return counters.crc_errors.load(std::memory_order_relaxed) +
           counters.framing_errors.load(std::memory_order_relaxed);
  }
  /// Listening, only measurements prove a protocol. Asked, the device's answers to our own
  /// commands count too: a bridge or a stick answers at once while its data may come at 1 Hz.
  bool confirmed(bool asked) const {
    const std::size_t evidence = asked ? std::max(frames, data_frames) : data_frames;
    return evidence >= handler->frames_to_confirm() && errors() < evidence;
  }
};

/// One probing step: listen at a line setting, or ask one candidate.
struct Step {
  SerialSettings settings;
  int ask = -1;  // candidate index that sends its start command; -1 = listen only
};

class AutoProtocolHandler final : public ProtocolHandler {
 public:
  AutoProtocolHandler(std::vector<AutoCandidate> candidates, AutoTiming timing)
      : timing_(timing) {
    for (auto& c : candidates) {
      auto probe = std::make_unique<Probe>();
      probe->name = c.name;
      probe->handler = c.make();
      if (!probe->handler) continue;
      probe->needs_command = !probe->handler->on_open().empty();
      probe->certain = c.certain;
      probe->likely = c.likely;
      if (probe->certain) {
        if (auto fatal = probe->handler->fatal_error()) fatal_ = fatal;  // e.g. no ANT+ key
      }
      probe->handler->reset();
      probes_.push_back(std::move(probe));
    }
    plan_steps();
  }

  std::string_view name() const override { return chosen_ ? chosen_->name() : "auto"; }

  SerialSettings serial_settings() const override {
    if (chosen_) return chosen_->serial_settings();
    return steps_.empty() ? SerialSettings{} : steps_[step_].settings;
  }

  std::vector<std::uint8_t> on_open() override {
    if (chosen_) return chosen_->on_open();
    if (asking()) return probes_[static_cast<std::size_t>(steps_[step_].ask)]->handler->on_open();
    return {};  // the first step listens
  }
  std::vector<std::uint8_t> on_stall() override {
    if (chosen_) return chosen_->on_stall();
    return {};
  }
  std::vector<std::uint8_t> on_close() override {
    if (chosen_) return chosen_->on_close();
    if (asking()) return probes_[static_cast<std::size_t>(steps_[step_].ask)]->handler->on_close();
    return {};
  }

  TickResult on_tick(SteadyClock::time_point now) override {
    if (chosen_) return chosen_->on_tick(now);
    TickResult result;
    if (steps_.empty()) return result;
    if (!step_started_) {
      step_started_ = true;
      step_began_ = now;
    }
    if (asking()) {
      auto forwarded = probes_[static_cast<std::size_t>(steps_[step_].ask)]->handler->on_tick(now);
      result.send = std::move(forwarded.send);
    }
    const double limit_s = asking() ? timing_.ask_s : timing_.listen_s;
    if (std::chrono::duration<double>(now - step_began_).count() < limit_s) return result;
    // Next step.
    std::vector<std::uint8_t> goodbye;
    if (asking()) goodbye = probes_[static_cast<std::size_t>(steps_[step_].ask)]->handler->on_close();
    const SerialSettings before = steps_[step_].settings;
    step_ = (step_ + 1) % steps_.size();
    if (step_ == 0 && ++rounds_ >= timing_.max_rounds) {
      give_up();
      return result;
    }
    begin_step(now);
    result.send.insert(result.send.begin(), goodbye.begin(), goodbye.end());
    if (asking()) {
      auto& p = *probes_[static_cast<std::size_t>(steps_[step_].ask)];
      const auto hello = p.handler->on_open();
      result.send.insert(result.send.end(), hello.begin(), hello.end());
    }
    result.settings_changed = !(steps_[step_].settings == before);
    return result;
  }

  BytesResult on_bytes(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                       EventPublisher& publisher, AtomicLinkCounters& counters) override {
    if (chosen_) return chosen_->on_bytes(bytes, t_rx, publisher, counters);
    BytesResult result;
    if (steps_.empty()) return result;
    remember(bytes, t_rx);
    for (std::size_t i = 0; i < probes_.size(); ++i) {
      if (!listening_to(i)) continue;
      Probe& p = *probes_[i];
      auto got = p.handler->on_bytes(bytes, t_rx, p.publisher, p.counters);
      p.queue.drain([](SensorEvent&) {});
      p.data_frames += got.data_frames;
      p.frames += got.frames;
      const bool asked = asking() && static_cast<int>(i) == steps_[step_].ask;
      if (asked) {
        result.reply = std::move(got.reply);
        if (auto fatal = p.handler->fatal_error(); fatal && p.certain) {
          // The port is known to be this kind of device (USB ids), and it cannot run: say why.
          fatal_ = fatal;
        }
      }
      if (p.confirmed(asked)) {
        // The replay rebuilds the chosen handler's state as if it had sent its replies (it
        // did: they went out as they came); the reply to this last chunk is still to go.
        BytesResult chosen = choose(i, publisher, counters);
        chosen.reply = std::move(result.reply);
        return chosen;
      }
    }
    return result;
  }

  std::vector<std::string> take_notices() override {
    if (chosen_) return chosen_->take_notices();
    return {};
  }

  std::optional<std::string> fatal_error() const override {
    if (chosen_) return chosen_->fatal_error();
    return fatal_;
  }

  void reset() override {
    if (chosen_) {
      chosen_->reset();  // the same device came back: keep its protocol
      return;
    }
    for (auto& p : probes_) p->restart();
    step_ = 0;
    rounds_ = 0;
    step_started_ = false;
    replay_.clear();
    replay_bytes_ = 0;
  }

  std::size_t frames_to_confirm() const override { return 1; }

 private:
  bool asking() const { return !steps_.empty() && steps_[step_].ask >= 0; }

  bool listening_to(std::size_t i) const {
    const Step& s = steps_[step_];
    if (s.ask >= 0) return static_cast<int>(i) == s.ask;
    return probes_[i]->handler->serial_settings() == s.settings;
  }

  void plan_steps() {
    // Distinct settings in candidate order; per setting: listen, then ask each candidate that
    // needs a command.
    // The most likely protocol, when it needs a command, is asked before anything listens.
    if (!probes_.empty() && probes_[0]->likely && probes_[0]->needs_command) {
      steps_.push_back({probes_[0]->handler->serial_settings(), 0});
    }
    std::vector<SerialSettings> settings;
    for (const auto& p : probes_) {
      const SerialSettings s = p->handler->serial_settings();
      if (std::find(settings.begin(), settings.end(), s) == settings.end()) settings.push_back(s);
    }
    for (const SerialSettings& s : settings) {
      const bool someone_listens = std::any_of(probes_.begin(), probes_.end(), [&](const auto& p) {
        return p->handler->serial_settings() == s && !p->needs_command;
      });
      if (someone_listens) steps_.push_back({s, -1});
      for (std::size_t i = 0; i < probes_.size(); ++i) {
        if (i == 0 && !steps_.empty() && steps_.front().ask == 0) continue;  // asked already
        if (probes_[i]->needs_command && probes_[i]->handler->serial_settings() == s) {
          steps_.push_back({s, static_cast<int>(i)});
        }
      }
    }
  }

  void begin_step(SteadyClock::time_point now) {
    step_began_ = now;
    replay_.clear();
    replay_bytes_ = 0;
    for (auto& p : probes_) p->restart();
  }

  void remember(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx) {
    replay_.push_back({std::vector<std::uint8_t>(bytes.begin(), bytes.end()), t_rx});
    replay_bytes_ += bytes.size();
    while (replay_bytes_ > kMaxReplayBytes && !replay_.empty()) {
      replay_bytes_ -= replay_.front().bytes.size();
      replay_.pop_front();
    }
  }

  BytesResult choose(std::size_t i, EventPublisher& publisher, AtomicLinkCounters& counters) {
    chosen_ = std::move(probes_[i]->handler);
    probes_.clear();
    // Replay this step's bytes through the real publisher: nothing received is lost. A
    // command-driven device's answers to the probe's start are part of it.
    chosen_->reset();
    BytesResult total;
    for (const auto& chunk : replay_) {
      auto got = chosen_->on_bytes(chunk.bytes, chunk.t_rx, publisher, counters);
      total.frames += got.frames;
      total.data_frames += got.data_frames;
    }
    replay_.clear();
    return total;
  }

  void give_up() {
    std::string tried;
    for (const auto& p : probes_) tried += (tried.empty() ? "" : ", ") + p->name;
    fatal_ = "could not recognise the device (listened and asked in turn: " + tried +
             "). Check that the sensor is switched on and worn, or name its protocol "
             "(resonant-cli devices lists them)";
  }

  struct Chunk {
    std::vector<std::uint8_t> bytes;
    SteadyClock::time_point t_rx;
  };

  AutoTiming timing_;
  std::vector<std::unique_ptr<Probe>> probes_;
  std::vector<Step> steps_;
  std::size_t step_ = 0;
  int rounds_ = 0;
  bool step_started_ = false;
  SteadyClock::time_point step_began_{};
  std::deque<Chunk> replay_;
  std::size_t replay_bytes_ = 0;
  std::unique_ptr<ProtocolHandler> chosen_;
  std::optional<std::string> fatal_;
};

}  // namespace

std::unique_ptr<ProtocolHandler> make_auto_protocol_handler(std::vector<AutoCandidate> candidates,
                                                           AutoTiming timing) {
  return std::make_unique<AutoProtocolHandler>(std::move(candidates), timing);
}

}  // namespace resonant::drivers
