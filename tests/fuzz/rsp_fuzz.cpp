// libFuzzer target for the Resonant protocol parsers (built with clang when
// -DRESONANT_FUZZ=ON; see tests/fuzz/CMakeLists.txt). Run: ./rsp_fuzz -max_total_time=60
#include <cstdint>
#include <cstdlib>

#include "../drivers/rsp_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = resonant::drivers::fuzz_rsp_bytes(std::span<const std::uint8_t>(data, size));
  if (!outcome.invariants_hold) std::abort();
  return 0;
}
