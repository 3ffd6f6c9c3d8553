#pragma once
// Bridge frames for the BLE bridge tests and the fake bridge: payload builders for every
// frame type of hardware/BLE_BRIDGE.md, wrapped by the driver's own encoder.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

#include <resonant/drivers/ble_bridge_frame.hpp>
#include <resonant/drivers/ble_bridge_payloads.hpp>

namespace resonant::testing::ble {

using Bytes = std::vector<std::uint8_t>;
namespace bb = resonant::drivers::ble_bridge;

inline Bytes frame(std::uint8_t type, std::uint8_t seq, std::uint8_t link, std::uint32_t t_us,
                   const Bytes& payload) {
  return bb::encode_frame(bb::FrameHeader{type, seq, link, t_us}, payload);
}

inline void put_u16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void put_u32(Bytes& b, std::uint32_t v) {
  for (int s = 0; s < 32; s += 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

/// Heart Rate Measurement value: u8 HR, optional contact bits, RR list (1/1024 s).
inline Bytes hrs_value(std::uint8_t hr, const std::vector<std::uint16_t>& rr, bool contact_supported = false,
                       bool contact = false) {
  std::uint8_t flags = rr.empty() ? 0 : bb::kHrsFlagRr;
  if (contact_supported) flags |= bb::kHrsFlagContactSupported;
  if (contact) flags |= bb::kHrsFlagContactDetected;
  Bytes b{flags, hr};
  for (auto v : rr) put_u16(b, v);
  return b;
}

inline Bytes pmd_header(std::uint8_t measurement, std::uint64_t t_ns, std::uint8_t frame_type) {
  Bytes b{measurement};
  for (int s = 0; s < 64; s += 8) b.push_back(static_cast<std::uint8_t>(t_ns >> s));
  b.push_back(frame_type);
  return b;
}

inline Bytes pmd_ecg_raw(std::uint64_t t_ns, const std::vector<std::int32_t>& uv) {
  Bytes b = pmd_header(bb::kPmdTypeEcg, t_ns, 0);
  for (auto v : uv) {
    const auto u = static_cast<std::uint32_t>(v);
    b.push_back(static_cast<std::uint8_t>(u));
    b.push_back(static_cast<std::uint8_t>(u >> 8));
    b.push_back(static_cast<std::uint8_t>(u >> 16));
  }
  return b;
}

using Xyz = std::array<std::int32_t, 3>;

inline Bytes pmd_acc_raw(std::uint64_t t_ns, const std::vector<Xyz>& mg) {
  Bytes b = pmd_header(bb::kPmdTypeAcc, t_ns, 1);
  for (const auto& s : mg) {
    for (auto v : s) put_u16(b, static_cast<std::uint16_t>(v));
  }
  return b;
}

/// Delta-compressed samples (SDK parseDeltaFramesAll layout): reference sample, then one
/// block with the fewest delta bits that hold every delta (split into blocks of <= 255).
inline Bytes delta_encode(const std::vector<std::vector<std::int32_t>>& samples, unsigned resolution_bits) {
  Bytes b;
  const std::size_t ref_bytes = (resolution_bits + 7) / 8;
  for (auto v : samples.front()) {
    for (std::size_t i = 0; i < ref_bytes; ++i) b.push_back(static_cast<std::uint8_t>(static_cast<std::uint32_t>(v) >> (8 * i)));
  }
  std::size_t next = 1;
  while (next < samples.size()) {
    const std::size_t count = std::min<std::size_t>(255, samples.size() - next);
    unsigned bits = 1;
    for (std::size_t s = next; s < next + count; ++s) {
      for (std::size_t c = 0; c < samples[s].size(); ++c) {
        const std::int32_t d = samples[s][c] - samples[s - 1][c];
        while (!(d >= -(1 << (bits - 1)) && d < (1 << (bits - 1)))) ++bits;
      }
    }
    b.push_back(static_cast<std::uint8_t>(bits));
    b.push_back(static_cast<std::uint8_t>(count));
    std::vector<std::uint8_t> bitbuf;
    for (std::size_t s = next; s < next + count; ++s) {
      for (std::size_t c = 0; c < samples[s].size(); ++c) {
        const auto d = static_cast<std::uint32_t>(samples[s][c] - samples[s - 1][c]);
        for (unsigned k = 0; k < bits; ++k) bitbuf.push_back(static_cast<std::uint8_t>((d >> k) & 1u));
      }
    }
    for (std::size_t i = 0; i < bitbuf.size(); i += 8) {
      std::uint8_t byte = 0;
      for (std::size_t k = 0; k < 8 && i + k < bitbuf.size(); ++k) byte |= static_cast<std::uint8_t>(bitbuf[i + k] << k);
      b.push_back(byte);
    }
    next += count;
  }
  return b;
}

inline Bytes pmd_acc_delta(std::uint64_t t_ns, const std::vector<Xyz>& mg) {
  Bytes b = pmd_header(bb::kPmdTypeAcc, t_ns, 0x80 | 1);  // compressed type 1: mG x factor
  std::vector<std::vector<std::int32_t>> s;
  for (const auto& x : mg) s.push_back({x[0], x[1], x[2]});
  const Bytes d = delta_encode(s, 16);
  b.insert(b.end(), d.begin(), d.end());
  return b;
}

inline Bytes pmd_ecg_delta(std::uint64_t t_ns, const std::vector<std::int32_t>& uv) {
  Bytes b = pmd_header(bb::kPmdTypeEcg, t_ns, 0x80);
  std::vector<std::vector<std::int32_t>> s;
  for (auto v : uv) s.push_back({v});
  const Bytes d = delta_encode(s, 24);
  b.insert(b.end(), d.begin(), d.end());
  return b;
}

inline Bytes cp_response(std::uint8_t opcode, std::uint8_t measurement, std::uint8_t status) {
  return Bytes{bb::kPmdCpResponse, opcode, measurement, status, 0};
}

inline Bytes status_payload(std::uint8_t flags, std::uint8_t battery, std::int8_t rssi, std::uint16_t overruns) {
  Bytes b{flags, battery, static_cast<std::uint8_t>(rssi), 0};
  put_u16(b, overruns);
  return b;
}

inline Bytes link_payload(std::uint8_t event, std::uint8_t services, std::string_view name) {
  Bytes b{event, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, services};
  b.insert(b.end(), name.begin(), name.end());
  return b;
}

inline Bytes identity_payload(std::string_view name) {
  Bytes b{1, 1, 2, 3, bb::kMaxPeripheralLinks};
  b.insert(b.end(), name.begin(), name.end());
  return b;
}

inline Bytes analog_payload(std::uint8_t kind, std::uint8_t flags, std::uint32_t rate_mhz, float scale,
                            float offset, const std::vector<std::int16_t>& raw) {
  Bytes b{kind, flags};
  put_u32(b, rate_mhz);
  put_u32(b, std::bit_cast<std::uint32_t>(scale));
  put_u32(b, std::bit_cast<std::uint32_t>(offset));
  for (auto v : raw) put_u16(b, static_cast<std::uint16_t>(v));
  return b;
}

}  // namespace resonant::testing::ble
