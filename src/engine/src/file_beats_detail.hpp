#pragma once
// The offline beat step shared by `beats`, `analyze` and `bench` (private to the engine).
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include <resonant/engine/file_beats.hpp>

namespace resonant::engine::detail {

/// Offline detector over each run of valid samples (NaN splits runs; the first beat of each
/// run is after_gap).
std::vector<FileBeat> detect_beats_offline(std::span<const float> samples, double sample_rate_hz,
                                           SignalChoice signal);

/// FileSourceError when the detector cannot run at this rate (ECG 100-2000 Hz, PPG 25-2000 Hz).
void check_beat_channel(const std::string& file, double sample_rate_hz, SignalChoice signal);

/// A number for a message as a person writes it: "5", "6.5", "31.25" (std::to_string gives
/// "5.000000").
inline std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace resonant::engine::detail
