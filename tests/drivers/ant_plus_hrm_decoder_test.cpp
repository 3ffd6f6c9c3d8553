// HRM data pages -> beats (sensor-protocols.md §3.5, §3.6): the worked examples, rollovers,
// paging/legacy straps, missed messages (page 4 recovery or a marked gap), status.
#include <resonant/drivers/ant_plus_hrm_decoder.hpp>

#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include "ant_plus_test_messages.hpp"
#include "event_invariants.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

class AntHrmTest : public ::testing::Test {
 protected:
  /// Feeds one payload; t advances 246 ms (8070/32768 s) per message unless given.
  void feed(const std::array<std::uint8_t, 8>& d) {
    dec_.decode(std::span<const std::uint8_t, 8>(d), t_, sink_);
    t_ += 246ms;
  }
  /// A paging strap's message: page 4 with the previous event time, toggle flipping every 4.
  void page4(std::uint16_t prev, std::uint16_t evt, std::uint8_t count, std::uint8_t hr = 60) {
    feed(testing::hrm_payload(4, (msg_++ / 4) & 1, 0xFF, prev, evt, count, hr));
  }
  /// Confirms paging: 8 repeated messages of one beat (the toggle takes both values).
  void confirm_paging(std::uint16_t evt, std::uint8_t count) {
    for (int i = 0; i < 8; ++i) page4(static_cast<std::uint16_t>(evt - 1000), evt, count);
    ASSERT_TRUE(dec_.paging_confirmed());
  }
  std::vector<DeviceBeat> beats() const {
    std::vector<DeviceBeat> out;
    for (const auto& e : sink_.events) {
      if (const auto* b = std::get_if<DeviceBeat>(&e)) out.push_back(*b);
    }
    return out;
  }
  std::vector<GapEvent> gaps() const {
    std::vector<GapEvent> out;
    for (const auto& e : sink_.events) {
      if (const auto* g = std::get_if<GapEvent>(&e)) out.push_back(*g);
    }
    return out;
  }
  void check_invariants() const {
    std::optional<std::uint32_t> last;
    for (const auto& e : sink_.events) {
      EXPECT_FALSE(event_problem(e)) << *event_problem(e);
    }
    for (const auto& b : beats()) {
      if (b.rr_us != 0 && last) {
        EXPECT_EQ(b.rr_us, b.t_dev_us - *last);
      }
      if (b.rr_us == 0) {
        EXPECT_TRUE(b.flags & kBeatAfterGap);
      }
      last = b.t_dev_us;
    }
  }

  AntHrmDecoder dec_;
  CollectingSink sink_;
  SteadyClock::time_point t_ = SteadyClock::time_point{} + 1000s;
  int msg_ = 0;
};

TEST_F(AntHrmTest, AnnouncesTheDeviceFirstAndOnce) {
  feed(testing::hrm_payload(0, false, 0, 0, 100, 1, 60));
  feed(testing::hrm_payload(0, false, 0, 0, 100, 1, 60));
  ASSERT_FALSE(sink_.events.empty());
  ASSERT_TRUE(std::holds_alternative<DeviceInfo>(sink_.events[0]));
  EXPECT_EQ(std::get<DeviceInfo>(sink_.events[0]).channel_count, 0u);
  int infos = 0;
  for (const auto& e : sink_.events) infos += std::holds_alternative<DeviceInfo>(e);
  EXPECT_EQ(infos, 1);
  dec_.reset();
  feed(testing::hrm_payload(0, false, 0, 0, 100, 1, 60));
  infos = 0;
  for (const auto& e : sink_.events) infos += std::holds_alternative<DeviceInfo>(e);
  EXPECT_EQ(infos, 2) << "announced again after reset()";
}

TEST_F(AntHrmTest, ForumExampleGivesOneSecond) {
  // §3.4/§3.6: previous event time 0xE2A5, event time 0xE6A5, count 0xCA -> 1000.0 ms.
  feed(testing::hrm_payload(4, false, 0xFF, 0xDEA5, 0xE2A5, 0xC9, 60));
  feed(testing::hrm_payload(4, true, 0xFF, 0xE2A5, 0xE6A5, 0xCA, 60));
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].flags & kBeatAfterGap, kBeatAfterGap) << "nothing known before the first beat";
  EXPECT_EQ(b[0].rr_us, 0u);
  EXPECT_EQ(b[1].rr_us, 1'000'000u);
  EXPECT_EQ(b[1].flags, 0u);
  EXPECT_EQ(b[1].t_dev_us, 0xE6A5u * 15625u / 16u + (0xE6A5u * 15625u % 16u >= 8 ? 1 : 0));
  check_invariants();
}

TEST_F(AntHrmTest, EventTimeRolloverAndCountRollover) {
  // §3.6: evt 0x0380, previous 0xFF80 -> 1024 ticks -> 1000 ms; count 0xFF -> 0x00.
  feed(testing::hrm_payload(0, false, 0, 0, 0xFF80, 0xFF, 60));
  feed(testing::hrm_payload(0, false, 0, 0, 0x0380, 0x00, 60));
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].rr_us, 1'000'000u);
  EXPECT_EQ(b[1].t_dev_us - b[0].t_dev_us, 1'000'000u) << "unwrapped, not 64 s backwards";
  EXPECT_TRUE(gaps().empty());
}

TEST_F(AntHrmTest, RepeatedMessagesAreNotNewBeats) {
  for (int i = 0; i < 4; ++i) feed(testing::hrm_payload(0, false, 0, 0, 2000, 5, 60));
  feed(testing::hrm_payload(0, false, 0, 0, 2000 + 800, 6, 60));
  EXPECT_EQ(beats().size(), 2u);
  EXPECT_EQ(dec_.stats().messages, 5u);
}

TEST_F(AntHrmTest, TwoBeatsInOneStepAreBothTimedFromPage4) {
  confirm_paging(10000, 10);
  // Beat 11 at 10800 was never seen; page 4 of beat 12 (11700) gives its time.
  page4(10800, 11700, 12);
  const auto b = beats();
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1].rr_us, 781'250u);   // 800 ticks
  EXPECT_EQ(b[2].rr_us, 878'906u);   // 900 ticks, rounded t_dev difference
  EXPECT_EQ(b[1].flags | b[2].flags, 0) << "nothing unknown: no gap";
  EXPECT_TRUE(gaps().empty());
  EXPECT_EQ(dec_.stats().page4_recovered, 1u);
  check_invariants();
}

TEST_F(AntHrmTest, ThreeBeatsInOneStepMarkAGapBeforeTheRecoveredBeat) {
  confirm_paging(10000, 10);
  page4(11600, 12400, 13);  // beats 11, 12 missed; 12 recovered from page 4
  const auto b = beats();
  ASSERT_EQ(b.size(), 3u);
  EXPECT_TRUE(b[1].flags & kBeatAfterGap);
  EXPECT_EQ(b[1].rr_us, 0u) << "beat 11's time is unknown: beat 12's RR cannot be given";
  EXPECT_EQ(b[2].rr_us, 781'250u);
  ASSERT_EQ(gaps().size(), 1u);
  EXPECT_EQ(gaps()[0].frames_lost, 1u) << "one beat never timed";
  check_invariants();
}

TEST_F(AntHrmTest, MissedBeatsWithoutPage4AreAGapNotALongInterval) {
  feed(testing::hrm_payload(0, false, 0, 0, 5000, 1, 60));
  feed(testing::hrm_payload(0, false, 0, 0, 6800, 3, 60));  // two beats in 1.76 s
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].rr_us, 0u);
  EXPECT_TRUE(b[1].flags & kBeatAfterGap);
  EXPECT_EQ(b[1].t_dev_us - b[0].t_dev_us, 1'757'812u) << "device time still exact (1800 ticks)";
  ASSERT_EQ(gaps().size(), 1u);
  EXPECT_EQ(gaps()[0].frames_lost, 1u);
  EXPECT_EQ(dec_.stats().beats_missed, 1u);
}

TEST_F(AntHrmTest, LegacyStrapPageBytesAreIgnored) {
  // No toggle ever: d0..d3 are not pages. A "page 4" with a bogus previous time must not
  // be used to recover beats.
  for (int i = 0; i < 8; ++i) feed(testing::hrm_payload(4, false, 0, 9999, 1000, 1, 60));
  EXPECT_FALSE(dec_.paging_confirmed());
  feed(testing::hrm_payload(4, false, 0, 1500, 2000, 3, 60));
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_TRUE(b[1].flags & kBeatAfterGap);
  EXPECT_EQ(dec_.stats().page4_recovered, 0u);
}

TEST_F(AntHrmTest, BatteryAndIdentityPages) {
  confirm_paging(1000, 1);
  feed(testing::hrm_payload(7, true, 85, 0x0312, 1000, 1, 60));
  feed(testing::hrm_payload(2, true, 0x20, 0x1234, 1000, 1, 60));
  feed(testing::hrm_payload(3, true, 5, 0x0B07, 1000, 1, 60));  // hw 5, sw 7, model 11
  std::optional<DeviceStatus> last;
  for (const auto& e : sink_.events) {
    if (const auto* s = std::get_if<DeviceStatus>(&e)) last = *s;
  }
  ASSERT_TRUE(last);
  EXPECT_EQ(last->battery_pct, 85);
  EXPECT_EQ(last->contact_ok_mask, 1u);
  EXPECT_EQ(dec_.identity().manufacturer_id, 0x20);
  EXPECT_EQ(dec_.identity().serial_upper16, 0x1234);
  EXPECT_EQ(dec_.identity().hardware_version, 5);
  EXPECT_EQ(dec_.identity().software_version, 7);
  EXPECT_EQ(dec_.identity().model_number, 11);
}

TEST_F(AntHrmTest, InvalidHeartRateMeansNoContact) {
  feed(testing::hrm_payload(0, false, 0, 0, 1000, 1, 60));
  feed(testing::hrm_payload(0, false, 0, 0, 1000, 1, 0));
  feed(testing::hrm_payload(0, false, 0, 0, 1900, 2, 0));
  std::vector<DeviceStatus> st;
  for (const auto& e : sink_.events) {
    if (const auto* s = std::get_if<DeviceStatus>(&e)) st.push_back(*s);
  }
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].contact_ok_mask, 1u);
  EXPECT_EQ(st[1].contact_ok_mask, 0u);
  EXPECT_TRUE(beats().back().flags & kBeatNoContact);
}

TEST_F(AntHrmTest, AllFfGlitchIsIgnored) {
  feed(testing::hrm_payload(0, false, 0, 0, 1000, 1, 60));
  feed({0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
  feed(testing::hrm_payload(0, false, 0, 0, 1900, 2, 60));
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].rr_us, 878'906u);
  EXPECT_EQ(dec_.stats().glitches, 1u);
}

TEST_F(AntHrmTest, ImplausibleIntervalIsNotTrusted) {
  feed(testing::hrm_payload(0, false, 0, 0, 1000, 1, 60));
  feed(testing::hrm_payload(0, false, 0, 0, 1100, 2, 60));  // 98 ms
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].rr_us, 0u);
  EXPECT_TRUE(b[1].flags & kBeatAfterGap);
  EXPECT_EQ(dec_.stats().implausible_rr, 1u);
  check_invariants();
}

TEST_F(AntHrmTest, LongSilenceTakesWholeWrapsFromHostTime) {
  feed(testing::hrm_payload(0, false, 0, 0, 1000, 1, 60));
  t_ += 100s;  // out of range for 100 s: the 16-bit event time wrapped once or twice
  // 100 s = 102400 ticks later plus a bit: raw = (1000 + 102400 + 300) mod 65536.
  const std::uint64_t truth = 1000 + 102400 + 300;
  feed(testing::hrm_payload(0, false, 0, 0, static_cast<std::uint16_t>(truth), 120, 60));
  const auto b = beats();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_TRUE(b[1].flags & kBeatAfterGap);
  auto us = [](std::uint64_t ticks) { return static_cast<std::uint32_t>((ticks * 15625 + 8) / 16); };
  EXPECT_EQ(b[1].t_dev_us - b[0].t_dev_us, us(truth) - us(1000));
  ASSERT_EQ(gaps().size(), 1u);
  EXPECT_EQ(gaps()[0].frames_lost, 0u) << "the beat count may have wrapped: unknown";
}

TEST_F(AntHrmTest, MarkGapFlagsTheNextBeat) {
  feed(testing::hrm_payload(0, false, 0, 0, 1000, 1, 60));
  dec_.mark_gap();
  feed(testing::hrm_payload(0, false, 0, 0, 1900, 2, 60));
  EXPECT_TRUE(beats().back().flags & kBeatAfterGap);
  EXPECT_EQ(beats().back().rr_us, 0u);
}

TEST_F(AntHrmTest, RandomStrapRrMatchesTruthAcrossManyWraps) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> rr_ticks(500, 1300);
  std::uint64_t ticks = 700;
  std::uint8_t count = 0;
  std::vector<std::uint64_t> truth{ticks};
  feed(testing::hrm_payload(4, false, 0, 0, static_cast<std::uint16_t>(ticks), count, 60));
  for (int i = 0; i < 600; ++i) {
    const std::uint64_t prev = ticks;
    ticks += static_cast<std::uint64_t>(rr_ticks(rng));
    truth.push_back(ticks);
    ++count;
    page4(static_cast<std::uint16_t>(prev), static_cast<std::uint16_t>(ticks), count);
    page4(static_cast<std::uint16_t>(prev), static_cast<std::uint16_t>(ticks), count);
  }
  const auto b = beats();
  ASSERT_EQ(b.size(), truth.size());
  for (std::size_t i = 1; i < b.size(); ++i) {
    const double truth_us = static_cast<double>(truth[i] - truth[i - 1]) * 1e6 / 1024.0;
    EXPECT_NEAR(b[i].rr_us, truth_us, 1.0);
  }
  check_invariants();
}

}  // namespace
}  // namespace resonant::drivers
