#pragma once
// The BLE-to-serial bridge (hardware/BLE_BRIDGE.md) behind the ProtocolHandler seam: a
// BleBridgeDecoder plus the host -> bridge commands.
//
//   on_open   IDENTIFY + REQUEST_STATUS: the bridge answers its identity and one LINK event
//             per connected peripheral; each "connected" is answered (BytesResult.reply) with
//             the PMD start commands (ECG 130 Hz, ACC 200 Hz 8 G).
//   on_stall  IDENTIFY + PMD start on every link believed connected (link 0 when none is):
//             the bridge or the sensor may have reset.
//   on_close  PMD stop ECG and ACC on the same links, always (an H10 left streaming stays
//             awake until its battery is empty, sensor-protocols.md §4.2).
//
// Threading contract: used only by the I/O thread of the link that owns it (ProtocolHandler).
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <resonant/drivers/ble_bridge_decoder.hpp>
#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

/// Serial settings: 921600 8N1 (CP210x/CH340 bridges; ignored by native USB CDC).
inline constexpr unsigned kBleBridgeBaud = 921600;

/// PMD control-point commands (sensor-protocols.md §4.2).
inline constexpr std::array<std::uint8_t, 10> kPmdStartEcg = {0x02, 0x00, 0x00, 0x01, 0x82,
                                                              0x00, 0x01, 0x01, 0x0E, 0x00};
inline constexpr std::array<std::uint8_t, 14> kPmdStartAcc = {
    0x02, 0x02, 0x00, 0x01, 0xC8, 0x00, 0x01, 0x01, 0x10, 0x00, 0x02, 0x01, 0x08, 0x00};
inline constexpr std::array<std::uint8_t, 2> kPmdStopEcg = {0x03, 0x00};
inline constexpr std::array<std::uint8_t, 2> kPmdStopAcc = {0x03, 0x02};

/// Catalog name "ble-bridge". options: nothing needed today (the RR-in-ms override is a
/// BleBridgeOptions of the decoder, for when a sensor needing it is identified).
std::unique_ptr<ProtocolHandler> make_ble_bridge_handler(const ProtocolOptions& options);
/// The same with decoder options (tests, a future per-device override).
std::unique_ptr<ProtocolHandler> make_ble_bridge_handler(const ProtocolOptions& options,
                                                         BleBridgeOptions bridge_options);

}  // namespace resonant::drivers
