// End to end: a fake HxM behind a real pseudo-terminal, SerialSource + make_hxm_handler on the
// host side. Every packet is decoded, the RR intervals equal the ground truth exactly (1 ms
// resolution), lost packets become a marked gap, never a long interval.
#include <resonant/drivers/hxm_decoder.hpp>
#include <resonant/drivers/serial_source.hpp>

#include <chrono>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "event_invariants.hpp"
#include "hxm_fake.hpp"
#include "pty_device.hpp"
#include "rr_truth.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

struct LinkRun {
  std::vector<SensorEvent> events;
  LinkCounters counters;
};

template <typename Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

LinkRun run_hxm_link(const std::vector<testing::HxmFake::Packet>& packets) {
  resonant::testing::PtyDevice device;
  SensorQueue queue(8192);
  SerialSourceConfig config;
  config.port = device.path();
  config.protocol = "hxm";
  auto source = make_serial_source(config, make_hxm_handler({}), queue, [] {});
  source->start();
  EXPECT_TRUE(wait_until([&] { return source->state() == LinkState::kConnecting; }, 5s));
  for (const auto& p : packets) device.send(p.bytes);
  EXPECT_TRUE(wait_until([&] { return source->counters().frames >= packets.size(); }, 8s));
  EXPECT_TRUE(device.receive().empty()) << "the strap is simplex: the host sends nothing";
  LinkRun run;
  run.counters = source->counters();
  source->stop();
  queue.drain([&](SensorEvent& e) { run.events.push_back(e); });
  return run;
}

std::vector<DeviceBeat> beats_of(const LinkRun& run) {
  std::vector<DeviceBeat> out;
  for (const auto& e : run.events) {
    EXPECT_FALSE(event_problem(e).has_value()) << *event_problem(e);
    if (const auto* b = std::get_if<DeviceBeat>(&e)) out.push_back(*b);
  }
  return out;
}

TEST(HxmLink, EveryPacketDecodedAndRrEqualsTheTruth) {
  // Beats from 50 s on the u16 ms clock: it rolls over 15 s in and every 65.5 s after.
  const auto truth = testing::make_beat_times_ms(50'000, 300, 11);
  const testing::HxmFake fake(truth, 200);  // the beat number wraps too
  const auto packets = fake.packets();
  const LinkRun run = run_hxm_link(packets);
  EXPECT_EQ(run.counters.frames, packets.size());
  EXPECT_EQ(run.counters.crc_errors + run.counters.framing_errors + run.counters.seq_gaps, 0u);

  const auto beats = beats_of(run);
  const std::size_t first = packets.front().newest_beat;
  ASSERT_EQ(beats.size(), truth.size() - first) << "every beat from the first packet's newest on";
  EXPECT_EQ(beats[0].flags, kBeatAfterGap);
  std::int64_t max_error_us = 0;
  for (std::size_t j = 1; j < beats.size(); ++j) {
    const std::uint64_t rr_ms = truth[first + j] - truth[first + j - 1];
    EXPECT_EQ(beats[j].flags, 0) << j;
    max_error_us = std::max<std::int64_t>(max_error_us, std::llabs(static_cast<std::int64_t>(beats[j].rr_us) -
                                                                   static_cast<std::int64_t>(rr_ms * 1000)));
    EXPECT_EQ(beats[j].t_dev_us - beats[j - 1].t_dev_us, beats[j].rr_us);
  }
  EXPECT_EQ(max_error_us, 0) << "ms-exact timestamps give ms-exact intervals";
  std::printf("[ hxm ] %zu packets sent, %llu decoded; %zu beats, max |RR error| %lld us\n", packets.size(),
              static_cast<unsigned long long>(run.counters.frames), beats.size(),
              static_cast<long long>(max_error_us));
  EXPECT_EQ(beats.back().t_dev_us - beats.front().t_dev_us,
            static_cast<std::uint32_t>((truth.back() - truth[first]) * 1000))
      << "the unwrapped clock spans four u16 rollovers without a slip";
  std::size_t statuses = 0;
  for (const auto& e : run.events) {
    if (const auto* s = std::get_if<DeviceStatus>(&e)) {
      ++statuses;
      EXPECT_EQ(s->battery_pct, 80);
    }
  }
  EXPECT_EQ(statuses, packets.size());
}

TEST(HxmLink, ARunOfDroppedPacketsIsAMarkedGapNotALongInterval) {
  const auto truth = testing::make_beat_times_ms(60'000, 300, 12);
  const testing::HxmFake fake(truth, 0);
  // 3 lost packets lose nothing (15 timestamps cover them); 20 lost packets lose beats.
  const auto packets = fake.packets([](std::size_t i) { return (i >= 40 && i < 43) || (i >= 100 && i < 120); });
  const LinkRun run = run_hxm_link(packets);
  EXPECT_EQ(run.counters.frames, packets.size());
  EXPECT_EQ(run.counters.crc_errors + run.counters.framing_errors, 0u);

  std::map<std::uint32_t, std::size_t> index_of;  // device µs (relative) -> truth index
  for (std::size_t i = 0; i < truth.size(); ++i) {
    index_of[static_cast<std::uint32_t>((truth[i] - truth[0]) * 1000)] = i;
  }
  const auto beats = beats_of(run);
  const std::size_t first = packets.front().newest_beat;
  const std::uint32_t origin = beats[0].t_dev_us - static_cast<std::uint32_t>((truth[first] - truth[0]) * 1000);
  std::size_t after_gap = 0;
  std::size_t previous = 0;
  for (std::size_t j = 0; j < beats.size(); ++j) {
    const auto it = index_of.find(beats[j].t_dev_us - origin);
    ASSERT_NE(it, index_of.end()) << "beat " << j << " is not a true beat time";
    const std::size_t i = it->second;
    if (beats[j].rr_us != 0) {
      EXPECT_EQ(previous + 1, i) << "an interval across lost beats";
      EXPECT_EQ(beats[j].rr_us, (truth[i] - truth[i - 1]) * 1000);
    } else {
      ++after_gap;
      EXPECT_EQ(beats[j].flags, kBeatAfterGap);
    }
    previous = i;
  }
  EXPECT_EQ(after_gap, 2u) << "the first beat and the one after the 20-packet loss";
  std::size_t gap_events = 0;
  for (const auto& e : run.events) gap_events += std::holds_alternative<GapEvent>(e);
  EXPECT_EQ(gap_events, 1u);
  // Beats lost in the 20-packet hole only: 300 truth beats from `first`, minus those.
  EXPECT_LT(beats.size(), truth.size() - first);
  EXPECT_GT(beats.size(), truth.size() - first - 25);
}

}  // namespace
}  // namespace resonant::drivers
