// BLE bridge framing: header reading and the encoder used for host commands (and tests).
#include <resonant/drivers/ble_bridge_frame.hpp>

#include <algorithm>

#include "resonant_protocol.h"

namespace resonant::drivers::ble_bridge {

std::optional<FrameHeader> read_header(std::span<const std::uint8_t> frame) {
  if (frame.size() < kHeaderSize) return std::nullopt;
  FrameHeader h;
  h.type = frame[0];
  h.seq = frame[1];
  h.link = frame[2];
  h.t_us = static_cast<std::uint32_t>(frame[3]) | static_cast<std::uint32_t>(frame[4]) << 8 |
           static_cast<std::uint32_t>(frame[5]) << 16 | static_cast<std::uint32_t>(frame[6]) << 24;
  return h;
}

std::vector<std::uint8_t> cobs_encode(std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> out;
  out.reserve(data.size() + data.size() / 254 + 2);
  std::size_t code_at = out.size();
  out.push_back(0);  // placeholder for the first code byte
  std::uint8_t code = 1;
  for (const std::uint8_t b : data) {
    if (b == 0) {
      out[code_at] = code;
      code_at = out.size();
      out.push_back(0);
      code = 1;
      continue;
    }
    out.push_back(b);
    if (++code == 0xFF) {  // a full group of 254 non-zero bytes: no implied zero after it
      out[code_at] = code;
      code_at = out.size();
      out.push_back(0);
      code = 1;
    }
  }
  out[code_at] = code;
  return out;
}

std::vector<std::uint8_t> encode_frame(const FrameHeader& header,
                                       std::span<const std::uint8_t> payload) {
  const std::size_t n = std::min(payload.size(), kMaxPayload);
  std::vector<std::uint8_t> raw;
  raw.reserve(kHeaderSize + n + kCrcSize);
  raw.push_back(header.type);
  raw.push_back(header.seq);
  raw.push_back(header.link);
  for (int shift = 0; shift < 32; shift += 8) {
    raw.push_back(static_cast<std::uint8_t>(header.t_us >> shift));
  }
  raw.insert(raw.end(), payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n));
  const std::uint16_t crc = rsp_crc16(raw.data(), raw.size());
  raw.push_back(static_cast<std::uint8_t>(crc & 0xFFu));
  raw.push_back(static_cast<std::uint8_t>(crc >> 8));
  auto out = cobs_encode(raw);
  out.push_back(RSP_DELIMITER);
  return out;
}

}  // namespace resonant::drivers::ble_bridge
