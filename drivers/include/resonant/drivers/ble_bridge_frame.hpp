#pragma once
// BLE-to-serial bridge framing (hardware/BLE_BRIDGE.md §2, sensor-protocols.md §4.4).
//
// Decoded frame (all multi-byte fields little-endian):
//   0 type u8 | 1 seq u8 | 2 link u8 | 3 t_us u32 | 7 payload (0..244) | crc u16
// crc = CRC-16/CCITT-FALSE over type..payload (the Resonant protocol's CRC, check 0x29B1).
// On the wire: COBS(decoded frame) then one 0x00 delimiter: the Resonant protocol's framing,
// so the receive side reuses CobsFramer with the bridge's sizes (kMinFrame/kMaxFrame).
//
// Threading contract: free functions and constants only (no state).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace resonant::drivers::ble_bridge {

// ---- sizes (BLE_BRIDGE.md §2) --------------------------------------------------------------
inline constexpr std::size_t kHeaderSize = 7;     // type, seq, link, t_us
inline constexpr std::size_t kCrcSize = 2;
inline constexpr std::size_t kMaxPayload = 244;   // ATT MTU 247 - 3 (one notification value)
inline constexpr std::size_t kMinFrame = kHeaderSize + kCrcSize;                // 9
inline constexpr std::size_t kMaxFrame = kHeaderSize + kMaxPayload + kCrcSize;  // 253
/// COBS adds one code byte per 254 data bytes (plus one); then the delimiter.
inline constexpr std::size_t kMaxEncoded = kMaxFrame + kMaxFrame / 254 + 1 + 1;

// ---- frame types: bridge -> host (BLE_BRIDGE.md §3) ----------------------------------------
inline constexpr std::uint8_t kTypeHrs = 0x01;       // raw Heart Rate Measurement 0x2A37 value
inline constexpr std::uint8_t kTypePmdData = 0x02;   // raw PMD data notification (FB005C82)
inline constexpr std::uint8_t kTypePmdCp = 0x03;     // raw PMD control-point indication (FB005C81)
inline constexpr std::uint8_t kTypeStatus = 0x10;    // per-link heartbeat, 1 Hz
inline constexpr std::uint8_t kTypeLink = 0x11;      // peripheral connected / disconnected
inline constexpr std::uint8_t kTypeText = 0x12;      // UTF-8 log line, for humans
inline constexpr std::uint8_t kTypeIdentity = 0x13;  // answer to kCmdIdentify, and at boot
inline constexpr std::uint8_t kTypeAnalog = 0x30;    // block of a local analog input

// ---- frame types: host -> bridge (commands, BLE_BRIDGE.md §4) ------------------------------
inline constexpr std::uint8_t kCmdIdentify = 0x80;       // bridge answers IDENTITY + LINK events
inline constexpr std::uint8_t kCmdWritePmdCp = 0x81;     // payload = raw CP bytes, header link
inline constexpr std::uint8_t kCmdRequestStatus = 0x82;  // bridge answers STATUS per link
inline constexpr std::uint8_t kCmdDisconnect = 0x83;     // drop the peripheral of header link
inline constexpr std::uint8_t kFirstCommand = 0x80;
inline constexpr std::uint8_t kLastCommand = 0x8F;

// ---- link ids (BLE_BRIDGE.md §2) -----------------------------------------------------------
inline constexpr std::uint8_t kMaxPeripheralLinks = 3;  // BLE links 0..2
inline constexpr std::uint8_t kLocalLinkBase = 0x10;    // local analog input n = link 0x10 + n
inline constexpr std::uint8_t kMaxLocalInputs = 2;

struct FrameHeader {
  std::uint8_t type = 0;
  std::uint8_t seq = 0;
  std::uint8_t link = 0;
  std::uint32_t t_us = 0;
};

/// Reads the header of a decoded frame (without CRC); nullopt when shorter than a header.
std::optional<FrameHeader> read_header(std::span<const std::uint8_t> frame);

/// Builds one complete wire frame: header + payload + CRC, COBS-encoded, with delimiter.
/// Payloads longer than kMaxPayload are cut (callers never send those).
std::vector<std::uint8_t> encode_frame(const FrameHeader& header,
                                       std::span<const std::uint8_t> payload);

/// COBS encoding of any block (no delimiter appended).
std::vector<std::uint8_t> cobs_encode(std::span<const std::uint8_t> data);

}  // namespace resonant::drivers::ble_bridge
