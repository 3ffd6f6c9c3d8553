// Deterministic fuzzing of the hxm decoder (framing + packets) in every test run. A
// coverage-guided libFuzzer target for longer runs is tests/fuzz/hxm_fuzz.cpp.
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "hxm_fuzz_target.hpp"
#include "zephyr_fuzz_streams.hpp"

namespace resonant::drivers {
namespace {

TEST(HxmFuzz, RandomBytesNeverCrashOrProduceInvalidEvents) {
  std::mt19937_64 rng(2026);
  for (int run = 0; run < 8000; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 700);
    // Plenty of STX/ETX/ACK so tentative frames are common.
    for (auto& b : bytes) {
      const auto r = rng();
      b = r % 5 == 0 ? std::uint8_t{0x02} : r % 7 == 0 ? std::uint8_t{0x03} : static_cast<std::uint8_t>(r >> 8);
    }
    const auto o = fuzz_hxm_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(HxmFuzz, MutatedValidStreamsNeverCrash) {
  const auto valid = testing::valid_hxm_stream();
  const auto clean = fuzz_hxm_bytes(valid);
  ASSERT_TRUE(clean.invariants_hold) << clean.problem;
  ASSERT_GT(clean.events, 10u);
  testing::expect_invariants_under_mutation(valid, 8000, 7, testing::zephyr_mutation(),
                                            [](const auto& bytes) { return fuzz_hxm_bytes(bytes); });
}

}  // namespace
}  // namespace resonant::drivers
