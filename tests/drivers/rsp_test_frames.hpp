#pragma once
// Device frames for driver tests, built with the shared C header's encoders (the same code
// the firmware and the simulated device use).
#include <cstdint>
#include <vector>

#include "resonant_protocol.h"

namespace resonant::testing {

inline std::vector<std::uint8_t> frame_of(const std::uint8_t* out, std::size_t n) {
  return std::vector<std::uint8_t>(out, out + n);
}

inline std::vector<std::uint8_t> hello_frame(std::uint16_t seq,
                                             std::uint32_t clock_us_per_s = RSP_REAL_TIME_US_PER_S) {
  std::uint8_t out[RSP_MAX_ENCODED];
  const std::uint8_t firmware[3] = {1, 2, 3};
  return frame_of(out, rsp_write_hello(out, seq, 0, RSP_DEVICE_SIMULATOR, 1, firmware,
                                       clock_us_per_s, "test device"));
}

/// A HELLO from a device speaking another major protocol version (the encoder above always
/// writes this host's version, so this one is built field by field).
inline std::vector<std::uint8_t> hello_frame_with_major(std::uint16_t seq, std::uint8_t major) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_HELLO, seq, 0);
  for (std::uint8_t b : {major, std::uint8_t{0}, std::uint8_t{RSP_DEVICE_SIMULATOR}, std::uint8_t{1},
                         std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{3}}) {
    rsp_put_u8(&w, b);
  }
  rsp_put_u32(&w, RSP_REAL_TIME_US_PER_S);
  return frame_of(out, rsp_end(&w));
}

inline std::vector<std::uint8_t> channel_frame(std::uint16_t seq, std::uint8_t id, std::uint8_t kind,
                                               double rate_hz, float scale, float offset = 0.0f) {
  std::uint8_t out[RSP_MAX_ENCODED];
  const auto rate_mhz = static_cast<std::uint32_t>(rate_hz * 1000.0 + 0.5);
  return frame_of(out, rsp_write_channel(out, seq, 0, id, kind, 16, rate_mhz, scale, offset, "ch"));
}

inline std::vector<std::uint8_t> samples_frame(std::uint16_t seq, std::uint32_t t_us, std::uint8_t id,
                                               const std::vector<std::int16_t>& samples,
                                               std::uint8_t flags = 0) {
  std::uint8_t out[RSP_MAX_ENCODED];
  return frame_of(out, rsp_write_samples(out, seq, t_us, id, flags, samples.data(),
                                         static_cast<std::uint8_t>(samples.size())));
}

/// A beat the device detected itself (RR devices): beat time t_us, interval rr_us.
inline std::vector<std::uint8_t> beat_frame(std::uint16_t seq, std::uint32_t t_us, std::uint8_t id,
                                            std::uint32_t rr_us, std::uint8_t flags = 0) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_BEAT, seq, t_us);
  rsp_put_u8(&w, id);
  rsp_put_u8(&w, flags);
  rsp_put_u32(&w, rr_us);
  return frame_of(out, rsp_end(&w));
}

}  // namespace resonant::testing
