// Deterministic fuzzing of the BLE bridge decoder in every test run (random bytes and
// mutations of a realistic stream). The coverage-guided libFuzzer target for longer runs is
// tests/fuzz/ble_bridge_fuzz.cpp.
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "ble_bridge_fuzz_target.hpp"
#include "ble_bridge_test_frames.hpp"

namespace resonant::drivers {
namespace {

using namespace resonant::testing::ble;
using namespace ble_bridge;

Bytes realistic_stream() {
  Bytes out;
  std::uint8_t seq = 0;
  auto add = [&](std::uint8_t type, std::uint32_t t, const Bytes& p, std::uint8_t link = 0) {
    const auto f = frame(type, seq++, link, t, p);
    out.insert(out.end(), f.begin(), f.end());
  };
  add(kTypeIdentity, 10, identity_payload("fuzz"));
  add(kTypeLink, 20, link_payload(kLinkConnected, kServiceHrs | kServicePmd, "Polar H10"));
  add(kTypePmdCp, 30, cp_response(kPmdOpStart, kPmdTypeEcg, 0));
  std::vector<std::int32_t> ecg;
  std::vector<Xyz> acc;
  for (int i = 0; i < 20; ++i) {
    ecg.push_back(i * 37 - 300);
    acc.push_back({i, -i, 1000 + i * 3});
  }
  for (std::uint32_t k = 0; k < 4; ++k) {
    const std::uint32_t t = 0xFFF00000u + k * 700'000u;  // crosses the u32 wrap
    add(kTypeHrs, t, hrs_value(62, {980, 1010}, true, k != 2));
    add(kTypePmdData, t + 1000, pmd_ecg_raw(900'000'000ull + k * 153'846'000ull, ecg));
    add(kTypePmdData, t + 2000, k % 2 ? pmd_acc_delta(900'000'000ull + k * 100'000'000ull, acc)
                                      : pmd_acc_raw(900'000'000ull + k * 100'000'000ull, acc));
    add(kTypeStatus, t + 3000, status_payload(kStatusConnected, 90, -55, 0));
    add(kTypeAnalog, t + 4000, analog_payload(3, 0, 25'000, 0.01f, 0.0f, {1, 2, 3, 4}), kLocalLinkBase);
  }
  add(kTypeText, 50, Bytes{'o', 'k'});
  add(kTypeLink, 60, link_payload(kLinkDisconnected, 0, ""));
  return out;
}

TEST(BleBridgeFuzz, RealisticStreamHoldsTheInvariants) {
  const Bytes valid = realistic_stream();
  const auto o = fuzz_ble_bridge_bytes(valid);
  EXPECT_TRUE(o.invariants_hold) << o.problem;
  EXPECT_GT(o.events, 30u);
}

TEST(BleBridgeFuzz, RandomBytesNeverCrashOrProduceInvalidEvents) {
  std::mt19937_64 rng(2027);
  for (int run = 0; run < 3000; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 700);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng() % 5 == 0 ? 0 : rng());
    const auto o = fuzz_ble_bridge_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(BleBridgeFuzz, MutatedValidStreamsNeverCrash) {
  const Bytes valid = realistic_stream();
  std::mt19937_64 rng(11);
  for (int run = 0; run < 3000; ++run) {
    auto bytes = valid;
    const int mutations = 1 + static_cast<int>(rng() % 8);
    for (int m = 0; m < mutations && !bytes.empty(); ++m) {
      const std::size_t pos = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
        case 1: bytes.erase(bytes.begin() + static_cast<long>(pos)); break;
        case 2: bytes.insert(bytes.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng())); break;
        default: bytes[pos] = 0; break;
      }
    }
    const auto o = fuzz_ble_bridge_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(BleBridgeFuzz, ValidFramesWithRandomPayloadsNeverCrash) {
  // Mutations above mostly die at the CRC; here every frame passes it, so the payload
  // parsers see the garbage.
  std::mt19937_64 rng(5);
  const std::uint8_t types[] = {kTypeHrs, kTypePmdData, kTypePmdCp, kTypeStatus, kTypeLink,
                                kTypeText, kTypeIdentity, kTypeAnalog, 0x55};
  for (int run = 0; run < 300; ++run) {
    Bytes stream;
    for (int i = 0; i < 40; ++i) {
      Bytes p(rng() % (kMaxPayload + 1));
      for (auto& b : p) b = static_cast<std::uint8_t>(rng());
      const std::uint8_t type = types[rng() % std::size(types)];
      if (type == kTypePmdData && p.size() > 9 && rng() % 2) p[0] = static_cast<std::uint8_t>(rng() % 2 ? 0 : 2);
      if (type == kTypePmdData && p.size() > 9 && rng() % 2) p[9] = static_cast<std::uint8_t>(rng() % 3 | (rng() % 2 ? 0x80 : 0));
      const auto link = static_cast<std::uint8_t>(rng() % 4 == 0 ? kLocalLinkBase + rng() % 3 : rng() % 4);
      const auto f = frame(type, static_cast<std::uint8_t>(i + (rng() % 8 == 0)), link, static_cast<std::uint32_t>(rng()), p);
      stream.insert(stream.end(), f.begin(), f.end());
    }
    const auto o = fuzz_ble_bridge_bytes(stream);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

}  // namespace
}  // namespace resonant::drivers
