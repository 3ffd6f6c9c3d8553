#pragma once
// A fake Zephyr BioHarness 3 (sensor-protocols.md §2): it answers the host's set-transmit-state
// commands with ACK frames, hears lifesigns, and from a ground truth of beat times builds the
// streams the host enabled: general data 1 Hz, R-to-R (signed ms, sign toggling per beat, one
// value per 56 ms), ECG (250 Hz, a spike per beat) and breathing (1000/56 Hz), 10-bit packed.
// The device clock starts at 23:59:00 so the stream runs across midnight. Test-only.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <vector>

#include <resonant/drivers/zephyr_framer.hpp>

#include "zephyr_test_frames.hpp"

namespace resonant::drivers::testing {

class BioharnessFake {
 public:
  static constexpr std::uint32_t kStartMsOfDay = 86'400'000 - 60'000;  // 23:59:00.000
  static constexpr std::uint64_t kEcgPacketMs = 252;   // 63 samples x 4 ms
  static constexpr std::uint64_t kSlowPacketMs = 1008; // 18 samples x 56 ms

  explicit BioharnessFake(std::vector<std::uint64_t> beat_ms) : beat_ms_(std::move(beat_ms)) {}

  /// Bytes from the host; returns the answers to send back.
  std::vector<std::uint8_t> on_host_bytes(std::span<const std::uint8_t> bytes) {
    std::vector<std::uint8_t> out;
    framer_.push(bytes, [&](const ZephyrFrame& f) {
      if (f.id == 0x23 && f.payload.empty()) {
        ++lifesigns_heard_;
      } else if (f.payload.size() == 1) {
        const bool refuse = refused.count(f.id) != 0;
        if (!refuse) state_[f.id] = f.payload[0];
        const auto ack = encode_zephyr_frame(f.id, {}, refuse ? kZephyrNak : kZephyrAck);
        out.insert(out.end(), ack.begin(), ack.end());
      }
    });
    return out;
  }

  /// Commands this device answers with NAK (e.g. an ECG stream its firmware lacks).
  std::set<std::uint8_t> refused;

  bool enabled(std::uint8_t command) const {
    const auto it = state_.find(command);
    return it != state_.end() && it->second == 1;
  }
  bool disabled(std::uint8_t command) const {
    const auto it = state_.find(command);
    return it != state_.end() && it->second == 0;
  }
  std::size_t lifesigns_heard() const { return lifesigns_heard_; }
  const ZephyrFramer::Stats& host_frame_stats() const { return framer_.stats(); }

  /// Device time (ms since the stream start) -> the header's date and ms of day.
  static BhStamp stamp(std::uint64_t t_ms) {
    const std::uint64_t ms = kStartMsOfDay + t_ms;
    BhStamp s{2012, 9, 26 + static_cast<unsigned>(ms / 86'400'000), static_cast<std::uint32_t>(ms % 86'400'000)};
    return s;
  }

  /// ECG raw value at sample n (4 ms each): a deterministic ripple plus a spike on each beat.
  int ecg_raw(std::uint64_t n) const {
    const std::uint64_t t = n * 4;
    int v = 512 + static_cast<int>((n * 37) % 41) - 20;
    for (const auto b : beat_ms_) {
      if (t >= b && t < b + 4) v += 400;
    }
    return v;
  }
  /// Breathing raw value at sample n (56 ms each): a 5.6 s breath.
  static int breathing_raw(std::uint64_t n) {
    return 512 + static_cast<int>(std::lround(300.0 * std::sin(2.0 * 3.14159265358979 * static_cast<double>(n) / 100.0)));
  }
  /// R-to-R value at sample n (56 ms each): the newest RR, sign flipped at every beat.
  int rr_value(std::uint64_t n) const {
    const std::uint64_t t = n * 56;
    std::size_t k = 0;
    while (k < beat_ms_.size() && beat_ms_[k] <= t) ++k;
    if (k == 0) return 900;  // the interval before our first beat
    const std::size_t beat = k - 1;
    const int rr = beat == 0 ? 900 : static_cast<int>(beat_ms_[beat] - beat_ms_[beat - 1]);
    return beat % 2 == 0 ? -rr : rr;
  }

  /// A packet and the device time (ms since the stream start) it is sent at.
  struct Timed {
    std::uint64_t t_ms;
    int order;
    std::vector<std::uint8_t> bytes;
  };

  /// Every packet of the enabled streams, in device-time order, up to beyond the last beat.
  std::vector<std::vector<std::uint8_t>> stream() {
    std::vector<std::vector<std::uint8_t>> out;
    for (auto& t : timed_stream()) out.push_back(std::move(t.bytes));
    return out;
  }

  /// stream() with each packet's time, for senders that pace it in real time.
  std::vector<Timed> timed_stream() {
    std::vector<Timed> all;
    const std::uint64_t end_ms = beat_ms_.back() + 1500;
    std::uint8_t seq = 0;
    if (enabled(0x16)) {
      seq = 0;
      for (std::uint64_t j = 0; j * kEcgPacketMs < end_ms; ++j) {
        std::vector<int> s(63);
        for (std::size_t k = 0; k < 63; ++k) s[k] = ecg_raw(j * 63 + k);
        all.push_back({j * kEcgPacketMs, 0, bh_ecg_frame(seq++, stamp(j * kEcgPacketMs), s)});
        ++ecg_packets;
      }
    }
    if (enabled(0x15)) {
      seq = 0;
      for (std::uint64_t j = 0; j * kSlowPacketMs < end_ms; ++j) {
        std::vector<int> s(18);
        for (std::size_t k = 0; k < 18; ++k) s[k] = breathing_raw(j * 18 + k);
        all.push_back({j * kSlowPacketMs, 1, bh_breathing_frame(seq++, stamp(j * kSlowPacketMs), s)});
        ++breathing_packets;
      }
    }
    if (enabled(0x19)) {
      seq = 0;
      for (std::uint64_t j = 0; j * kSlowPacketMs < end_ms; ++j) {
        std::vector<int> v(18);
        for (std::size_t k = 0; k < 18; ++k) v[k] = rr_value(j * 18 + k);
        all.push_back({j * kSlowPacketMs, 2, bh_rr_frame(seq++, stamp(j * kSlowPacketMs), v)});
        ++rr_packets;
      }
    }
    if (enabled(0x14)) {
      seq = 0;
      for (std::uint64_t t = 0; t < end_ms; t += 1000) {
        all.push_back({t, 3, bh_general_frame(seq++, stamp(t), BhGeneral{})});
        ++general_packets;
      }
    }
    std::stable_sort(all.begin(), all.end(), [](const Timed& a, const Timed& b) {
      return a.t_ms != b.t_ms ? a.t_ms < b.t_ms : a.order < b.order;
    });
    return all;
  }

  std::size_t ecg_packets = 0;
  std::size_t breathing_packets = 0;
  std::size_t rr_packets = 0;
  std::size_t general_packets = 0;

 private:
  std::vector<std::uint64_t> beat_ms_;
  ZephyrFramer framer_;
  std::map<std::uint8_t, std::uint8_t> state_;
  std::size_t lifesigns_heard_ = 0;
};

}  // namespace resonant::drivers::testing
