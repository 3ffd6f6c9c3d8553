// Deterministic fuzzing of the Nonin decoder in every test run (libFuzzer target for longer
// runs: tests/fuzz/nonin_fuzz.cpp).
#include <random>
#include <vector>

#include <gtest/gtest.h>

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
  std::mt19937_64 rng(13);
  for (int run = 0; run < 1500; ++run) {
    auto bytes = valid;
    const int mutations = 1 + static_cast<int>(rng() % 10);
    for (int m = 0; m < mutations && !bytes.empty(); ++m) {
      const std::size_t pos = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
        case 1: bytes.erase(bytes.begin() + static_cast<long>(pos), bytes.begin() + static_cast<long>(std::min(bytes.size(), pos + 1 + rng() % 140))); break;
        case 2: bytes.insert(bytes.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng())); break;
        default: bytes[pos] = static_cast<std::uint8_t>(0x81); break;
      }
    }
    const auto o = fuzz_nonin_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

}  // namespace
}  // namespace resonant::drivers
