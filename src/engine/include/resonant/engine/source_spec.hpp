#pragma once
// Which source the engine should read, named by value so the UI never touches drivers.
#include <cstdint>
#include <string>
#include <string_view>

namespace resonant::engine {

enum class SourceKind : std::uint8_t {
  kNone,       // nothing connected; the pacer still runs
  kSimulated,  // the built-in simulated person, streamed through an internal pty
  kSerial,     // a serial port (USB-serial, USB CDC, Bluetooth SPP, pty)
  kStoredSession,  // a saved session played back through the pipeline (src/replay_source.hpp)
};
std::string_view to_string(SourceKind kind);

inline constexpr double kMinSimSpeed = 0.1;
inline constexpr double kMaxSimSpeed = 100.0;

struct SourceSpec {
  SourceKind kind = SourceKind::kSimulated;
  // Serial:
  std::string port;                // e.g. /dev/ttyUSB0, /dev/serial/by-id/..., /dev/pts/3
  std::string protocol = "auto";   // "resonant" or "auto" (see supported_protocols())
  double give_up_after_s = 0.0;    // a lost device that has not come back after this long
                                   // ends the link as failed (0 = keep trying)
  // Stored session (replay):
  std::string database;            // the session database
  std::int64_t session_id = 0;
  // Simulated person and replay:
  double speed = 1.0;              // [kMinSimSpeed, kMaxSimSpeed] x real time
  std::uint64_t seed = 1;
  std::string scenario = "calm";   // see drivers/SIMULATED_PERSON.md
  bool belt = true;                // false = no breathing belt (a strap or pulse sensor alone):
                                   // the breathing rate comes from the heart rhythm
  std::string truth_path;          // if set, ground-truth beat times are written here
  std::string truth_events_path;   // if set, ground-truth artifact/arousal labels (CSV)
};

/// Help text of the simulated person's --no-belt option (resonant and resonant-cli).
inline constexpr const char* kNoBeltHelp =
    "Simulated person: no breathing belt (as with a chest strap or pulse sensor alone); the "
    "breathing rate is then estimated from the heart rhythm";

/// Scenario names of the simulated person (drivers/SIMULATED_PERSON.md).
bool is_known_scenario(std::string_view name);
std::string_view scenario_names();

/// Protocol names accepted in SourceSpec::protocol, for help texts and validation.
std::string_view supported_protocols();
bool is_supported_protocol(std::string_view name);

}  // namespace resonant::engine
