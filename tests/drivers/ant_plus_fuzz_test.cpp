// Deterministic fuzzing of the ANT+ handler (framer, channel control, HRM decoder) in every
// test run. A coverage-guided libFuzzer target for longer runs is tests/fuzz/ant_plus_fuzz.cpp.
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "ant_plus_fake.hpp"
#include "ant_plus_fuzz_target.hpp"

namespace resonant::drivers {
namespace {

std::vector<std::uint8_t> valid_stream() {
  testing::FakeAntStick fake(testing::kFakeAntKey, testing::make_strap_truth(40, 5));
  std::vector<std::uint8_t> s;
  testing::append(s, testing::startup());
  for (int mid : {0x46, 0x42, 0x51, 0x43, 0x45, 0x44, 0x4B}) {
    testing::append(s, testing::response(static_cast<std::uint8_t>(mid)));
  }
  for (std::size_t k = 0; k < fake.message_count(); ++k) {
    testing::append(s, fake.broadcast_message(k));
    if (k == 30) testing::append(s, testing::channel_event(ant::kEventRxFail));
    if (k == 60) testing::append(s, testing::channel_event(ant::kEventChannelClosed));
  }
  return s;
}

TEST(AntPlusFuzz, ValidStreamGivesBeats) {
  const auto o = fuzz_ant_plus_bytes(valid_stream());
  EXPECT_TRUE(o.invariants_hold) << o.problem;
  EXPECT_GT(o.beats, 30u);
}

TEST(AntPlusFuzz, RandomBytesNeverCrashOrProduceInvalidEvents) {
  std::mt19937_64 rng(2026);
  for (int run = 0; run < 1500; ++run) {
    std::vector<std::uint8_t> bytes(rng() % 600);
    // Bias towards the sync byte and broadcast ids so that frames do form.
    for (auto& b : bytes) {
      const auto r = rng() % 8;
      b = static_cast<std::uint8_t>(r == 0 ? 0xA4 : r == 1 ? 0x09 : r == 2 ? 0x4E : rng());
    }
    const auto o = fuzz_ant_plus_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

TEST(AntPlusFuzz, MutatedValidStreamsNeverCrash) {
  const auto valid = valid_stream();
  std::mt19937_64 rng(7);
  for (int run = 0; run < 600; ++run) {
    auto bytes = valid;
    const int mutations = 1 + static_cast<int>(rng() % 12);
    for (int m = 0; m < mutations && !bytes.empty(); ++m) {
      const std::size_t pos = rng() % bytes.size();
      switch (rng() % 5) {
        case 0: bytes[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
        case 1: bytes.erase(bytes.begin() + static_cast<long>(pos)); break;
        case 2: bytes.insert(bytes.begin() + static_cast<long>(pos), static_cast<std::uint8_t>(rng())); break;
        case 3: {  // drop a whole message-sized run (a lost broadcast)
          const auto end = std::min(bytes.size(), pos + 13);
          bytes.erase(bytes.begin() + static_cast<long>(pos), bytes.begin() + static_cast<long>(end));
          break;
        }
        default: bytes[pos] = 0xA4; break;
      }
    }
    const auto o = fuzz_ant_plus_bytes(bytes);
    ASSERT_TRUE(o.invariants_hold) << o.problem;
  }
}

// Found by the libFuzzer target (a 256-byte input whose 21-byte chunk held two start-up
// messages and three responses, 68 bytes of reply): the harness's old 64-byte bound per read was
// wrong, not the handler. A read holding several messages is answered with one command per
// message that calls for one, in the sequence's order.
TEST(AntPlusFuzz, AReadHoldingSeveralMessagesIsAnsweredOneCommandPerMessage) {
  ProtocolOptions opts;
  opts.ant_network_key = testing::kFakeAntKey;
  auto handler = make_ant_plus_handler(opts);
  SensorQueue queue(16);
  AtomicLinkCounters counters;
  EventPublisher publisher(queue, counters);
  (void)handler->on_open();
  std::vector<std::uint8_t> read;
  for (int i = 0; i < 5; ++i) testing::append(read, testing::startup());  // the stick resets
  for (const int mid : {0x46, 0x42, 0x51}) {
    testing::append(read, testing::response(static_cast<std::uint8_t>(mid)));
  }
  const auto t = SteadyClock::time_point{} + std::chrono::hours(1);
  const auto r = handler->on_bytes(read, t, publisher, counters);
  EXPECT_EQ(r.frames, 8u);
  std::vector<std::uint8_t> expected;
  for (int i = 0; i < 5; ++i) {
    testing::append(expected, testing::network_key_message());  // each start-up: the key again
  }
  testing::append(expected, {0xA4, 0x03, 0x42, 0, 0, 0, 0xE5});              // assign
  testing::append(expected, {0xA4, 0x05, 0x51, 0, 0, 0, 0x78, 0, 0x88});     // channel id
  testing::append(expected, {0xA4, 0x03, 0x43, 0x00, 0x86, 0x1F, 0x7D});     // period
  EXPECT_EQ(r.reply, expected);
  EXPECT_LE(r.reply.size(), kLongestCommandBytes * r.frames);
  EXPECT_FALSE(handler->fatal_error());
}

}  // namespace
}  // namespace resonant::drivers
