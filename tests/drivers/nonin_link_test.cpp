// Nonin end to end: a fake 9560 on a pty starting in DF8, answering the host's data-format
// command, then streaming DF7 (or, refusing DF7, DF2); plus the handler's negotiation alone.
#include <utility>

#include <resonant/drivers/nonin_handler.hpp>
#include <resonant/drivers/serial_source.hpp>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "nonin_fake.hpp"
#include "pty_device.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

TEST(NoninHandler, AsksForDf7ThenDf2AfterANak) {
  auto h = make_nonin_handler({});
  EXPECT_EQ(h->serial_settings().describe(), "9600 8N1");
  h->reset();
  EXPECT_EQ(h->on_open(), nonin_format_command(kNoninFormatDf7));
  SensorQueue queue(256);
  AtomicLinkCounters counters;
  EventPublisher publisher(queue, counters);
  const std::vector<std::uint8_t> nak{NoninDecoder::kNak};
  const auto t = SteadyClock::time_point{} + 10s;
  EXPECT_EQ(h->on_bytes(nak, t, publisher, counters).reply, nonin_format_command(kNoninFormatDf2));
  const std::vector<std::uint8_t> ack{NoninDecoder::kAck};
  EXPECT_TRUE(h->on_bytes(ack, t, publisher, counters).reply.empty());
  EXPECT_EQ(counters.framing_errors, 0u) << "answers are not garbage";
  // Once answered, the same bytes are garbage again.
  h->on_bytes(nak, t, publisher, counters);
  EXPECT_EQ(counters.framing_errors, 1u);
  EXPECT_TRUE(h->on_stall().empty());
}

TEST(NoninHandler, StopsWaitingForAnAnswerAfterTheWindow) {
  auto h = make_nonin_handler({});
  h->reset();
  h->on_open();
  const auto t0 = SteadyClock::time_point{} + 10s;
  h->on_tick(t0);
  h->on_tick(t0 + kNoninAnswerWindow + 250ms);
  SensorQueue queue(256);
  AtomicLinkCounters counters;
  EventPublisher publisher(queue, counters);
  const std::vector<std::uint8_t> nak{NoninDecoder::kNak};
  EXPECT_TRUE(h->on_bytes(nak, t0 + 7s, publisher, counters).reply.empty());
  EXPECT_EQ(counters.framing_errors, 1u);
}

class NoninLinkTest : public ::testing::TestWithParam<bool> {};

TEST_P(NoninLinkTest, StartsInDf8SwitchesFormatAndStreamsWhole) {
  const bool df7 = GetParam();
  resonant::testing::PtyDevice device;
  SensorQueue queue(8192);
  const auto truth = testing::make_nonin_truth(300, df7 ? 7 : 2);
  const auto stream = testing::nonin_stream(truth, df7);
  SerialSourceConfig c;
  c.port = device.path();
  c.stall_after_s = 5.0;
  auto source = make_serial_source(c, make_nonin_handler({}), queue, [] {});
  source->start();
  constexpr std::size_t kDf8Frames = 3;
  const std::vector<std::uint8_t> supported =
      df7 ? std::vector<std::uint8_t>{kNoninFormatDf2, kNoninFormatDf7, kNoninFormatDf8}
          : std::vector<std::uint8_t>{kNoninFormatDf2, kNoninFormatDf8};
  const auto asked = testing::run_nonin_fake(device, kDf8Frames, supported, stream);
  if (df7) {
    EXPECT_EQ(asked, std::vector<std::uint8_t>{kNoninFormatDf7});
  } else {
    EXPECT_EQ(asked, (std::vector<std::uint8_t>{kNoninFormatDf7, kNoninFormatDf2}));
  }
  testing::NoninDecoded got;
  const auto deadline = std::chrono::steady_clock::now() + 8s;
  while (got.samples.size() + kNoninBlockSamples < truth.pleth.size() &&
         std::chrono::steady_clock::now() < deadline) {
    queue.drain([&](SensorEvent& e) { got.add(e); });
    std::this_thread::sleep_for(10ms);
  }
  const auto counters = source->counters();
  source->stop();
  queue.drain([&](SensorEvent& e) { got.add(e); });
  EXPECT_EQ(counters.frames, kDf8Frames + truth.pleth.size());
  EXPECT_EQ(counters.framing_errors, 0u);
  EXPECT_EQ(counters.crc_errors, 0u);
  EXPECT_EQ(counters.seq_gaps, 0u);
  ASSERT_TRUE(got.described_before_data);
  EXPECT_EQ(got.channels.back().adc_bits, df7 ? 16 : 8);
  ASSERT_GE(got.samples.size(), truth.pleth.size() - kNoninBlockSamples);
  for (std::size_t i = 0; i < got.samples.size(); ++i) {
    ASSERT_EQ(got.samples[i], testing::nonin_expected_pleth(truth, i, df7)) << i;
  }
  ASSERT_EQ(got.beats.size(), truth.beat_frames.size());
  std::uint64_t max_error_us = 0;
  for (std::size_t i = 1; i < got.beats.size(); ++i) {
    const auto want = nonin_frame_time_us(truth.beat_frames[i]) - nonin_frame_time_us(truth.beat_frames[i - 1]);
    max_error_us = std::max<std::uint64_t>(
        max_error_us, static_cast<std::uint64_t>(std::llabs(static_cast<long long>(got.beats[i].rr_us) -
                                                            static_cast<long long>(want))));
  }
  EXPECT_EQ(max_error_us, 0u) << "RR at the frame resolution (1/75 s)";
  std::printf("[ nonin %s ] frames sent %zu (+%zu DF8), decoded %llu, beats %zu\n", df7 ? "DF7" : "DF2",
              truth.pleth.size(), kDf8Frames, static_cast<unsigned long long>(counters.frames), got.beats.size());
}

INSTANTIATE_TEST_SUITE_P(NoninFormats, NoninLinkTest, ::testing::Values(true, false),
                         [](const auto& p) { return p.param ? "Df7" : "Df2"; });

}  // namespace
}  // namespace resonant::drivers
