#pragma once
// Nonin pulse oximeters behind the ProtocolHandler seam (sensor-protocols.md §6.1): one
// handler, "nonin", that decodes whichever of DF2 / DF7 / DF8 arrives (NoninDecoder).
//
// Start-up: a 9560 defaults to DF13 (spot-check only) and accepts a data-format command only
// in the first 5 s after the connection is made, answering 0x06 ACK / 0x15 NAK. So on_open asks
// for DF7 (16-bit pleth); a NAK makes the handler ask for DF2; no answer is fine (OEM modules
// stream their configured format without commands). The format is stored in the device's
// non-volatile memory. Settings: 9600 8N1 [V-doc for the 9560; UNVERIFIED for wired OEM III].
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

inline constexpr SerialSettings kNoninSettings{9600, Parity::kNone};
inline constexpr std::uint8_t kNoninFormatDf2 = 0x02;
inline constexpr std::uint8_t kNoninFormatDf7 = 0x07;
inline constexpr std::uint8_t kNoninFormatDf8 = 0x08;
/// How long after the command an ACK/NAK is looked for (the device takes commands during the
/// first 5 s of a connection; a little more for the answer to travel).
inline constexpr std::chrono::milliseconds kNoninAnswerWindow{6000};
/// Checksummed frames: a few in a row prove the protocol.
inline constexpr std::size_t kNoninFramesToConfirm = 10;

/// `02 70 02 02 <fmt> 03`: select the data format (§6.1).
inline std::vector<std::uint8_t> nonin_format_command(std::uint8_t format) {
  return {0x02, 0x70, 0x02, 0x02, format, 0x03};
}

std::unique_ptr<ProtocolHandler> make_nonin_handler(const ProtocolOptions& options);

}  // namespace resonant::drivers
