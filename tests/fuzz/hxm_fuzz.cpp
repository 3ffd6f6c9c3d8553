// libFuzzer target for the Zephyr hxm decoder (built with clang when -DRESONANT_FUZZ=ON;
// see tests/fuzz/CMakeLists.txt). Run: ./hxm_fuzz -max_total_time=60 corpus/hxm
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "../drivers/hxm_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = resonant::drivers::fuzz_hxm_bytes(std::span<const std::uint8_t>(data, size));
  if (!outcome.invariants_hold) {
    std::fprintf(stderr, "invariant broken: %s\n", outcome.problem.c_str());
    std::abort();
  }
  return 0;
}
