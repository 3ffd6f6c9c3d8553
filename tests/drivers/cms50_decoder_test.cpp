// CMS50 decoders (sensor-protocols.md §6.2) fed with byte vectors: the spec's examples,
// realistic streams, garbage, truncation, finger-out and the V7.0 packet structure.
#include <resonant/drivers/cms50_decoders.hpp>

#include <vector>

#include <gtest/gtest.h>

#include "cms50_fake.hpp"

namespace resonant::drivers {
namespace {

using testing::cms50_legacy_packet;
using testing::cms50_split;
using testing::cms50_v7_packet;

std::vector<std::uint8_t> bytes_of(std::initializer_list<std::uint8_t> b) { return b; }

template <typename Decoder>
std::vector<SensorEvent> feed(Decoder& d, const std::vector<std::uint8_t>& bytes) {
  CollectingSink sink;
  d.decode(bytes, SteadyClock::time_point{}, sink);
  return std::move(sink.events);
}

void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> p) {
  out.insert(out.end(), p.begin(), p.end());
}

TEST(Cms50Legacy, SpecExampleDecodesPlethPulseRateAndSpo2) {
  Cms50LegacyDecoder d;
  auto events = feed(d, bytes_of({0xC5, 0x3A, 0x04, 0x48, 0x61}));
  ASSERT_GE(events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<DeviceInfo>(events[0]));
  ASSERT_TRUE(std::holds_alternative<ChannelInfo>(events[1]));
  const auto& ch = std::get<ChannelInfo>(events[1]);
  EXPECT_EQ(ch.kind, ChannelKind::kPpg);
  EXPECT_DOUBLE_EQ(ch.rate_hz, 60.0);
  EXPECT_EQ(ch.adc_bits, 7);
  EXPECT_EQ(d.pulse_rate_bpm(), 72u);
  EXPECT_EQ(d.spo2_pct(), 97u);
  EXPECT_EQ(d.stats().frames, 1u);
  EXPECT_EQ(d.stats().framing_errors, 0u);
  // The spec's second example: PR bit 7 in byte 2.
  feed(d, bytes_of({0xC5, 0x3A, 0x44, 0x0C, 0x61}));
  EXPECT_EQ(d.pulse_rate_bpm(), 140u);
}

TEST(Cms50Legacy, InvalidMarkersClearTheReadings) {
  Cms50LegacyDecoder d;
  feed(d, bytes_of({0xC5, 0x3A, 0x44, 0x7F, 0x7F}));  // PR 255, SpO2 127
  EXPECT_FALSE(d.pulse_rate_bpm().has_value());
  EXPECT_FALSE(d.spo2_pct().has_value());
}

TEST(Cms50Legacy, RealisticStreamGivesEverySampleAndBeat) {
  const auto truth = testing::make_cms50_truth(20, 11);
  const auto stream = testing::cms50_legacy_stream(truth);
  Cms50LegacyDecoder d;
  CollectingSink sink;
  // Split at odd places: a packet may arrive in pieces.
  for (std::size_t i = 0; i < stream.size(); i += 7) {
    d.decode(std::span(stream).subspan(i, std::min<std::size_t>(7, stream.size() - i)),
             SteadyClock::time_point{}, sink);
  }
  const auto got = cms50_split(sink.events);
  EXPECT_TRUE(got.described_before_data);
  EXPECT_EQ(d.stats().frames, truth.pleth.size());
  EXPECT_EQ(d.stats().framing_errors, 0u);
  ASSERT_GE(got.samples.size(), truth.pleth.size() - kCms50BlockSamples);
  for (std::size_t i = 0; i < got.samples.size(); ++i) {
    ASSERT_EQ(got.samples[i], truth.pleth[i]) << i;
    ASSERT_EQ(got.sample_t_us[i], cms50_packet_time_us(i)) << i;
  }
  ASSERT_EQ(got.beats.size(), truth.beat_packets.size());
  for (std::size_t i = 0; i < got.beats.size(); ++i) {
    EXPECT_EQ(got.beats[i].t_dev_us, cms50_packet_time_us(truth.beat_packets[i]));
    if (i == 0) {
      EXPECT_EQ(got.beats[i].rr_us, 0u);
      EXPECT_EQ(got.beats[i].flags, kBeatAfterGap);
    } else {
      EXPECT_EQ(got.beats[i].rr_us, got.beats[i].t_dev_us - got.beats[i - 1].t_dev_us);
      EXPECT_EQ(got.beats[i].flags, 0);
    }
  }
  ASSERT_EQ(got.statuses.size(), 1u);
  EXPECT_EQ(got.statuses[0].contact_ok_mask, 1u);
}

TEST(Cms50Legacy, GarbageBeforeTheFirstPacketIsNotAGap) {
  Cms50LegacyDecoder d;
  std::vector<std::uint8_t> bytes{0x01, 0x02, 0x7F, 0x33};
  append(bytes, cms50_legacy_packet(50, false));
  const auto got = cms50_split(feed(d, bytes));
  EXPECT_EQ(d.stats().frames, 1u);
  EXPECT_EQ(d.stats().framing_errors, 1u) << "one run of skipped bytes";
  EXPECT_TRUE(got.gaps.empty());
}

TEST(Cms50Legacy, TruncatedPacketRestartsAtTheNextSyncAndMarksAGap) {
  Cms50LegacyDecoder d;
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 3; ++i) append(bytes, cms50_legacy_packet(10, false));
  const auto cut = cms50_legacy_packet(11, false);
  bytes.insert(bytes.end(), cut.begin(), cut.begin() + 3);  // 2 bytes lost
  for (int i = 0; i < 3; ++i) append(bytes, cms50_legacy_packet(12, false));
  CollectingSink sink;
  d.decode(bytes, SteadyClock::time_point{}, sink);
  const auto got = cms50_split(sink.events);
  EXPECT_EQ(d.stats().frames, 6u);
  EXPECT_EQ(d.stats().framing_errors, 1u);
  ASSERT_EQ(got.gaps.size(), 1u);
  EXPECT_EQ(got.gaps[0].frames_lost, 1u);
  EXPECT_EQ(d.stats().frames_lost, 1u);
  // The clock skips the lost packet: the 4th decoded packet is packet 4.
  CollectingSink rest;
  // (flush by feeding enough packets to complete the block)
  std::vector<std::uint8_t> more;
  for (std::size_t i = 0; i < kCms50BlockSamples; ++i) append(more, cms50_legacy_packet(13, false));
  d.decode(more, SteadyClock::time_point{}, rest);
  const auto after = cms50_split(rest.events);
  ASSERT_FALSE(after.sample_t_us.empty());
  EXPECT_NEAR(static_cast<double>(after.sample_t_us.front()), static_cast<double>(cms50_packet_time_us(4)), 1.0);
}

TEST(Cms50Legacy, GarbageBetweenPacketsBreaksTheBeatChain) {
  Cms50LegacyDecoder d;
  std::vector<std::uint8_t> bytes;
  auto beat_at = [&](int packets_before) {
    for (int i = 0; i < packets_before; ++i) append(bytes, cms50_legacy_packet(10, false));
    append(bytes, cms50_legacy_packet(90, true));
  };
  beat_at(5);
  beat_at(50);
  bytes.push_back(0x12);  // one stray byte
  beat_at(50);
  beat_at(50);
  const auto got = cms50_split(feed(d, bytes));
  ASSERT_EQ(got.beats.size(), 4u);
  EXPECT_EQ(got.beats[1].rr_us, cms50_packet_time_us(56) - cms50_packet_time_us(5));
  EXPECT_EQ(got.beats[2].rr_us, 0u) << "never an RR across skipped bytes";
  EXPECT_EQ(got.beats[2].flags, kBeatAfterGap);
  EXPECT_GT(got.beats[3].rr_us, 0u);
  EXPECT_EQ(got.gaps.size(), 1u);
}

TEST(Cms50Legacy, FingerOutFlagsSamplesReportsContactAndStopsBeats) {
  Cms50LegacyDecoder d;
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 30; ++i) append(bytes, cms50_legacy_packet(40, i == 2));
  for (int i = 0; i < 30; ++i) append(bytes, cms50_legacy_packet(0, i % 10 == 0, 255, 127, false));
  for (int i = 0; i < 60; ++i) append(bytes, cms50_legacy_packet(40, i == 10 || i == 55));
  const auto got = cms50_split(feed(d, bytes));
  ASSERT_EQ(got.statuses.size(), 3u);
  EXPECT_EQ(got.statuses[0].contact_ok_mask, 1u);
  EXPECT_EQ(got.statuses[1].contact_ok_mask, 0u);
  EXPECT_EQ(got.statuses[1].t_dev_us, cms50_packet_time_us(30));
  EXPECT_EQ(got.statuses[2].contact_ok_mask, 1u);
  for (std::size_t i = 30; i < 60 && i < got.sample_flags.size(); ++i) {
    EXPECT_EQ(got.sample_flags[i], RSP_SF_NO_CONTACT) << i;
  }
  EXPECT_EQ(got.sample_flags[10], 0);
  ASSERT_EQ(got.beats.size(), 3u) << "no beats while the finger is out";
  EXPECT_EQ(got.beats[1].rr_us, 0u) << "the chain restarts after lost contact";
  EXPECT_EQ(got.beats[2].rr_us, cms50_packet_time_us(115) - cms50_packet_time_us(70));
}

TEST(Cms50Legacy, ResetAnnouncesAgainAndRestartsTheClock) {
  Cms50LegacyDecoder d;
  feed(d, bytes_of({0xC5, 0x3A, 0x04, 0x48, 0x61}));
  d.reset();
  const auto events = feed(d, bytes_of({0xC5, 0x3A, 0x04, 0x48, 0x61}));
  ASSERT_FALSE(events.empty());
  EXPECT_TRUE(std::holds_alternative<DeviceInfo>(events[0]));
  EXPECT_EQ(d.stats().frames, 2u) << "stats survive reset()";
}

TEST(Cms50V7, RealTimePacketDecodes) {
  Cms50V7Decoder d;
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 13; ++i) append(bytes, cms50_v7_packet(static_cast<std::uint8_t>(i * 9), i == 1, 75, 98));
  const auto got = cms50_split(feed(d, bytes));
  EXPECT_EQ(got.device_infos, 1u);
  EXPECT_TRUE(got.described_before_data);
  EXPECT_EQ(d.stats().frames, 13u);
  EXPECT_EQ(d.stats().framing_errors, 0u);
  ASSERT_EQ(got.samples.size(), kCms50BlockSamples);
  EXPECT_EQ(got.samples[5], 45.0f);
  EXPECT_EQ(d.pulse_rate_bpm(), 75u);
  EXPECT_EQ(d.spo2_pct(), 98u);
  ASSERT_EQ(got.beats.size(), 1u);
  EXPECT_EQ(got.beats[0].t_dev_us, cms50_packet_time_us(1));
}

TEST(Cms50V7, HighByteRestoresBit7OfTheDataBytes) {
  // Data byte 1 (pleth) with bit 7 restored from bit 1 of the high byte.
  const std::array<std::uint8_t, 9> p{0x01, 0x82, 0x80, 0x85, 0x80, 0xC8, 0xE2, 0xFF, 0xFF};
  EXPECT_EQ(Cms50V7Decoder::restored(p, 1), 0x85);
  EXPECT_EQ(Cms50V7Decoder::restored(p, 0), 0x00);
  EXPECT_EQ(Cms50V7Decoder::restored(p, 3), 0x48);
  Cms50V7Decoder d;
  feed(d, std::vector<std::uint8_t>(p.begin(), p.end()));
  EXPECT_EQ(d.pulse_rate_bpm(), 72u);
  EXPECT_EQ(d.spo2_pct(), 98u);
}

TEST(Cms50V7, OtherPacketTypesAreSkippedWithoutErrors) {
  Cms50V7Decoder d;
  std::vector<std::uint8_t> bytes{0x04, 0x80, 0x81, 0x82, 0x83};  // an answer of another type
  append(bytes, cms50_v7_packet(10, false));
  bytes.insert(bytes.end(), {0x0B, 0x80, 0xC3});
  append(bytes, cms50_v7_packet(11, false));
  feed(d, bytes);
  EXPECT_EQ(d.stats().frames, 2u);
  EXPECT_EQ(d.stats().framing_errors, 0u);
  EXPECT_EQ(d.other_packets(), 2u);
}

TEST(Cms50V7, TruncatedPacketAndStrayBytesAreFramingErrors) {
  Cms50V7Decoder d;
  std::vector<std::uint8_t> bytes;
  append(bytes, cms50_v7_packet(10, false));
  const auto cut = cms50_v7_packet(11, false);
  bytes.insert(bytes.end(), cut.begin(), cut.begin() + 5);
  append(bytes, cms50_v7_packet(12, false));
  bytes.push_back(0x90);  // a stray byte with bit 7 set after a complete packet
  append(bytes, cms50_v7_packet(13, false));
  const auto got = cms50_split(feed(d, bytes));
  EXPECT_EQ(d.stats().frames, 3u);
  EXPECT_EQ(d.stats().framing_errors, 2u);
  EXPECT_EQ(got.gaps.size(), 2u);
}

}  // namespace
}  // namespace resonant::drivers
