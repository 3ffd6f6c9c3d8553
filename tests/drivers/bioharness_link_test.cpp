// End to end: a fake BioHarness 3 behind a real pseudo-terminal, SerialSource +
// make_bioharness_handler on the host side. The host enables the four streams (each after the
// previous ACK), the fake streams 300 beats' worth of data across midnight, the host keeps the
// link with lifesigns and disables the streams on close. Every frame is decoded, ECG and
// breathing samples equal the raw values, R-to-R intervals equal the truth (ms-exact) with beat
// times within the 56 ms sampling of the R-to-R stream.
#include <resonant/drivers/bioharness_handler.hpp>
#include <resonant/drivers/serial_source.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "bioharness_fake.hpp"
#include "event_invariants.hpp"
#include "pty_device.hpp"
#include "rr_truth.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;
using Fake = testing::BioharnessFake;

template <typename Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(BioharnessLink, EnablesStreamsDecodesEverythingAndKeepsTheLinkAlive) {
  const auto truth = testing::make_beat_times_ms(700, 300, 21);
  Fake fake(truth);
  resonant::testing::PtyDevice device;
  SensorQueue queue(8192);
  SerialSourceConfig config;
  config.port = device.path();
  config.protocol = "bioharness";
  // The fake sends its whole stream in one burst and then falls silent while the test waits for
  // the second lifesign; a real BioHarness keeps streaming. Without room here the 2 s stall
  // watchdog races that wait and restarts the enables, adding ACK frames to the count.
  config.stall_after_s = 10.0;
  auto source = make_serial_source(config, make_bioharness_handler({}), queue, [] {});
  auto pump = [&] {
    const auto from_host = device.receive();
    const auto answers = fake.on_host_bytes(from_host);
    if (!answers.empty()) device.send(answers);
  };
  source->start();
  ASSERT_TRUE(wait_until([&] {
    pump();
    return fake.enabled(0x14) && fake.enabled(0x19) && fake.enabled(0x16) && fake.enabled(0x15);
  }, 5s)) << "the host enables general data, R-to-R, ECG and breathing";

  const auto packets = fake.stream();
  for (const auto& p : packets) device.send(p);
  const std::size_t answers = 4;
  EXPECT_TRUE(wait_until([&] { return source->counters().frames >= answers + packets.size(); }, 8s));
  EXPECT_TRUE(wait_until([&] {
    pump();
    return fake.lifesigns_heard() >= 2;
  }, 4s)) << "a lifesign every 2 s";
  const LinkCounters counters = source->counters();
  source->stop();
  pump();
  for (const std::uint8_t id : bioharness::kStreamCommands) EXPECT_TRUE(fake.disabled(id)) << int{id};
  EXPECT_EQ(fake.host_frame_stats().crc_errors + fake.host_frame_stats().framing_errors, 0u);

  EXPECT_EQ(counters.frames, answers + packets.size());
  EXPECT_EQ(counters.crc_errors + counters.framing_errors + counters.seq_gaps + counters.dropped, 0u);

  std::vector<SensorEvent> events;
  queue.drain([&](SensorEvent& e) { events.push_back(e); });
  const auto t0 = static_cast<std::uint32_t>((15'609ull * 86'400'000 + Fake::kStartMsOfDay) * 1000);
  std::size_t ecg_samples = 0, resp_samples = 0, statuses = 0;
  std::vector<DeviceBeat> beats;
  for (const auto& e : events) {
    ASSERT_FALSE(event_problem(e).has_value()) << *event_problem(e);
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      const std::uint32_t rel_us = b->t_dev_us - t0;
      if (b->channel == bioharness::kEcgChannel) {
        ASSERT_EQ(rel_us % 4000, 0u);
        for (std::size_t k = 0; k < b->count; ++k) {
          const int raw = fake.ecg_raw(rel_us / 4000 + k);
          ASSERT_EQ(b->values[k], static_cast<float>(raw - 512) * bioharness::kEcgMillivoltsPerCount);
        }
        ecg_samples += b->count;
      } else {
        ASSERT_EQ(b->channel, bioharness::kRespChannel);
        ASSERT_EQ(rel_us % 56000, 0u);
        for (std::size_t k = 0; k < b->count; ++k) {
          ASSERT_EQ(b->values[k], static_cast<float>(Fake::breathing_raw(rel_us / 56000 + k)));
        }
        resp_samples += b->count;
      }
    } else if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
      beats.push_back(*beat);
    } else if (const auto* s = std::get_if<DeviceStatus>(&e)) {
      ++statuses;
      EXPECT_EQ(s->battery_pct, 55);
    } else if (std::holds_alternative<GapEvent>(e)) {
      ADD_FAILURE() << "a gap on a clean link";
    }
  }
  EXPECT_EQ(ecg_samples, fake.ecg_packets * 63);
  EXPECT_EQ(resp_samples, fake.breathing_packets * 18);
  EXPECT_EQ(statuses, fake.general_packets);

  ASSERT_EQ(beats.size(), truth.size());
  EXPECT_EQ(beats[0].flags, kBeatAfterGap) << "the first sign change only starts the series";
  std::int64_t max_rr_error_us = 0, max_time_error_us = 0;
  for (std::size_t k = 0; k < beats.size(); ++k) {
    const auto time_error = static_cast<std::int64_t>(beats[k].t_dev_us - t0) - static_cast<std::int64_t>(truth[k] * 1000);
    max_time_error_us = std::max<std::int64_t>(max_time_error_us, std::llabs(time_error));
    EXPECT_GE(time_error, 0) << "detected at or after the R wave";
    if (k == 0) continue;
    EXPECT_EQ(beats[k].flags, 0) << k;
    max_rr_error_us = std::max<std::int64_t>(
        max_rr_error_us, std::llabs(static_cast<std::int64_t>(beats[k].rr_us) - static_cast<std::int64_t>((truth[k] - truth[k - 1]) * 1000)));
    EXPECT_EQ(beats[k].t_dev_us - beats[k - 1].t_dev_us, beats[k].rr_us);
  }
  EXPECT_EQ(max_rr_error_us, 0);
  EXPECT_LT(max_time_error_us, 56'000) << "within one R-to-R sample";
  std::printf("[ bioharness ] %zu frames sent, %llu decoded; %zu beats, max |RR error| %lld us, "
              "max beat time error %lld us; %zu lifesigns heard\n",
              answers + packets.size(), static_cast<unsigned long long>(counters.frames), beats.size(),
              static_cast<long long>(max_rr_error_us), static_cast<long long>(max_time_error_us),
              fake.lifesigns_heard());
}

TEST(BioharnessLink, ARefusedStreamIsToldAsALinkMessageAndTheOthersRun) {
  Fake fake(testing::make_beat_times_ms(700, 20, 5));
  fake.refused.insert(bioharness::kSetEcg);
  resonant::testing::PtyDevice device;
  SensorQueue queue(8192);
  SerialSourceConfig config;
  config.port = device.path();
  config.stall_after_s = 10.0;
  auto source = make_serial_source(config, make_bioharness_handler({}), queue, [] {});
  std::vector<std::string> messages;
  auto pump = [&] {
    const auto answers = fake.on_host_bytes(device.receive());
    if (!answers.empty()) device.send(answers);
    queue.drain([&](SensorEvent& e) {
      if (const auto* l = std::get_if<LinkEvent>(&e)) messages.emplace_back(l->message.view());
    });
  };
  source->start();
  ASSERT_TRUE(wait_until([&] {
    pump();
    return fake.enabled(bioharness::kSetBreathing);
  }, 5s)) << "the streams after the refused one are still enabled";
  EXPECT_TRUE(wait_until([&] {
    pump();
    return std::any_of(messages.begin(), messages.end(), [](const std::string& m) {
      return m.find("refused to enable ECG waveform") != std::string::npos;
    });
  }, 2s)) << "the refusal reaches the link's messages";
  EXPECT_FALSE(fake.enabled(bioharness::kSetEcg));
  EXPECT_TRUE(fake.enabled(bioharness::kSetGeneralData) && fake.enabled(bioharness::kSetRr));
  source->stop();
}

}  // namespace
}  // namespace resonant::drivers
