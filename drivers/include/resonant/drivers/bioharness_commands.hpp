#pragma once
// What the host says to a BioHarness 3 (sensor-protocols.md §2.2, §2.3, §2.9): the stream
// enables, one at a time, each waiting for its ACK/NAK (retried, then skipped, on silence);
// the disables on close; and a lifesign every kLifesignPeriod so the device keeps the link.
// A NAK or an unanswered enable is not fatal: it is noted in plain words and the next stream
// is enabled. Pure: the caller passes the time.
//
// Threading contract: not synchronised; one owner (the I/O thread of its link, or a test).
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <resonant/common/session_clock.hpp>
#include <resonant/drivers/decoder_support.hpp>

namespace resonant::drivers {

namespace bioharness {
// "Set transmit state" commands (§2.3): payload 1 byte, 0x01 enable / 0x00 disable.
inline constexpr std::uint8_t kSetGeneralData = 0x14;
inline constexpr std::uint8_t kSetBreathing = 0x15;
inline constexpr std::uint8_t kSetEcg = 0x16;
inline constexpr std::uint8_t kSetRr = 0x19;
inline constexpr std::uint8_t kStreamOn = 0x01;
inline constexpr std::uint8_t kStreamOff = 0x00;
/// The streams we use, in the order they are enabled.
inline constexpr std::array<std::uint8_t, 4> kStreamCommands = {kSetGeneralData, kSetRr, kSetEcg,
                                                                kSetBreathing};
/// App-Zephyr sends a lifesign every 2 s (§2.2); the BH3 default lifesign period is 3 s and its
/// link timeout 30 s, so 2 s keeps the link with room to spare.
inline constexpr auto kLifesignPeriod = std::chrono::seconds(2);
/// How long to wait for the answer to an enable before sending it again (App-Zephyr waits up
/// to 20 s per call; the device answers within milliseconds when it heard us).
inline constexpr auto kAnswerTimeout = std::chrono::seconds(3);
inline constexpr int kMaxAttempts = 3;

/// A complete set-transmit-state frame, e.g. `02 14 01 01 5E 03`.
std::vector<std::uint8_t> set_stream_frame(std::uint8_t command, bool on);
/// `02 23 00 00 03`.
std::vector<std::uint8_t> lifesign_frame();
/// A readable name of a stream command, e.g. "ECG waveform".
std::string stream_name(std::uint8_t command);
}  // namespace bioharness

class BioharnessCommander {
 public:
  /// (Re)starts the enable sequence; returns the first enable.
  std::vector<std::uint8_t> begin();
  /// The device answered command_id; returns the next enable, if any.
  std::vector<std::uint8_t> on_answer(std::uint8_t command_id, bool ack, SteadyClock::time_point now);
  /// Retries, skips and lifesigns due at now.
  std::vector<std::uint8_t> on_tick(SteadyClock::time_point now);
  /// Disables of every stream we use.
  std::vector<std::uint8_t> stop_all() const;

  bool all_answered() const { return step_ >= bioharness::kStreamCommands.size(); }
  std::uint64_t lifesigns_sent() const { return lifesigns_sent_; }
  /// Readable notes about refused or unanswered commands, oldest first (at most
  /// NoteLog::kCapacity).
  const std::vector<std::string>& notes() const { return notes_.all(); }
  /// The notes since the last call (for the link's messages).
  std::vector<std::string> take_new_notes() { return notes_.take_new(); }

 private:
  std::vector<std::uint8_t> advance(SteadyClock::time_point now);
  void note(std::string text);

  std::size_t step_ = bioharness::kStreamCommands.size();  // nothing pending before begin()
  int attempts_ = 0;
  std::optional<SteadyClock::time_point> sent_at_;
  std::optional<SteadyClock::time_point> last_lifesign_;
  std::uint64_t lifesigns_sent_ = 0;
  NoteLog notes_;
};

}  // namespace resonant::drivers
