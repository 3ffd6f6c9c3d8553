// Payload parsers of the BLE bridge (layouts in ble_bridge_payloads.hpp / BLE_BRIDGE.md §3).
#include <resonant/drivers/ble_bridge_payloads.hpp>

#include <bit>
#include <cmath>
#include <cstring>

namespace resonant::drivers::ble_bridge {
namespace {

std::uint16_t u16_at(std::span<const std::uint8_t> d, std::size_t at) {
  return static_cast<std::uint16_t>(d[at] | d[at + 1] << 8);
}

std::uint32_t u32_at(std::span<const std::uint8_t> d, std::size_t at) {
  return static_cast<std::uint32_t>(d[at]) | static_cast<std::uint32_t>(d[at + 1]) << 8 |
         static_cast<std::uint32_t>(d[at + 2]) << 16 | static_cast<std::uint32_t>(d[at + 3]) << 24;
}

float f32_at(std::span<const std::uint8_t> d, std::size_t at) {
  return std::bit_cast<float>(u32_at(d, at));
}

/// Little-endian signed integer of `bytes` bytes (1..4), sign-extended from its top byte.
std::int32_t signed_at(std::span<const std::uint8_t> d, std::size_t at, std::size_t bytes) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i) v |= static_cast<std::uint32_t>(d[at + i]) << (8 * i);
  const unsigned bits = static_cast<unsigned>(8 * bytes);
  if (bits < 32 && (v >> (bits - 1)) & 1u) v |= ~std::uint32_t{0} << bits;
  return static_cast<std::int32_t>(v);
}

std::string_view text_of(std::span<const std::uint8_t> d) {
  return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
}

}  // namespace

std::optional<HeartRateMeasurement> parse_heart_rate(std::span<const std::uint8_t> value) {
  if (value.empty()) return std::nullopt;
  HeartRateMeasurement m;
  const std::uint8_t flags = value[0];
  std::size_t at = 1;
  if (flags & kHrsFlagHr16) {
    if (value.size() < at + 2) return std::nullopt;
    m.hr_bpm = u16_at(value, at);
    at += 2;
  } else {
    if (value.size() < at + 1) return std::nullopt;
    m.hr_bpm = value[at];
    at += 1;
  }
  m.contact_supported = (flags & kHrsFlagContactSupported) != 0;
  m.contact_detected = m.contact_supported && (flags & kHrsFlagContactDetected) != 0;
  if (flags & kHrsFlagEnergy) {
    if (value.size() < at + 2) return std::nullopt;
    m.energy_kj = u16_at(value, at);
    at += 2;
  }
  if (flags & kHrsFlagRr) {
    while (at + 2 <= value.size() && m.rr_count < kMaxRrPerNotification) {
      m.rr_raw[m.rr_count++] = u16_at(value, at);
      at += 2;
    }
  }
  return m;
}

std::optional<PmdDataFrame> parse_pmd_data(std::span<const std::uint8_t> value) {
  if (value.size() < kPmdDataHeader) return std::nullopt;
  PmdDataFrame f;
  f.measurement = value[0] & kPmdTypeMask;
  f.timestamp_ns = static_cast<std::uint64_t>(u32_at(value, 1)) |
                   static_cast<std::uint64_t>(u32_at(value, 5)) << 32;
  f.frame_type = value[9] & static_cast<std::uint8_t>(~kPmdCompressedBit);
  f.compressed = (value[9] & kPmdCompressedBit) != 0;
  f.samples = value.subspan(kPmdDataHeader);
  return f;
}

bool decode_raw_samples(std::span<const std::uint8_t> data, std::size_t channels,
                        std::size_t bytes_per_value, PmdSamples& out) {
  out.count = 0;
  out.channels = channels;
  const std::size_t step = channels * bytes_per_value;
  if (channels == 0 || channels > kMaxPmdChannels || bytes_per_value == 0 || bytes_per_value > 4 ||
      data.empty() || data.size() % step != 0 || data.size() / step > kMaxPmdSamples) {
    return false;
  }
  for (std::size_t at = 0; at < data.size(); at += step) {
    for (std::size_t c = 0; c < channels; ++c) {
      out.value[out.count][c] = signed_at(data, at + c * bytes_per_value, bytes_per_value);
    }
    ++out.count;
  }
  return true;
}

bool decode_delta_samples(std::span<const std::uint8_t> data, std::size_t channels,
                          unsigned resolution_bits, PmdSamples& out) {
  out.count = 0;
  out.channels = channels;
  const std::size_t ref_bytes = (resolution_bits + 7) / 8;
  if (channels == 0 || channels > kMaxPmdChannels || ref_bytes == 0 || ref_bytes > 4 ||
      data.size() < channels * ref_bytes) {
    return false;
  }
  std::size_t at = 0;
  for (std::size_t c = 0; c < channels; ++c, at += ref_bytes) {
    out.value[0][c] = signed_at(data, at, ref_bytes);
  }
  out.count = 1;
  while (at < data.size()) {
    if (at + 2 > data.size()) return false;
    const unsigned delta_bits = data[at];
    const std::size_t count = data[at + 1];
    at += 2;
    if (delta_bits == 0 || delta_bits > 32) return false;
    const std::size_t bit_len = count * channels * delta_bits;
    const std::size_t byte_len = (bit_len + 7) / 8;
    if (at + byte_len > data.size() || out.count + count > kMaxPmdSamples) return false;
    std::size_t bit = at * 8;
    for (std::size_t s = 0; s < count; ++s) {
      for (std::size_t c = 0; c < channels; ++c) {
        std::uint32_t v = 0;
        for (unsigned b = 0; b < delta_bits; ++b, ++bit) {
          v |= static_cast<std::uint32_t>((data[bit / 8] >> (bit % 8)) & 1u) << b;
        }
        if (delta_bits < 32 && (v >> (delta_bits - 1)) & 1u) v |= ~std::uint32_t{0} << delta_bits;
        // Wrapping addition, as the SDK's Java int: garbage must never be undefined behaviour.
        const auto prev = static_cast<std::uint32_t>(out.value[out.count - 1][c]);
        out.value[out.count][c] = static_cast<std::int32_t>(prev + v);
      }
      ++out.count;
    }
    at += byte_len;
  }
  return true;
}

std::optional<PmdCpResponse> parse_pmd_cp(std::span<const std::uint8_t> value) {
  if (value.size() < 5 || value[0] != kPmdCpResponse) return std::nullopt;
  PmdCpResponse r;
  r.opcode = value[1];
  r.measurement = value[2] & kPmdTypeMask;
  r.status = value[3];
  r.more = value[4] != 0;
  r.params = value.subspan(5);
  return r;
}

std::optional<float> find_pmd_factor(std::span<const std::uint8_t> params) {
  // Field sizes per setting type (sensor-protocols.md §4.2).
  constexpr std::size_t kFieldSize[] = {2, 2, 2, 4, 1, 4, 16};
  std::size_t at = 0;
  while (at + 2 <= params.size()) {
    const std::uint8_t type = params[at];
    const std::size_t count = params[at + 1];
    if (type >= std::size(kFieldSize)) return std::nullopt;
    const std::size_t len = count * kFieldSize[type];
    at += 2;
    if (at + len > params.size()) return std::nullopt;
    if (type == kPmdSettingFactor && count >= 1) {
      const float f = f32_at(params, at);
      if (std::isfinite(f) && f > 0.0f) return f;
      return std::nullopt;
    }
    at += len;
  }
  return std::nullopt;
}

std::string_view pmd_status_text(std::uint8_t status) {
  static constexpr std::string_view kText[] = {
      "success",           "invalid opcode",     "invalid measurement type", "not supported",
      "invalid length",    "invalid parameter",  "already in state",         "invalid resolution",
      "invalid sample rate", "invalid range",    "invalid MTU",              "invalid channels",
      "invalid state",     "device in charger",  "disk full"};
  return status < std::size(kText) ? kText[status] : "unknown status";
}

std::optional<BridgeStatus> parse_status(std::span<const std::uint8_t> payload) {
  if (payload.size() < kStatusPayload) return std::nullopt;  // longer: newer fields, ignored
  BridgeStatus s;
  s.flags = payload[0];
  s.battery_pct = payload[1] <= 100 ? payload[1] : kBatteryUnknown;
  s.rssi_dbm = static_cast<std::int8_t>(payload[2]);
  s.reserved = payload[3];
  s.overruns = u16_at(payload, 4);
  return s;
}

std::optional<LinkChange> parse_link(std::span<const std::uint8_t> payload) {
  if (payload.size() < kLinkPayloadMin) return std::nullopt;
  LinkChange l;
  l.event = payload[0];
  if (l.event != kLinkConnected && l.event != kLinkDisconnected) return std::nullopt;
  l.address_type = payload[1];
  for (std::size_t i = 0; i < l.address.size(); ++i) l.address[i] = payload[2 + i];
  l.services = payload[8];
  l.name = text_of(payload.subspan(kLinkPayloadMin));
  return l;
}

std::optional<BridgeIdentity> parse_identity(std::span<const std::uint8_t> payload) {
  if (payload.size() < kIdentityPayloadMin) return std::nullopt;
  BridgeIdentity id;
  id.protocol_version = payload[0];
  id.firmware = {payload[1], payload[2], payload[3]};
  id.links = payload[4];
  id.name = text_of(payload.subspan(kIdentityPayloadMin));
  return id;
}

std::int16_t AnalogBlock::raw(std::size_t i) const {
  return static_cast<std::int16_t>(samples[2 * i] | samples[2 * i + 1] << 8);
}

std::optional<AnalogBlock> parse_analog(std::span<const std::uint8_t> payload) {
  if (payload.size() < kAnalogHeader + 2) return std::nullopt;
  AnalogBlock a;
  a.kind = payload[0];
  a.flags = payload[1];
  a.rate_mhz = u32_at(payload, 2);
  a.scale = f32_at(payload, 6);
  a.offset = f32_at(payload, 10);
  a.samples = payload.subspan(kAnalogHeader);
  constexpr std::uint32_t kMaxRateMhz = 10'000'000;  // 10 kHz, the engine's limit
  // Bounds that keep raw * scale + offset finite in float for every i16 raw value.
  constexpr float kMaxAbsScale = 1e6f;
  constexpr float kMaxAbsOffset = 1e9f;
  if (a.kind > kAnalogMaxKind || a.rate_mhz == 0 || a.rate_mhz > kMaxRateMhz ||
      !(std::fabs(a.scale) <= kMaxAbsScale) || !(std::fabs(a.offset) <= kMaxAbsOffset) ||
      a.samples.size() % 2 != 0) {
    return std::nullopt;
  }
  return a;
}

}  // namespace resonant::drivers::ble_bridge
