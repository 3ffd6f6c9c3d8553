#pragma once
// The CMS50 protocols behind the ProtocolHandler seam (sensor-protocols.md §6.2).
//
// "cms50" (Variant A, legacy): the device streams on its own, so nothing is sent. It speaks
// 19200 8O1 (most units) or 4800 8N1 (some): while no clean second of packets has been decoded
// since the port opened, on_tick switches between the two every kCms50FallbackAfter.
// "cms50-v7" (Variant B, experimental): 115200 8N1; the host starts the real-time stream with
// `7D 81 A1 80 80 80 80 80 80` and must repeat it within 5 s or the device stops. The spec
// documents no stop command, so on_close sends nothing: the stream ends when the keep-alives do.
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>

#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

inline constexpr SerialSettings kCms50PrimarySettings{19200, Parity::kOdd};
inline constexpr SerialSettings kCms50FallbackSettings{4800, Parity::kNone};
/// How long one serial setting gets before the other is tried (§6.2 suggests ~2 s of probing;
/// 3 s leaves room for a device that needs a moment after power-on).
inline constexpr std::chrono::milliseconds kCms50FallbackAfter{3000};
/// Packets without a skipped byte that prove the settings right (1 s at 60 packets/s): the
/// legacy stream has no checksum, and random bytes often look like one 5-byte packet.
inline constexpr std::size_t kCms50PacketsToConfirm = 60;

inline constexpr SerialSettings kCms50V7Settings{115200, Parity::kNone};
/// V7.0 command: 7D 81 <cmd> then six 0x80 pads (data 0x00 with bit 7 forced to 1).
inline constexpr std::array<std::uint8_t, 9> kCms50V7StartRealTime{0x7D, 0x81, 0xA1, 0x80, 0x80,
                                                                   0x80, 0x80, 0x80, 0x80};
/// The device stops without a command within 5 s; repeat the start command well inside that.
inline constexpr std::chrono::milliseconds kCms50V7KeepAlivePeriod{4000};
inline constexpr std::size_t kCms50V7PacketsToConfirm = 60;

std::unique_ptr<ProtocolHandler> make_cms50_handler(const ProtocolOptions& options);
std::unique_ptr<ProtocolHandler> make_cms50_v7_handler(const ProtocolOptions& options);

}  // namespace resonant::drivers
