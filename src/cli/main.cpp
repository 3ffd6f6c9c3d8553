// resonant-cli: everything Resonant does, without a window.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include <resonant/engine/source_spec.hpp>

#include "commands.hpp"

namespace {

constexpr const char* kVersion = "0.1.0";

}  // namespace

int main(int argc, char** argv) {
  using namespace resonant::cli;
  CLI::App app{
      "resonant-cli: the Resonant breathing trainer without a window.\n"
      "Resonant is a training aid for slow breathing with heart-rate feedback, not a medical "
      "device."};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);
  const std::string scenarios = std::string(resonant::engine::scenario_names());

  SimulateOptions sim;
  auto* simulate = app.add_subcommand(
      "simulate",
      "Offer the simulated person as a serial device on a pseudo-terminal (path printed on the "
      "first line). It waits for a host to send START, then streams ECG, PPG, belt and skin "
      "conductance in the Resonant protocol.");
  simulate->add_flag("--pty", sim.pty, "open a pseudo-terminal (required)");
  simulate->add_option("--speed", sim.speed, "x real time, 0.1..100")->capture_default_str();
  simulate->add_option("--seed", sim.seed, "same seed, same person and same run")->capture_default_str();
  simulate->add_option("--scenario", sim.scenario, "one of: " + scenarios)->capture_default_str();
  simulate->add_option("--duration", sim.duration_s, "seconds of model time, then close (0 = until Ctrl-C)")
      ->capture_default_str();
  simulate->add_option("--truth", sim.truth_path, "write ground-truth beat times (s, one per line)");
  simulate->add_option("--truth-events", sim.truth_events_path,
                       "write ground-truth artifact and arousal labels (CSV)");
  simulate->add_option("--pacer-bpm", sim.pacer_bpm,
                       "the person follows a pacer at this rate (default: breathes freely)");

  SessionOptions ses;
  auto* session = app.add_subcommand(
      "session",
      "A live session in the terminal: one line per beat (time, HR, RR, RMSSD) and a summary.\n"
      "Exit codes: 0 done, 1 the device could not be used, 2 usage error, 3 the sensor was lost.");
  session->add_option("--port", ses.port, "serial device, e.g. /dev/ttyUSB0 or a pty");
  session->add_option("--protocol", ses.protocol,
                      "device protocol: " + std::string(resonant::engine::supported_protocols()))
      ->capture_default_str();
  session->add_flag("--simulate", ses.simulate, "use the built-in simulated person (through a pty)");
  session->add_option("--speed", ses.speed, "simulated person: x real time, 0.1..100")->capture_default_str();
  session->add_option("--seed", ses.seed, "simulated person: seed")->capture_default_str();
  session->add_option("--scenario", ses.scenario, "simulated person: one of: " + scenarios)
      ->capture_default_str();
  session->add_option("--truth", ses.truth_path, "simulated person: write ground-truth beat times");
  session->add_option("--truth-events", ses.truth_events_path,
                      "simulated person: write artifact and arousal labels (CSV)");
  session->add_option("--duration", ses.duration_s, "seconds of data, then stop (0 = until Ctrl-C)")
      ->capture_default_str();
  session->add_flag("--json-lines", ses.json_lines, "one JSON object per line instead of text");
  session->add_option("--pacer-bpm", ses.pacer_bpm, "breathing pacer rate, 3..10 breaths/min")
      ->capture_default_str();
  session->add_flag("--no-pacer", ses.pacer_off, "no pacer: breathe freely");
  session->add_option("--reconnect-timeout", ses.reconnect_timeout_s,
                      "end the session when the sensor has sent no data for this many seconds "
                      "(lost, silent, or never started)")
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (simulate->parsed()) return run_simulate(sim);
  if (session->parsed()) return run_session(ses);
  return kExitUsage;
}
