// libFuzzer target for the BLE bridge decoder (built with clang when -DRESONANT_FUZZ=ON; see
// tests/fuzz/CMakeLists.txt). Run: ./ble_bridge_fuzz -max_total_time=60 corpus/ble_bridge
#include <cstdint>
#include <cstdlib>

#include "../drivers/ble_bridge_fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = resonant::drivers::fuzz_ble_bridge_bytes(std::span<const std::uint8_t>(data, size));
  if (!outcome.invariants_hold) std::abort();
  return 0;
}
