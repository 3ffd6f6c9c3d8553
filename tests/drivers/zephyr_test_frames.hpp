#pragma once
// Byte-level builders of Zephyr HxM and BioHarness frames (sensor-protocols.md §1.3, §2.4-§2.8)
// for the unit tests, fuzz seeds and the fake devices. Written from the spec tables, not from
// the decoders, so a decoder bug cannot hide in a shared helper.
#include <array>
#include <cstdint>
#include <vector>

#include <resonant/drivers/zephyr_framer.hpp>

namespace resonant::drivers::testing {

inline void put16(std::vector<std::uint8_t>& v, unsigned x) {
  v.push_back(static_cast<std::uint8_t>(x & 0xFF));
  v.push_back(static_cast<std::uint8_t>((x >> 8) & 0xFF));
}

// ---- HxM (§1.3) --------------------------------------------------------------------------
struct HxmFields {
  std::uint8_t battery_pct = 87;
  std::uint8_t hr_bpm = 70;
  std::uint8_t beat_number = 0;
  std::array<std::uint16_t, 15> timestamps_ms{};  // [0] newest
  std::uint16_t distance = 160;  // 1/16 m
  std::uint16_t speed = 256;     // 1/256 m/s
  std::uint8_t strides = 12;
};

inline std::vector<std::uint8_t> hxm_payload(const HxmFields& f) {
  std::vector<std::uint8_t> p;
  put16(p, 26);           // firmware id (capture: 26)
  p.push_back('1');       // firmware version "1f"
  p.push_back('f');
  put16(p, 80);           // hardware id
  p.push_back('1');
  p.push_back('d');
  p.push_back(f.battery_pct);
  p.push_back(f.hr_bpm);
  p.push_back(f.beat_number);
  for (const auto t : f.timestamps_ms) put16(p, t);
  for (int i = 0; i < 6; ++i) p.push_back(0);  // reserved
  put16(p, f.distance);
  put16(p, f.speed);
  p.push_back(f.strides);
  for (int i = 0; i < 3; ++i) p.push_back(0);  // reserved
  return p;  // 55 bytes
}

inline std::vector<std::uint8_t> hxm_frame(const HxmFields& f) {
  return encode_zephyr_frame(0x26, hxm_payload(f));
}

// ---- BioHarness (§2.4-§2.8) --------------------------------------------------------------
struct BhStamp {
  unsigned year = 2012;
  unsigned month = 9;
  unsigned day = 26;
  std::uint32_t ms_of_day = 64'516'883;
};

inline std::vector<std::uint8_t> bh_header(std::uint8_t seq, const BhStamp& s) {
  std::vector<std::uint8_t> p{seq};
  put16(p, s.year);
  p.push_back(static_cast<std::uint8_t>(s.month));
  p.push_back(static_cast<std::uint8_t>(s.day));
  for (int i = 0; i < 4; ++i) p.push_back(static_cast<std::uint8_t>(s.ms_of_day >> (8 * i)));
  return p;
}

/// 10-bit samples packed LSB-first (§2.5).
inline std::vector<std::uint8_t> pack10(const std::vector<int>& samples) {
  std::vector<std::uint8_t> out((samples.size() * 10 + 7) / 8, 0);
  for (std::size_t k = 0; k < samples.size(); ++k) {
    for (unsigned b = 0; b < 10; ++b) {
      if ((samples[k] >> b) & 1) {
        const std::size_t bit = k * 10 + b;
        out[bit / 8] = static_cast<std::uint8_t>(out[bit / 8] | (1u << (bit % 8)));
      }
    }
  }
  return out;
}

inline std::vector<std::uint8_t> bh_waveform_frame(std::uint8_t id, std::uint8_t seq, const BhStamp& s,
                                                   const std::vector<int>& samples) {
  auto p = bh_header(seq, s);
  const auto packed = pack10(samples);
  p.insert(p.end(), packed.begin(), packed.end());
  return encode_zephyr_frame(id, p);
}
inline std::vector<std::uint8_t> bh_ecg_frame(std::uint8_t seq, const BhStamp& s, const std::vector<int>& samples63) {
  return bh_waveform_frame(0x22, seq, s, samples63);
}
inline std::vector<std::uint8_t> bh_breathing_frame(std::uint8_t seq, const BhStamp& s,
                                                    const std::vector<int>& samples18) {
  return bh_waveform_frame(0x21, seq, s, samples18);
}

inline std::vector<std::uint8_t> bh_rr_frame(std::uint8_t seq, const BhStamp& s, const std::vector<int>& values18) {
  auto p = bh_header(seq, s);
  for (const int v : values18) put16(p, static_cast<unsigned>(static_cast<std::uint16_t>(static_cast<std::int16_t>(v))));
  return encode_zephyr_frame(0x24, p);
}

struct BhGeneral {
  unsigned hr_bpm = 61;
  unsigned resp_tenths = 223;
  int skin_temp_tenths = -32768;  // invalid
  int posture_deg = 44;
  unsigned activity_hundredths = 11;
  unsigned battery_mv = 3933;
  unsigned status = 0x8000 | 55;  // worn, 55 %
};

inline std::vector<std::uint8_t> bh_general_frame(std::uint8_t seq, const BhStamp& s, const BhGeneral& g) {
  auto p = bh_header(seq, s);
  put16(p, g.hr_bpm);
  put16(p, g.resp_tenths);
  put16(p, static_cast<std::uint16_t>(g.skin_temp_tenths));
  put16(p, static_cast<std::uint16_t>(g.posture_deg));
  put16(p, g.activity_hundredths);
  put16(p, 20);  // peak acceleration
  put16(p, g.battery_mv);
  while (p.size() < 51) p.push_back(0);
  put16(p, g.status);
  return encode_zephyr_frame(0x20, p);  // DLC 53
}

/// Summary packet version 2 (§2.8, capture values) or any other version byte.
inline std::vector<std::uint8_t> bh_summary_frame(std::uint8_t seq, const BhStamp& s, std::uint8_t version) {
  auto p = bh_header(seq, s);
  p.push_back(version);
  put16(p, 61);      // HR
  put16(p, 223);     // respiration rate x0.1
  put16(p, 0x8000);  // skin temperature invalid
  put16(p, 44);      // posture
  put16(p, 11);      // activity
  put16(p, 20);      // peak acceleration
  put16(p, 3933);    // battery mV
  p.push_back(55);   // battery %
  while (p.size() < 71) p.push_back(0);
  return encode_zephyr_frame(0x2B, p);
}

inline std::vector<std::uint8_t> bh_answer(std::uint8_t id, bool ack) {
  return encode_zephyr_frame(id, {}, ack ? kZephyrAck : kZephyrNak);
}

}  // namespace resonant::drivers::testing
