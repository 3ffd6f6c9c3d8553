#pragma once
// Fuzzing harness shared by the always-run gtest (nonin_fuzz_test.cpp) and the libFuzzer
// target (tests/fuzz/nonin_fuzz.cpp): bytes in data-derived chunkings through NoninDecoder
// (answer watching on for the first half, as after a format command); every event must
// satisfy event_problem(), samples come after a channel description and fit 16 bits, and
// beats keep rr_us equal to their device-time difference (rr 0 only with kBeatAfterGap).
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/nonin_decoder.hpp>

#include "waveform_stream_checker.hpp"

namespace resonant::drivers {

inline FuzzOutcome fuzz_nonin_bytes(std::span<const std::uint8_t> bytes) {
  FuzzOutcome o;
  WaveformStreamChecker check(o, 65535.0f, "pleth outside 16 bits");
  NoninDecoder decoder;
  decoder.expect_answer(true);
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (pos > bytes.size() / 2) decoder.expect_answer(false);
    const std::size_t chunk = 1 + (bytes[pos] % 29);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    decoder.decode(part, SteadyClock::time_point{}, check);
    pos += part.size();
  }
  const auto& s = decoder.stats();
  if (s.frames * NoninDecoder::kDf8FrameBytes > bytes.size() || s.framing_errors > bytes.size()) {
    check.fail("more frames or errors than the bytes allow");
  }
  return o;
}

}  // namespace resonant::drivers
