#include <resonant/drivers/cobs_framer.hpp>
#include <resonant/drivers/rsp_decoder.hpp>

#include <vector>

#include <gtest/gtest.h>

#include "rsp_test_frames.hpp"

namespace resonant::drivers {
namespace {

struct Decoded {
  std::vector<SensorEvent> events;
};

class RspDecoderTest : public ::testing::Test {
 protected:
  std::vector<SensorEvent> feed(const std::vector<std::uint8_t>& bytes) {
    std::vector<SensorEvent> out;
    framer_.push(bytes, [&](std::span<const std::uint8_t> frame) {
      decoder_.decode(frame, SteadyClock::time_point{}, [&](SensorEvent&& e) { out.push_back(e); });
    });
    return out;
  }
  template <typename T>
  static std::vector<T> only(const std::vector<SensorEvent>& events) {
    std::vector<T> out;
    for (const auto& e : events) {
      if (const auto* p = std::get_if<T>(&e)) out.push_back(*p);
    }
    return out;
  }
  CobsFramer framer_;
  RspDecoder decoder_;
};

TEST_F(RspDecoderTest, DecodesIdentityChannelsAndScaledSamples) {
  auto events = feed(testing::hello_frame(0));
  auto hello = only<DeviceInfo>(events);
  ASSERT_EQ(hello.size(), 1u);
  EXPECT_EQ(hello[0].protocol_major, 1);
  EXPECT_EQ(hello[0].name.view(), "test device");
  EXPECT_EQ(hello[0].firmware[2], 3);
  EXPECT_DOUBLE_EQ(hello[0].clock_speed, 1.0);
  const auto fast = only<DeviceInfo>(feed(testing::hello_frame(1, 20'000'000u)));
  ASSERT_EQ(fast.size(), 1u);
  EXPECT_DOUBLE_EQ(fast[0].clock_speed, 20.0) << "a x20 simulation says so";
  EXPECT_TRUE(only<DeviceInfo>(feed(testing::hello_frame(2, 0))).empty())
      << "a clock that does not run is refused";

  events = feed(testing::channel_frame(3, 2, RSP_CH_ECG, 250.0, 0.001f, 0.5f));
  auto ch = only<ChannelInfo>(events);
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].channel, 2);
  EXPECT_EQ(ch[0].kind, ChannelKind::kEcg);
  EXPECT_DOUBLE_EQ(ch[0].rate_hz, 250.0);

  events = feed(testing::samples_frame(4, 0xFFFFFFF0u, 2, {1000, -2000, 0}, RSP_SF_NO_CONTACT));
  auto blocks = only<SampleBlock>(events);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].count, 3);
  EXPECT_EQ(blocks[0].t_dev_us, 0xFFFFFFF0u);
  EXPECT_EQ(blocks[0].flags, RSP_SF_NO_CONTACT);
  EXPECT_FLOAT_EQ(blocks[0].values[0], 1.5f);   // 1000 * 0.001 + 0.5
  EXPECT_FLOAT_EQ(blocks[0].values[1], -1.5f);
  EXPECT_FLOAT_EQ(blocks[0].values[2], 0.5f);
  EXPECT_EQ(decoder_.stats().frames_lost, 0u);
}

TEST_F(RspDecoderTest, SamplesForAnUndescribedChannelAreCountedNotGuessed) {
  const auto events = feed(testing::samples_frame(0, 0, 1, {1, 2}));
  EXPECT_TRUE(only<SampleBlock>(events).empty());
  EXPECT_EQ(decoder_.stats().samples_without_channel, 1u);
}

TEST_F(RspDecoderTest, SequenceGapsBecomeGapEventsWithTheLostCount) {
  feed(testing::channel_frame(10, 0, RSP_CH_PPG, 125.0, 1.0f));
  feed(testing::samples_frame(11, 0, 0, {1}));
  const auto events = feed(testing::samples_frame(15, 0, 0, {2}));  // 12, 13, 14 lost
  const auto gaps = only<GapEvent>(events);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].frames_lost, 3u);
  EXPECT_EQ(only<SampleBlock>(events).size(), 1u) << "the frame after a gap is still used";
  EXPECT_EQ(decoder_.stats().frames_lost, 3u);
}

TEST_F(RspDecoderTest, SequenceWrapIsNotAGap) {
  feed(testing::channel_frame(65534, 0, RSP_CH_PPG, 125.0, 1.0f));
  feed(testing::samples_frame(65535, 0, 0, {1}));
  const auto events = feed(testing::samples_frame(0, 0, 0, {2}));
  EXPECT_TRUE(only<GapEvent>(events).empty());
  const auto across = feed(testing::samples_frame(3, 0, 0, {2}));  // 1, 2 lost after the wrap
  ASSERT_EQ(only<GapEvent>(across).size(), 1u);
  EXPECT_EQ(only<GapEvent>(across)[0].frames_lost, 2u);
}

TEST_F(RspDecoderTest, UnknownMajorVersionIsAFatalActionableError) {
  feed(testing::hello_frame_with_major(0, 2));
  ASSERT_TRUE(decoder_.fatal_error().has_value());
  EXPECT_NE(decoder_.fatal_error()->find("update Resonant"), std::string::npos);
}

TEST_F(RspDecoderTest, BadPayloadsAreCountedAndIgnored) {
  // A CHANNEL with rate 0 and a SAMPLES frame claiming more samples than it carries.
  auto zero_rate = testing::channel_frame(0, 0, RSP_CH_ECG, 0.0, 1.0f);
  feed(zero_rate);
  feed(testing::channel_frame(1, 0, RSP_CH_ECG, 250.0, 1.0f));
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_SAMPLES, 2, 0);
  rsp_put_u8(&w, 0);
  rsp_put_u8(&w, 0);
  rsp_put_u8(&w, 10);  // says 10 samples
  rsp_put_i16(&w, 1);  // carries 1
  const auto events = feed(std::vector<std::uint8_t>(out, out + rsp_end(&w)));
  EXPECT_TRUE(only<SampleBlock>(events).empty());
  EXPECT_EQ(decoder_.stats().bad_payloads, 2u);
}

TEST_F(RspDecoderTest, UnknownFrameTypesFromANewerMinorVersionAreIgnored) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, 0x3F, 0, 0);
  rsp_put_u8(&w, 1);
  const auto events = feed(std::vector<std::uint8_t>(out, out + rsp_end(&w)));
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(decoder_.stats().unknown_types, 1u);
  EXPECT_FALSE(decoder_.fatal_error().has_value());
}

}  // namespace
}  // namespace resonant::drivers

namespace resonant::drivers {
namespace {

TEST(EventPublisher, AFullQueueKeepsRoomForLinkChangesAndSaysWhatWasLost) {
  SensorQueue queue(64);
  AtomicLinkCounters counters;
  EventPublisher pub(queue, counters);
  SampleBlock block;
  block.count = 1;
  for (int i = 0; i < 100; ++i) pub.publish(block);  // the engine is not draining
  EXPECT_EQ(queue.size(), queue.capacity() - EventPublisher::kControlReserve);
  const auto dropped = counters.dropped.load();
  EXPECT_EQ(dropped, 100u - (queue.capacity() - EventPublisher::kControlReserve));
  LinkEvent lost;
  lost.state = LinkState::kDisconnected;
  pub.publish(lost);  // must get through
  std::vector<SensorEvent> out;
  queue.drain([&](SensorEvent& e) { out.push_back(e); });
  ASSERT_GE(out.size(), 2u);
  const auto* gap = std::get_if<GapEvent>(&out[out.size() - 2]);
  ASSERT_NE(gap, nullptr) << "the loss is announced before the next event";
  EXPECT_EQ(gap->events_dropped, dropped);
  const auto* link = std::get_if<LinkEvent>(&out.back());
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->state, LinkState::kDisconnected);
}

}  // namespace
}  // namespace resonant::drivers
