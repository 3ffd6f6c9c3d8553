// libFuzzer target for the CMS50 decoders (built with clang when -DRESONANT_FUZZ=ON; see
// tests/fuzz/CMakeLists.txt). Run: ./cms50_fuzz -max_total_time=60 corpus/cms50_fuzz
#include <cstdint>
#include <cstdlib>

#include "../drivers/cms50_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = resonant::drivers::fuzz_cms50_bytes(std::span<const std::uint8_t>(data, size));
  if (!outcome.invariants_hold) std::abort();
  return 0;
}
