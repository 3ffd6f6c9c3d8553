// Deterministic fuzzing of the bioharness decoder (framing + packets) in every test run. A
// coverage-guided libFuzzer target for longer runs is tests/fuzz/bioharness_fuzz.cpp.
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "bioharness_fuzz_target.hpp"
#include "zephyr_fuzz_streams.hpp"

namespace resonant::drivers {
namespace {

TEST(BioharnessFuzz, RandomBytesNeverCrashOrProduceInvalidEvents) {
  std::mt19937_64 rng(2026);
  for (int run = 0; run < 8000; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 700);
    // Plenty of STX/ETX/ACK so tentative frames are common.
    for (auto& b : bytes) {
      const auto r = rng();
      b = r % 5 == 0 ? std::uint8_t{0x02} : r % 7 == 0 ? std::uint8_t{0x03} : static_cast<std::uint8_t>(r >> 8);
    }
    const auto o = fuzz_bioharness_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(BioharnessFuzz, MutatedValidStreamsNeverCrash) {
  const auto valid = testing::valid_bioharness_stream();
  const auto clean = fuzz_bioharness_bytes(valid);
  ASSERT_TRUE(clean.invariants_hold) << clean.problem;
  ASSERT_GT(clean.events, 10u);
  testing::expect_invariants_under_mutation(valid, 8000, 7, testing::zephyr_mutation(),
                                            [](const auto& bytes) { return fuzz_bioharness_bytes(bytes); });
}

}  // namespace
}  // namespace resonant::drivers
