#pragma once
// A fake ANT USB stick with a heart-rate strap in range, for tests (sensor-protocols.md §3).
//
// Stick side: answers the host's channel-open sequence like a stick (startup message after
// reset, RESPONSE_NO_ERROR to each configuration message, the channel id on request,
// CHANNEL_CLOSED after a close) and records what it was told, checking the key bytes and the
// HRM channel parameters. Strap side: broadcast HRM messages at the 8070/32768 s period from a
// ground truth of beats, with pages rotating as a paging strap does (page 4 main page, a
// background page - 1, 2, 3, 7 in turn - for 4 messages out of 64; the toggle bit flips every
// 4 messages). Test-only; not synchronised (one test thread).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <resonant/drivers/ant_plus_framer.hpp>
#include <resonant/drivers/ant_plus_message.hpp>

#include "ant_plus_test_messages.hpp"

namespace resonant::drivers::testing {

/// Beat times of a simulated person: RR with respiratory sinus arrhythmia and noise.
struct StrapTruth {
  std::vector<std::uint32_t> rr_us;        // rr_us[i]: interval before beat i (rr_us[0] unused)
  std::vector<std::uint64_t> beat_ticks;   // beat i in 1/1024 s (event-time units), unwrapped
};

inline StrapTruth make_strap_truth(int beats, std::uint32_t seed) {
  StrapTruth t;
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise_ms(0.0, 25.0);
  double t_us = 600'000.0;  // first beat 0.6 s into the strap's clock
  for (int i = 0; i < beats; ++i) {
    const double rsa_ms = 90.0 * std::sin(2.0 * M_PI * i / 5.5);  // ~5.5 beats per breath
    const double rr_ms = std::clamp(850.0 + rsa_ms + noise_ms(rng), 550.0, 1300.0);
    const auto rr_us = static_cast<std::uint32_t>(std::lround(rr_ms * 1000.0));
    if (i > 0) t_us += rr_us;
    t.rr_us.push_back(i == 0 ? 0 : rr_us);
    t.beat_ticks.push_back(static_cast<std::uint64_t>(std::llround(t_us * 1024.0 / 1e6)));
  }
  return t;
}

class FakeAntStick {
 public:
  static constexpr double kMessagePeriodS = 8070.0 / 32768.0;
  static constexpr std::uint8_t kBeatCountOffset = 200;  // so the u8 count wraps early
  static constexpr std::uint16_t kDeviceNumber = 25170;
  static constexpr std::uint8_t kBatteryPct = 87;

  FakeAntStick(std::array<std::uint8_t, 8> expected_key, StrapTruth truth)
      : expected_key_(expected_key), truth_(std::move(truth)) {
    const double first_s = static_cast<double>(truth_.beat_ticks.front()) / 1024.0;
    const double last_s = static_cast<double>(truth_.beat_ticks.back()) / 1024.0;
    message_count_ = static_cast<std::size_t>((last_s - first_s) / kMessagePeriodS) + 2;
  }

  bool answer_startup = true;   // false: a stick that does not send the startup message
  bool answer_anything = true;  // false: a dead stick / wrong port

  // ---- stick side ---------------------------------------------------------------------
  /// Bytes from the host in; the stick's answers out (counted in messages_sent()).
  std::vector<std::uint8_t> on_host_bytes(std::span<const std::uint8_t> bytes) {
    std::vector<std::uint8_t> out;
    framer_.push(bytes, [&](std::uint8_t mid, std::span<const std::uint8_t> c) {
      host_mids_.push_back(mid);
      if (answer_anything) answer(mid, c, out);
    });
    return out;
  }

  bool key_ok() const { return key_ok_; }
  bool channel_open() const { return open_; }
  const std::vector<std::uint8_t>& host_mids() const { return host_mids_; }
  const std::vector<std::string>& problems() const { return problems_; }
  std::size_t messages_sent() const { return messages_sent_; }
  std::size_t host_framing_errors() const {
    return framer_.stats().crc_errors + framer_.stats().framing_errors;
  }

  // ---- strap side ---------------------------------------------------------------------
  std::size_t message_count() const { return message_count_; }
  /// Index of the newest beat at broadcast message k.
  std::size_t beat_of_message(std::size_t k) const {
    const double t_s = static_cast<double>(truth_.beat_ticks.front()) / 1024.0 + static_cast<double>(k) * kMessagePeriodS;
    std::size_t i = 0;
    while (i + 1 < truth_.beat_ticks.size() &&
           static_cast<double>(truth_.beat_ticks[i + 1]) / 1024.0 <= t_s) {
      ++i;
    }
    return i;
  }
  /// The payload of broadcast message k.
  std::array<std::uint8_t, 8> payload(std::size_t k) const {
    const std::size_t i = beat_of_message(k);
    const std::size_t block = k / 4;
    const bool toggle = (block & 1) != 0;
    static constexpr std::uint8_t kBackground[] = {1, 2, 3, 7};
    const std::uint8_t page = block % 16 == 15 ? kBackground[(block / 16) % 4] : 4;
    std::uint8_t d1 = 0xFF;
    std::uint16_t d23 = 0xFFFF;
    switch (page) {
      case 1: d1 = static_cast<std::uint8_t>(k); d23 = 0; break;                // operating time
      case 2: d1 = 1; d23 = 0x1234; break;                                       // manufacturer, serial
      case 3: d1 = 2; d23 = static_cast<std::uint16_t>(0x0B00 | 7); break;       // hw, sw 7, model 11
      case 7: d1 = kBatteryPct; d23 = 0x0312; break;                             // battery
      default: {                                                                 // 4: previous beat
        const std::uint64_t prev = i > 0 ? truth_.beat_ticks[i - 1] : truth_.beat_ticks[0] - 800;
        d23 = static_cast<std::uint16_t>(prev & 0xFFFF);
        break;
      }
    }
    const auto hr = static_cast<std::uint8_t>(
        i > 0 ? std::lround(60e6 / truth_.rr_us[i]) : 70);
    return hrm_payload(page, toggle, d1, d23,
                       static_cast<std::uint16_t>(truth_.beat_ticks[i] & 0xFFFF),
                       static_cast<std::uint8_t>(i + kBeatCountOffset), hr);
  }
  /// Broadcast message k as bytes (counted in messages_sent()).
  std::vector<std::uint8_t> broadcast_message(std::size_t k) {
    ++messages_sent_;
    return broadcast(payload(k));
  }

  const StrapTruth& truth() const { return truth_; }

 private:
  void ok(std::uint8_t mid, std::vector<std::uint8_t>& out) {
    append(out, response(mid));
    ++messages_sent_;
  }

  void expect(bool cond, const std::string& what) {
    if (!cond) problems_.push_back(what);
  }

  void answer(std::uint8_t mid, std::span<const std::uint8_t> c, std::vector<std::uint8_t>& out) {
    using namespace ant;
    switch (mid) {
      case kMidResetSystem:
        open_ = false;
        key_ok_ = false;
        if (answer_startup) {
          append(out, startup());
          ++messages_sent_;
        }
        return;
      case kMidNetworkKey:
        expect(c.size() == 9 && c[0] == 0, "network key message: net 0 + 8 bytes");
        key_ok_ = c.size() == 9 && std::equal(expected_key_.begin(), expected_key_.end(), c.begin() + 1);
        expect(key_ok_, "network key bytes differ from the configured key");
        return ok(mid, out);
      case kMidAssignChannel:
        expect(c.size() == 3 && c[0] == 0 && c[1] == 0 && c[2] == 0, "assign: ch 0 slave net 0");
        return ok(mid, out);
      case kMidChannelId:
        expect(c.size() == 5 && c[0] == 0 && c[3] == 120 && c[4] == 0, "channel id: HRM type 120");
        if (c.size() == 5) requested_device_ = static_cast<std::uint16_t>(c[1] | (c[2] << 8));
        return ok(mid, out);
      case kMidChannelPeriod:
        expect(c.size() == 3 && (c[1] | (c[2] << 8)) == 8070, "period 8070");
        return ok(mid, out);
      case kMidRfFrequency:
        expect(c.size() == 2 && c[1] == 57, "RF 57");
        return ok(mid, out);
      case kMidSearchTimeout:
        return ok(mid, out);
      case kMidOpenChannel:
        open_ = key_ok_;  // with a wrong key a real stick would find no strap
        return ok(mid, out);
      case kMidRequestMessage:
        if (c.size() == 2 && c[1] == kMidChannelId) {
          append(out, encode_message(kMidChannelId, {0, kDeviceNumber & 0xFF, kDeviceNumber >> 8, 120, 1}));
          ++messages_sent_;
        }
        return;
      case kMidCloseChannel:
        open_ = false;
        ok(mid, out);
        append(out, channel_event(kEventChannelClosed));
        ++messages_sent_;
        return;
      default:
        problems_.push_back("unexpected host message " + std::to_string(mid));
    }
  }

  std::array<std::uint8_t, 8> expected_key_;
  StrapTruth truth_;
  std::size_t message_count_ = 0;
  ant::Framer framer_;
  std::vector<std::uint8_t> host_mids_;
  std::vector<std::string> problems_;
  std::size_t messages_sent_ = 0;
  bool key_ok_ = false;
  bool open_ = false;
  std::uint16_t requested_device_ = 0;
};

}  // namespace resonant::drivers::testing
