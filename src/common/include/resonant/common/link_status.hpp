#pragma once
// Link state and counters of a sensor connection.
//
// LinkState travels twice (architecture.md §2): as an atomic for the UI's status chip and
// in-band as a LinkEvent so the engine sees "disconnected at t" in order with the data.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace resonant {

enum class LinkState : std::uint8_t {
  kIdle,          // no source selected, or the session was stopped
  kConnecting,    // opening the port / waiting for the device to identify itself
  kStreaming,     // data is arriving
  kStalled,       // port open, but no valid data for longer than the watchdog allows
  kDisconnected,  // the port went away (unplugged, device closed); a reconnect follows
  kReconnecting,  // trying to reopen the port, with backoff
  kFailed,        // gave up: the message says what the person can do
};

std::string_view to_string(LinkState state);

/// Room for a link message: what happened and, for errors, what to do (with a long
/// /dev/serial/by-id path in it twice).
inline constexpr std::size_t kLinkMessageChars = 400;

/// Plain copy of the counters, for snapshots and summaries.
struct LinkCounters {
  std::uint64_t bytes = 0;          // bytes read from the port
  std::uint64_t frames = 0;         // frames that passed framing and CRC
  std::uint64_t crc_errors = 0;     // frames rejected by the checksum
  std::uint64_t framing_errors = 0; // malformed or oversized frames, undecodable payloads
  std::uint64_t seq_gaps = 0;       // frames missing according to the sequence numbers
  std::uint64_t dropped = 0;        // events dropped because the engine queue was full
  std::uint64_t disconnects = 0;    // times the link was lost
  std::uint64_t reconnects = 0;     // successful reopen after a loss
};

/// Counters shared between the I/O thread (writer) and any reader.
/// Threading contract: the I/O thread increments; any thread may call load(). Relaxed
/// atomics: each counter is exact, the set is not a consistent cut (fine for display).
struct AtomicLinkCounters {
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> frames{0};
  std::atomic<std::uint64_t> crc_errors{0};
  std::atomic<std::uint64_t> framing_errors{0};
  std::atomic<std::uint64_t> seq_gaps{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> disconnects{0};
  std::atomic<std::uint64_t> reconnects{0};

  LinkCounters load() const;
};

}  // namespace resonant
