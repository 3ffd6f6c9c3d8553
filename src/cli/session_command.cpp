// resonant-cli session: a live session in the terminal, from a serial port or the simulated
// person (on an internal pty, so the data always crosses a real serial port).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <resonant/engine/engine.hpp>
#include <resonant/engine/protocol_library.hpp>
#include <resonant/engine/resonance_result.hpp>
#include <resonant/engine/pacer_preset_file.hpp>
#include <resonant/engine/session_history.hpp>

#include "commands.hpp"
#include "flow_output.hpp"
#include "session_marks.hpp"
#include "session_output.hpp"

namespace resonant::cli {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(5);

int exit_code_for(SessionEnd end) {
  switch (end) {
    case SessionEnd::kDuration:
    case SessionEnd::kProtocolComplete:
    case SessionEnd::kInterrupted: return kExitOk;
    case SessionEnd::kSensorLost: return kExitSensorLost;
    case SessionEnd::kFailed: return kExitFailure;
  }
  return kExitFailure;
}

/// The protocol asked for (nullptr: none); false with a message when it cannot be used.
bool load_protocol(const SessionOptions& o, std::shared_ptr<const engine::Protocol>& out) {
  if (!o.protocol_file.empty() && !o.protocol_name.empty()) {
    std::fprintf(stderr, "resonant-cli session: choose one of --protocol-file and --protocol-name\n");
    return false;
  }
  try {
    if (!o.protocol_file.empty()) {
      out = std::make_shared<const engine::Protocol>(engine::load_protocol_file(o.protocol_file));
    } else if (!o.protocol_name.empty()) {
      out = std::make_shared<const engine::Protocol>(engine::find_protocol(o.protocol_name));
    }
  } catch (const engine::ProtocolError& e) {
    std::fprintf(stderr, "resonant-cli session: %s\n", e.what());
    return false;
  }
  return true;
}

/// The client's rate for the protocol, looked up here so the engine never reads storage:
/// --resonance-bpm, else their newest stored assessment; NaN (with a note saying what happens
/// and what to do) when there is none; empty when the protocol does not use it.
std::optional<double> client_rate(const SessionOptions& o, const engine::Protocol& p,
                                  const std::string& database) {
  if (o.resonance_bpm > 0.0) return o.resonance_bpm;
  if (!p.needs_client_resonance()) return std::nullopt;
  std::string error;
  const auto stored = database.empty() ? std::nullopt
                                       : engine::stored_resonance_rate(database, o.client, error);
  if (stored) {
    std::fprintf(stderr, "resonant-cli session: client \"%s\": resonance rate %.1f breaths/min from the newest assessment\n",
                 o.client.c_str(), *stored);
    return *stored;
  }
  std::fprintf(stderr,
               "resonant-cli session: client \"%s\" has no stored resonance assessment%s%s: steps at "
               "the client's rate use the rate_bpm written in the protocol. Run "
               "--protocol-name resonance_assessment first, or pass --resonance-bpm.\n",
               o.client.c_str(), error.empty() ? "" : " (", error.empty() ? "" : (error + ")").c_str());
  return std::nan("");
}

/// --time-limit-min and --stop-protocol-at need a protocol, and a time limit one that fades
/// out; false with one message saying so.
bool protocol_timing_usable(const SessionOptions& o, const engine::Protocol* protocol) {
  if ((o.time_limit_min > 0.0 || o.stop_protocol_at_s > 0.0) && protocol == nullptr) {
    std::fprintf(stderr, "resonant-cli session: --time-limit-min and --stop-protocol-at need a "
                         "protocol (--protocol-name or --protocol-file)\n");
    return false;
  }
  if (o.time_limit_min > 0.0) {
    const std::string why = engine::time_limit_refusal(*protocol);
    if (!why.empty()) {
      std::fprintf(stderr, "resonant-cli session: --time-limit-min: %s\n", why.c_str());
      return false;
    }
  }
  return true;
}

// Says on stderr when the pacer's rate changes (the adaptive ramp slowing it), so a person
// following in the terminal knows; stdout stays one record per beat.
void report_pacer_change(const engine::Snapshot& snap, double& last_rate_bpm) {
  const double rate = snap.pacer.settings.rate_bpm;
  if (!snap.pacer_enabled || std::abs(rate - last_rate_bpm) < kPacerRateStepBpm * 0.5) return;
  last_rate_bpm = rate;
  if (snap.pacer_ramp_active) {
    std::fprintf(stderr, "resonant-cli session: pacer %.1f breaths/min (slowing toward %.1f while you keep up)\n",
                 rate, snap.pacer_ramp_target_bpm);
  } else {
    std::fprintf(stderr, "resonant-cli session: pacer %.1f breaths/min\n", rate);
  }
}

/// The flow's settings and ratings from the options; false with a message when unusable.
bool flow_plan(const SessionOptions& o, const PacerSettings& pacer, engine::FlowSettings& settings,
               std::vector<engine::RateCommand>& before, std::vector<engine::RateCommand>& after) {
  if (!(o.baseline_min >= 0.0 && o.baseline_min * 60.0 <= engine::kMaxFlowPhaseS) ||
      !(o.practice_min > 0.0 && o.practice_min * 60.0 <= engine::kMaxFlowPhaseS)) {
    std::fprintf(stderr, "resonant-cli session: --baseline-min must be 0..60 and --practice-min above 0, up to 60\n");
    return false;
  }
  std::string error;
  if (!parse_ratings(o.rate_before, engine::RatingWhen::kBefore, before, error) ||
      !parse_ratings(o.rate_after, engine::RatingWhen::kAfter, after, error)) {
    std::fprintf(stderr, "resonant-cli session: %s\n", error.c_str());
    return false;
  }
  settings.baseline_s = o.baseline_min * 60.0;
  settings.practice_s = o.practice_min * 60.0;
  settings.practice_pacer = pacer;
  return true;
}

/// Says on stderr when the flow moves on, so a person following in the terminal knows.
void report_flow_phase(const engine::Snapshot& snap, engine::FlowPhase& last) {
  if (snap.flow.phase == last) return;
  last = snap.flow.phase;
  static constexpr const char* kSay[] = {
      "prepare", "resting baseline: sit comfortably and breathe as you like",
      "practice: breathe with the pacer, low and slow, without forcing", "debrief"};
  std::fprintf(stderr, "resonant-cli session: %s\n", kSay[static_cast<int>(last)]);
}

/// Posts the "after" ratings and waits (briefly) until the engine shows them.
void rate_after(engine::Engine& eng, const std::vector<engine::RateCommand>& after) {
  for (const auto& r : after) eng.post(r);
  constexpr auto kMaxWait = std::chrono::seconds(2);
  const auto until = SteadyClock::now() + kMaxWait;
  auto shown = [&] {
    const engine::FlowRatings& got = eng.snapshot().flow.ratings;
    for (const auto& r : after) {
      if (got.get(r.scale, r.when) != r.value) return false;
    }
    return true;
  };
  while (!shown() && SteadyClock::now() < until) std::this_thread::sleep_for(kPollInterval);
}

}  // namespace

int run_session(const SessionOptions& o) {
  const bool replay = o.replay_id != 0;
  if (int{o.simulate} + int{!o.port.empty()} + int{replay} != 1) {
    std::fprintf(stderr,
                 "resonant-cli session: choose one source: --port PATH, --simulate or --replay ID\n");
    return kExitUsage;
  }
  if (!o.port.empty() && !engine::is_supported_protocol(o.protocol)) {
    std::fprintf(stderr, "resonant-cli session: unknown protocol '%s'; supported: %s\n",
                 o.protocol.c_str(), std::string(engine::supported_protocols()).c_str());
    return kExitUsage;
  }
  if (o.no_belt && !o.simulate) {
    std::fprintf(stderr, "resonant-cli session: --no-belt describes the simulated person; use it "
                         "with --simulate (a real device declares its own channels)\n");
    return kExitUsage;
  }
  if (o.simulate && !engine::is_known_scenario(o.scenario)) {
    std::fprintf(stderr, "resonant-cli session: unknown scenario '%s'; choose one of: %s\n",
                 o.scenario.c_str(), std::string(engine::scenario_names()).c_str());
    return kExitUsage;
  }
  if (!(o.pacer_bpm >= kPacerMinRateBpm && o.pacer_bpm <= kPacerMaxRateBpm)) {
    std::fprintf(stderr, "resonant-cli session: --pacer-bpm must be between %.0f and %.0f\n",
                 kPacerMinRateBpm, kPacerMaxRateBpm);
    return kExitUsage;
  }
  if (!(o.speed >= engine::kMinSimSpeed && o.speed <= engine::kMaxSimSpeed)) {
    std::fprintf(stderr, "resonant-cli session: --speed must be between 0.1 and 100\n");
    return kExitUsage;
  }

  if (!(o.resonance_bpm == 0.0 || (o.resonance_bpm >= kPacerMinRateBpm && o.resonance_bpm <= kPacerMaxRateBpm))) {
    std::fprintf(stderr, "resonant-cli session: --resonance-bpm must be between %.0f and %.0f\n",
                 kPacerMinRateBpm, kPacerMaxRateBpm);
    return kExitUsage;
  }
  std::string marks_error;
  const auto marks = parse_marks(o.marks, marks_error);
  if (!marks) {
    std::fprintf(stderr, "resonant-cli session: %s\n", marks_error.c_str());
    return kExitUsage;
  }
  MarkScheduler mark_scheduler(*marks);
  std::shared_ptr<const engine::Protocol> protocol;
  if (!load_protocol(o, protocol)) return kExitUsage;
  if (!protocol_timing_usable(o, protocol.get())) return kExitUsage;
  if (o.client.empty()) {
    std::fprintf(stderr, "resonant-cli session: --client needs a name\n");
    return kExitUsage;
  }

  engine::EngineConfig config;
  config.initial_pacer = clamped(
      PacerSettings{o.pacer_bpm, o.pacer_inhale_fraction, o.pacer_hold_in_s, o.pacer_hold_out_s});
  config.pacer_enabled = !o.pacer_off;
  double ramp_bpm = o.pacer_ramp_bpm;
  if (ramp_bpm != 0.0 && !(ramp_bpm >= kPacerMinRateBpm && ramp_bpm <= kPacerMaxRateBpm)) {
    std::fprintf(stderr, "resonant-cli session: --pacer-ramp must be between %.0f and %.0f\n",
                 kPacerMinRateBpm, kPacerMaxRateBpm);
    return kExitUsage;
  }
  if (ramp_bpm != 0.0 && protocol) {
    std::fprintf(stderr, "resonant-cli session: a protocol sets the pacer itself, step by step; "
                         "leave out --pacer-ramp (or write the ramp into the protocol: rate_end_bpm)\n");
    return kExitUsage;
  }
  if (!o.pacer_preset.empty()) {
    const engine::UserPresets user = engine::load_user_presets(engine::default_user_presets_path());
    const auto all =
        engine::all_pacer_presets(user.presets, assessed_resonance_rate(o.db_path, o.client));
    const auto preset = find_pacer_preset(all, o.pacer_preset);
    if (!preset) {
      std::string names;
      for (const PacerPreset& p : all) names += (names.empty() ? "" : ", ") + p.name;
      std::fprintf(stderr, "resonant-cli session: no pacer preset named '%s'; choose one of: %s\n",
                   o.pacer_preset.c_str(), names.c_str());
      return kExitUsage;
    }
    config.initial_pacer = preset->settings;
    if (ramp_bpm == 0.0) ramp_bpm = preset->ramp_target_bpm;
  }
  const bool save = replay ? o.save_replay && !o.no_save : !o.no_save;
  if (save) {
    config.recording.client = o.client;
    config.recording.record_replays = replay;
    if (!o.db_path.empty()) {
      config.recording.database = o.db_path;
    } else {
      try {
        config.recording.database = engine::default_database_path().string();
      } catch (const std::exception& e) {
        // The session itself does not need the disk: it runs and says it is not saved.
        std::fprintf(stderr, "resonant-cli session: not being saved: %s\n", e.what());
      }
    }
  }
  engine::FlowSettings flow_settings;
  std::vector<engine::RateCommand> ratings_before, ratings_after;
  if (o.flow && protocol) {
    std::fprintf(stderr, "resonant-cli session: --flow runs its own baseline and practice; leave out the protocol\n");
    return kExitUsage;
  }
  if (o.flow && !flow_plan(o, config.initial_pacer, flow_settings, ratings_before, ratings_after)) return kExitUsage;
  engine::Engine eng(config);

  engine::SourceSpec spec;
  if (replay) {
    spec.kind = engine::SourceKind::kStoredSession;
    spec.session_id = o.replay_id;
    spec.speed = o.speed;
    try {
      spec.database = o.db_path.empty() ? engine::default_database_path().string() : o.db_path;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "resonant-cli session: %s\n", e.what());
      return kExitFailure;
    }
  } else if (o.simulate) {
    spec.kind = engine::SourceKind::kSimulated;
    spec.speed = o.speed;
    spec.seed = o.seed;
    spec.scenario = o.scenario;
    spec.belt = !o.no_belt;
    spec.truth_path = o.truth_path;
    spec.truth_events_path = o.truth_events_path;
  } else {
    spec.kind = engine::SourceKind::kSerial;
    spec.port = o.port;
    spec.protocol = o.protocol;
  }
  spec.give_up_after_s = o.reconnect_timeout_s;
  eng.post(engine::ConnectCommand{spec});
  if (o.flow) {
    for (const auto& r : ratings_before) eng.post(r);
    eng.post(engine::StartFlowCommand{flow_settings});
  }
  if (protocol) {
    engine::StartProtocolCommand start{protocol, client_rate(o, *protocol, config.recording.database)};
    if (o.time_limit_min > 0.0) start.time_limit_s = o.time_limit_min * 60.0;
    eng.post(start);
  }
  // A protocol sets the pacer step by step; a preset's ramp would fight it.
  if (ramp_bpm > 0.0 && !o.pacer_off && !protocol && !o.flow) eng.post(engine::SetPacerRampCommand{ramp_bpm, true});
  install_stop_signals();

  // With --flow, stdout carries only the debrief (phases are said on stderr).
  SessionOutput out(stdout, o.json_lines);
  engine::FlowPhase flow_phase = engine::FlowPhase::kPrepare;
  double last_pacer_bpm = 0.0;
  double first_sample_s = std::nan("");
  bool ever_streamed = false;
  std::string failure;
  SessionEnd end = SessionEnd::kInterrupted;
  // Host time since the link last streamed (or since the start): a sensor that sends nothing
  // for --reconnect-timeout ends the session, whether it never started or went quiet.
  bool streaming = false;
  SteadyClock::time_point quiet_since = SteadyClock::now();
  const auto quiet_limit = std::chrono::duration<double>(o.reconnect_timeout_s);
  // --stop-protocol-at: posted once the data reach that session time, as --mark does.
  bool stop_protocol_pending = o.stop_protocol_at_s > 0.0;
  for (bool done = false; !done;) {
    engine::EngineEvent e;
    while (eng.poll_event(e)) {
      if (!o.flow) out.event(e);
      if (const auto* p = std::get_if<engine::ProtocolEndRecord>(&e)) {
        // A protocol stopped on purpose leaves the session running, at the pacer's rate.
        if (!p->stopped) {
          end = SessionEnd::kProtocolComplete;
          done = true;
        }
      } else if (const auto* s = std::get_if<engine::StreamRecord>(&e)) {
        if (std::isnan(first_sample_s)) first_sample_s = s->first_sample_t_s;
        ever_streamed = true;
      } else if (const auto* l = std::get_if<engine::LinkRecord>(&e)) {
        if (l->state == LinkState::kStreaming) {
          streaming = true;
        } else if (streaming) {
          streaming = false;
          quiet_since = SteadyClock::now();
        }
        if (replay && ever_streamed && l->state == LinkState::kIdle) {
          end = SessionEnd::kDuration;  // the replay reached the session's end
          done = true;
        }
        if (l->state == LinkState::kFailed) {
          end = ever_streamed ? SessionEnd::kSensorLost : SessionEnd::kFailed;
          failure = std::string(l->message.view());
          done = true;
        }
      }
    }
    if (done) break;
    if (protocol && !eng.snapshot().protocol.refusal.empty()) {  // the engine would not start it
      failure = "the protocol was not started: " + std::string(eng.snapshot().protocol.refusal.view());
      end = SessionEnd::kFailed;
      break;
    }
    report_pacer_change(eng.snapshot(), last_pacer_bpm);
    if (o.flow) {
      report_flow_phase(eng.snapshot(), flow_phase);
      if (flow_phase == engine::FlowPhase::kDebrief) {
        rate_after(eng, ratings_after);
        end = SessionEnd::kProtocolComplete;
        break;
      }
    }
    if (stop_requested()) {
      end = SessionEnd::kInterrupted;
      break;
    }
    const double data_s = eng.data_time_s();
    mark_scheduler.post_due(data_s, [&](engine::MarkCommand m) { return eng.post(std::move(m)); });
    if (stop_protocol_pending && data_s >= o.stop_protocol_at_s) {
      stop_protocol_pending = !eng.post(engine::StopProtocolCommand{});
    }
    if (o.duration_s > 0.0 && !std::isnan(first_sample_s) && !std::isnan(data_s) &&
        data_s - first_sample_s >= o.duration_s) {
      end = SessionEnd::kDuration;
      break;
    }
    if (!streaming && SteadyClock::now() - quiet_since >= quiet_limit) {
      const auto secs = std::to_string(static_cast<long>(std::lround(o.reconnect_timeout_s)));
      end = ever_streamed ? SessionEnd::kSensorLost : SessionEnd::kFailed;
      failure = ever_streamed ? "the sensor has sent no data for " + secs + " s"
                              : "no data arrived from the device within " + secs +
                                    " s: check the port, the protocol and that the sensor is on";
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  eng.shutdown();
  engine::EngineEvent e;
  while (eng.poll_event(e)) {
    if (!o.flow) out.event(e);
  }
  const engine::Snapshot& final_snapshot = eng.snapshot();
  // The flow's --json output is one object: cards go with the flow's table output only.
  if (!(o.flow && o.json)) {
    print_response_cards(stdout, {final_snapshot.response_cards.data(), final_snapshot.response_card_count},
                         o.json_lines);
  }
  if (o.flow) {
    print_debrief(stdout, final_snapshot.flow, o.json);
  } else {
    out.summary(eng.summary(), end);
  }
  if (!failure.empty()) std::fprintf(stderr, "resonant-cli session: %s\n", failure.c_str());
  return exit_code_for(end);
}

}  // namespace resonant::cli
