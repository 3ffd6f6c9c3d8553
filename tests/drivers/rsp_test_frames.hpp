#pragma once
// Builders of device frames for driver tests (through the shared C header).
#include <cstdint>
#include <string>
#include <vector>

#include "resonant_protocol.h"

namespace resonant::testing {

inline std::vector<std::uint8_t> finish(rsp_writer& w, std::uint8_t* out) {
  return std::vector<std::uint8_t>(out, out + rsp_end(&w));
}

inline std::vector<std::uint8_t> hello_frame(std::uint16_t seq, std::uint8_t major = RSP_VERSION_MAJOR,
                                             std::uint32_t clock_us_per_s = RSP_REAL_TIME_US_PER_S) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_HELLO, seq, 0);
  for (std::uint8_t b : {major, std::uint8_t{0}, std::uint8_t{RSP_DEVICE_SIMULATOR},
                         std::uint8_t{1}, std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{3}}) {
    rsp_put_u8(&w, b);
  }
  rsp_put_u32(&w, clock_us_per_s);
  const std::string name = "test device";
  rsp_put_bytes(&w, reinterpret_cast<const std::uint8_t*>(name.data()), name.size());
  return finish(w, out);
}

inline std::vector<std::uint8_t> channel_frame(std::uint16_t seq, std::uint8_t id, std::uint8_t kind,
                                               double rate_hz, float scale, float offset = 0.0f) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_CHANNEL, seq, 0);
  rsp_put_u8(&w, id);
  rsp_put_u8(&w, kind);
  rsp_put_u8(&w, 16);
  rsp_put_u8(&w, 0);
  rsp_put_u32(&w, static_cast<std::uint32_t>(rate_hz * 1000.0 + 0.5));
  std::uint32_t bits = 0;
  static_assert(sizeof bits == sizeof scale);
  __builtin_memcpy(&bits, &scale, 4);
  rsp_put_u32(&w, bits);
  __builtin_memcpy(&bits, &offset, 4);
  rsp_put_u32(&w, bits);
  rsp_put_bytes(&w, reinterpret_cast<const std::uint8_t*>("ch"), 2);
  return finish(w, out);
}

inline std::vector<std::uint8_t> samples_frame(std::uint16_t seq, std::uint32_t t_us, std::uint8_t id,
                                               const std::vector<std::int16_t>& samples,
                                               std::uint8_t flags = 0) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_SAMPLES, seq, t_us);
  rsp_put_u8(&w, id);
  rsp_put_u8(&w, flags);
  rsp_put_u8(&w, static_cast<std::uint8_t>(samples.size()));
  for (auto s : samples) rsp_put_i16(&w, s);
  return finish(w, out);
}

}  // namespace resonant::testing
