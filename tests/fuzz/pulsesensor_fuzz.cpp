// libFuzzer target for the pulsesensor decoder (built with clang when -DRESONANT_FUZZ=ON; see
// tests/fuzz/CMakeLists.txt). Run: ./pulsesensor_fuzz -max_total_time=60 corpus/pulsesensor_fuzz
#include <cstdint>
#include <cstdlib>

#include "../drivers/pulsesensor_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = resonant::drivers::fuzz_pulsesensor_bytes(std::span<const std::uint8_t>(data, size));
  if (!outcome.invariants_hold) std::abort();
  return 0;
}
