#pragma once
// Fuzzing harness shared by the always-run gtest (cms50_fuzz_test.cpp) and the libFuzzer
// target (tests/fuzz/cms50_fuzz.cpp): the same bytes, in chunkings derived from the data, go
// through both CMS50 decoders; every event must satisfy event_problem() and the beat rules
// (rr_us equals the device-time difference of successive beats; rr 0 only with kBeatAfterGap).
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/cms50_decoders.hpp>

#include "waveform_stream_checker.hpp"

namespace resonant::drivers {

inline FuzzOutcome fuzz_cms50_bytes(std::span<const std::uint8_t> bytes) {
  FuzzOutcome o;
  Cms50LegacyDecoder legacy;
  Cms50V7Decoder v7;
  WaveformStreamChecker legacy_check(o, 127.0f, "pleth outside 7 bits");
  WaveformStreamChecker v7_check(o, 127.0f, "pleth outside 7 bits");
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 23);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    legacy.decode(part, SteadyClock::time_point{}, legacy_check);
    v7.decode(part, SteadyClock::time_point{}, v7_check);
    pos += part.size();
  }
  if (legacy.stats().framing_errors > bytes.size() || v7.stats().framing_errors > bytes.size()) {
    o.invariants_hold = false;
    o.problem = "more framing errors than bytes";
  }
  return o;
}

}  // namespace resonant::drivers
