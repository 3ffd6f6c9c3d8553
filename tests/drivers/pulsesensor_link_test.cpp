// PulseSensor end to end: a fake Arduino sketch on a pty, SerialSource + the PulseSensor
// handler, queue A.
#include <utility>

#include <resonant/drivers/pulsesensor_handler.hpp>
#include <resonant/drivers/serial_source.hpp>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "pty_device.hpp"
#include "pulsesensor_fake.hpp"

namespace resonant::drivers {
namespace {

using namespace std::chrono_literals;

TEST(PulseSensorLink, ProcessingOutputArrivesWhole) {
  resonant::testing::PtyDevice device;
  SensorQueue queue(8192);
  const auto truth = testing::make_pulsesensor_truth(300, 2026);
  std::size_t lines = 0;
  const auto bytes = testing::pulsesensor_bytes(testing::pulsesensor_processing_text(truth, &lines));
  auto handler = make_pulsesensor_handler({});
  EXPECT_EQ(handler->serial_settings().describe(), "115200 8N1");
  EXPECT_EQ(handler->frames_to_confirm(), kPulseSensorLinesToConfirm);
  SerialSourceConfig c;
  c.port = device.path();
  c.stall_after_s = 5.0;
  auto source = make_serial_source(c, std::move(handler), queue, [] {});
  source->start();
  std::this_thread::sleep_for(100ms);
  for (std::size_t i = 0; i < bytes.size(); i += 1000) {
    device.send(std::span<const std::uint8_t>(bytes.data() + i, std::min<std::size_t>(1000, bytes.size() - i)));
  }
  testing::PulseSensorDecoded got;
  const auto deadline = std::chrono::steady_clock::now() + 8s;
  while ((got.samples.size() + kPulseSensorBlockSamples < truth.signal.size() ||
          got.beats.size() < truth.beat_ms.size()) &&
         std::chrono::steady_clock::now() < deadline) {
    queue.drain([&](SensorEvent& e) { got.add(e); });
    std::this_thread::sleep_for(10ms);
  }
  const auto counters = source->counters();
  EXPECT_TRUE(device.receive().empty()) << "the sketch takes no commands";
  source->stop();
  EXPECT_EQ(counters.frames, lines);
  EXPECT_EQ(counters.framing_errors, 0u);
  EXPECT_EQ(counters.seq_gaps, 0u);
  ASSERT_TRUE(got.described_before_data);
  ASSERT_GE(got.samples.size(), truth.signal.size() - kPulseSensorBlockSamples);
  for (std::size_t i = 0; i < got.samples.size(); ++i) ASSERT_EQ(got.samples[i], truth.signal[i]) << i;
  ASSERT_EQ(got.beats.size(), truth.beat_ms.size());
  std::uint64_t max_error_us = 0;
  for (std::size_t i = 1; i < got.beats.size(); ++i) {
    const std::uint64_t want = (truth.beat_ms[i] - truth.beat_ms[i - 1]) * 1000u;
    max_error_us = std::max<std::uint64_t>(
        max_error_us, static_cast<std::uint64_t>(std::llabs(static_cast<long long>(got.beats[i].rr_us) -
                                                            static_cast<long long>(want))));
  }
  EXPECT_EQ(max_error_us, 0u) << "IBIs exactly (2 ms resolution)";
  EXPECT_TRUE(got.gaps.empty());
  std::printf("[ pulsesensor ] lines sent %zu, decoded %llu, beats %zu\n", lines,
              static_cast<unsigned long long>(counters.frames), got.beats.size());
}

}  // namespace
}  // namespace resonant::drivers
