// The channel-open sequence (sensor-protocols.md §3.3) as a state machine: the exact bytes,
// answers, retries and the actionable failure, reopening the search, stick resets.
#include <resonant/drivers/ant_plus_channel.hpp>

#include <gtest/gtest.h>

#include "ant_plus_test_messages.hpp"

namespace resonant::drivers {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Step = ant::ChannelControl::Step;
using namespace std::chrono_literals;

const SteadyClock::time_point kT0 = SteadyClock::time_point{} + 100s;

Bytes answer(ant::ChannelControl& c, const Bytes& message, SteadyClock::time_point t = kT0) {
  // Messages from the stick arrive framed: the content is after SYNC, LEN, MID.
  const auto content = std::span<const std::uint8_t>(message).subspan(3, message[1]);
  return c.on_message(message[2], content, t);
}

/// Runs the sequence up to the open channel, checking every byte the host sends.
void open_channel(ant::ChannelControl& c) {
  EXPECT_EQ(c.start(), (Bytes{0xA4, 0x01, 0x4A, 0x00, 0xEF}));
  EXPECT_EQ(c.pending_step(), Step::kReset);
  EXPECT_EQ(answer(c, testing::startup()), testing::network_key_message());
  EXPECT_EQ(answer(c, testing::response(0x46)), (Bytes{0xA4, 0x03, 0x42, 0, 0, 0, 0xE5}));
  EXPECT_EQ(answer(c, testing::response(0x42)), (Bytes{0xA4, 0x05, 0x51, 0, 0, 0, 0x78, 0, 0x88}));
  EXPECT_EQ(answer(c, testing::response(0x51)), (Bytes{0xA4, 0x03, 0x43, 0x00, 0x86, 0x1F, 0x7D}));
  EXPECT_EQ(answer(c, testing::response(0x43)), (Bytes{0xA4, 0x02, 0x45, 0x00, 0x39, 0xDA}));
  EXPECT_EQ(answer(c, testing::response(0x45)), (Bytes{0xA4, 0x02, 0x44, 0x00, 0x0C, 0xEE}));
  EXPECT_EQ(answer(c, testing::response(0x44)), (Bytes{0xA4, 0x01, 0x4B, 0x00, 0xEE}));
  EXPECT_FALSE(c.channel_open());
  EXPECT_TRUE(answer(c, testing::response(0x4B)).empty());
  EXPECT_TRUE(c.channel_open());
  EXPECT_FALSE(c.pending_step());
}

TEST(AntPlusChannel, SendsTheSpecSequenceStepByStep) {
  ant::ChannelControl c(testing::kFakeAntKey);
  open_channel(c);
  EXPECT_FALSE(c.fatal_error());
  EXPECT_EQ(c.stats().sequences, 1u);
}

TEST(AntPlusChannel, AnswersToOtherMessagesDoNotAdvance) {
  ant::ChannelControl c(testing::kFakeAntKey);
  c.start();
  answer(c, testing::startup());
  EXPECT_TRUE(answer(c, testing::response(0x42)).empty()) << "not the pending step";
  EXPECT_TRUE(answer(c, testing::response(0x46, 0, /*channel=*/1)).empty()) << "other channel";
  EXPECT_EQ(c.pending_step(), Step::kNetworkKey);
}

TEST(AntPlusChannel, ContinuesWithoutAStartupMessage) {
  ant::ChannelControl c(testing::kFakeAntKey);
  c.start();
  EXPECT_TRUE(c.on_tick(kT0).empty()) << "the first tick starts the reply timeout";
  EXPECT_TRUE(c.on_tick(kT0 + 750ms).empty());
  EXPECT_EQ(c.on_tick(kT0 + 1s), testing::network_key_message());
  EXPECT_EQ(c.stats().missing_startup, 1u);
}

TEST(AntPlusChannel, ResendsThenFailsWithAnActionableMessage) {
  ant::ChannelControl c(testing::kFakeAntKey);
  c.start();
  answer(c, testing::startup(), kT0);
  EXPECT_TRUE(c.on_tick(kT0 + 500ms).empty());
  EXPECT_EQ(c.on_tick(kT0 + 1s), testing::network_key_message()) << "second try";
  EXPECT_EQ(c.on_tick(kT0 + 2s), testing::network_key_message()) << "third try";
  EXPECT_FALSE(c.fatal_error());
  EXPECT_TRUE(c.on_tick(kT0 + 3s).empty());
  ASSERT_TRUE(c.fatal_error());
  const std::string& msg = *c.fatal_error();
  EXPECT_NE(msg.find("the ANT stick does not answer"), std::string::npos) << msg;
  EXPECT_NE(msg.find("set network key"), std::string::npos) << msg;
  EXPECT_NE(msg.find("3 tries"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unplug"), std::string::npos) << msg;
  EXPECT_EQ(c.stats().resends, 2u);
}

TEST(AntPlusChannel, ARefusedStepIsRetriedThenFatal) {
  ant::ChannelControl c(testing::kFakeAntKey);
  c.start();
  answer(c, testing::startup());
  answer(c, testing::response(0x46));
  const Bytes assign{0xA4, 0x03, 0x42, 0, 0, 0, 0xE5};
  EXPECT_EQ(answer(c, testing::response(0x42, 0x15)), assign);
  EXPECT_EQ(answer(c, testing::response(0x42, 0x15)), assign);
  EXPECT_TRUE(answer(c, testing::response(0x42, 0x15)).empty());
  ASSERT_TRUE(c.fatal_error());
  EXPECT_NE(c.fatal_error()->find("0x15"), std::string::npos) << *c.fatal_error();
}

TEST(AntPlusChannel, ClosedChannelReopensTheSearchWithThePinnedStrap) {
  ant::ChannelControl c(testing::kFakeAntKey);
  open_channel(c);
  EXPECT_EQ(c.on_data(kT0), (Bytes{0xA4, 0x02, 0x4D, 0x00, 0x51, 0xBA})) << "who is it?";
  EXPECT_TRUE(c.on_data(kT0).empty()) << "asked once";
  // Answer: device number 0x6252 (25170), type 0x78, transmission type 0x71.
  answer(c, ant::encode_message(ant::kMidChannelId, {0x00, 0x52, 0x62, 0x78, 0x71}));
  ASSERT_TRUE(c.pinned_device_number());
  EXPECT_EQ(*c.pinned_device_number(), 25170);

  EXPECT_TRUE(answer(c, testing::channel_event(ant::kEventRxFail)).empty());
  EXPECT_FALSE(c.take_channel_lost());
  EXPECT_TRUE(answer(c, testing::channel_event(ant::kEventRxSearchTimeout)).empty());
  EXPECT_EQ(answer(c, testing::channel_event(ant::kEventChannelClosed)),
            ant::encode_message(ant::kMidChannelId, {0, 0x52, 0x62, 0x78, 0}));
  EXPECT_TRUE(c.take_channel_lost());
  EXPECT_FALSE(c.channel_open());
  EXPECT_EQ(answer(c, testing::response(0x51)), (Bytes{0xA4, 0x01, 0x4B, 0x00, 0xEE}));
  answer(c, testing::response(0x4B));
  EXPECT_TRUE(c.channel_open());
  EXPECT_EQ(c.stats().reopens, 1u);
  EXPECT_EQ(c.stats().rx_fails, 1u);
  EXPECT_EQ(c.stats().search_timeouts, 1u);
}

TEST(AntPlusChannel, ClosedChannelWithoutPinJustReopens) {
  ant::ChannelControl c(testing::kFakeAntKey);
  open_channel(c);
  EXPECT_EQ(answer(c, testing::channel_event(ant::kEventChannelClosed)),
            (Bytes{0xA4, 0x01, 0x4B, 0x00, 0xEE}));
}

TEST(AntPlusChannel, AStickThatResetItselfIsConfiguredAgain) {
  ant::ChannelControl c(testing::kFakeAntKey);
  open_channel(c);
  EXPECT_EQ(answer(c, testing::startup()), testing::network_key_message());
  EXPECT_TRUE(c.take_channel_lost());
  EXPECT_EQ(c.stats().stick_resets, 1u);
  EXPECT_EQ(c.pending_step(), Step::kNetworkKey);
}

TEST(AntPlusChannel, StopClosesTheChannelAndResetsTheStick) {
  ant::ChannelControl c(testing::kFakeAntKey);
  open_channel(c);
  EXPECT_EQ(c.stop(), (Bytes{0xA4, 0x01, 0x4C, 0x00, 0xE9, 0xA4, 0x01, 0x4A, 0x00, 0xEF}));
  EXPECT_TRUE(answer(c, testing::channel_event(ant::kEventChannelClosed)).empty())
      << "our own close is not a lost strap";
}

}  // namespace
}  // namespace resonant::drivers
