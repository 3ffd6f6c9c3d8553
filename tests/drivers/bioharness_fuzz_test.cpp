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
  testing::expect_invariants_on_random_bytes(8000, 2026, 700, testing::zephyr_random_byte,
                                             [](const auto& bytes) { return fuzz_bioharness_bytes(bytes); });
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
