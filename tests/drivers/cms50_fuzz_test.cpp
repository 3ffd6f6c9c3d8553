// Deterministic fuzzing of the CMS50 decoders in every test run (libFuzzer target for longer
// runs: tests/fuzz/cms50_fuzz.cpp).
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "byte_mutation.hpp"
#include "cms50_fake.hpp"
#include "cms50_fuzz_target.hpp"

namespace resonant::drivers {
namespace {

TEST(Cms50Fuzz, RandomBytesNeverCrashOrProduceInvalidEvents) {
  std::mt19937_64 rng(50);
  for (int run = 0; run < 2000; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 600);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng() % 3 == 0 ? (rng() & 0x80) | 0x01 : rng());
    const auto o = fuzz_cms50_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(Cms50Fuzz, MutatedValidStreamsNeverCrash) {
  const auto truth = testing::make_cms50_truth(6, 5);
  std::vector<std::uint8_t> valid = testing::cms50_legacy_stream(truth);
  const auto v7 = testing::cms50_v7_stream(truth);
  valid.insert(valid.end(), v7.begin(), v7.end());
  testing::expect_invariants_under_mutation(valid, 1500, 9, testing::MutationStyle{10, 12, {0x80}},
                                            [](const auto& bytes) { return fuzz_cms50_bytes(bytes); });
}

}  // namespace
}  // namespace resonant::drivers
