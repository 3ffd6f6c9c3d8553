// PulseSensor Playground lines (sensor-protocols.md §5.1): both output types, the multi-sensor
// letters, malformed and overlong lines, beat timing from the IBI chain.
#include <resonant/drivers/pulsesensor_decoder.hpp>

#include <string>

#include <gtest/gtest.h>

#include "pulsesensor_fake.hpp"

namespace resonant::drivers {
namespace {

using testing::PulseSensorDecoded;

PulseSensorDecoded feed(PulseSensorDecoder& d, const std::string& text, std::size_t chunk = 7) {
  CollectingSink sink;
  const auto bytes = testing::pulsesensor_bytes(text);
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    d.decode(std::span(bytes).subspan(i, std::min(chunk, bytes.size() - i)), SteadyClock::time_point{}, sink);
  }
  PulseSensorDecoded got;
  for (const auto& e : sink.events) got.add(e);
  return got;
}

TEST(PulseSensorDecoder, ProcessingOutputGivesSamplesAndIbis) {
  const auto t = testing::make_pulsesensor_truth(30, 1);
  std::size_t lines = 0;
  const auto text = testing::pulsesensor_processing_text(t, &lines);
  PulseSensorDecoder d;
  const auto got = feed(d, text);
  EXPECT_TRUE(got.described_before_data);
  EXPECT_EQ(d.stats().frames, lines);
  EXPECT_EQ(d.stats().framing_errors, 0u);
  EXPECT_EQ(d.ignored_lines(), t.beat_ms.size()) << "the B lines";
  ASSERT_GE(got.samples.size(), t.signal.size() - kPulseSensorBlockSamples);
  for (std::size_t i = 0; i < got.samples.size(); ++i) ASSERT_EQ(got.samples[i], t.signal[i]);
  ASSERT_EQ(got.beats.size(), t.beat_ms.size());
  EXPECT_EQ(got.beats[0].flags, kBeatAfterGap);
  EXPECT_EQ(got.beats[0].rr_us, 0u);
  EXPECT_EQ(got.beats[0].t_dev_us, testing::pulsesensor_report_sample(t.beat_ms[0]) * kPulseSensorSamplePeriodUs);
  for (std::size_t i = 1; i < got.beats.size(); ++i) {
    EXPECT_EQ(got.beats[i].rr_us, (t.beat_ms[i] - t.beat_ms[i - 1]) * 1000u) << i;
    EXPECT_EQ(got.beats[i].t_dev_us - got.beats[i - 1].t_dev_us, got.beats[i].rr_us);
    EXPECT_EQ(got.beats[i].flags, 0);
  }
}

TEST(PulseSensorDecoder, PlotterOutputInfersBeatsFromChangedIbis) {
  const auto t = testing::make_pulsesensor_truth(30, 2);
  PulseSensorDecoder d;
  const auto got = feed(d, testing::pulsesensor_plotter_text(t), 64);
  EXPECT_EQ(d.stats().framing_errors, 0u);
  ASSERT_GE(got.samples.size(), t.signal.size() - kPulseSensorBlockSamples);
  for (std::size_t i = 0; i < got.samples.size(); ++i) ASSERT_EQ(got.samples[i], t.signal[i]);
  // Beat 0 keeps the library's initial IBI (no change); every later beat changes the column
  // unless two IBIs are equal.
  std::size_t expected = 0;
  for (std::size_t i = 1; i < t.beat_ms.size(); ++i) {
    const auto ibi = t.beat_ms[i] - t.beat_ms[i - 1];
    const auto prev = i == 1 ? 600u : t.beat_ms[i - 1] - t.beat_ms[i - 2];
    if (ibi != prev) ++expected;
  }
  ASSERT_EQ(got.beats.size(), expected);
  for (std::size_t i = 1; i < got.beats.size(); ++i) {
    if (got.beats[i].rr_us != 0) {
      EXPECT_EQ(got.beats[i].t_dev_us - got.beats[i - 1].t_dev_us, got.beats[i].rr_us);
    }
  }
}

TEST(PulseSensorDecoder, MalformedLinesAreCountedAndBreakTheBeatChain) {
  PulseSensorDecoder d;
  std::string text;
  for (int i = 0; i < 40; ++i) text += "S500\r\n";
  text += "Q800\r\n";
  for (int i = 0; i < 40; ++i) text += "S510\r\n";
  text += "Q800\r\n";
  text += "S5x2\r\n";                       // bad number
  text += "Q\r\n";                          // no number
  text += "hello from setup()\r\n";         // not a Playground line
  text += std::string(200, '7') + "\r\n";   // far too long
  text += std::string("S\x01\xff" "3\r\n");  // binary bytes
  text += "S-4\r\n";                        // out of range
  text += "7\r\n";                          // a lone number
  for (int i = 0; i < 40; ++i) text += "S520\r\n";
  text += "Q800\r\n";
  for (int i = 0; i < 40; ++i) text += "S520\r\n";
  text += "Q800\r\n";
  const auto got = feed(d, text, 5);
  EXPECT_EQ(d.stats().framing_errors, 7u);
  EXPECT_EQ(got.gaps.size(), 1u) << "one gap for the run of bad lines";
  ASSERT_EQ(got.beats.size(), 4u);
  EXPECT_EQ(got.beats[1].rr_us, 800'000u);
  EXPECT_EQ(got.beats[2].rr_us, 0u) << "never an RR across lines that may have been lost";
  EXPECT_EQ(got.beats[2].flags, kBeatAfterGap);
  EXPECT_EQ(got.beats[3].rr_us, 800'000u);
}

TEST(PulseSensorDecoder, ImplausibleOrDriftingIbisRestartTheChain) {
  PulseSensorDecoder d;
  std::string text;
  auto samples = [&](int n) {
    for (int i = 0; i < n; ++i) text += "S500\r\n";
  };
  samples(10);
  text += "Q700\r\n";
  samples(35);
  text += "Q700\r\n";   // consistent with 35 samples (700 ms)
  samples(35);
  text += "Q4000\r\n";  // implausible
  samples(35);
  text += "Q700\r\n";
  samples(100);
  text += "Q700\r\n";   // 2 s of samples but IBI 700: a beat was missed
  const auto got = feed(d, text);
  ASSERT_EQ(got.beats.size(), 5u);
  EXPECT_EQ(got.beats[1].rr_us, 700'000u);
  EXPECT_EQ(got.beats[2].rr_us, 0u);
  EXPECT_EQ(got.beats[3].rr_us, 700'000u);
  EXPECT_EQ(got.beats[4].rr_us, 0u);
  EXPECT_EQ(got.beats[4].flags, kBeatAfterGap);
}

TEST(PulseSensorDecoder, MultiSensorLettersDecodeSensorZero) {
  PulseSensorDecoder d;
  std::string text;
  for (int i = 0; i < 40; ++i) text += "a" + std::to_string(300 + i) + "\r\nb7\r\n";
  text += "A75\r\nM800\r\nB60\r\nN1000\r\nQ900\r\n";
  for (int i = 0; i < 40; ++i) text += "a400\r\nb7\r\n";
  text += "A75\r\nM800\r\n";
  const auto got = feed(d, text);
  EXPECT_EQ(d.stats().framing_errors, 0u);
  ASSERT_GE(got.samples.size(), 70u);
  EXPECT_EQ(got.samples[5], 305.0f);
  ASSERT_EQ(got.beats.size(), 2u) << "Q is sensor 4's IBI here";
  EXPECT_EQ(got.beats[1].rr_us, 800'000u);
}

TEST(PulseSensorDecoder, PartialFirstLineAndBareLineFeedsAreHarmless) {
  PulseSensorDecoder d;
  const auto got = feed(d, "12\r\n\nS100\nS101\r\n\r\n");
  EXPECT_EQ(d.stats().framing_errors, 1u);
  EXPECT_EQ(d.stats().frames, 2u);
  EXPECT_TRUE(got.gaps.empty()) << "nothing decoded before the bad line";
}

}  // namespace
}  // namespace resonant::drivers
