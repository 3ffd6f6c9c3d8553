// Deterministic fuzzing of the PulseSensor line decoder in every test run (libFuzzer target
// for longer runs: tests/fuzz/pulsesensor_fuzz.cpp).
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pulsesensor_fake.hpp"
#include "pulsesensor_fuzz_target.hpp"

namespace resonant::drivers {
namespace {

TEST(PulseSensorFuzz, RandomTextNeverCrashesOrProducesInvalidEvents) {
  static constexpr char kAlphabet[] = "SQBaAMbN0123456789,-\r\n\n\n x";
  std::mt19937_64 rng(500);
  for (int run = 0; run < 2000; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 600);
    for (auto& b : bytes) {
      b = rng() % 8 == 0 ? static_cast<std::uint8_t>(rng()) : static_cast<std::uint8_t>(kAlphabet[rng() % (sizeof kAlphabet - 1)]);
    }
    const auto o = fuzz_pulsesensor_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(PulseSensorFuzz, MutatedValidStreamsNeverCrash) {
  const auto truth = testing::make_pulsesensor_truth(8, 4);
  auto valid = testing::pulsesensor_bytes(testing::pulsesensor_processing_text(truth));
  const auto plotter = testing::pulsesensor_bytes(testing::pulsesensor_plotter_text(truth));
  valid.insert(valid.end(), plotter.begin(), plotter.end());
  std::mt19937_64 rng(21);
  for (int run = 0; run < 1000; ++run) {
    auto bytes = valid;
    const int mutations = 1 + static_cast<int>(rng() % 10);
    for (int m = 0; m < mutations && !bytes.empty(); ++m) {
      const std::size_t pos = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[pos] = static_cast<std::uint8_t>('0' + rng() % 10); break;
        case 1: bytes.erase(bytes.begin() + static_cast<long>(pos), bytes.begin() + static_cast<long>(std::min(bytes.size(), pos + 1 + rng() % 30))); break;
        case 2: bytes.insert(bytes.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng())); break;
        default: bytes[pos] = '\n'; break;
      }
    }
    const auto o = fuzz_pulsesensor_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

}  // namespace
}  // namespace resonant::drivers
