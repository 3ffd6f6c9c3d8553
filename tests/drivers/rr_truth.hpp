#pragma once
// A seeded ground truth of heart beats for the Zephyr fakes: integer-ms beat times with RR
// around 850 ms, modulated by breathing and noise (well inside 200..3000 ms).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace resonant::drivers::testing {

inline std::vector<std::uint64_t> make_beat_times_ms(std::uint64_t first_ms, std::size_t beats,
                                                     std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 25.0);
  std::vector<std::uint64_t> t{first_ms};
  for (std::size_t i = 1; i < beats; ++i) {
    const double rr = 850.0 + 110.0 * std::sin(2.0 * 3.14159265358979 * static_cast<double>(i) / 9.0) + noise(rng);
    t.push_back(t.back() + static_cast<std::uint64_t>(std::lround(std::clamp(rr, 550.0, 1300.0))));
  }
  return t;
}

}  // namespace resonant::drivers::testing
