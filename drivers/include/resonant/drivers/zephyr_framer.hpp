#pragma once
// Zephyr framing, shared by the HxM BT and the BioHarness 3 (sensor-protocols.md §1.2, §2.1):
//
//   STX 0x02 | msg id u8 | DLC u8 (0..128) | payload (DLC bytes) | CRC-8 | ETX 0x03 / ACK 0x06 / NAK 0x15
//
// CRC-8 (§1.2, §7): reflected polynomial 0x8C (= CRC-8/MAXIM-DOW), init 0, no final XOR, over
// the payload only. Data frames end in ETX; the BioHarness ends answers to commands in ACK/NAK.
//
// Resync rule (§1.5, §2.9): STX is not escaped and may occur inside payloads, so it is only a
// search hint: look for STX, require a known id and DLC <= 128, then a matching CRC and a valid
// terminator; on any failure drop exactly one byte and search again (the real start may lie
// inside the rejected tentative frame). Pure: no I/O, no clock, no allocation per byte (a fixed
// buffer of one maximal frame).
//
// Threading contract: not synchronised; one owner (the I/O thread of its link, or a test).
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace resonant::drivers {

inline constexpr std::uint8_t kZephyrStx = 0x02;
inline constexpr std::uint8_t kZephyrEtx = 0x03;  // data frames
inline constexpr std::uint8_t kZephyrAck = 0x06;  // positive answer to a command (§2.1)
inline constexpr std::uint8_t kZephyrNak = 0x15;  // refused command (§2.1)
inline constexpr std::size_t kZephyrMaxPayload = 128;  // DLC valid range 0..128 (§1.2)
/// STX, id, DLC before the payload; CRC and terminator after it.
inline constexpr std::size_t kZephyrOverhead = 5;
inline constexpr std::size_t kZephyrMaxFrame = kZephyrMaxPayload + kZephyrOverhead;

/// CRC-8 of §1.2: "123456789" -> 0xA1, payload {0x01} -> 0x5E.
std::uint8_t zephyr_crc8(std::span<const std::uint8_t> bytes);

/// A complete frame (for commands, fakes and tests). payload.size() must be <= 128.
std::vector<std::uint8_t> encode_zephyr_frame(std::uint8_t id, std::span<const std::uint8_t> payload,
                                              std::uint8_t terminator = kZephyrEtx);

/// One frame that passed CRC and terminator checks. payload is valid only during the callback.
struct ZephyrFrame {
  std::uint8_t id = 0;
  std::uint8_t terminator = kZephyrEtx;  // ETX, ACK or NAK
  std::span<const std::uint8_t> payload;
};

class ZephyrFramer {
 public:
  struct Stats {
    std::uint64_t frames = 0;          // valid frames delivered
    std::uint64_t crc_errors = 0;      // well-formed tentative frame, CRC wrong
    std::uint64_t framing_errors = 0;  // bad id/DLC/terminator or bytes before an STX
    std::uint64_t discarded_bytes = 0; // bytes dropped while resynchronising
  };

  /// All ids allowed (BioHarness: many message types, some undocumented).
  ZephyrFramer();
  /// Only these ids start a tentative frame (HxM: only 0x26 exists).
  explicit ZephyrFramer(const std::bitset<256>& known_ids);

  /// Feeds received bytes; calls on_frame(const ZephyrFrame&) for each valid frame in order.
  template <typename OnFrame>
  void push(std::span<const std::uint8_t> bytes, OnFrame&& on_frame) {
    for (const std::uint8_t b : bytes) {
      buf_[size_++] = b;
      // Every byte can complete at most one frame; a rejection may expose further candidates
      // that are complete already, so keep scanning until more bytes are needed.
      for (;;) {
        const Step step = scan();
        if (step == Step::kFrame) {
          const ZephyrFrame frame{buf_[1], buf_[frame_size_ - 1],
                                  std::span<const std::uint8_t>(buf_.data() + 3, frame_size_ - 5)};
          on_frame(frame);
          drop(frame_size_);
          continue;
        }
        if (step == Step::kNeedMore) break;
      }
    }
  }

  /// Forget a partial frame (after reopening the port). Keeps the counters.
  void reset();
  const Stats& stats() const { return stats_; }

 private:
  enum class Step { kNeedMore, kFrame, kRejected };

  /// Examines the buffer start: a complete valid frame, a rejection (bytes dropped), or wait.
  Step scan();
  void reject(bool crc_error, std::size_t bytes);
  void drop(std::size_t n);

  std::bitset<256> known_ids_;
  std::array<std::uint8_t, kZephyrMaxFrame> buf_{};
  std::size_t size_ = 0;
  std::size_t frame_size_ = 0;
  bool resyncing_ = false;  // inside a run of rejected bytes: counted once per run
  Stats stats_{};
};

}  // namespace resonant::drivers
