// End to end through a real pseudo-terminal and Boost.Asio: the host opens the HRM channel on
// a fake ANT stick, the strap's broadcasts become beats equal to the ground truth, dropped
// messages become marked gaps, and a missing key or a dead stick fail the link with what to do.
#include <utility>  // before Asio headers (Boost 1.74 with C++20)

#include <resonant/drivers/ant_plus.hpp>
#include <resonant/drivers/serial_source.hpp>

#include <chrono>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "ant_plus_fake.hpp"
#include "pty_device.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;
constexpr double kTickUs = 1e6 / 1024.0;  // the strap's time resolution

class AntPlusLinkTest : public ::testing::Test {
 protected:
  AntPlusLinkTest() : fake_(testing::kFakeAntKey, testing::make_strap_truth(300, 2026)) {}

  std::unique_ptr<SensorSource> make(const ProtocolOptions& opts) {
    SerialSourceConfig c;
    c.port = device_.path();
    c.stall_after_s = 5.0;
    return make_serial_source(c, make_ant_plus_handler(opts), queue_, [] {});
  }
  static ProtocolOptions keyed() {
    ProtocolOptions o;
    o.ant_network_key = testing::kFakeAntKey;
    o.ant_key_source = "test";
    return o;
  }

  /// Lets the fake stick answer whatever the host sent.
  void service() {
    const auto from_host = device_.receive();
    if (!from_host.empty()) device_.send(fake_.on_host_bytes(from_host));
  }
  void pump() {
    queue_.drain([&](SensorEvent& e) {
      if (const auto* b = std::get_if<DeviceBeat>(&e)) beats_.push_back(*b);
      if (const auto* g = std::get_if<GapEvent>(&e)) gaps_.push_back(*g);
      if (const auto* l = std::get_if<LinkEvent>(&e)) last_message_ = std::string(l->message.view());
    });
  }
  template <typename Pred>
  bool wait_until(Pred pred, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      service();
      pump();
      if (pred()) return true;
      std::this_thread::sleep_for(2ms);
    }
    return false;
  }

  /// Opens the channel, streams every strap message not in `dropped`, waits for all frames.
  void run_session(SensorSource& source, const std::set<std::size_t>& dropped) {
    source.start();
    ASSERT_TRUE(wait_until([&] { return fake_.channel_open(); })) << "sequence not completed";
    for (std::size_t k = 0; k < fake_.message_count(); ++k) {
      if (dropped.count(k)) continue;
      device_.send(fake_.broadcast_message(k));
      if (k % 16 == 0) {
        service();  // the channel-id request after the first data
        pump();
        std::this_thread::sleep_for(1ms);  // faster than real time, but not all at once
      }
    }
    EXPECT_TRUE(wait_until([&] { return source.counters().frames == fake_.messages_sent(); }))
        << source.counters().frames << " of " << fake_.messages_sent();
    pump();
  }

  std::uint32_t truth_us(std::size_t i) const {
    return static_cast<std::uint32_t>((fake_.truth().beat_ticks[i] * 15625 + 8) / 16);
  }
  /// The truth beat index of each received beat (exact device-time match).
  std::vector<std::size_t> match_beats() const {
    std::vector<std::size_t> idx;
    std::size_t i = 0;
    for (const auto& b : beats_) {
      while (i < fake_.truth().beat_ticks.size() && truth_us(i) != b.t_dev_us) ++i;
      EXPECT_LT(i, fake_.truth().beat_ticks.size()) << "beat at " << b.t_dev_us << " not in truth";
      idx.push_back(i);
    }
    return idx;
  }

  resonant::testing::PtyDevice device_;
  testing::FakeAntStick fake_;
  SensorQueue queue_{16384};
  std::vector<DeviceBeat> beats_;
  std::vector<GapEvent> gaps_;
  std::string last_message_;
};

TEST_F(AntPlusLinkTest, OpensTheChannelAndDecodesEveryBeat) {
  auto source = make(keyed());
  run_session(*source, {});
  const LinkCounters n = source->counters();
  EXPECT_EQ(source->state(), LinkState::kStreaming);
  source->stop();

  EXPECT_TRUE(fake_.problems().empty()) << fake_.problems().front();
  EXPECT_TRUE(fake_.key_ok());
  const std::vector<std::uint8_t> sequence{0x4A, 0x46, 0x42, 0x51, 0x43, 0x45, 0x44, 0x4B};
  ASSERT_GE(fake_.host_mids().size(), sequence.size());
  EXPECT_TRUE(std::equal(sequence.begin(), sequence.end(), fake_.host_mids().begin()));
  EXPECT_NE(std::find(fake_.host_mids().begin(), fake_.host_mids().end(), 0x4D),
            fake_.host_mids().end()) << "the host asked which strap it found";

  EXPECT_EQ(n.frames, fake_.messages_sent());
  EXPECT_EQ(n.crc_errors + n.framing_errors, 0u);
  EXPECT_EQ(n.seq_gaps, 0u);
  EXPECT_TRUE(gaps_.empty());

  ASSERT_EQ(beats_.size(), 300u);
  const auto idx = match_beats();
  EXPECT_TRUE(beats_[0].flags & kBeatAfterGap);
  double max_err_us = 0.0;
  for (std::size_t k = 1; k < beats_.size(); ++k) {
    ASSERT_EQ(idx[k], k);
    EXPECT_EQ(beats_[k].flags, 0u) << k;
    const double err = std::abs(static_cast<double>(beats_[k].rr_us) - fake_.truth().rr_us[k]);
    max_err_us = std::max(max_err_us, err);
    EXPECT_LE(err, kTickUs) << "beat " << k;
  }
  std::printf("[ant+ link] frames sent %zu decoded %llu, beats %zu, max |RR error| %.1f us\n",
              fake_.messages_sent(), static_cast<unsigned long long>(n.frames), beats_.size(),
              max_err_us);

  // Stopping closed the channel and reset the stick.
  fake_.on_host_bytes(device_.receive());
  const auto& mids = fake_.host_mids();
  ASSERT_GE(mids.size(), 2u);
  EXPECT_EQ(mids[mids.size() - 2], 0x4C);
  EXPECT_EQ(mids.back(), 0x4A);
  EXPECT_EQ(fake_.host_framing_errors(), 0u);
}

TEST_F(AntPlusLinkTest, DroppedMessagesBecomeMarkedGapsNeverLongIntervals) {
  // Runs of lost messages (radio fades): short ones lose one beat (page 4 recovers it unless
  // the next message is a background page), long ones several.
  std::set<std::size_t> dropped;
  for (std::size_t start : {40u, 120u, 200u, 330u, 480u, 600u, 700u, 820u, 900u}) {
    const std::size_t len = 3 + (start % 9);  // 3..11 messages: 0.7-2.7 s
    for (std::size_t k = start; k < start + len; ++k) dropped.insert(k);
  }
  // One fade that ends on a background page (block 15 of 16: messages 60..63 + 64 * m).
  for (std::size_t k = 245; k < 252; ++k) dropped.insert(k);
  auto source = make(keyed());
  run_session(*source, dropped);
  source->stop();

  const auto idx = match_beats();
  ASSERT_EQ(idx.size(), beats_.size());
  std::set<std::size_t> seen_latest;  // beats that were the newest in some delivered message
  for (std::size_t k = 0; k < fake_.message_count(); ++k) {
    if (!dropped.count(k)) seen_latest.insert(fake_.beat_of_message(k));
  }
  std::size_t gap_beats = 0, recovered = 0;
  for (std::size_t k = 0; k < beats_.size(); ++k) {
    const bool predecessor_received = k > 0 && idx[k - 1] + 1 == idx[k];
    if (!seen_latest.count(idx[k])) ++recovered;
    if (beats_[k].flags & kBeatAfterGap) {
      ++gap_beats;
      EXPECT_EQ(beats_[k].rr_us, 0u);
      EXPECT_FALSE(predecessor_received) << "needless gap at beat " << idx[k];
    } else {
      ASSERT_TRUE(predecessor_received) << "fabricated interval at beat " << idx[k];
      EXPECT_LE(std::abs(static_cast<double>(beats_[k].rr_us) - fake_.truth().rr_us[idx[k]]), kTickUs);
    }
  }
  EXPECT_GE(gap_beats, 3u) << "the long fades lose beats";
  EXPECT_GE(recovered, 1u) << "page 4 times a beat whose own messages were lost";
  EXPECT_FALSE(gaps_.empty());
  EXPECT_EQ(source->counters().frames, fake_.messages_sent());
  EXPECT_EQ(source->counters().crc_errors + source->counters().framing_errors, 0u);
  std::printf("[ant+ gaps] %zu messages dropped, %zu beats received, %zu after a gap, %zu timed "
              "from page 4, %zu gap events\n",
              dropped.size(), beats_.size(), gap_beats, recovered, gaps_.size());
}

TEST_F(AntPlusLinkTest, MissingKeyFailsTheLinkWithWhatToDo) {
  ProtocolOptions opts;
  opts.ant_key_source = "/home/someone/.config/resonant/ant-plus.conf";
  auto source = make(opts);
  source->start();
  EXPECT_TRUE(wait_until([&] { return source->state() == LinkState::kFailed; }, 3s));
  // The state turns before its message is through the queue: wait for the message.
  wait_until([&] { return last_message_.find("no ANT+") != std::string::npos; }, 2s);
  EXPECT_NE(last_message_.find("no ANT+ network key"), std::string::npos) << last_message_;
  EXPECT_NE(last_message_.find("/home/someone/.config/resonant/ant-plus.conf"), std::string::npos)
      << last_message_;
  EXPECT_NE(last_message_.find("thisisant.com"), std::string::npos) << last_message_;
  EXPECT_TRUE(fake_.host_mids().empty()) << "nothing is sent without a key";
  source->stop();
}

TEST_F(AntPlusLinkTest, AStickThatNeverAnswersFailsTheLink) {
  fake_.answer_anything = false;
  auto source = make(keyed());
  source->start();
  EXPECT_TRUE(wait_until([&] { return source->state() == LinkState::kFailed; }, 8s));
  wait_until([&] { return last_message_.find("does not answer") != std::string::npos; }, 2s);
  EXPECT_NE(last_message_.find("the ANT stick does not answer"), std::string::npos) << last_message_;
  // reset once, then the network key three times
  const auto& mids = fake_.host_mids();
  EXPECT_EQ(std::count(mids.begin(), mids.end(), 0x4A), 1);
  EXPECT_EQ(std::count(mids.begin(), mids.end(), 0x46), 3);
  source->stop();
}

TEST_F(AntPlusLinkTest, AStickWithoutStartupMessageStillOpens) {
  fake_.answer_startup = false;
  auto source = make(keyed());
  source->start();
  EXPECT_TRUE(wait_until([&] { return fake_.channel_open(); }, 4s));
  source->stop();
}

}  // namespace
}  // namespace resonant::drivers
