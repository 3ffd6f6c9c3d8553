// What the host says to a BioHarness (sensor-protocols.md §2.2, §2.3, §2.9): enables one by
// one after each answer, NAKs noted but not fatal, retries, lifesigns, disables on close.
#include <resonant/drivers/bioharness_handler.hpp>

#include <vector>

#include <gtest/gtest.h>

#include "zephyr_test_frames.hpp"

namespace resonant::drivers {
namespace {

using Bytes = std::vector<std::uint8_t>;
using namespace std::chrono_literals;

Bytes frame(std::uint8_t id, std::uint8_t on) { return Bytes{0x02, id, 0x01, on, on ? std::uint8_t{0x5E} : std::uint8_t{0x00}, 0x03}; }
const Bytes kLifesign{0x02, 0x23, 0x00, 0x00, 0x03};

class BioharnessHandlerTest : public ::testing::Test {
 protected:
  /// Feeds device bytes through the seam; returns what the handler wants to send.
  Bytes answer(const Bytes& bytes) {
    return handler_.on_bytes(bytes, t0_ + 1s, publisher_, counters_).reply;
  }

  BioharnessHandler handler_;
  SensorQueue queue_{256};
  AtomicLinkCounters counters_;
  EventPublisher publisher_{queue_, counters_};
  SteadyClock::time_point t0_ = SteadyClock::now();
};

TEST_F(BioharnessHandlerTest, EnablesEachStreamAfterTheAnswerToThePreviousOne) {
  EXPECT_EQ(handler_.name(), "bioharness");
  EXPECT_EQ(handler_.serial_settings().describe(), "115200 8N1");
  EXPECT_EQ(handler_.frames_to_confirm(), 2u);
  EXPECT_EQ(handler_.on_open(), frame(0x14, 1)) << "general data first (§2.3)";
  EXPECT_EQ(answer(testing::bh_answer(0x14, true)), frame(0x19, 1));
  EXPECT_EQ(answer(testing::bh_answer(0x19, true)), frame(0x16, 1));
  EXPECT_EQ(answer(testing::bh_answer(0x16, true)), frame(0x15, 1));
  EXPECT_TRUE(answer(testing::bh_answer(0x15, true)).empty());
  EXPECT_TRUE(handler_.commander().all_answered());
  EXPECT_TRUE(handler_.notes().empty());
  EXPECT_EQ(handler_.decoder().counts().acks, 4u);
  EXPECT_EQ(counters_.frames.load(), 4u);
}

TEST_F(BioharnessHandlerTest, ARefusedEnableIsNotedAndTheNextOneFollows) {
  handler_.on_open();
  EXPECT_EQ(answer(testing::bh_answer(0x14, false)), frame(0x19, 1));
  ASSERT_EQ(handler_.notes().size(), 1u);
  EXPECT_NE(handler_.notes()[0].find("refused to enable general data"), std::string::npos)
      << handler_.notes()[0];
  EXPECT_FALSE(handler_.fatal_error().has_value());
  EXPECT_TRUE(answer(testing::bh_answer(0x14, true)).empty()) << "a late answer changes nothing";
}

TEST_F(BioharnessHandlerTest, LifesignsEveryTwoSecondsAndRetriesOnSilence) {
  handler_.on_open();
  auto t = t0_;
  EXPECT_EQ(handler_.on_tick(t).send, kLifesign) << "first tick: lifesign, answer clock starts";
  t += 1s;
  EXPECT_TRUE(handler_.on_tick(t).send.empty());
  t += 1s;
  EXPECT_EQ(handler_.on_tick(t).send, kLifesign);
  t += 1s;  // 3 s without an answer: the enable again
  EXPECT_EQ(handler_.on_tick(t).send, frame(0x14, 1));
  t += 3s;
  Bytes expect = frame(0x14, 1);
  expect.insert(expect.end(), kLifesign.begin(), kLifesign.end());
  EXPECT_EQ(handler_.on_tick(t).send, expect);
  t += 3s;  // third silence: give up on it and go on
  expect = frame(0x19, 1);
  expect.insert(expect.end(), kLifesign.begin(), kLifesign.end());
  EXPECT_EQ(handler_.on_tick(t).send, expect);
  ASSERT_EQ(handler_.notes().size(), 1u);
  EXPECT_NE(handler_.notes()[0].find("did not answer"), std::string::npos);
  EXPECT_EQ(handler_.commander().lifesigns_sent(), 4u);
}

TEST_F(BioharnessHandlerTest, StallRestartsTheEnablesAndCloseDisablesAll) {
  handler_.on_open();
  answer(testing::bh_answer(0x14, true));
  EXPECT_EQ(handler_.on_stall(), frame(0x14, 1));
  Bytes off;
  for (const std::uint8_t id : bioharness::kStreamCommands) {
    const auto f = frame(id, 0);
    off.insert(off.end(), f.begin(), f.end());
  }
  EXPECT_EQ(handler_.on_close(), off);
}

}  // namespace
}  // namespace resonant::drivers
