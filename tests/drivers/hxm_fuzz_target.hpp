#pragma once
// The HxM fuzzing harness shared by the always-run gtest (hxm_fuzz_test.cpp) and the libFuzzer
// target (tests/fuzz/hxm_fuzz.cpp): random chunkings, event invariants, beat timing invariants.
#include <cmath>

#include <resonant/drivers/hxm_decoder.hpp>

#include "zephyr_fuzz_checks.hpp"

namespace resonant::drivers {

inline ZephyrFuzzOutcome fuzz_hxm_bytes(std::span<const std::uint8_t> bytes) {
  HxmDecoder decoder;
  auto o = fuzz_zephyr_decoder(decoder, bytes);
  // HxM-specific: the motion fields are finite whatever the bytes.
  if (!std::isfinite(decoder.motion().distance_m) || !std::isfinite(decoder.motion().speed_m_per_s)) {
    o.invariants_hold = false;
    o.problem = "non-finite motion";
  }
  return o;
}

}  // namespace resonant::drivers
