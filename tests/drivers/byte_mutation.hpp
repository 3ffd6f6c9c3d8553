#pragma once
// How the deterministic fuzz tests damage a valid byte stream: bit flips, cut runs, inserted
// bytes, and the protocol's own sync bytes put where they do not belong (so every resync path
// is exercised). One helper for every protocol's fuzz test. Test-only.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::drivers::testing {

struct MutationStyle {
  int max_mutations = 10;              // per run: 1..max_mutations
  std::size_t max_cut = 1;             // bytes removed at once: 1..max_cut
  std::vector<std::uint8_t> markers;   // the protocol's sync/start bytes
};

inline void mutate_bytes(std::vector<std::uint8_t>& bytes, std::mt19937_64& rng, const MutationStyle& style) {
  const int mutations = 1 + static_cast<int>(rng() % static_cast<std::uint64_t>(style.max_mutations));
  const std::uint64_t kinds = 3 + style.markers.size();
  for (int m = 0; m < mutations && !bytes.empty(); ++m) {
    const std::size_t pos = rng() % bytes.size();
    const std::uint64_t kind = rng() % kinds;
    if (kind == 0) {
      bytes[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    } else if (kind == 1) {
      const std::size_t cut = 1 + rng() % style.max_cut;
      bytes.erase(bytes.begin() + static_cast<long>(pos),
                  bytes.begin() + static_cast<long>(std::min(bytes.size(), pos + cut)));
    } else if (kind == 2) {
      bytes.insert(bytes.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng()));
    } else {
      bytes[pos] = style.markers[kind - 3];
    }
  }
}

/// Runs fuzz(bytes) on `runs` mutations of valid; every outcome must hold its invariants.
template <typename Fuzz>
void expect_invariants_under_mutation(const std::vector<std::uint8_t>& valid, int runs, std::uint64_t seed,
                                      const MutationStyle& style, Fuzz&& fuzz) {
  std::mt19937_64 rng(seed);
  for (int run = 0; run < runs; ++run) {
    auto bytes = valid;
    mutate_bytes(bytes, rng, style);
    const auto o = fuzz(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem << " (mutation run " << run << ")";
  }
}

/// Runs fuzz(bytes) on `runs` random streams of 0..max_bytes-1 bytes from next_byte(rng);
/// every outcome must hold its invariants.
template <typename NextByte, typename Fuzz>
void expect_invariants_on_random_bytes(int runs, std::uint64_t seed, std::size_t max_bytes,
                                       NextByte&& next_byte, Fuzz&& fuzz) {
  std::mt19937_64 rng(seed);
  for (int run = 0; run < runs; ++run) {
    std::vector<std::uint8_t> bytes(rng() % max_bytes);
    for (auto& b : bytes) b = next_byte(rng);
    const auto o = fuzz(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem << " (random run " << run << ")";
  }
}

}  // namespace resonant::drivers::testing
