// CMS50 handlers without a port: the legacy serial-setting fallback driven by on_tick, and the
// V7.0 start / keep-alive commands.
#include <resonant/drivers/cms50_handlers.hpp>

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include "cms50_fake.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

struct Link {
  SensorQueue queue{4096};
  AtomicLinkCounters counters;
  EventPublisher publisher{queue, counters};
};

TEST(Cms50Handler, AlternatesSerialSettingsUntilDataArrives) {
  auto h = make_cms50_handler({});
  h->reset();
  EXPECT_EQ(h->serial_settings(), kCms50PrimarySettings);
  EXPECT_EQ(h->serial_settings().describe(), "19200 8O1");
  EXPECT_TRUE(h->on_open().empty()) << "the legacy device streams on its own";
  const auto t0 = SteadyClock::time_point{} + 100s;
  auto t = t0;
  EXPECT_FALSE(h->on_tick(t).settings_changed);
  for (; t < t0 + kCms50FallbackAfter - 250ms; t += 250ms) {
    ASSERT_FALSE(h->on_tick(t).settings_changed);
  }
  t = t0 + kCms50FallbackAfter;
  EXPECT_TRUE(h->on_tick(t).settings_changed);
  EXPECT_EQ(h->serial_settings(), kCms50FallbackSettings);
  EXPECT_EQ(h->serial_settings().describe(), "4800 8N1");
  EXPECT_FALSE(h->on_tick(t + 250ms).settings_changed);
  t += kCms50FallbackAfter;
  EXPECT_TRUE(h->on_tick(t).settings_changed) << "and back again";
  EXPECT_EQ(h->serial_settings(), kCms50PrimarySettings);

  // A few packets are not enough (random bytes look like packets): still switching.
  Link link;
  std::vector<std::uint8_t> few;
  for (int i = 0; i < 5; ++i) {
    const auto p = testing::cms50_legacy_packet(20, false);
    few.insert(few.end(), p.begin(), p.end());
  }
  h->on_bytes(few, t, link.publisher, link.counters);
  t += kCms50FallbackAfter;
  EXPECT_TRUE(h->on_tick(t).settings_changed);
  EXPECT_EQ(h->serial_settings(), kCms50FallbackSettings);

  // A clean second of packets: these settings stay.
  const auto stream = testing::cms50_legacy_stream(testing::make_cms50_truth(3, 1));
  const auto got = h->on_bytes(stream, t, link.publisher, link.counters);
  EXPECT_GE(got.data_frames, kCms50PacketsToConfirm);
  for (int i = 0; i < 40; ++i) {
    t += 250ms;
    ASSERT_FALSE(h->on_tick(t).settings_changed);
  }
  EXPECT_EQ(h->serial_settings(), kCms50FallbackSettings);
  EXPECT_EQ(h->frames_to_confirm(), kCms50PacketsToConfirm);

  // After a reopen the last settings are tried first, and the fallback starts over.
  h->reset();
  EXPECT_EQ(h->serial_settings(), kCms50FallbackSettings);
  EXPECT_FALSE(h->on_tick(t).settings_changed);
  EXPECT_TRUE(h->on_tick(t + kCms50FallbackAfter).settings_changed);
}

TEST(Cms50V7Handler, StartsOnOpenAndKeepsAliveWithinFiveSeconds) {
  auto h = make_cms50_v7_handler({});
  EXPECT_EQ(h->serial_settings().describe(), "115200 8N1");
  h->reset();
  const auto open = h->on_open();
  EXPECT_EQ(open, std::vector<std::uint8_t>(kCms50V7StartRealTime.begin(), kCms50V7StartRealTime.end()));
  EXPECT_EQ(h->on_stall(), open);
  EXPECT_TRUE(h->on_close().empty()) << "V7.0 documents no stop command";
  const auto t0 = SteadyClock::time_point{} + 100s;
  std::vector<SteadyClock::time_point> sent_at{t0};
  EXPECT_TRUE(h->on_tick(t0).send.empty());
  for (auto t = t0 + 250ms; t < t0 + 20s; t += 250ms) {
    const auto tick = h->on_tick(t);
    EXPECT_FALSE(tick.settings_changed);
    if (!tick.send.empty()) {
      EXPECT_EQ(tick.send, open);
      sent_at.push_back(t);
    }
  }
  ASSERT_GE(sent_at.size(), 4u);
  for (std::size_t i = 1; i < sent_at.size(); ++i) {
    EXPECT_LT(sent_at[i] - sent_at[i - 1], 5s) << "the device stops without a command for 5 s";
  }
}

}  // namespace
}  // namespace resonant::drivers
