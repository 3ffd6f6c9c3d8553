// resonant-cli simulate --pty: the simulated person as a serial device for other programs.
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <thread>

#include <resonant/engine/simulated_record.hpp>
#include <resonant/engine/simulator_host.hpp>

#include "commands.hpp"
#include "progress_line.hpp"

namespace resonant::cli {

namespace {

std::optional<PacerSettings> pacer_of(const SimulateOptions& o) {
  if (!o.pacer_bpm) return std::nullopt;
  PacerSettings p;
  p.rate_bpm = *o.pacer_bpm;
  return p;
}

int write_record(const SimulateOptions& o) {
  engine::SimulatedRecordOptions opts;
  opts.header_path = o.record_path;
  opts.scenario = o.scenario;
  opts.seed = o.seed;
  opts.duration_s = o.duration_s;
  opts.pacer = pacer_of(o);
  opts.belt = !o.no_belt;
  try {
    engine::SimulatedRecordResult result;
    {
      ProgressLine progress("simulating");
      result = engine::write_simulated_record(opts, progress.callback());
    }
    std::fprintf(stderr, "wrote %s: %.1f min, %llu beats (scenario %s, seed %llu%s)\n",
                 result.header_path.c_str(), o.duration_s / 60.0,
                 static_cast<unsigned long long>(result.beats), o.scenario.c_str(),
                 static_cast<unsigned long long>(o.seed), o.no_belt ? ", no belt" : "");
    return kExitOk;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "resonant-cli simulate: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli simulate: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace

int run_simulate(const SimulateOptions& o) {
  if (o.pty == !o.record_path.empty()) {
    std::fprintf(stderr,
                 "resonant-cli simulate: choose --pty (the simulated person is offered on a "
                 "pseudo-terminal; its path is printed on the first line) or --record PATH "
                 "(written to a WFDB recording)\n");
    return kExitUsage;
  }
  if (!o.record_path.empty()) return write_record(o);
  engine::SimulatorOptions opts;
  opts.scenario = o.scenario;
  opts.seed = o.seed;
  opts.speed = o.speed;
  opts.duration_s = o.duration_s;
  opts.truth_path = o.truth_path;
  opts.truth_events_path = o.truth_events_path;
  opts.belt = !o.no_belt;
  opts.pacer = pacer_of(o);
  std::unique_ptr<engine::SimulatorHost> host;
  try {
    host = std::make_unique<engine::SimulatorHost>(opts);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "resonant-cli simulate: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli simulate: %s\n", e.what());
    return kExitFailure;
  }
  install_stop_signals();
  std::printf("%s\n", host->path().c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "simulated person (%s, seed %llu, x%g%s) on %s: open it with "
               "`resonant-cli session --port %s`; Ctrl-C stops\n",
               o.scenario.c_str(), static_cast<unsigned long long>(o.seed), o.speed,
               o.no_belt ? ", no belt" : "",
               host->path().c_str(), host->path().c_str());
  host->start();
  // With --duration the device closes its pty by itself at the end (finished()).
  while (!stop_requested() && !host->finished()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  host->stop();
  std::fprintf(stderr, "simulated person stopped after %.1f s of model time%s\n",
               host->model_time_s(), host->overruns() ? " (some frames were dropped: the reader was too slow)" : "");
  return kExitOk;
}

}  // namespace resonant::cli
