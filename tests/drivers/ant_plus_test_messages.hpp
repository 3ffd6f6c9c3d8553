#pragma once
// Byte builders for ANT+ tests: broadcast HRM pages and the stick's responses/events
// (sensor-protocols.md §3.3-§3.5). Test-only.
#include <array>
#include <cstdint>
#include <vector>

#include <resonant/drivers/ant_plus_message.hpp>

namespace resonant::drivers::testing {

/// An obviously fake network key: the real one is licensed and never in the tree.
inline constexpr std::array<std::uint8_t, 8> kFakeAntKey{1, 2, 3, 4, 5, 6, 7, 8};

/// HRM payload d0..d7 (§3.5).
inline std::array<std::uint8_t, 8> hrm_payload(std::uint8_t page, bool toggle, std::uint8_t d1,
                                               std::uint16_t d23, std::uint16_t event_time,
                                               std::uint8_t count, std::uint8_t hr_bpm) {
  return {static_cast<std::uint8_t>(page | (toggle ? 0x80 : 0)), d1,
          static_cast<std::uint8_t>(d23 & 0xFF), static_cast<std::uint8_t>(d23 >> 8),
          static_cast<std::uint8_t>(event_time & 0xFF), static_cast<std::uint8_t>(event_time >> 8),
          count, hr_bpm};
}

/// Standard broadcast data message on channel 0: A4 09 4E 00 d0..d7 cs (§3.4).
inline std::vector<std::uint8_t> broadcast(const std::array<std::uint8_t, 8>& d,
                                           std::uint8_t channel = 0) {
  std::vector<std::uint8_t> content{channel};
  content.insert(content.end(), d.begin(), d.end());
  return ant::encode_message(ant::kMidBroadcastData, content);
}

/// Channel response (MID 0x40): [channel, answered MID, code].
inline std::vector<std::uint8_t> response(std::uint8_t answered_mid, std::uint8_t code = 0,
                                          std::uint8_t channel = 0) {
  return ant::encode_message(ant::kMidChannelEvent, {channel, answered_mid, code});
}

/// Channel event (MID 0x40, second byte 0x01).
inline std::vector<std::uint8_t> channel_event(std::uint8_t code, std::uint8_t channel = 0) {
  return ant::encode_message(ant::kMidChannelEvent, {channel, ant::kEventMarker, code});
}

/// The host's "set network key" command with kFakeAntKey, written out byte by byte (not through
/// encode_message, so that tests of the host's commands do not check the encoder against itself).
inline std::vector<std::uint8_t> network_key_message() {
  const auto& k = kFakeAntKey;
  std::vector<std::uint8_t> m{0xA4, 0x09, 0x46, 0x00, k[0], k[1],
                              k[2], k[3], k[4], k[5], k[6], k[7]};
  m.push_back(ant::xor_checksum(m));
  return m;
}

inline std::vector<std::uint8_t> startup() { return ant::encode_message(ant::kMidStartup, {0x00}); }

inline void append(std::vector<std::uint8_t>& to, const std::vector<std::uint8_t>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace resonant::drivers::testing
