#pragma once
// The simulated person written to a WFDB record (resonant-cli simulate --record): test
// material of any length, e.g. the 24-hour recording the memory check of `analyze` uses.
//
// Channels, all at the model's 250 Hz in one format-16 signal file: ECG (mV, 1 uV steps),
// PPG (a.u., 1/1000 steps), RESP belt (a.u., 1/1000; left out when belt is false) and EDA
// (uS, 1 nS steps, 0..32.7 uS).
// Ground-truth beats go to <name>.atr: 'N' for normal beats and 'V' for the premature beats of
// the artifact process (a beat whose QRS the ECG lacks is still annotated: it happened).
// Written as the model runs, so memory stays small for any duration.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <resonant/common/pacer.hpp>
#include <resonant/engine/file_source.hpp>

namespace resonant::engine {

struct SimulatedRecordOptions {
  std::filesystem::path header_path;  // <dir>/<name>.hea (".hea" added when missing)
  std::string scenario = "calm";
  std::uint64_t seed = 1;
  double duration_s = 300.0;          // (0, 7 days]
  std::optional<PacerSettings> pacer; // the person follows this pacer; none = free breathing
  bool belt = true;                   // false = no RESP signal (a strap or pulse sensor alone)
};

struct SimulatedRecordResult {
  std::filesystem::path header_path;
  std::uint64_t frames = 0;
  std::uint64_t beats = 0;
};

/// Throws std::invalid_argument (unknown scenario, bad duration) or FileSourceError (cannot
/// write; the partial files are removed).
SimulatedRecordResult write_simulated_record(const SimulatedRecordOptions& options,
                                             const ProgressFn& progress = {});

}  // namespace resonant::engine
