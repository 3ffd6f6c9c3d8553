#pragma once
// Commands from a controller (the UI or resonant-cli) to the engine (queue C).
// Everything the dashboard can do is one of these, so the CLI can drive all of it.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <variant>

#include <resonant/common/fixed_text.hpp>
#include <resonant/common/pacer.hpp>
#include <resonant/engine/protocol.hpp>
#include <resonant/engine/session_flow.hpp>
#include <resonant/engine/source_spec.hpp>

namespace resonant::engine {

/// Connect to a source (closing the current one first). Starts a new session clock.
struct ConnectCommand {
  SourceSpec source;
};

/// Close the current source; the pacer keeps running.
struct DisconnectCommand {};

/// Change the pacer from now on; the breath continues smoothly (see PacerSchedule).
struct SetPacerCommand {
  PacerSettings settings{};
  bool enabled = true;
};

/// Slow the pacer step by step toward target_bpm while the person keeps up (pacer_ramp.hpp),
/// starting from their measured breathing rate (the pacer keeps its rate until one is
/// measured; after 90 s of session time without one, the ramp starts from the pacer's rate).
/// Ratio and holds stay as they are. enabled false stops the ramp where it is. A
/// SetPacerCommand also stops it: the person took the rate in hand.
struct SetPacerRampCommand {
  double target_bpm = 6.0;  // [3, 10]
  bool enabled = true;
};

/// What a marker means (office mode, exercise_blocks.hpp): a plain note, the start of an
/// exercise block labelled with the text (it ends the running block, if any), or the end of
/// the running block. Stored as marker kinds "mark", "block" and "block_end".
enum class MarkKind : std::uint8_t { kNote, kBlockStart, kBlockEnd };

/// Mark this moment of the session (recorded as a marker with the text, at the newest data,
/// or at t_s when given: a session time not later than the newest data, e.g. a CLI script).
/// Each block gets a response card in the Snapshot (response_cards). A marker posted before
/// Engine::shutdown() is still recorded.
struct MarkCommand {
  FixedText<200> text;
  MarkKind kind = MarkKind::kNote;
  double t_s = std::numeric_limits<double>::quiet_NaN();  // NaN: the newest data
};

/// Run a protocol (protocol.hpp): its first step starts with the first data (now, if data
/// already flow) and replaces any protocol running. Steps set the pacer; the session's
/// events report each step; when it ends a ProtocolEndRecord follows (and an
/// AssessmentRecord first, if it had assessment blocks).
/// The engine refuses the command (ProtocolProgress::refusal says why; nothing else changes)
/// when the protocol needs the client's rate (Protocol::needs_client_resonance) and
/// client_resonance_rate_bpm is empty, or when time_limit_s is given for a protocol without
/// a fade_out step (Protocol::has_fade_out). The engine thread never reads storage for it.
struct StartProtocolCommand {
  std::shared_ptr<const Protocol> protocol;
  /// For rate_from = "client_resonance", looked up by the controller before posting (the
  /// client's newest stored assessment, or a rate the person gave). Empty: not looked up.
  /// NaN: looked up and the client has none, so such steps use their written rate_bpm.
  std::optional<double> client_resonance_rate_bpm = std::nullopt;
  /// Overrides the protocol's time_limit_min (e.g. the bedtime setting); NaN: the protocol's.
  double time_limit_s = std::numeric_limits<double>::quiet_NaN();
};

/// Ends the running protocol now (e.g. the person left bedtime mode): its end is recorded
/// (a "step" marker "<name>: stopped ..." and a ProtocolEndRecord with stopped = true), the
/// pacer keeps its current settings, everything recorded stays, and the Snapshot shows no
/// protocol. An assessment cut short is not scored. Nothing happens without a protocol.
struct StopProtocolCommand {};

// ---- the guided session flow (session_flow.hpp); RateCommand is declared there ----------
/// Prepare -> resting baseline -> practice -> debrief. The baseline starts with the first data
/// (now, if data already flow). Ignored unless the flow is in prepare.
struct StartFlowCommand {
  FlowSettings settings{};
};
/// Baseline -> practice now.
struct SkipBaselineCommand {};
/// Baseline or practice -> debrief now, keeping everything measured.
struct StopFlowCommand {};
/// Debrief -> prepare (the pacer returns to how it was before the start).
struct FinishFlowCommand {};

using Command = std::variant<ConnectCommand, DisconnectCommand, SetPacerCommand, MarkCommand,
                             StartProtocolCommand, SetPacerRampCommand, StartFlowCommand,
                             SkipBaselineCommand, StopFlowCommand, FinishFlowCommand, RateCommand,
                             StopProtocolCommand>;

}  // namespace resonant::engine
