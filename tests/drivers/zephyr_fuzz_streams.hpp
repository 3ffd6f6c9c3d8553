#pragma once
// Valid Zephyr byte streams for the fuzz tests and the libFuzzer seed corpora, plus the
// deterministic mutator (bit flips, deletions, insertions, stray STX/ETX bytes).
#include <cstdint>
#include <random>
#include <vector>

#include "byte_mutation.hpp"

#include "zephyr_test_frames.hpp"

namespace resonant::drivers::testing {

inline std::vector<std::uint8_t> valid_hxm_stream() {
  std::vector<std::uint8_t> out;
  for (unsigned p = 0; p < 12; ++p) {
    HxmFields f;
    // 1..20 new beats per packet (some beyond 15: gaps), around a u16 rollover.
    f.beat_number = static_cast<std::uint8_t>(p * p + 250);
    const auto newest = static_cast<std::uint16_t>(60000 + p * p * 900);
    for (std::size_t i = 0; i < 15; ++i) f.timestamps_ms[i] = static_cast<std::uint16_t>(newest - i * 900);
    const auto frame = hxm_frame(f);
    out.insert(out.end(), frame.begin(), frame.end());
  }
  return out;
}

inline std::vector<std::uint8_t> valid_bioharness_stream() {
  std::vector<std::uint8_t> out;
  auto add = [&](const std::vector<std::uint8_t>& f) { out.insert(out.end(), f.begin(), f.end()); };
  add(bh_answer(0x14, true));
  add(bh_answer(0x19, false));
  add(encode_zephyr_frame(0x23, {}));
  for (std::uint8_t j = 0; j < 4; ++j) {
    BhStamp s{2012, 9, 26, 86'399'000u + j * 252u};
    if (s.ms_of_day >= 86'400'000u) {
      s.ms_of_day -= 86'400'000u;
      s.day = 27;
    }
    std::vector<int> ecg(63), resp(18), rr(18);
    for (int k = 0; k < 63; ++k) ecg[k] = (k * 131 + j) % 1024;
    for (int k = 0; k < 18; ++k) {
      resp[k] = 512 + k * 10;
      rr[k] = (k / 7 + j) % 2 == 0 ? 800 + j : -(820 + j);
    }
    add(bh_ecg_frame(j, s, ecg));
    add(bh_breathing_frame(j, s, resp));
    add(bh_rr_frame(j, s, rr));
    add(bh_general_frame(j, s, BhGeneral{}));
    add(bh_summary_frame(j, s, static_cast<std::uint8_t>(2 + j % 3)));
  }
  return out;
}

/// Random bytes with plenty of STX/ETX, so tentative Zephyr frames are common.
inline std::uint8_t zephyr_random_byte(std::mt19937_64& rng) {
  const auto r = rng();
  return r % 5 == 0 ? kZephyrStx : r % 7 == 0 ? kZephyrEtx : static_cast<std::uint8_t>(r >> 8);
}

/// Zephyr streams are damaged around their STX/ETX bytes (byte_mutation.hpp).
inline MutationStyle zephyr_mutation() { return MutationStyle{8, 1, {kZephyrStx, kZephyrEtx}}; }

}  // namespace resonant::drivers::testing
