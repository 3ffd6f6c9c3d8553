// HxM BT packets -> beats and status (sensor-protocols.md §1.3, §1.4), with the spec's worked
// examples, the u16 rollover, lost packets and resync.
#include <resonant/drivers/hxm_decoder.hpp>

#include <vector>

#include <gtest/gtest.h>

#include "event_invariants.hpp"
#include "zephyr_test_frames.hpp"

namespace resonant::drivers {
namespace {

using testing::HxmFields;
using testing::hxm_frame;
using Bytes = std::vector<std::uint8_t>;

HxmFields packet(std::uint8_t beat_number, std::vector<std::uint16_t> newest_first) {
  HxmFields f;
  f.beat_number = beat_number;
  for (std::size_t i = 0; i < newest_first.size() && i < 15; ++i) f.timestamps_ms[i] = newest_first[i];
  return f;
}

/// Timestamps of beats 1 s apart, newest = t_newest.
HxmFields steady(std::uint8_t beat_number, std::uint16_t t_newest, std::uint16_t rr = 1000) {
  HxmFields f;
  f.beat_number = beat_number;
  for (std::size_t i = 0; i < 15; ++i) f.timestamps_ms[i] = static_cast<std::uint16_t>(t_newest - i * rr);
  return f;
}

class HxmDecoderTest : public ::testing::Test {
 protected:
  void feed(const Bytes& bytes) {
    decoder_.push(bytes, SteadyClock::time_point{}, sink_);
    for (const auto& e : sink_.events) {
      const auto problem = event_problem(e);
      EXPECT_FALSE(problem.has_value()) << *problem;
    }
  }
  std::vector<DeviceBeat> beats() const {
    std::vector<DeviceBeat> out;
    for (const auto& e : sink_.events) {
      if (const auto* b = std::get_if<DeviceBeat>(&e)) out.push_back(*b);
    }
    return out;
  }
  std::size_t gaps() const {
    std::size_t n = 0;
    for (const auto& e : sink_.events) n += std::holds_alternative<GapEvent>(e);
    return n;
  }

  HxmDecoder decoder_;
  CollectingSink sink_;
};

TEST_F(HxmDecoderTest, WorkedExampleFromTheCapture) {
  // Packet A: beat 101, newest 18531; packet B: beat 102, 19415 then 18531 -> RR 884 ms (§1.4).
  feed(hxm_frame(packet(101, {18531, 17619})));
  feed(hxm_frame(packet(102, {19415, 18531, 17619})));
  ASSERT_TRUE(std::holds_alternative<DeviceInfo>(sink_.events.front())) << "describe before data";
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].flags, kBeatAfterGap) << "first beat after connect: no RR";
  EXPECT_EQ(b[0].rr_us, 0u);
  EXPECT_EQ(b[0].t_dev_us, 18'531'000u);
  EXPECT_EQ(b[1].flags, 0);
  EXPECT_EQ(b[1].rr_us, 884'000u);
  EXPECT_EQ(b[1].t_dev_us - b[0].t_dev_us, b[1].rr_us);
  EXPECT_EQ(decoder_.stats().data_frames, 2u);
}

TEST_F(HxmDecoderTest, CaptureHeaderFieldsAndStatus) {
  // First bytes of the real capture: 02 26 37 1A 00 31 66 50 00 31 64 64 43 65 63 48 D3 44.
  HxmFields f = packet(0x65, {0x4863, 0x44D3});
  f.battery_pct = 0x64;
  f.hr_bpm = 0x43;
  const auto frame = hxm_frame(f);
  EXPECT_EQ(Bytes(frame.begin(), frame.begin() + 18),
            (Bytes{0x02, 0x26, 0x37, 0x1A, 0x00, 0x31, 0x66, 0x50, 0x00, 0x31, 0x64, 0x64, 0x43, 0x65,
                   0x63, 0x48, 0xD3, 0x44}));
  EXPECT_EQ(frame.size(), 60u);
  feed(frame);
  const auto* status = std::get_if<DeviceStatus>(&sink_.events.back());
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->battery_pct, 100);
  EXPECT_EQ(status->contact_ok_mask, 1u);
  EXPECT_DOUBLE_EQ(decoder_.motion().distance_m, 10.0);
  EXPECT_DOUBLE_EQ(decoder_.motion().speed_m_per_s, 1.0);
  EXPECT_EQ(decoder_.motion().strides, 12);
}

TEST_F(HxmDecoderTest, RolloverOfTheMillisecondClock) {
  // §1.4: ts#1 = 1000, ts#2 = 65000 -> 1536 ms.
  feed(hxm_frame(packet(7, {65000})));
  feed(hxm_frame(packet(8, {1000, 65000})));
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].rr_us, 1'536'000u);
  EXPECT_EQ(b[1].t_dev_us, 66'536'000u) << "unwrapped, not wrapped back to 1000 ms";
}

TEST_F(HxmDecoderTest, SeveralNewBeatsPerPacketAndBeatNumberWrap) {
  feed(hxm_frame(steady(250, 20000, 800)));
  feed(hxm_frame(steady(5, 20000 + 11 * 800, 800)));  // 250 -> 5: 11 new beats across 255 -> 0
  const auto b = beats();
  ASSERT_EQ(b.size(), 12u);
  for (std::size_t i = 1; i < b.size(); ++i) {
    EXPECT_EQ(b[i].rr_us, 800'000u);
    EXPECT_EQ(b[i].t_dev_us - b[i - 1].t_dev_us, 800'000u);
  }
  EXPECT_EQ(gaps(), 0u);
}

TEST_F(HxmDecoderTest, FifteenNewBeatsLoseNothingSixteenMarkAGap) {
  feed(hxm_frame(steady(10, 30000)));
  feed(hxm_frame(steady(25, 45000)));  // 15 new: the oldest one's predecessor is our beat
  EXPECT_EQ(gaps(), 0u);
  auto b = beats();
  ASSERT_EQ(b.size(), 16u);
  EXPECT_EQ(b[1].rr_us, 1'000'000u);
  feed(hxm_frame(steady(41, 61000)));  // 16 new: one beat is gone
  EXPECT_EQ(gaps(), 1u);
  b = beats();
  ASSERT_EQ(b.size(), 31u);
  EXPECT_EQ(b[16].flags, kBeatAfterGap);
  EXPECT_EQ(b[16].rr_us, 0u) << "never a fabricated 2 s interval";
  EXPECT_EQ(b[16].t_dev_us, 47'000'000u) << "the clock continues across the gap";
  for (std::size_t i = 17; i < b.size(); ++i) EXPECT_EQ(b[i].rr_us, 1'000'000u);
}

TEST_F(HxmDecoderTest, NoNewBeatMeansNoBeat) {
  feed(hxm_frame(steady(10, 30000)));
  feed(hxm_frame(steady(10, 30000)));
  EXPECT_EQ(beats().size(), 1u);
}

TEST_F(HxmDecoderTest, InconsistentTimestampsRestartTheSeries) {
  feed(hxm_frame(steady(10, 30000)));
  feed(hxm_frame(steady(11, 45000)));  // one new beat, but its predecessor is not our 30000
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].flags, kBeatAfterGap);
  EXPECT_EQ(gaps(), 1u);
}

TEST_F(HxmDecoderTest, ImplausibleIntervalsAreNotHandedOn) {
  feed(hxm_frame(steady(10, 30000)));
  feed(hxm_frame(packet(11, {30100, 30000})));  // 100 ms: a double detection
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].rr_us, 0u);
  EXPECT_EQ(b[1].flags, kBeatAfterGap);
  EXPECT_EQ(decoder_.implausible_rr(), 1u);
}

TEST_F(HxmDecoderTest, NoHeartRateYetMeansNoSeriesStart) {
  HxmFields idle = packet(0, {});
  idle.hr_bpm = 0;
  feed(hxm_frame(idle));
  EXPECT_TRUE(beats().empty());
  const auto* status = std::get_if<DeviceStatus>(&sink_.events.back());
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->contact_ok_mask, 0u);
  feed(hxm_frame(steady(1, 5000)));
  EXPECT_EQ(beats().size(), 1u);
}

TEST_F(HxmDecoderTest, GarbageBadCrcAndTruncationThenRecovery) {
  Bytes stream{0x02, 0x02, 0x26, 0x99, 0x03};  // stray STX, bad DLC
  auto good1 = hxm_frame(steady(10, 30000));
  auto bad = hxm_frame(steady(11, 31000));
  bad[20] ^= 0x01;
  auto cut = hxm_frame(steady(11, 31000));
  cut.resize(30);
  auto good2 = hxm_frame(steady(12, 32000));
  for (const auto* f : {&good1, &bad, &cut, &good2}) stream.insert(stream.end(), f->begin(), f->end());
  for (const std::uint8_t byte : stream) feed(Bytes{byte});
  const auto b = beats();
  ASSERT_EQ(b.size(), 3u) << "32000 brings 31000 and 32000 (2 new beats)";
  EXPECT_EQ(b[2].rr_us, 1'000'000u);
  EXPECT_EQ(decoder_.stats().frames, 2u);
  EXPECT_GE(decoder_.stats().crc_errors + decoder_.stats().framing_errors, 2u);
}

TEST_F(HxmDecoderTest, WrongLengthOrTerminatorIsAFramingError) {
  feed(encode_zephyr_frame(0x26, Bytes(54, 0)));
  feed(encode_zephyr_frame(0x26, testing::hxm_payload(steady(1, 1000)), kZephyrAck));
  EXPECT_TRUE(beats().empty());
  EXPECT_EQ(decoder_.stats().framing_errors, 2u);
  EXPECT_EQ(decoder_.stats().data_frames, 0u);
}

TEST_F(HxmDecoderTest, ResetStartsANewSeriesAndDescribesAgain) {
  feed(hxm_frame(steady(10, 30000)));
  decoder_.reset();
  feed(hxm_frame(steady(11, 31000)));
  std::size_t infos = 0;
  for (const auto& e : sink_.events) infos += std::holds_alternative<DeviceInfo>(e);
  EXPECT_EQ(infos, 2u);
  EXPECT_EQ(beats().back().flags, kBeatAfterGap);
}

}  // namespace
}  // namespace resonant::drivers
