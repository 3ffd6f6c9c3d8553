#pragma once
// Test-only Nonin oximeters (sensor-protocols.md §6.1): frame builders for DF2 / DF7 / DF8, a
// seeded synthetic pulse as ground truth, and a device side for a pty that starts in DF8,
// answers the host's data-format command (ACK for the formats it has, NAK otherwise) and then
// streams 25-frame packets.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include <resonant/drivers/nonin_decoder.hpp>
#include <resonant/drivers/nonin_handler.hpp>

#include "pty_device.hpp"

namespace resonant::drivers::testing {

struct NoninTruth {
  std::vector<std::uint16_t> pleth;         // 16-bit (DF2 sends the top 8 bits)
  std::vector<std::uint64_t> beat_frames;
  std::vector<bool> perfusion;              // pulse marker: 12 frames per beat
};

inline NoninTruth make_nonin_truth(std::size_t beats, std::uint32_t seed) {
  constexpr std::uint64_t kMarkerFrames = 12;
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.03);
  NoninTruth t;
  std::uint64_t at = 40;
  for (std::size_t i = 0; i < beats; ++i) {
    t.beat_frames.push_back(at);
    const double rr_s = 0.9 + 0.1 * std::sin(static_cast<double>(i) * 0.5) + noise(rng);
    at += static_cast<std::uint64_t>(std::lround(rr_s * kNoninSampleRateHz));
  }
  // Whole packets of 25 frames.
  const std::uint64_t frames = (at + 24) / 25 * 25;
  t.pleth.resize(frames);
  t.perfusion.assign(frames, false);
  std::size_t next = 0;
  std::uint64_t last = 0;
  for (std::uint64_t n = 0; n < frames; ++n) {
    if (next < t.beat_frames.size() && t.beat_frames[next] == n) last = t.beat_frames[next++];
    const double s = static_cast<double>(n - last) / kNoninSampleRateHz;
    const double pulse = std::exp(-std::pow((s - 0.15) / 0.08, 2)) + 0.25 * std::exp(-std::pow((s - 0.45) / 0.1, 2));
    t.pleth[n] = static_cast<std::uint16_t>(std::clamp(std::lround(8000 + 50000 * pulse), 0L, 65535L));
    if (next > 0 && n < last + kMarkerFrames) t.perfusion[n] = true;
  }
  return t;
}

/// FLOAT byte of frame `index` (1..25) for HR 72, SpO2 97.
inline std::uint8_t nonin_float(unsigned index) {
  switch (index) {
    case 1: return 0;     // HR MSB
    case 2: return 72;    // HR LSB
    case 3: return 97;    // SpO2
    default: return 0;
  }
}

inline std::uint8_t nonin_status(bool sync, bool perfusion, bool sensor_alarm = false) {
  return static_cast<std::uint8_t>(0x80 | (sync ? 0x01 : 0) | (perfusion ? 0x02 : 0) |
                                   (sensor_alarm ? 0x08 : 0));
}

inline std::array<std::uint8_t, 5> nonin_df2_frame(std::uint8_t status, std::uint8_t pleth, std::uint8_t fl) {
  const std::uint8_t b0 = 0x01;
  return {b0, status, pleth, fl, static_cast<std::uint8_t>(b0 + status + pleth + fl)};
}

inline std::array<std::uint8_t, 5> nonin_df7_frame(std::uint8_t status, std::uint16_t pleth, std::uint8_t fl) {
  const auto msb = static_cast<std::uint8_t>(pleth >> 8);
  const auto lsb = static_cast<std::uint8_t>(pleth & 0xFF);
  return {status, msb, lsb, fl, static_cast<std::uint8_t>(status + msb + lsb + fl)};
}

inline std::array<std::uint8_t, 4> nonin_df8_frame(unsigned hr, unsigned spo2, bool sensor_alarm = false) {
  return {static_cast<std::uint8_t>(0x80 | ((hr >> 7) & 0x03)), static_cast<std::uint8_t>(hr & 0x7F),
          static_cast<std::uint8_t>(spo2 & 0x7F), static_cast<std::uint8_t>(sensor_alarm ? 0x08 : 0)};
}

/// The frames of a whole stream in DF2 (pleth's top 8 bits) or DF7.
inline std::vector<std::uint8_t> nonin_stream(const NoninTruth& t, bool df7) {
  std::vector<std::uint8_t> out;
  for (std::size_t n = 0; n < t.pleth.size(); ++n) {
    const unsigned index = static_cast<unsigned>(n % 25) + 1;
    const std::uint8_t st = nonin_status(index == 1, t.perfusion[n]);
    if (df7) {
      const auto f = nonin_df7_frame(st, t.pleth[n], nonin_float(index));
      out.insert(out.end(), f.begin(), f.end());
    } else {
      const auto f = nonin_df2_frame(st, static_cast<std::uint8_t>(t.pleth[n] >> 8), nonin_float(index));
      out.insert(out.end(), f.begin(), f.end());
    }
  }
  return out;
}

/// Decoded pleth of the truth in a format (DF2 keeps the top 8 bits).
inline float nonin_expected_pleth(const NoninTruth& t, std::size_t n, bool df7) {
  return df7 ? static_cast<float>(t.pleth[n]) : static_cast<float>(t.pleth[n] >> 8);
}

/// The decoded events of a test, split by kind.
struct NoninDecoded {
  std::vector<float> samples;
  std::vector<std::uint32_t> sample_t_us;  // block time + offset: within 1 us of the decoder's clock
  std::vector<std::uint8_t> sample_flags;
  std::vector<DeviceBeat> beats;
  std::vector<DeviceStatus> statuses;
  std::vector<GapEvent> gaps;
  std::vector<ChannelInfo> channels;
  std::size_t device_infos = 0;
  bool described_before_data = true;

  void add(const SensorEvent& e) {
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (channels.empty()) described_before_data = false;
      for (std::size_t i = 0; i < b->count; ++i) {
        samples.push_back(b->values[i]);
        sample_t_us.push_back(b->t_dev_us + static_cast<std::uint32_t>(i * 1'000'000u / 75u));
        sample_flags.push_back(b->flags);
      }
    } else if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
      beats.push_back(*beat);
    } else if (const auto* s = std::get_if<DeviceStatus>(&e)) {
      statuses.push_back(*s);
    } else if (const auto* g = std::get_if<GapEvent>(&e)) {
      gaps.push_back(*g);
    } else if (const auto* c = std::get_if<ChannelInfo>(&e)) {
      channels.push_back(*c);
    } else if (std::holds_alternative<DeviceInfo>(e)) {
      ++device_infos;
    }
  }
};

/// Data-format commands found in what the host sent.
inline std::vector<std::uint8_t> nonin_requested_formats(const std::vector<std::uint8_t>& bytes) {
  std::vector<std::uint8_t> formats;
  for (std::size_t i = 0; i + 6 <= bytes.size(); ++i) {
    if (bytes[i] == 0x02 && bytes[i + 1] == 0x70 && bytes[i + 2] == 0x02 && bytes[i + 3] == 0x02 &&
        bytes[i + 5] == 0x03) {
      formats.push_back(bytes[i + 4]);
    }
  }
  return formats;
}

/// The device side: `df8_frames` DF8 frames first, then it answers each format command (ACK
/// if `supported` has it, NAK otherwise) until one is accepted, then streams `stream` (built
/// for that format). Returns the formats the host asked for.
inline std::vector<std::uint8_t> run_nonin_fake(resonant::testing::PtyDevice& device, std::size_t df8_frames,
                                                std::vector<std::uint8_t> supported,
                                                const std::vector<std::uint8_t>& stream) {
  for (std::size_t i = 0; i < df8_frames; ++i) {
    const auto f = nonin_df8_frame(72, 97);
    device.send(std::span<const std::uint8_t>(f.data(), f.size()));
  }
  std::vector<std::uint8_t> from_host;
  std::size_t answered = 0;
  bool accepted = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!accepted && std::chrono::steady_clock::now() < deadline) {
    const auto got = device.receive();
    from_host.insert(from_host.end(), got.begin(), got.end());
    const auto asked = nonin_requested_formats(from_host);
    for (; answered < asked.size() && !accepted; ++answered) {
      accepted = std::find(supported.begin(), supported.end(), asked[answered]) != supported.end();
      const std::uint8_t answer = accepted ? NoninDecoder::kAck : NoninDecoder::kNak;
      device.send(std::span<const std::uint8_t>(&answer, 1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!accepted) return nonin_requested_formats(from_host);
  constexpr std::size_t kChunk = 375;  // one second at 9600 baud
  for (std::size_t i = 0; i < stream.size(); i += kChunk) {
    device.send(std::span<const std::uint8_t>(stream.data() + i, std::min(kChunk, stream.size() - i)));
  }
  return nonin_requested_formats(from_host);
}

}  // namespace resonant::drivers::testing
