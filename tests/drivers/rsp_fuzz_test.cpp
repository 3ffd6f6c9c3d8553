// Deterministic fuzzing of the pure parsers (framer + decoder) in every test run. A
// coverage-guided libFuzzer target for longer runs is tests/fuzz/rsp_fuzz.cpp.
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "rsp_fuzz_target.hpp"
#include "rsp_test_frames.hpp"

namespace resonant::drivers {
namespace {

TEST(RspFuzz, RandomBytesNeverCrashOrProduceInvalidEvents) {
  std::mt19937_64 rng(2026);
  for (int run = 0; run < 2000; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 600);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng() % 4 == 0 ? 0 : rng());
    const FuzzOutcome o = fuzz_rsp_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(RspFuzz, MutatedValidStreamsNeverCrash) {
  std::vector<std::uint8_t> valid;
  auto add = [&](const std::vector<std::uint8_t>& f) { valid.insert(valid.end(), f.begin(), f.end()); };
  add(testing::hello_frame(0));
  add(testing::channel_frame(1, 0, RSP_CH_ECG, 250.0, 0.001f));
  for (std::uint16_t i = 0; i < 20; ++i) {
    add(testing::samples_frame(static_cast<std::uint16_t>(2 + i), 4000u * i, 0, {1, -1, 300, -300, 0}));
  }
  std::mt19937_64 rng(7);
  for (int run = 0; run < 3000; ++run) {
    auto bytes = valid;
    const int mutations = 1 + static_cast<int>(rng() % 8);
    for (int m = 0; m < mutations; ++m) {
      const std::size_t pos = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
        case 1: bytes.erase(bytes.begin() + static_cast<long>(pos)); break;
        case 2: bytes.insert(bytes.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng())); break;
        default: bytes[pos] = 0; break;
      }
      if (bytes.empty()) break;
    }
    const FuzzOutcome o = fuzz_rsp_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

}  // namespace
}  // namespace resonant::drivers
