#pragma once
// resonant-cli commands. main.cpp parses arguments (CLI11 stays in that one file because it
// is slow to compile) and calls one of these.
//
// Exit codes: 0 done, 1 runtime failure (device could not be used, file not writable),
// 2 usage error, 3 session ended early because the sensor was lost.
#include <cstdint>
#include <optional>
#include <string>

namespace resonant::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitSensorLost = 3;

struct SimulateOptions {
  bool pty = false;
  double speed = 1.0;
  std::uint64_t seed = 1;
  std::string scenario = "calm";
  double duration_s = 0.0;
  std::string truth_path;
  std::string truth_events_path;
  std::optional<double> pacer_bpm;
};

struct SessionOptions {
  std::string port;
  std::string protocol = "auto";
  bool simulate = false;
  double speed = 1.0;
  std::uint64_t seed = 1;
  std::string scenario = "calm";
  std::string truth_path;
  std::string truth_events_path;
  double duration_s = 0.0;       // 0 = until Ctrl-C
  bool json_lines = false;
  double pacer_bpm = 6.0;
  bool pacer_off = false;
  double reconnect_timeout_s = 60.0;
};

int run_simulate(const SimulateOptions& options);
int run_session(const SessionOptions& options);

/// Installs SIGINT/SIGTERM handlers that only set a flag (checked by the command loops).
void install_stop_signals();
bool stop_requested();

}  // namespace resonant::cli
