#pragma once
// Byte stream from an ANT USB stick -> ANT messages (layout in ant_plus_message.hpp, §3.2).
//
// Resync rule (sensor-protocols.md §3.7, §0.1 rule 3): find SYNC 0xA4, require
// 1 <= LEN <= 32 and MID != 0, wait for LEN + 4 bytes, verify the XOR checksum; on any failure
// drop exactly one byte and search again (the real start may lie inside the rejected
// candidate). Bytes skipped between messages count as one framing error per skip run, except
// runs of 0x00 only: ANTware and some sticks pad with zeros (§3.2), which is not an error, and
// a run that follows a rejected candidate (already counted). Pure: no I/O, no clock, no
// allocation per byte.
//
// Threading contract: not synchronised; one owner (the I/O thread of its link).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <resonant/drivers/ant_plus_message.hpp>

namespace resonant::drivers::ant {

class Framer {
 public:
  struct Stats {
    std::uint64_t frames = 0;          // messages delivered (checksum ok)
    std::uint64_t crc_errors = 0;      // complete candidates with a wrong checksum
    std::uint64_t framing_errors = 0;  // bad LEN/MID, and skip runs of non-padding bytes
    std::uint64_t skipped_bytes = 0;   // every byte dropped while searching
  };

  /// Feeds bytes; calls on_message(mid, content) for each valid message. The content span is
  /// valid only during the call.
  template <typename OnMessage>
  void push(std::span<const std::uint8_t> bytes, OnMessage&& on_message) {
    for (const std::uint8_t b : bytes) {
      buf_[size_++] = b;
      while (size_ > 0) {
        const Candidate c = examine();
        if (c == Candidate::kIncomplete) break;
        if (c == Candidate::kValid) {
          const std::size_t len = buf_[1];
          on_message(buf_[2], std::span<const std::uint8_t>(buf_.data() + kHeaderBytes, len));
          consume(len + kOverheadBytes);
          continue;
        }
        drop_one(c);
      }
    }
  }

  /// Forgets a partial message (after reopening the port).
  void reset();
  const Stats& stats() const { return stats_; }

 private:
  enum class Candidate { kIncomplete, kValid, kNoSync, kBadHeader, kBadChecksum };

  Candidate examine() const;
  void drop_one(Candidate why);
  void consume(std::size_t n);

  std::array<std::uint8_t, kMaxMessageBytes> buf_{};
  std::size_t size_ = 0;
  bool in_skip_run_ = false;       // dropping bytes since the last valid message
  bool skip_run_counted_ = false;  // this run already counted as an error
  Stats stats_{};
};

}  // namespace resonant::drivers::ant
