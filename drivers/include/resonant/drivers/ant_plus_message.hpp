#pragma once
// ANT serial messages between the host and an ANT USB stick (sensor-protocols.md §3.2-§3.4):
// message ids, channel response/event codes, and the encoder of one host->stick message.
//
//   +------+-----+-----+----------------------+----------+
//   | SYNC | LEN | MID | content (LEN bytes)  | CHECKSUM |
//   | 0xA4 | u8  | u8  |                      | u8       |
//   +------+-----+-----+----------------------+----------+
//   CHECKSUM = XOR of every preceding byte including SYNC (plain XOR, no modulo).
//
// Pure functions and constants; no state, safe from any thread.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace resonant::drivers::ant {

inline constexpr std::uint8_t kSync = 0xA4;              // asynchronous serial / USB (§3.2)
inline constexpr std::size_t kHeaderBytes = 3;           // SYNC, LEN, MID
inline constexpr std::size_t kOverheadBytes = 4;         // header + checksum
inline constexpr std::size_t kMaxContentBytes = 32;      // §3.7 sanity bound on LEN
inline constexpr std::size_t kMaxMessageBytes = kMaxContentBytes + kOverheadBytes;

// Message ids (§3.3, §3.4).
inline constexpr std::uint8_t kMidChannelEvent = 0x40;   // response or channel event
inline constexpr std::uint8_t kMidAssignChannel = 0x42;
inline constexpr std::uint8_t kMidChannelPeriod = 0x43;
inline constexpr std::uint8_t kMidSearchTimeout = 0x44;
inline constexpr std::uint8_t kMidRfFrequency = 0x45;
inline constexpr std::uint8_t kMidNetworkKey = 0x46;
inline constexpr std::uint8_t kMidResetSystem = 0x4A;
inline constexpr std::uint8_t kMidOpenChannel = 0x4B;
inline constexpr std::uint8_t kMidCloseChannel = 0x4C;
inline constexpr std::uint8_t kMidRequestMessage = 0x4D;
inline constexpr std::uint8_t kMidBroadcastData = 0x4E;
inline constexpr std::uint8_t kMidChannelId = 0x51;
inline constexpr std::uint8_t kMidStartup = 0x6F;

// Channel response / event (MID 0x40, content [channel, MID answered or 0x01, code]).
inline constexpr std::uint8_t kEventMarker = 0x01;       // second byte 0x01: a channel event
inline constexpr std::uint8_t kResponseNoError = 0x00;
inline constexpr std::uint8_t kEventRxSearchTimeout = 0x01;
inline constexpr std::uint8_t kEventRxFail = 0x02;       // one missed 4 Hz message: normal
inline constexpr std::uint8_t kEventChannelClosed = 0x07;
inline constexpr std::uint8_t kEventRxFailGoToSearch = 0x08;
inline constexpr std::uint8_t kEventChannelCollision = 0x09;

// The HRM slave channel (§3.3): channel 0 on network 0.
inline constexpr std::uint8_t kChannel = 0;
inline constexpr std::uint8_t kNetwork = 0;
inline constexpr std::uint8_t kChannelTypeSlave = 0x00;          // bidirectional slave (receive)
inline constexpr std::uint8_t kDeviceTypeHeartRate = 120;        // 0x78
inline constexpr std::uint8_t kTransmissionTypeWildcard = 0;
inline constexpr std::uint16_t kDeviceNumberWildcard = 0;
inline constexpr std::uint16_t kHrmPeriod32768ths = 8070;        // 4.06 Hz: no beat skipped
inline constexpr std::uint8_t kRfFrequencyOffsetMhz = 57;        // 2457 MHz, ANT+
inline constexpr std::uint8_t kSearchTimeout2500ms = 12;         // 12 x 2.5 s = 30 s
inline constexpr std::size_t kNetworkKeyBytes = 8;
inline constexpr std::size_t kBroadcastPayloadBytes = 8;         // d0..d7 after the channel

/// XOR of all bytes (the checksum covers SYNC..last content byte).
std::uint8_t xor_checksum(std::span<const std::uint8_t> bytes);

/// One complete message: SYNC, LEN, MID, content, checksum.
std::vector<std::uint8_t> encode_message(std::uint8_t mid, std::span<const std::uint8_t> content);
inline std::vector<std::uint8_t> encode_message(std::uint8_t mid,
                                                std::initializer_list<std::uint8_t> content) {
  return encode_message(mid, std::span<const std::uint8_t>(content.begin(), content.size()));
}

}  // namespace resonant::drivers::ant
