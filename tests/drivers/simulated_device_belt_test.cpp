// The simulated person with and without a breathing belt, read back through a real
// pseudo-terminal by the ordinary serial host (make_simulated_source).
#include <resonant/drivers/simulated_source.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

constexpr double kSpeed = 20.0;
constexpr double kEcgRateHz = 250.0;
constexpr double kModelSecondsToSee = 4.0;  // several belt blocks (80 ms each) if there is one

/// What the host saw of one simulated device.
struct Seen {
  int hello_channel_count = -1;
  std::vector<ChannelInfo> channels;
  double ecg_seconds = 0.0;
  std::size_t resp_blocks = 0;
  std::size_t statuses = 0;
  std::uint8_t last_contact_mask = 0;
  std::uint64_t frames = 0;  // every frame that passed framing and CRC, decoded or not

  bool declared(ChannelKind kind) const {
    return std::any_of(channels.begin(), channels.end(),
                       [&](const ChannelInfo& c) { return c.kind == kind; });
  }
};

/// Streams the device until kModelSecondsToSee of ECG arrived and a STATUS was seen (the
/// deadline only stops a hang).
Seen stream(bool belt) {
  SimulatedDeviceConfig device;
  device.scenario = sim::Scenario::kClean;
  device.speed = kSpeed;
  device.belt = belt;
  SerialSourceConfig link;
  link.protocol = "resonant";
  SensorQueue queue{4096};
  auto source = make_simulated_source(device, link, queue, [] {});
  source->start();
  Seen seen;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while ((seen.ecg_seconds < kModelSecondsToSee || seen.statuses == 0) &&
         std::chrono::steady_clock::now() < deadline) {
    queue.drain([&](SensorEvent& e) {
      // The device answers IDENTIFY and START each with HELLO + CHANNELs: keep the last set.
      if (const auto* d = std::get_if<DeviceInfo>(&e)) {
        seen.hello_channel_count = d->channel_count;
        seen.channels.clear();
      }
      if (const auto* c = std::get_if<ChannelInfo>(&e)) {
        seen.channels.push_back(*c);
      }
      if (const auto* s = std::get_if<DeviceStatus>(&e)) {
        ++seen.statuses;
        seen.last_contact_mask = s->contact_ok_mask;
      }
      if (const auto* b = std::get_if<SampleBlock>(&e)) {
        if (b->channel == kSimEcgChannel) seen.ecg_seconds += b->count / kEcgRateHz;
        if (b->channel == kSimRespChannel) ++seen.resp_blocks;
      }
    });
    std::this_thread::sleep_for(5ms);
  }
  seen.frames = source->counters().frames;
  source->stop();
  return seen;
}

TEST(SimulatedDeviceBelt, WithoutTheBeltOnlyEcgPpgAndSkinConductanceArrive) {
  const Seen seen = stream(false);
  ASSERT_GE(seen.ecg_seconds, kModelSecondsToSee) << "the device did not stream";
  EXPECT_EQ(seen.hello_channel_count, 3);
  ASSERT_EQ(seen.channels.size(), 3u);
  EXPECT_FALSE(seen.declared(ChannelKind::kResp));
  EXPECT_TRUE(seen.declared(ChannelKind::kEcg));
  EXPECT_TRUE(seen.declared(ChannelKind::kPpg));
  EXPECT_TRUE(seen.declared(ChannelKind::kEda));
  // The other channels keep their ids (a host or a recording may key on them).
  for (const ChannelInfo& c : seen.channels) {
    const std::uint8_t want = c.kind == ChannelKind::kEcg   ? kSimEcgChannel
                              : c.kind == ChannelKind::kPpg ? kSimPpgChannel
                                                            : kSimEdaChannel;
    EXPECT_EQ(c.channel, want) << to_string(c.kind);
  }
  EXPECT_EQ(seen.resp_blocks, 0u);
  ASSERT_GT(seen.statuses, 0u);
  EXPECT_EQ(seen.last_contact_mask & (1u << kSimRespChannel), 0u);
  EXPECT_NE(seen.last_contact_mask & (1u << kSimEdaChannel), 0u);
}

// The decoder drops SAMPLES of an undeclared channel, so resp_blocks alone could miss belt
// blocks the device still sent: count frames on the wire. Per second of ECG the device sends
// one block of each channel per 80 ms; without the belt 3 of 4 (plus a few STATUS frames).
TEST(SimulatedDeviceBelt, WithoutTheBeltNoBeltFramesAreSent) {
  const Seen without = stream(false);
  const Seen with = stream(true);
  ASSERT_GT(without.ecg_seconds, 0.0);
  ASSERT_GT(with.ecg_seconds, 0.0);
  const double ratio = (static_cast<double>(without.frames) / without.ecg_seconds) /
                       (static_cast<double>(with.frames) / with.ecg_seconds);
  EXPECT_NEAR(ratio, 0.75, 0.08) << without.frames << " vs " << with.frames << " frames";
}

TEST(SimulatedDeviceBelt, ByDefaultTheBeltIsThere) {
  ASSERT_TRUE(SimulatedDeviceConfig{}.belt);
  const Seen seen = stream(true);
  ASSERT_GE(seen.ecg_seconds, kModelSecondsToSee) << "the device did not stream";
  EXPECT_EQ(seen.hello_channel_count, 4);
  EXPECT_EQ(seen.channels.size(), 4u);
  EXPECT_TRUE(seen.declared(ChannelKind::kResp));
  // 4 s of 80 ms blocks: about 50; allow for the last partial block and the first STATUS.
  EXPECT_GE(seen.resp_blocks, 40u);
  ASSERT_GT(seen.statuses, 0u);
  EXPECT_NE(seen.last_contact_mask & (1u << kSimRespChannel), 0u);
}

}  // namespace
}  // namespace resonant::drivers
