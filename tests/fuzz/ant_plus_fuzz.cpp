// libFuzzer target for the ANT+ handler (built with clang when -DRESONANT_FUZZ=ON; see
// tests/fuzz/CMakeLists.txt). Run: ./ant_plus_fuzz -max_total_time=60 corpus/ant_plus_fuzz
#include <cstdint>
#include <cstdlib>

#include "../drivers/ant_plus_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome =
      resonant::drivers::fuzz_ant_plus_bytes(std::span<const std::uint8_t>(data, size));
  if (!outcome.invariants_hold) std::abort();
  return 0;
}
