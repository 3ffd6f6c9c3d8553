// BioHarness 3 packets -> events (sensor-protocols.md §2.4-§2.8): the capture's worked
// examples, the date clock across midnight, sequence gaps, R-to-R sign changes, status.
#include <resonant/drivers/bioharness_decoder.hpp>

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "event_invariants.hpp"
#include "zephyr_test_frames.hpp"

namespace resonant::drivers {
namespace {

using namespace testing;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint64_t kDay20120926 = 15'609;  // days since 1970-01-01

std::uint32_t clock_us(std::uint64_t days, std::uint64_t ms_of_day) {
  return static_cast<std::uint32_t>((days * 86'400'000 + ms_of_day) * 1000);
}

class BioharnessDecoderTest : public ::testing::Test, public AnswerSink {
 protected:
  void feed(const Bytes& bytes) {
    decoder_.push(bytes, SteadyClock::time_point{}, sink_, this);
    for (const auto& e : sink_.events) {
      const auto problem = event_problem(e);
      EXPECT_FALSE(problem.has_value()) << *problem;
    }
  }
  void on_answer(std::uint8_t id, bool ack) override { answers_.push_back({id, ack}); }

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : sink_.events) {
      if (const auto* x = std::get_if<T>(&e)) out.push_back(*x);
    }
    return out;
  }

  BioharnessDecoder decoder_;
  CollectingSink sink_;
  std::vector<std::pair<std::uint8_t, bool>> answers_;
};

TEST_F(BioharnessDecoderTest, EcgCaptureBytesAndHeaderClock) {
  // §2.4: DC 07 09 1A 13 73 D8 03 = 2012-09-26, 64 516 883 ms; §2.5: FB F1 C7 1F 7F -> 507, 508 x3.
  Bytes p{0x05, 0xDC, 0x07, 0x09, 0x1A, 0x13, 0x73, 0xD8, 0x03, 0xFB, 0xF1, 0xC7, 0x1F, 0x7F};
  p.resize(88, 0);
  feed(encode_zephyr_frame(0x22, p));
  const auto infos = all<ChannelInfo>();
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].kind, ChannelKind::kEcg);
  EXPECT_DOUBLE_EQ(infos[0].rate_hz, 250.0);
  EXPECT_NE(std::string(infos[0].name.view()).find("unverified"), std::string::npos);
  EXPECT_EQ(infos[1].kind, ChannelKind::kResp);
  EXPECT_NEAR(infos[1].rate_hz, 17.857, 0.001);
  const auto blocks = all<SampleBlock>();
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].count, 63);
  EXPECT_EQ(blocks[0].channel, 0);
  EXPECT_EQ(blocks[0].t_dev_us, clock_us(kDay20120926, 64'516'883));
  EXPECT_FLOAT_EQ(blocks[0].values[0], (507 - 512) * 0.025f);
  for (int k = 1; k < 4; ++k) EXPECT_FLOAT_EQ(blocks[0].values[k], (508 - 512) * 0.025f);
}

TEST_F(BioharnessDecoderTest, WaveformsRoundTripEveryTenBitValue) {
  std::vector<int> ecg(63), resp(18);
  for (int k = 0; k < 63; ++k) ecg[k] = (k * 97 + 3) % 1024;
  for (int k = 0; k < 18; ++k) resp[k] = k == 0 ? 0 : 1023 - k;
  feed(bh_ecg_frame(1, BhStamp{}, ecg));
  feed(bh_breathing_frame(1, BhStamp{}, resp));
  const auto blocks = all<SampleBlock>();
  ASSERT_EQ(blocks.size(), 2u);
  for (int k = 0; k < 63; ++k) EXPECT_FLOAT_EQ(blocks[0].values[k], static_cast<float>(ecg[k] - 512) * 0.025f);
  EXPECT_EQ(blocks[1].channel, 1);
  EXPECT_EQ(blocks[1].count, 18);
  for (int k = 0; k < 18; ++k) EXPECT_FLOAT_EQ(blocks[1].values[k], static_cast<float>(resp[k]));
}

TEST_F(BioharnessDecoderTest, DeviceClockRunsOnAcrossMidnightAndMonthEnd) {
  const std::vector<int> flat(63, 512);
  feed(bh_ecg_frame(1, BhStamp{2012, 9, 30, 86'399'900}, flat));
  feed(bh_ecg_frame(2, BhStamp{2012, 10, 1, 152}, flat));  // 252 ms later, next day and month
  const auto blocks = all<SampleBlock>();
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[1].t_dev_us - blocks[0].t_dev_us, 252'000u);
  EXPECT_TRUE(all<GapEvent>().empty());
}

TEST_F(BioharnessDecoderTest, SequenceJumpsAreGapsPerStream) {
  const std::vector<int> flat(63, 512);
  feed(bh_ecg_frame(254, BhStamp{}, flat));
  feed(bh_ecg_frame(255, BhStamp{}, flat));
  feed(bh_ecg_frame(0, BhStamp{}, flat));  // wrap: no gap
  feed(bh_breathing_frame(9, BhStamp{}, std::vector<int>(18, 500)));  // other stream: own numbers
  EXPECT_TRUE(all<GapEvent>().empty());
  feed(bh_ecg_frame(3, BhStamp{}, flat));  // 1 and 2 lost
  const auto gaps = all<GapEvent>();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].frames_lost, 2u);
  EXPECT_EQ(gaps[0].channel, bioharness::kEcgChannel) << "the loss names its stream's channel";
  EXPECT_EQ(decoder_.stats().frames_lost, 2u);
  feed(bh_breathing_frame(12, BhStamp{}, std::vector<int>(18, 500)));  // 10 and 11 lost
  ASSERT_EQ(all<GapEvent>().size(), 2u);
  EXPECT_EQ(all<GapEvent>()[1].channel, bioharness::kRespChannel);
}

TEST_F(BioharnessDecoderTest, RToRCaptureExample) {
  // §2.6: +1003 x15 then -980 -> a beat (the first change starts the series); the next packet
  // continues -980, then +1012 -> RR 1012 ms.
  std::vector<int> first(15, 1003);
  first.insert(first.end(), 3, -980);
  std::vector<int> second(16, -980);
  second.insert(second.end(), 2, 1012);
  BhStamp s{2012, 9, 26, 64'516'883};
  feed(bh_rr_frame(10, s, first));
  s.ms_of_day += 1008;
  feed(bh_rr_frame(11, s, second));
  const auto beats = all<DeviceBeat>();
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_EQ(beats[0].flags, kBeatAfterGap);
  EXPECT_EQ(beats[0].rr_us, 0u);
  EXPECT_EQ(beats[0].t_dev_us, clock_us(kDay20120926, 64'516'883 + 15 * 56));
  EXPECT_EQ(beats[1].flags, 0);
  EXPECT_EQ(beats[1].rr_us, 1'012'000u);
  EXPECT_EQ(beats[1].t_dev_us - beats[0].t_dev_us, beats[1].rr_us);
}

TEST_F(BioharnessDecoderTest, EqualConsecutiveIntervalsStillFlipTheSign) {
  std::vector<int> v;
  int sign = 1;
  for (int k = 0; k < 18; ++k) {
    if (k % 14 == 0) sign = -sign;  // beats at 0 and 14, 14 x 56 = 784 ms apart
    v.push_back(sign * 784);
  }
  feed(bh_rr_frame(0, BhStamp{}, std::vector<int>(18, 784)));
  feed(bh_rr_frame(1, BhStamp{2012, 9, 26, 64'516'883 + 1008}, v));
  const auto beats = all<DeviceBeat>();
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_EQ(beats[1].rr_us, 784'000u);
}

TEST_F(BioharnessDecoderTest, AGapInTheRToRStreamRestartsTheSeries) {
  BhStamp s{};
  feed(bh_rr_frame(0, s, std::vector<int>(18, 900)));
  std::vector<int> v(9, -900);
  v.insert(v.end(), 9, 950);
  s.ms_of_day += 1008;
  feed(bh_rr_frame(1, s, v));
  ASSERT_EQ(all<DeviceBeat>().size(), 2u);
  s.ms_of_day += 2 * 1008;
  feed(bh_rr_frame(3, s, std::vector<int>(18, -870)));  // packet 2 lost: the sign says nothing
  EXPECT_EQ(all<DeviceBeat>().size(), 2u);
  s.ms_of_day += 1008;
  std::vector<int> w(5, -870);
  w.insert(w.end(), 13, 990);
  feed(bh_rr_frame(4, s, w));
  const auto beats = all<DeviceBeat>();
  ASSERT_EQ(beats.size(), 3u);
  EXPECT_EQ(beats[2].flags, kBeatAfterGap);
  EXPECT_EQ(beats[2].rr_us, 0u);
  EXPECT_EQ(all<GapEvent>().size(), 1u);
}

TEST_F(BioharnessDecoderTest, GeneralDataGivesStatusAndVitals) {
  feed(bh_general_frame(0, BhStamp{}, BhGeneral{}));
  const auto st = all<DeviceStatus>();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].battery_pct, 55);
  EXPECT_EQ(st[0].contact_ok_mask, 0b11u);
  const auto& v = decoder_.vitals();
  EXPECT_DOUBLE_EQ(v.hr_bpm, 61);
  EXPECT_DOUBLE_EQ(v.respiration_rate_per_min, 22.3);
  EXPECT_TRUE(std::isnan(v.skin_temp_c));
  EXPECT_DOUBLE_EQ(v.posture_deg, 44);
  EXPECT_DOUBLE_EQ(v.activity_g, 0.11);
  EXPECT_DOUBLE_EQ(v.battery_mv, 3933);
  EXPECT_TRUE(v.worn);
  BhGeneral off;
  off.hr_bpm = 0xFFFF;
  off.resp_tenths = 0xFFFF;
  feed(bh_general_frame(1, BhStamp{}, off));
  EXPECT_EQ(all<DeviceStatus>().back().contact_ok_mask, 0u);
  EXPECT_EQ(decoder_.stats().data_frames, 2u);
}

TEST_F(BioharnessDecoderTest, SummaryVersionsAreReadDefensively) {
  feed(bh_summary_frame(0, BhStamp{}, 2));
  EXPECT_EQ(decoder_.vitals().summary_version, 2);
  EXPECT_EQ(decoder_.vitals().battery_pct, 55);
  EXPECT_DOUBLE_EQ(decoder_.vitals().respiration_rate_per_min, 22.3);
  feed(bh_summary_frame(1, BhStamp{}, 3));
  EXPECT_EQ(decoder_.vitals().summary_version, 3);
  feed(bh_summary_frame(2, BhStamp{}, 9));  // unknown version: neither data nor an error
  EXPECT_EQ(decoder_.counts().unknown_summary_versions, 1u);
  EXPECT_EQ(decoder_.stats().framing_errors + decoder_.stats().crc_errors, 0u);
  EXPECT_EQ(decoder_.stats().frames, 3u);
  EXPECT_EQ(decoder_.stats().data_frames, 2u);
}

TEST_F(BioharnessDecoderTest, AnswersLifesignsAndOtherPacketsAreNotData) {
  feed(Bytes{0x02, 0x16, 0x00, 0x00, 0x06});  // capture: ECG enable acknowledged
  feed(bh_answer(0x19, false));
  feed(encode_zephyr_frame(0x23, {}));
  feed(encode_zephyr_frame(0x25, Bytes(84, 0)));  // accelerometer: not asked for
  ASSERT_EQ(answers_.size(), 2u);
  EXPECT_EQ(answers_[0], (std::pair<std::uint8_t, bool>{0x16, true}));
  EXPECT_EQ(answers_[1], (std::pair<std::uint8_t, bool>{0x19, false}));
  EXPECT_EQ(decoder_.counts().acks, 1u);
  EXPECT_EQ(decoder_.counts().naks, 1u);
  EXPECT_EQ(decoder_.counts().lifesigns, 1u);
  EXPECT_EQ(decoder_.counts().ignored, 1u);
  EXPECT_EQ(decoder_.stats().frames, 4u);
  EXPECT_EQ(decoder_.stats().data_frames, 0u);
  EXPECT_TRUE(sink_.events.empty()) << "nothing to describe before data";
}

TEST_F(BioharnessDecoderTest, WrongSizesAndImpossibleTimesAreFramingErrors) {
  feed(encode_zephyr_frame(0x22, Bytes(40, 0)));
  BhStamp bad{};
  bad.ms_of_day = 86'400'000;
  feed(bh_ecg_frame(0, bad, std::vector<int>(63, 512)));
  EXPECT_EQ(decoder_.stats().framing_errors, 2u);
  EXPECT_TRUE(all<SampleBlock>().empty());
}

}  // namespace
}  // namespace resonant::drivers
