#pragma once
// resonant-cli commands. main.cpp parses arguments (CLI11 stays in that one file because it
// is slow to compile) and calls one of these.
//
// Exit codes: 0 done, 1 runtime failure (device could not be used, file not writable),
// 2 usage error, 3 session ended early because the sensor was lost.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <resonant/engine/file_source.hpp>

namespace resonant::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitSensorLost = 3;

struct SimulateOptions {
  bool pty = false;
  std::string record_path;  // write a WFDB record instead of streaming on a pty
  double speed = 1.0;
  std::uint64_t seed = 1;
  std::string scenario = "calm";
  double duration_s = 0.0;
  std::string truth_path;
  std::string truth_events_path;
  std::optional<double> pacer_bpm;
  bool no_belt = false;     // no respiration-belt channel (a strap or pulse sensor alone)
};

struct SessionOptions {
  std::string port;
  std::string protocol = "auto";
  bool simulate = false;
  double speed = 1.0;
  std::uint64_t seed = 1;
  std::string scenario = "calm";
  bool no_belt = false;          // simulated person: no respiration-belt channel
  std::string truth_path;
  std::string truth_events_path;
  double duration_s = 0.0;       // 0 = until Ctrl-C
  bool json_lines = false;
  double pacer_bpm = 6.0;
  bool pacer_off = false;
  double pacer_inhale_fraction = 0.4;  // inhale share of the breath, [0.2, 0.8]
  double pacer_hold_in_s = 0.0;        // hold after inhale, [0, 10]
  double pacer_hold_out_s = 0.0;       // hold after exhale, [0, 10]
  std::string pacer_preset;      // "" = none; else a built-in or saved preset (overrides the above)
  double pacer_ramp_bpm = 0.0;   // 0 = no ramp; else slow toward this rate while keeping up
  double reconnect_timeout_s = 60.0;
  std::string db_path;           // "" = the default database (storage data folder)
  bool no_save = false;          // do not record this session
  std::string client = "me";     // whose session it is
  std::int64_t replay_id = 0;    // replay this saved session (0 = none); not saved by default
  bool save_replay = false;      // save the replay as a new session
  std::string protocol_file;     // run this protocol (TOML); the session ends with it
  std::string protocol_name;     // or a shipped / user protocol by name
  double resonance_bpm = 0.0;    // the client's rate for rate_from = "client_resonance"; 0 = stored
  double time_limit_min = 0.0;   // > 0: overrides the protocol's time_limit_min (fade_out protocols)
  double stop_protocol_at_s = 0.0;  // > 0: stop the protocol at this session time; the session goes on
  // The guided flow (session_flow.hpp): prepare -> baseline -> practice -> debrief, then stop.
  bool flow = false;
  double baseline_min = 2.0;     // [0, 60]; 0 = no baseline
  double practice_min = 10.0;    // (0, 60]
  std::string rate_before;       // "calm=7,tension=4"
  std::string rate_after;
  bool json = false;             // with --flow: the debrief as one JSON object
  std::vector<std::string> marks;  // office mode: SECONDS:LABEL[:end|:note] (session_marks.hpp)
};

struct ProtocolsOptions {
  bool json = false;
};

/// resonant-cli presets [save NAME ...]: list the pacer presets or save one.
struct PresetsOptions {
  std::string save_name;          // "" = list
  double rate_bpm = 6.0;
  double inhale_fraction = 0.4;
  double hold_after_inhale_s = 0.0;
  double hold_after_exhale_s = 0.0;
  double ramp_to_bpm = 0.0;
  std::string db_path;            // where to look for the client's assessed resonance rate
  std::string client = "me";
};

/// resonant-cli settings [list | get KEY | set KEY VALUE]: the dashboard's saved settings.
struct SettingsOptions {
  std::string action = "list";    // list, get or set
  std::string key;
  std::string value;
};

/// The client's resonance rate from their newest stored assessment ("my resonance rate"
/// preset); nullopt when there is none or the database cannot be read.
std::optional<double> assessed_resonance_rate(const std::string& db_path, const std::string& client);

struct SessionsOptions {
  std::string db_path;
  std::optional<std::string> client;  // only this client's sessions
  bool json = false;
};

struct TrendsOptions {
  std::string db_path;
  std::optional<std::string> client;  // only this client's sessions
  bool json = false;
};

struct ImportOptions {
  engine::FileSource source;
  std::string db_path;
  std::string client = "me";
};

struct ClientsOptions {
  std::string db_path;
  bool json = false;
  bool adding = false;      // "clients add" was given (its NAME may be empty: an error)
  std::string add_name;     // clients add NAME
  bool deleting = false;    // "clients delete" was given
  std::string delete_name;  // clients delete NAME
  bool yes = false;         // confirms the deletion
};

struct ExportOptions {
  std::string db_path;
  std::int64_t session_id = 0;
  std::string format;       // csv, kubios, edf, json
  bool deidentify = false;
  std::string out_path;
};

/// resonant-cli cards SESSION: the office mode's response cards of a saved session.
struct CardsOptions {
  std::string db_path;
  std::int64_t session_id = 0;
  bool json = false;
};

struct BeatsOptions {
  engine::FileSource source;
  bool causal = false;
  std::string out_path;  // "" = stdout
};

struct AnalyzeOptions {
  engine::FileSource source;
  bool json = false;
  std::string resonance_protocol;  // "START_S" or segment list; "" = no assessment
  double baseline_s = 300.0;       // resting baseline for the arousal index
  std::string spectrum = "welch";  // "welch" or "lomb"
  std::string detrend = "priors";  // "priors", "linear" or "none"
  double segment_s = 0.0;          // spectrum averaged over segments this long; 0 = whole
};

struct BenchOptions {
  engine::FileSource source;
  int repetitions = 5;
};

struct DevicesOptions {
  bool json = false;
};

int run_beats(const BeatsOptions& options);
int run_devices(const DevicesOptions& options);
int run_analyze(const AnalyzeOptions& options);
int run_bench(const BenchOptions& options);
int run_simulate(const SimulateOptions& options);
int run_session(const SessionOptions& options);
int run_presets(const PresetsOptions& options);
int run_settings(const SettingsOptions& options);
int run_sessions(const SessionsOptions& options);
int run_clients(const ClientsOptions& options);
int run_trends(const TrendsOptions& options);
int run_import(const ImportOptions& options);
int run_export(const ExportOptions& options);
int run_cards(const CardsOptions& options);
int run_protocols(const ProtocolsOptions& options);

/// Installs SIGINT/SIGTERM/SIGHUP/SIGPIPE handlers that only set a flag (checked by the
/// command loops).
void install_stop_signals();
bool stop_requested();

}  // namespace resonant::cli
