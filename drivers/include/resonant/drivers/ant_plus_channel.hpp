#pragma once
// Opens and keeps open the HRM slave channel on an ANT USB stick (sensor-protocols.md §3.3):
//
//   reset -> (startup 0x6F) -> network key -> assign channel -> channel id (type 120,
//   wildcard or pinned device number) -> period 8070 -> RF 57 -> search timeout 30 s -> open
//
// Each step is sent when the previous one was answered RESPONSE_NO_ERROR (MID 0x40); a step
// not answered within kReplyTimeout is sent again, and after kMaxTries the stick is declared
// not answering (fatal_error(), with what to check). The reset step waits for the startup
// message but continues without it after the timeout (whether every stick sends it is not
// verified here). A startup message arriving later means the stick reset itself: the sequence
// starts again after the reset.
//
// While open: CHANNEL_CLOSED (after RX_SEARCH_TIMEOUT: the strap is out of range) reopens the
// search (channel id, open); RX_FAIL is only counted (§3.7). After the first data the channel
// id is requested once and the strap's device number pinned, so that a neighbour's strap
// cannot take over after a reopen (§3.7).
//
// Pure: messages and times in, bytes to send out; no I/O, no clock of its own.
// Threading contract: not synchronised; one owner thread (the I/O thread of its link).
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <resonant/common/session_clock.hpp>
#include <resonant/drivers/ant_plus_key.hpp>
#include <resonant/drivers/ant_plus_message.hpp>

namespace resonant::drivers::ant {

class ChannelControl {
 public:
  static constexpr auto kReplyTimeout = std::chrono::seconds(1);
  static constexpr int kMaxTries = 3;

  enum class Step : std::uint8_t {
    kReset,
    kNetworkKey,
    kAssignChannel,
    kChannelId,
    kPeriod,
    kRfFrequency,
    kSearchTimeout,
    kOpenChannel,
  };

  struct Stats {
    std::uint64_t sequences = 0;        // full open sequences started
    std::uint64_t reopens = 0;          // searches reopened after CHANNEL_CLOSED
    std::uint64_t resends = 0;          // steps sent again after kReplyTimeout
    std::uint64_t refusals = 0;         // non-zero response codes
    std::uint64_t missing_startup = 0;  // reset not answered by a startup message
    std::uint64_t stick_resets = 0;     // unexpected startup messages
    std::uint64_t rx_fails = 0;         // RX_FAIL events (normal, §3.7)
    std::uint64_t search_timeouts = 0;
    std::uint64_t go_to_search = 0;
    std::uint64_t collisions = 0;
    std::uint64_t other_messages = 0;   // understood framing, nothing to do with them
  };

  explicit ChannelControl(const AntNetworkKey& key) : key_(key) {}

  /// Starts the whole sequence (reset first): the bytes to send now.
  std::vector<std::uint8_t> start();
  /// Close the channel and reset the stick (before the port is closed).
  std::vector<std::uint8_t> stop();
  /// A message from the stick other than broadcast data: the bytes to send now.
  std::vector<std::uint8_t> on_message(std::uint8_t mid, std::span<const std::uint8_t> content,
                                       SteadyClock::time_point t_rx);
  /// Broadcast data arrived on our channel: the bytes to send now (the channel id request).
  std::vector<std::uint8_t> on_data(SteadyClock::time_point t_rx);
  /// Retries and timeouts.
  std::vector<std::uint8_t> on_tick(SteadyClock::time_point now);

  /// True once the open channel was confirmed (and until it closes or the stick resets).
  bool channel_open() const { return open_; }
  /// True (once) when the channel lost the strap or was reset since the last call.
  bool take_channel_lost() { return std::exchange(channel_lost_, false); }
  /// The step awaiting an answer, if any.
  std::optional<Step> pending_step() const;
  std::optional<std::uint16_t> pinned_device_number() const { return pinned_device_; }
  SteadyClock::time_point opened_at() const { return opened_at_; }

  const std::optional<std::string>& fatal_error() const { return fatal_; }
  const Stats& stats() const { return stats_; }

 private:
  std::vector<std::uint8_t> begin_plan(std::span<const Step> steps,
                                       std::optional<SteadyClock::time_point> now);
  std::vector<std::uint8_t> send_current(std::optional<SteadyClock::time_point> now);
  std::vector<std::uint8_t> advance(SteadyClock::time_point now);
  std::vector<std::uint8_t> message_for(Step step) const;
  void on_channel_event(std::uint8_t code);
  std::vector<std::uint8_t> on_response(std::uint8_t answered_mid, std::uint8_t code,
                                        SteadyClock::time_point t_rx);

  AntNetworkKey key_;
  std::array<Step, 8> plan_{};
  std::size_t plan_len_ = 0;
  std::size_t plan_pos_ = 0;  // == plan_len_: nothing pending
  int tries_ = 0;
  std::optional<SteadyClock::time_point> sent_at_;  // unknown until the next tick for start()
  bool open_ = false;
  bool channel_lost_ = false;
  bool reopen_wanted_ = false;
  bool id_requested_ = false;
  std::optional<std::uint16_t> pinned_device_;
  SteadyClock::time_point opened_at_{};
  std::optional<std::string> fatal_;
  Stats stats_{};
};

/// Human name of a step, for messages ("set network key").
const char* to_string(ChannelControl::Step step);

}  // namespace resonant::drivers::ant
