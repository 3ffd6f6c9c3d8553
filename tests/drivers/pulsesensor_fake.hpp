#pragma once
// Test-only PulseSensor Playground sketch (sensor-protocols.md §5.1): a seeded synthetic pulse
// sampled every 2 ms, printed every 10th sample as `S<signal>` lines, with `B<bpm>` and
// `Q<ibi_ms>` after the sample line in which a beat was found (as the library's example loop
// does), or as `BPM,IBI,Signal` plotter lines.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <resonant/drivers/pulsesensor_decoder.hpp>

namespace resonant::drivers::testing {

struct PulseSensorTruth {
  std::vector<int> signal;                 // one per printed sample (50 Hz)
  std::vector<std::uint64_t> beat_ms;      // beat times on the library's 2 ms clock
};

inline PulseSensorTruth make_pulsesensor_truth(std::size_t beats, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.04);
  PulseSensorTruth t;
  std::uint64_t at_ms = 500;
  for (std::size_t i = 0; i < beats; ++i) {
    t.beat_ms.push_back(at_ms);
    const double rr_s = 0.82 + 0.09 * std::sin(static_cast<double>(i) * 0.55) + noise(rng);
    at_ms += 2 * static_cast<std::uint64_t>(std::lround(rr_s * 500.0));  // 2 ms resolution
  }
  const std::size_t samples = static_cast<std::size_t>(at_ms / 20 + 1);
  std::size_t next = 0;
  std::uint64_t last = 0;
  for (std::size_t n = 0; n < samples; ++n) {
    const std::uint64_t now_ms = n * 20;
    while (next < t.beat_ms.size() && t.beat_ms[next] <= now_ms) last = t.beat_ms[next++];
    const double s = static_cast<double>(now_ms - last) / 1000.0;
    const double pulse = std::exp(-std::pow((s - 0.1) / 0.07, 2)) + 0.3 * std::exp(-std::pow((s - 0.38) / 0.1, 2));
    t.signal.push_back(static_cast<int>(std::lround(480 + 300 * pulse)));
  }
  return t;
}

/// The printed sample at or after each beat: where its B/Q lines follow.
inline std::size_t pulsesensor_report_sample(std::uint64_t beat_ms) { return static_cast<std::size_t>((beat_ms + 19) / 20); }

/// PROCESSING_VISUALIZER output. Returns the text; `lines` counts the lines.
inline std::string pulsesensor_processing_text(const PulseSensorTruth& t, std::size_t* lines = nullptr) {
  std::string out;
  std::size_t n_lines = 0;
  std::size_t next = 0;
  for (std::size_t n = 0; n < t.signal.size(); ++n) {
    out += "S" + std::to_string(t.signal[n]) + "\r\n";
    ++n_lines;
    while (next < t.beat_ms.size() && pulsesensor_report_sample(t.beat_ms[next]) == n) {
      const std::uint64_t ibi = next == 0 ? 600 : t.beat_ms[next] - t.beat_ms[next - 1];
      out += "B" + std::to_string(60000 / ibi) + "\r\nQ" + std::to_string(ibi) + "\r\n";
      n_lines += 2;
      ++next;
    }
  }
  if (lines) *lines = n_lines;
  return out;
}

/// SERIAL_PLOTTER output: BPM,IBI,Signal on every sample line.
inline std::string pulsesensor_plotter_text(const PulseSensorTruth& t) {
  std::string out;
  std::size_t next = 0;
  std::uint64_t ibi = 600;
  for (std::size_t n = 0; n < t.signal.size(); ++n) {
    while (next < t.beat_ms.size() && pulsesensor_report_sample(t.beat_ms[next]) == n) {
      if (next > 0) ibi = t.beat_ms[next] - t.beat_ms[next - 1];
      ++next;
    }
    out += std::to_string(60000 / ibi) + "," + std::to_string(ibi) + "," + std::to_string(t.signal[n]) + "\r\n";
  }
  return out;
}

inline std::vector<std::uint8_t> pulsesensor_bytes(const std::string& text) {
  return {text.begin(), text.end()};
}

struct PulseSensorDecoded {
  std::vector<float> samples;
  std::vector<DeviceBeat> beats;
  std::vector<GapEvent> gaps;
  std::size_t channel_infos = 0;
  bool described_before_data = true;

  void add(const SensorEvent& e) {
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (channel_infos == 0) described_before_data = false;
      samples.insert(samples.end(), b->values.begin(), b->values.begin() + b->count);
    } else if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
      beats.push_back(*beat);
    } else if (const auto* g = std::get_if<GapEvent>(&e)) {
      gaps.push_back(*g);
    } else if (std::holds_alternative<ChannelInfo>(e)) {
      ++channel_infos;
    }
  }
};

}  // namespace resonant::drivers::testing
