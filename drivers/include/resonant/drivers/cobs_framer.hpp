#pragma once
// Byte stream -> frames for COBS-encoded, 0x00-delimited frames with a trailing CRC-16/
// CCITT-FALSE: the Resonant protocol (hardware/protocol/PROTOCOL.md §2) and the BLE bridge
// framing of sensor-protocols.md §4.4 share it.
//
// Resync rule: collect bytes up to 0x00, COBS-decode, check length and CRC; on any failure
// drop that block and start afresh after the 0x00. A block longer than max_encoded is
// discarded up to the next 0x00. Pure: no I/O, no clock; unit-tested and fuzzed.
//
// Threading contract: not synchronised; one owner (the I/O thread of its link).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "resonant_protocol.h"

namespace resonant::drivers {

class CobsFramer {
 public:
  struct Stats {
    std::uint64_t frames = 0;          // valid frames delivered
    std::uint64_t crc_errors = 0;      // decoded fine, checksum wrong
    std::uint64_t framing_errors = 0;  // COBS invalid, too short or too long
    std::uint64_t discarded_bytes = 0; // bytes that belonged to rejected blocks
  };

  /// min_frame/max_frame are decoded sizes including the 2 CRC bytes.
  explicit CobsFramer(std::size_t min_frame = RSP_MIN_FRAME, std::size_t max_frame = RSP_MAX_FRAME);

  /// Feeds received bytes. For each valid frame calls on_frame(span) with the decoded frame
  /// *without* its CRC. The span is valid only during the call.
  template <typename OnFrame>
  void push(std::span<const std::uint8_t> bytes, OnFrame&& on_frame) {
    for (const std::uint8_t b : bytes) {
      if (b != RSP_DELIMITER) {
        if (block_.size() < max_encoded_) {
          block_.push_back(b);
        } else {
          overflowed_ = true;
          ++stats_.discarded_bytes;
        }
        continue;
      }
      std::span<const std::uint8_t> frame;
      if (finish_block(frame)) on_frame(frame);
    }
  }

  /// Forget a partial block (after reopening the port).
  void reset();
  const Stats& stats() const { return stats_; }

 private:
  bool finish_block(std::span<const std::uint8_t>& frame);

  std::size_t min_frame_;
  std::size_t max_frame_;
  std::size_t max_encoded_;
  std::vector<std::uint8_t> block_;
  std::vector<std::uint8_t> decoded_;
  bool overflowed_ = false;
  Stats stats_{};
};

}  // namespace resonant::drivers
