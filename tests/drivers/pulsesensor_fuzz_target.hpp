#pragma once
// Fuzzing harness shared by the always-run gtest (pulsesensor_fuzz_test.cpp) and the libFuzzer
// target (tests/fuzz/pulsesensor_fuzz.cpp): bytes in data-derived chunkings through
// PulseSensorDecoder; every event must satisfy event_problem(), samples follow a channel
// description and stay in range, beats keep rr_us equal to their device-time difference.
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/pulsesensor_decoder.hpp>

#include "waveform_stream_checker.hpp"

namespace resonant::drivers {

inline FuzzOutcome fuzz_pulsesensor_bytes(std::span<const std::uint8_t> bytes) {
  FuzzOutcome o;
  WaveformStreamChecker check(o, static_cast<float>(kPulseSensorMaxSignal), "signal out of range");
  PulseSensorDecoder decoder;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 31);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    decoder.decode(part, SteadyClock::time_point{}, check);
    pos += part.size();
  }
  const auto& s = decoder.stats();
  if (s.frames + s.framing_errors > bytes.size()) check.fail("more lines than line feeds");
  return o;
}

}  // namespace resonant::drivers
