#pragma once
// The fuzzing harness shared by the always-run gtest (rsp_fuzz_test.cpp) and the libFuzzer
// target (tests/fuzz/rsp_fuzz.cpp): feed bytes through CobsFramer + RspDecoder, in random
// chunkings, and check the invariants every event must satisfy.
#include <cmath>
#include <span>
#include <string>

#include <resonant/drivers/cobs_framer.hpp>
#include <resonant/drivers/rsp_decoder.hpp>

#include "fuzz_outcome.hpp"

namespace resonant::drivers {

inline FuzzOutcome fuzz_rsp_bytes(std::span<const std::uint8_t> bytes) {
  FuzzOutcome o;
  CobsFramer framer;
  RspDecoder decoder;
  auto check = [&](const SensorEvent& e) {
    ++o.events;
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (b->count == 0 || b->count > kMaxSamplesPerBlock) {
        o.invariants_hold = false;
        o.problem = "sample block with count " + std::to_string(b->count);
      }
      for (std::size_t i = 0; i < b->count; ++i) {
        if (!std::isfinite(b->values[i])) {
          o.invariants_hold = false;
          o.problem = "non-finite sample";
        }
      }
    } else if (const auto* c = std::get_if<ChannelInfo>(&e)) {
      if (!(c->rate_hz > 0.0 && c->rate_hz <= 10000.0) || c->channel >= RspDecoder::kMaxChannels) {
        o.invariants_hold = false;
        o.problem = "channel out of range";
      }
    }
  };
  // Feed in uneven chunks derived from the data itself, so chunking is fuzzed too.
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 37);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    framer.push(part, [&](std::span<const std::uint8_t> frame) {
      if (frame.size() + RSP_CRC_SIZE < RSP_MIN_FRAME || frame.size() + RSP_CRC_SIZE > RSP_MAX_FRAME) {
        o.invariants_hold = false;
        o.problem = "frame size out of range";
      }
      decoder.decode(frame, SteadyClock::time_point{}, check);
    });
    pos += part.size();
  }
  return o;
}

}  // namespace resonant::drivers
