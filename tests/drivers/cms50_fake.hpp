#pragma once
// Test-only CMS50 oximeters (sensor-protocols.md §6.2): packet builders for both variants, a
// seeded synthetic pulse as ground truth, and a device side for a pty that streams the legacy
// packets or, for V7.0, waits for the host's start command first.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include <resonant/drivers/cms50_decoders.hpp>
#include <resonant/drivers/cms50_handlers.hpp>

#include "pty_device.hpp"

namespace resonant::drivers::testing {

/// Ground truth: a 7-bit pleth per packet and the packets where beats start.
struct Cms50Truth {
  std::vector<std::uint8_t> pleth;
  std::vector<std::uint64_t> beat_packets;
  std::vector<bool> marker;  // the pulse bit of each packet (set for 3 packets per beat)
};

/// `beats` beats with RR from a seeded generator (about 60..90 bpm with breathing-like
/// variation), on the 60 Hz packet grid.
inline Cms50Truth make_cms50_truth(std::size_t beats, std::uint32_t seed) {
  constexpr int kMarkerPackets = 3;
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.03);
  Cms50Truth t;
  std::uint64_t at = 30;  // the first beat half a second in
  for (std::size_t i = 0; i < beats; ++i) {
    t.beat_packets.push_back(at);
    const double rr_s = 0.85 + 0.08 * std::sin(static_cast<double>(i) * 0.6) + noise(rng);
    at += static_cast<std::uint64_t>(std::lround(rr_s * kCms50SampleRateHz));
  }
  const std::uint64_t packets = at;
  t.pleth.resize(packets);
  t.marker.assign(packets, false);
  std::size_t next = 0;
  std::uint64_t last_beat = 0;
  for (std::uint64_t n = 0; n < packets; ++n) {
    if (next < t.beat_packets.size() && t.beat_packets[next] == n) last_beat = t.beat_packets[next++];
    const double since_s = static_cast<double>(n - last_beat) / kCms50SampleRateHz;
    const double pulse = std::exp(-std::pow((since_s - 0.12) / 0.07, 2)) +
                         0.3 * std::exp(-std::pow((since_s - 0.40) / 0.10, 2));
    t.pleth[n] = static_cast<std::uint8_t>(std::clamp(std::lround(20 + 90 * pulse), 0L, 127L));
    if (next > 0 && n < last_beat + kMarkerPackets) t.marker[n] = true;
  }
  return t;
}

/// One legacy packet (Variant A). contact=false sets "searching too long" (finger out).
inline std::array<std::uint8_t, 5> cms50_legacy_packet(std::uint8_t pleth, bool beep,
                                                       unsigned pr = 72, unsigned spo2 = 97,
                                                       bool contact = true) {
  std::array<std::uint8_t, 5> p{};
  p[0] = static_cast<std::uint8_t>(0x80 | (beep ? 0x40 : 0) | (contact ? 0 : 0x10) | 5);
  p[1] = pleth & 0x7F;
  p[2] = static_cast<std::uint8_t>(((pr & 0x80) ? 0x40 : 0) | 4);
  p[3] = static_cast<std::uint8_t>(pr & 0x7F);
  p[4] = static_cast<std::uint8_t>(spo2 & 0x7F);
  return p;
}

/// One V7.0 real-time packet (Variant B): type 0x01, high byte, 7 data bytes with bit 7 set.
inline std::array<std::uint8_t, 9> cms50_v7_packet(std::uint8_t pleth, bool beat, unsigned pr = 72,
                                                   unsigned spo2 = 97) {
  const std::array<std::uint8_t, 7> data{static_cast<std::uint8_t>(beat ? 0x40 : 0),
                                         static_cast<std::uint8_t>(pleth & 0x7F),
                                         0,
                                         static_cast<std::uint8_t>(pr),
                                         static_cast<std::uint8_t>(spo2),
                                         0x7F,
                                         0x7F};
  std::array<std::uint8_t, 9> p{};
  p[0] = 0x01;
  p[1] = 0x80;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] & 0x80) p[1] = static_cast<std::uint8_t>(p[1] | (1u << i));
    p[2 + i] = static_cast<std::uint8_t>(0x80 | data[i]);
  }
  return p;
}

inline std::vector<std::uint8_t> cms50_legacy_stream(const Cms50Truth& t) {
  std::vector<std::uint8_t> out;
  for (std::size_t n = 0; n < t.pleth.size(); ++n) {
    const auto p = cms50_legacy_packet(t.pleth[n], t.marker[n]);
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

inline std::vector<std::uint8_t> cms50_v7_stream(const Cms50Truth& t) {
  std::vector<std::uint8_t> out;
  for (std::size_t n = 0; n < t.pleth.size(); ++n) {
    const auto p = cms50_v7_packet(t.pleth[n], t.marker[n]);
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

/// Does `bytes` contain the V7.0 start command?
inline std::size_t count_v7_start_commands(const std::vector<std::uint8_t>& bytes) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + kCms50V7StartRealTime.size() <= bytes.size(); ++i) {
    if (std::equal(kCms50V7StartRealTime.begin(), kCms50V7StartRealTime.end(), bytes.begin() + i)) ++n;
  }
  return n;
}

/// The device side of a pty, V7.0: nothing until the host sends the start command, then the
/// whole stream (in pieces, as a USB-serial cable delivers it). Returns what the host sent.
inline std::vector<std::uint8_t> run_cms50_v7_fake(resonant::testing::PtyDevice& device,
                                                   const std::vector<std::uint8_t>& stream) {
  std::vector<std::uint8_t> from_host;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (count_v7_start_commands(from_host) == 0 && std::chrono::steady_clock::now() < deadline) {
    const auto got = device.receive();
    from_host.insert(from_host.end(), got.begin(), got.end());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (count_v7_start_commands(from_host) == 0) return from_host;  // the test reports it
  constexpr std::size_t kChunk = 512;
  for (std::size_t i = 0; i < stream.size(); i += kChunk) {
    device.send(std::span<const std::uint8_t>(stream.data() + i, std::min(kChunk, stream.size() - i)));
  }
  return from_host;
}

}  // namespace resonant::drivers::testing

namespace resonant::drivers::testing {

/// The decoded events of a test, split by kind (samples flattened with their device times).
struct Cms50Decoded {
  std::vector<float> samples;
  std::vector<std::uint32_t> sample_t_us;  // block time + offset: within 1 us of the decoder's clock
  std::vector<std::uint8_t> sample_flags;
  std::vector<DeviceBeat> beats;
  std::vector<DeviceStatus> statuses;
  std::vector<GapEvent> gaps;
  std::size_t device_infos = 0;
  std::size_t channel_infos = 0;
  bool described_before_data = true;

  void add(const SensorEvent& e) {
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (channel_infos == 0) described_before_data = false;
      for (std::size_t i = 0; i < b->count; ++i) {
        samples.push_back(b->values[i]);
        sample_t_us.push_back(b->t_dev_us + static_cast<std::uint32_t>(
                                                i * 1'000'000u / static_cast<unsigned>(kCms50SampleRateHz)));
        sample_flags.push_back(b->flags);
      }
    } else if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
      if (channel_infos == 0) described_before_data = false;
      beats.push_back(*beat);
    } else if (const auto* s = std::get_if<DeviceStatus>(&e)) {
      statuses.push_back(*s);
    } else if (const auto* g = std::get_if<GapEvent>(&e)) {
      gaps.push_back(*g);
    } else if (std::holds_alternative<DeviceInfo>(e)) {
      ++device_infos;
    } else if (std::holds_alternative<ChannelInfo>(e)) {
      ++channel_infos;
    }
  }
};

inline Cms50Decoded cms50_split(const std::vector<SensorEvent>& events) {
  Cms50Decoded d;
  for (const auto& e : events) d.add(e);
  return d;
}

}  // namespace resonant::drivers::testing
