// Deterministic fuzzing of the CMS50 decoders in every test run (libFuzzer target for longer
// runs: tests/fuzz/cms50_fuzz.cpp).
#include <random>
#include <vector>

#include <gtest/gtest.h>

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
  std::mt19937_64 rng(9);
  for (int run = 0; run < 1500; ++run) {
    auto bytes = valid;
    const int mutations = 1 + static_cast<int>(rng() % 10);
    for (int m = 0; m < mutations && !bytes.empty(); ++m) {
      const std::size_t pos = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
        case 1: bytes.erase(bytes.begin() + static_cast<long>(pos), bytes.begin() + static_cast<long>(std::min(bytes.size(), pos + 1 + rng() % 12))); break;
        case 2: bytes.insert(bytes.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng())); break;
        default: bytes[pos] = 0x80; break;
      }
    }
    const auto o = fuzz_cms50_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

}  // namespace
}  // namespace resonant::drivers
