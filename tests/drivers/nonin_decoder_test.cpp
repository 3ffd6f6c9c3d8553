// Nonin decoder (sensor-protocols.md §6.1) fed with byte vectors: the spec's checksum examples,
// DF2 / DF7 streams, the DF8 start-up phase, DF13 records, bad checksums, garbage, lost frames.
#include <resonant/drivers/nonin_decoder.hpp>

#include <vector>

#include <gtest/gtest.h>

#include "nonin_fake.hpp"

namespace resonant::drivers {
namespace {

using testing::NoninDecoded;

NoninDecoded feed(NoninDecoder& d, const std::vector<std::uint8_t>& bytes, std::size_t chunk = 13) {
  CollectingSink sink;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    d.decode(std::span(bytes).subspan(i, std::min(chunk, bytes.size() - i)), SteadyClock::time_point{}, sink);
  }
  NoninDecoded got;
  for (const auto& e : sink.events) got.add(e);
  return got;
}

template <typename Frame>
void append(std::vector<std::uint8_t>& out, const Frame& f) {
  out.insert(out.end(), f.begin(), f.end());
}

void expect_truth(const NoninDecoded& got, const testing::NoninTruth& t, bool df7, std::uint64_t first_frame = 0) {
  ASSERT_TRUE(got.described_before_data);
  ASSERT_GE(got.samples.size(), t.pleth.size() - first_frame - kNoninBlockSamples);
  for (std::size_t i = 0; i < got.samples.size(); ++i) {
    ASSERT_EQ(got.samples[i], testing::nonin_expected_pleth(t, first_frame + i, df7)) << i;
    ASSERT_NEAR(static_cast<double>(got.sample_t_us[i]), static_cast<double>(static_cast<std::uint32_t>(nonin_frame_time_us(i))), 1.0);
  }
  ASSERT_EQ(got.beats.size(), t.beat_frames.size());
  for (std::size_t i = 0; i < got.beats.size(); ++i) {
    EXPECT_EQ(got.beats[i].t_dev_us, nonin_frame_time_us(t.beat_frames[i] - first_frame));
    if (i > 0) {
      EXPECT_EQ(got.beats[i].rr_us, got.beats[i].t_dev_us - got.beats[i - 1].t_dev_us);
    }
  }
}

TEST(NoninDecoder, SpecChecksumExamples) {
  EXPECT_EQ(testing::nonin_df2_frame(0x81, 0x80, 0x00)[4], 0x02);
  EXPECT_EQ(testing::nonin_df2_frame(0x80, 0x7A, 0x48)[4], 0x43);
  std::vector<std::uint8_t> bytes{0x01, 0x81, 0x80, 0x00, 0x02, 0x01, 0x80, 0x7A, 0x48, 0x43};
  for (unsigned i = 3; i <= 25; ++i) append(bytes, testing::nonin_df2_frame(0x80, 100, 0));
  NoninDecoder d;
  const auto got = feed(d, bytes);
  EXPECT_EQ(d.format(), NoninDecoder::Format::kDf2);
  EXPECT_EQ(d.stats().frames, 25u);
  EXPECT_EQ(d.stats().framing_errors, 0u);
  EXPECT_EQ(d.heart_rate_bpm(), 72u);
  ASSERT_EQ(got.channels.size(), 1u);
  EXPECT_EQ(got.channels[0].adc_bits, 8);
  EXPECT_DOUBLE_EQ(got.channels[0].rate_hz, 75.0);
  EXPECT_EQ(got.samples[0], 128.0f);
  EXPECT_EQ(got.samples[1], 122.0f);
}

TEST(NoninDecoder, Df7StreamGivesEverySampleAndPulseMarker) {
  const auto t = testing::make_nonin_truth(20, 4);
  NoninDecoder d;
  const auto got = feed(d, testing::nonin_stream(t, true));
  EXPECT_EQ(d.format(), NoninDecoder::Format::kDf7);
  EXPECT_EQ(d.stats().frames, t.pleth.size());
  EXPECT_EQ(d.stats().framing_errors, 0u);
  EXPECT_EQ(d.heart_rate_bpm(), 72u);
  EXPECT_EQ(d.spo2_pct(), 97u);
  ASSERT_EQ(got.channels.size(), 1u);
  EXPECT_EQ(got.channels[0].adc_bits, 16);
  expect_truth(got, t, true);
  EXPECT_EQ(got.beats[0].flags, kBeatAfterGap);
}

TEST(NoninDecoder, Df2StreamGivesEverySample) {
  const auto t = testing::make_nonin_truth(10, 5);
  NoninDecoder d;
  const auto got = feed(d, testing::nonin_stream(t, false), 1);
  EXPECT_EQ(d.format(), NoninDecoder::Format::kDf2);
  EXPECT_EQ(d.stats().frames, t.pleth.size());
  expect_truth(got, t, false);
}

TEST(NoninDecoder, Df8PhaseThenAckThenDf7) {
  const auto t = testing::make_nonin_truth(5, 6);
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 3; ++i) append(bytes, testing::nonin_df8_frame(72, 97, i == 0));
  bytes.push_back(NoninDecoder::kAck);
  append(bytes, testing::nonin_stream(t, true));
  NoninDecoder d;
  d.expect_answer(true);
  const auto got = feed(d, bytes, 4);
  EXPECT_EQ(d.take_answer(), NoninDecoder::kAck);
  EXPECT_EQ(d.stats().frames, 3 + t.pleth.size());
  EXPECT_EQ(d.stats().data_frames, t.pleth.size()) << "DF8 carries no measurements to stream";
  EXPECT_EQ(d.stats().framing_errors, 0u) << "the ACK is not garbage";
  EXPECT_EQ(got.device_infos, 1u);
  ASSERT_EQ(got.channels.size(), 2u) << "8 bits until DF7 says 16";
  EXPECT_EQ(got.channels.back().adc_bits, 16);
  ASSERT_GE(got.statuses.size(), 2u);
  EXPECT_EQ(got.statuses[0].contact_ok_mask, 0u) << "DF8 sensor alarm";
  EXPECT_EQ(got.statuses[1].contact_ok_mask, 1u);
  expect_truth(got, t, true);
}

TEST(NoninDecoder, AnswerBetweenFramesOfARunningStreamCostsNothing) {
  const auto t = testing::make_nonin_truth(6, 11);
  auto bytes = testing::nonin_stream(t, true);
  bytes.insert(bytes.begin() + 5 * 37, NoninDecoder::kAck);  // mid-packet, between two frames
  NoninDecoder d;
  d.expect_answer(true);
  const auto got = feed(d, bytes);
  EXPECT_EQ(d.take_answer(), NoninDecoder::kAck);
  EXPECT_EQ(d.stats().frames, t.pleth.size());
  EXPECT_EQ(d.stats().framing_errors, 0u) << "the answer is not garbage";
  EXPECT_TRUE(got.gaps.empty());
  expect_truth(got, t, true);
}

TEST(NoninDecoder, AnAckByteMidStreamIsGarbageWhenNoAnswerIsAwaited) {
  const auto t = testing::make_nonin_truth(6, 12);
  auto bytes = testing::nonin_stream(t, true);
  bytes.insert(bytes.begin() + 5 * 37, NoninDecoder::kAck);
  NoninDecoder d;
  feed(d, bytes);
  EXPECT_FALSE(d.take_answer().has_value());
  EXPECT_EQ(d.stats().framing_errors, 1u);
}

TEST(NoninDecoder, Df8AloneIsRecognised) {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 4; ++i) append(bytes, testing::nonin_df8_frame(200, 95));  // HR bit 8..7 set
  NoninDecoder d;
  feed(d, bytes, 1);
  EXPECT_EQ(d.format(), NoninDecoder::Format::kDf8);
  EXPECT_GE(d.stats().frames, 3u);
  EXPECT_EQ(d.heart_rate_bpm(), 200u);
  EXPECT_EQ(d.spo2_pct(), 95u);
}

TEST(NoninDecoder, SpotCheckRecordBeforeTheStreamIsSkipped) {
  const auto t = testing::make_nonin_truth(4, 7);
  // A DF13 record: 00 02 00 0D <len> BCD date/time, status, HR, SpO2, checksum, 03.
  std::vector<std::uint8_t> bytes{0x00, 0x02, 0x00, 0x0D, 0x00, 0x0B, 0x20, 0x24, 0x05, 0x17,
                                  0x10, 0x30, 0x00, 0x00, 0x48, 0x61, 0x3C, 0x03};
  append(bytes, testing::nonin_stream(t, false));
  NoninDecoder d;
  const auto got = feed(d, bytes);
  EXPECT_EQ(d.stats().frames, t.pleth.size());
  EXPECT_TRUE(got.gaps.empty()) << "nothing was lost before the first frame";
  expect_truth(got, t, false);
}

TEST(NoninDecoder, BadChecksumDropsFramesUntilTheNextSyncAndMarksTheGap) {
  const auto t = testing::make_nonin_truth(10, 8);
  auto bytes = testing::nonin_stream(t, true);
  bytes[5 * 30 + 4] ^= 0x10;  // frame 30 (index 6 of packet 2) has a bad checksum
  NoninDecoder d;
  const auto got = feed(d, bytes);
  EXPECT_EQ(d.stats().crc_errors, 1u);
  ASSERT_EQ(got.gaps.size(), 1u);
  EXPECT_EQ(got.gaps[0].frames_lost, 20u) << "frames 30..49, re-acquired at the SYNC of frame 50";
  EXPECT_EQ(d.stats().frames, t.pleth.size() - 20);
  // The sample clock skips the lost frames: sample i after the gap is frame i + 20.
  for (std::size_t i = 30; i < got.samples.size(); ++i) {
    ASSERT_EQ(got.samples[i], testing::nonin_expected_pleth(t, i + 20, true));
    ASSERT_NEAR(static_cast<double>(got.sample_t_us[i]), static_cast<double>(static_cast<std::uint32_t>(nonin_frame_time_us(i + 20))), 1.0);
  }
  for (std::size_t i = 1; i < got.beats.size(); ++i) {
    if (got.beats[i].rr_us != 0) {
      EXPECT_EQ(got.beats[i].rr_us, got.beats[i].t_dev_us - got.beats[i - 1].t_dev_us);
    }
  }
}

TEST(NoninDecoder, InsertedGarbageCostsNoFramesWhenTheGridIsKept) {
  const auto t = testing::make_nonin_truth(6, 9);
  auto bytes = testing::nonin_stream(t, false);
  // Garbage at a packet boundary (before frame 50's SYNC).
  bytes.insert(bytes.begin() + 5 * 50, {0x33, 0x44, 0x99});
  NoninDecoder d;
  const auto got = feed(d, bytes);
  EXPECT_EQ(d.stats().frames, t.pleth.size());
  EXPECT_EQ(d.stats().framing_errors, 1u);
  EXPECT_TRUE(got.gaps.empty());
  expect_truth(got, t, false);
}

TEST(NoninDecoder, WholeLostFramesShowAtTheNextSync) {
  const auto t = testing::make_nonin_truth(6, 10);
  auto bytes = testing::nonin_stream(t, true);
  bytes.erase(bytes.begin() + 5 * 60, bytes.begin() + 5 * 63);  // 3 frames vanish
  NoninDecoder d;
  const auto got = feed(d, bytes);
  ASSERT_EQ(got.gaps.size(), 1u);
  EXPECT_EQ(got.gaps[0].frames_lost, 3u);
  EXPECT_EQ(d.stats().frames_lost, 3u);
}

TEST(NoninDecoder, SensorAlarmFlagsSamplesAndStopsBeats) {
  testing::NoninTruth t = testing::make_nonin_truth(8, 11);
  std::vector<std::uint8_t> bytes;
  for (std::size_t n = 0; n < t.pleth.size(); ++n) {
    const unsigned index = static_cast<unsigned>(n % 25) + 1;
    const bool off = n >= 200 && n < 300;
    const auto f = testing::nonin_df7_frame(testing::nonin_status(index == 1, t.perfusion[n], off), t.pleth[n],
                                            testing::nonin_float(index));
    append(bytes, f);
  }
  NoninDecoder d;
  const auto got = feed(d, bytes);
  ASSERT_EQ(got.statuses.size(), 3u);
  EXPECT_EQ(got.statuses[1].contact_ok_mask, 0u);
  EXPECT_EQ(got.statuses[1].t_dev_us, nonin_frame_time_us(200));
  EXPECT_EQ(got.sample_flags[250], RSP_SF_NO_CONTACT);
  EXPECT_EQ(got.sample_flags[150], 0);
  for (const auto& b : got.beats) {
    EXPECT_FALSE(b.t_dev_us >= nonin_frame_time_us(200) && b.t_dev_us < nonin_frame_time_us(300));
    if (b.t_dev_us >= nonin_frame_time_us(300)) {
      EXPECT_EQ(b.rr_us, 0u) << "the first beat after contact returns starts a new chain";
      break;
    }
  }
}

}  // namespace
}  // namespace resonant::drivers
