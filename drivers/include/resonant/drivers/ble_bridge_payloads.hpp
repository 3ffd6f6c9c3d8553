#pragma once
// Payload parsers of the BLE bridge frames (hardware/BLE_BRIDGE.md §3): the raw BLE values
// (Heart Rate Measurement 0x2A37, Polar PMD data and control-point indications; layouts in
// sensor-protocols.md §4.1/§4.2) and the bridge's own STATUS, LINK, IDENTITY and ANALOG
// payloads. Pure functions: bytes in, plain structs out; every length is checked.
//
// Threading contract: free functions and constants only (no state).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace resonant::drivers::ble_bridge {

// ---- Heart Rate Measurement 0x2A37 (sensor-protocols.md §4.1) -----------------------------
inline constexpr std::uint8_t kHrsFlagHr16 = 0x01;            // HR is u16, else u8
inline constexpr std::uint8_t kHrsFlagContactDetected = 0x02;  // meaningful only if supported
inline constexpr std::uint8_t kHrsFlagContactSupported = 0x04;
inline constexpr std::uint8_t kHrsFlagEnergy = 0x08;           // energy expended u16, kJ
inline constexpr std::uint8_t kHrsFlagRr = 0x10;               // RR list u16, 1/1024 s
/// 244-byte value: flags + u16 HR + energy leaves 239 bytes = 119 RR values.
inline constexpr std::size_t kMaxRrPerNotification = 119;

struct HeartRateMeasurement {
  std::uint16_t hr_bpm = 0;
  bool contact_supported = false;
  bool contact_detected = false;
  std::optional<std::uint16_t> energy_kj;
  std::size_t rr_count = 0;
  std::array<std::uint16_t, kMaxRrPerNotification> rr_raw{};  // oldest first, device units
};

/// nullopt when the value is too short for its flags (an odd trailing RR byte is ignored).
std::optional<HeartRateMeasurement> parse_heart_rate(std::span<const std::uint8_t> value);

// ---- Polar PMD (sensor-protocols.md §4.2) --------------------------------------------------
inline constexpr std::uint8_t kPmdTypeEcg = 0;
inline constexpr std::uint8_t kPmdTypeAcc = 2;
inline constexpr std::uint8_t kPmdTypeMask = 0x3F;      // measurement type: low 6 bits
inline constexpr std::uint8_t kPmdCompressedBit = 0x80;  // frame type bit 7
inline constexpr std::size_t kPmdDataHeader = 10;        // type, u64 ns, frame type
inline constexpr std::uint8_t kPmdCpResponse = 0xF0;
inline constexpr std::uint8_t kPmdOpStart = 0x02;
inline constexpr std::uint8_t kPmdOpStop = 0x03;
inline constexpr std::uint8_t kPmdSettingFactor = 5;  // f32 scale of compressed samples

// CP response status codes (sensor-protocols.md §4.2).
inline constexpr std::uint8_t kPmdStatusSuccess = 0;
inline constexpr std::uint8_t kPmdStatusNotSupported = 3;
inline constexpr std::uint8_t kPmdStatusAlreadyInState = 6;
inline constexpr std::uint8_t kPmdStatusInCharger = 13;

struct PmdDataFrame {
  std::uint8_t measurement = 0;  // kPmdType*
  std::uint64_t timestamp_ns = 0;  // sensor clock, ns since 2000-01-01, of the LAST sample
  std::uint8_t frame_type = 0;     // without the compressed bit
  bool compressed = false;
  std::span<const std::uint8_t> samples;
};
std::optional<PmdDataFrame> parse_pmd_data(std::span<const std::uint8_t> value);

/// Up to this many samples per PMD frame are decoded (244-byte value, 1-bit deltas of one
/// channel could describe ~1900; real frames hold < 120).
inline constexpr std::size_t kMaxPmdSamples = 512;
inline constexpr std::size_t kMaxPmdChannels = 3;

/// Decoded samples of one frame: value[i][channel], integers in the frame's units.
struct PmdSamples {
  std::size_t count = 0;
  std::size_t channels = 0;
  std::array<std::array<std::int32_t, kMaxPmdChannels>, kMaxPmdSamples> value{};
};

/// Raw little-endian signed samples of `bytes_per_value` bytes, `channels` per sample.
/// false when the length is not a whole number of samples (or there are too many).
bool decode_raw_samples(std::span<const std::uint8_t> data, std::size_t channels,
                        std::size_t bytes_per_value, PmdSamples& out);

/// Delta-compressed samples (SDK parseDeltaFramesAll): a reference sample of `channels`
/// signed values of ceil(resolution_bits / 8) bytes, then blocks
/// [delta_bits u8][count u8][count x channels x delta_bits bits, LSB-first], each delta
/// sign-extended and added to the previous sample. false when a block runs past the end,
/// delta_bits is 0 or > 32, or there are too many samples.
bool decode_delta_samples(std::span<const std::uint8_t> data, std::size_t channels,
                          unsigned resolution_bits, PmdSamples& out);

struct PmdCpResponse {
  std::uint8_t opcode = 0;
  std::uint8_t measurement = 0;
  std::uint8_t status = 0;
  bool more = false;
  std::span<const std::uint8_t> params;
};
/// nullopt unless the indication is a CP response (0xF0) with its 5-byte head.
std::optional<PmdCpResponse> parse_pmd_cp(std::span<const std::uint8_t> value);
/// The FACTOR setting of a start response's parameters (TLV: type, count, value), if any.
std::optional<float> find_pmd_factor(std::span<const std::uint8_t> params);
/// Readable text for a CP status code, e.g. "device in charger".
std::string_view pmd_status_text(std::uint8_t status);

// ---- bridge STATUS (0x10), BLE_BRIDGE.md §3.4 ----------------------------------------------
inline constexpr std::size_t kStatusPayload = 6;
inline constexpr std::uint8_t kStatusConnected = 0x01;  // a peripheral is connected on this link
inline constexpr std::uint8_t kStatusScanning = 0x02;
inline constexpr std::uint8_t kStatusHrsOn = 0x04;      // HRS notifications enabled
inline constexpr std::uint8_t kStatusPmdOn = 0x08;      // PMD indications/notifications enabled
inline constexpr std::uint8_t kBatteryUnknown = 0xFF;
inline constexpr std::int8_t kRssiUnknown = 127;

struct BridgeStatus {
  std::uint8_t flags = 0;
  std::uint8_t battery_pct = kBatteryUnknown;  // peripheral Battery Level 0x2A19, 0..100
  std::int8_t rssi_dbm = kRssiUnknown;
  std::uint8_t reserved = 0;
  std::uint16_t overruns = 0;  // frames the bridge dropped (UART/queue full) since boot, wraps
};
std::optional<BridgeStatus> parse_status(std::span<const std::uint8_t> payload);

// ---- LINK event (0x11), BLE_BRIDGE.md §3.5 -------------------------------------------------
inline constexpr std::size_t kLinkPayloadMin = 9;
inline constexpr std::uint8_t kLinkDisconnected = 0;
inline constexpr std::uint8_t kLinkConnected = 1;
inline constexpr std::uint8_t kServiceHrs = 0x01;  // services found on the peripheral
inline constexpr std::uint8_t kServicePmd = 0x02;

struct LinkChange {
  std::uint8_t event = 0;  // kLinkConnected / kLinkDisconnected
  std::uint8_t address_type = 0;
  std::array<std::uint8_t, 6> address{};  // as on air: LSB first
  std::uint8_t services = 0;
  std::string_view name;  // UTF-8, may be empty
};
std::optional<LinkChange> parse_link(std::span<const std::uint8_t> payload);

// ---- IDENTITY (0x13), BLE_BRIDGE.md §3.7 ---------------------------------------------------
inline constexpr std::size_t kIdentityPayloadMin = 5;
struct BridgeIdentity {
  std::uint8_t protocol_version = 0;
  std::array<std::uint8_t, 3> firmware{};
  std::uint8_t links = 0;
  std::string_view name;
};
std::optional<BridgeIdentity> parse_identity(std::span<const std::uint8_t> payload);

// ---- ANALOG block (0x30), BLE_BRIDGE.md §3.8 -----------------------------------------------
inline constexpr std::size_t kAnalogHeader = 14;
inline constexpr std::uint8_t kAnalogMaxKind = 4;  // ChannelKind values 0..4
struct AnalogBlock {
  std::uint8_t kind = 0;   // ChannelKind
  std::uint8_t flags = 0;  // RSP_SF_* bits
  std::uint32_t rate_mhz = 0;
  float scale = 1.0f;  // physical = raw * scale + offset
  float offset = 0.0f;
  std::span<const std::uint8_t> samples;  // i16 LE each
  std::size_t count() const { return samples.size() / 2; }
  std::int16_t raw(std::size_t i) const;
};
/// nullopt for unknown kinds, rates outside (0, 10 kHz], non-finite scale/offset, no samples
/// or an odd sample byte count.
std::optional<AnalogBlock> parse_analog(std::span<const std::uint8_t> payload);

}  // namespace resonant::drivers::ble_bridge
