#pragma once
// A fake Zephyr HxM BT: from ground-truth beat times (device ms) it builds the packets the strap
// would send once a second (sensor-protocols.md §1.3): beat number = beats so far (u8), the 15
// newest beat times as u16 ms (so the clock rolls over every 65.536 s). Test-only.
#include <cstdint>
#include <functional>
#include <vector>

#include "zephyr_test_frames.hpp"

namespace resonant::drivers::testing {

class HxmFake {
 public:
  static constexpr std::uint64_t kPacketPeriodMs = 1000;

  HxmFake(std::vector<std::uint64_t> beat_ms, std::uint8_t first_beat_number)
      : beat_ms_(std::move(beat_ms)), first_beat_number_(first_beat_number) {}

  struct Packet {
    std::vector<std::uint8_t> bytes;
    std::size_t newest_beat = 0;  // index into the truth
  };

  /// One packet per second from when 15 beats exist until the last beat has been sent;
  /// packets for which drop(i) is true are left out (lost on the air).
  std::vector<Packet> packets(const std::function<bool(std::size_t)>& drop = {}) const {
    std::vector<Packet> out;
    std::size_t i = 0;
    for (std::uint64_t t = beat_ms_[14] + 300;; t += kPacketPeriodMs, ++i) {
      std::size_t k = 0;  // beats so far
      while (k < beat_ms_.size() && beat_ms_[k] <= t) ++k;
      HxmFields f;
      f.battery_pct = 80;
      f.beat_number = static_cast<std::uint8_t>(first_beat_number_ + k);
      f.hr_bpm = static_cast<std::uint8_t>(60000 / (beat_ms_[k - 1] - beat_ms_[k - 2]));
      for (std::size_t j = 0; j < 15; ++j) f.timestamps_ms[j] = static_cast<std::uint16_t>(beat_ms_[k - 1 - j]);
      if (!drop || !drop(i)) out.push_back({hxm_frame(f), k - 1});
      if (k == beat_ms_.size()) break;
    }
    return out;
  }

  const std::vector<std::uint64_t>& beats() const { return beat_ms_; }

 private:
  std::vector<std::uint64_t> beat_ms_;
  std::uint8_t first_beat_number_;
};

}  // namespace resonant::drivers::testing
