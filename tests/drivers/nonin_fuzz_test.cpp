// Deterministic fuzzing of the Nonin decoder in every test run (libFuzzer target for longer
// runs: tests/fuzz/nonin_fuzz.cpp).
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "byte_mutation.hpp"
#include "nonin_fake.hpp"
#include "nonin_fuzz_target.hpp"

namespace resonant::drivers {
namespace {

TEST(NoninFuzz, RandomBytesNeverCrashOrProduceInvalidEvents) {
  std::mt19937_64 rng(75);
  for (int run = 0; run < 2000; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 600);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng() % 4 == 0 ? 0x01 : rng());
    const auto o = fuzz_nonin_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(NoninFuzz, MutatedValidStreamsNeverCrash) {
  const auto truth = testing::make_nonin_truth(4, 3);
  std::vector<std::uint8_t> valid;
  for (int i = 0; i < 3; ++i) {
    const auto f = testing::nonin_df8_frame(72, 97);
    valid.insert(valid.end(), f.begin(), f.end());
  }
  valid.push_back(NoninDecoder::kAck);
  for (const bool df7 : {true, false}) {
    const auto s = testing::nonin_stream(truth, df7);
    valid.insert(valid.end(), s.begin(), s.end());
  }
  testing::expect_invariants_under_mutation(valid, 1500, 13, testing::MutationStyle{10, 140, {0x81}},
                                            [](const auto& bytes) { return fuzz_nonin_bytes(bytes); });
}

}  // namespace
}  // namespace resonant::drivers
