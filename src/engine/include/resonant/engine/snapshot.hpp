#pragma once
// Snapshot: everything the UI draws, published by the engine about 10 times a second and on
// every beat through a Latest<Snapshot> triple buffer (wait-free for the UI).
// Plain fixed-size data: copying it never allocates.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include <resonant/common/channel.hpp>
#include <resonant/common/fixed_text.hpp>
#include <resonant/common/link_status.hpp>
#include <resonant/common/pacer.hpp>
#include <resonant/common/session_clock.hpp>
#include <resonant/dsp/response_card.hpp>
#include <resonant/dsp/rr_artifacts.hpp>
#include <resonant/engine/live_figures.hpp>
#include <resonant/engine/recording_status.hpp>
#include <resonant/engine/session_flow.hpp>
#include <resonant/engine/source_spec.hpp>

namespace resonant::engine {

inline constexpr std::size_t kTachogramCapacity = 600;  // ~8 min at 75 bpm
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct TachogramPoint {
  double t_s = 0.0;        // session time of the beat
  float rr_ms = 0.0f;      // interval ending at this beat
  float hr_bpm = 0.0f;     // 60000 / rr_ms
  bool after_gap = false;  // the series was broken before this beat: do not join the line
  // Artifact label of the interval ending at this beat (dsp/rr_artifacts.hpp), known 2 beats
  // later (artifact_decided false until then). The point keeps the raw interval.
  dsp::BeatLabel artifact = dsp::BeatLabel::kNormal;
  bool artifact_decided = false;
};

inline constexpr std::size_t kStepNameChars = 64;
inline constexpr std::size_t kStepInstructionChars = 400;

/// The protocol step in progress (ProtocolRunner), for a view to show its instruction.
struct ProtocolProgress {
  bool active = false;             // a protocol is running (or waiting for the first data)
  bool started = false;            // its first step began
  std::uint32_t step_index = 0;    // 0-based
  std::uint32_t step_count = 0;
  FixedText<kStepNameChars> protocol_name;
  FixedText<kStepNameChars> step_name;
  FixedText<kStepInstructionChars> instruction;
  bool feedback = true;            // show heart-rate feedback during this step
  double step_start_s = kNaN;      // session time
  double step_end_s = kNaN;
  double protocol_end_s = kNaN;    // at the latest (a time limit or settling may end it sooner)
  double guidance = 1.0;           // pacer emphasis 1..0 (falls over a fade_out step)
  /// Why the last StartProtocolCommand was refused ("" = it was not); kept until the next
  /// start or stop. Shown with or without a protocol running.
  FixedText<kLinkMessageChars> refusal;
};

inline constexpr std::size_t kResponseCardCapacity = 8;
inline constexpr std::size_t kBlockLabelChars = 48;

/// An exercise block's response card (office mode; dsp/response_card.hpp): the running block
/// has card.ended false and figures "so far".
struct ExerciseCard {
  FixedText<kBlockLabelChars> label;  // e.g. "grounding"
  dsp::ResponseCard card{};
};

struct Snapshot {
  std::uint64_t sequence = 0;   // increments on every publish
  SessionClock clock{};         // session "now" for the pacer: clock.session_now(steady now)

  // Source and link
  SourceKind source_kind = SourceKind::kNone;
  FixedText<96> source_description;
  LinkState link_state = LinkState::kIdle;
  FixedText<kLinkMessageChars> link_message;  // what happened, and what to do on errors
  LinkCounters counters{};
  bool data_flowing = false;    // samples arrived in the last second of session time

  // Beats and heart-rate variability (NaN = not available yet)
  ChannelKind beat_channel = ChannelKind::kOther;  // ECG or PPG
  std::uint64_t beat_count = 0;
  double last_beat_t_s = kNaN;
  double hr_bpm = kNaN;          // from the last valid RR interval
  double rr_ms = kNaN;
  double rmssd_ms = kNaN;        // over the last hrv_window_s seconds, artifact-corrected NN
  double sdnn_ms = kNaN;         // (both lag the newest beat by the corrector's 2 beats);
                                 // NaN until the window's NN span dsp::kMinShownHrvSpanS
  double hrv_window_s = 0.0;
  std::uint32_t hrv_window_beats = 0;  // NN intervals in that window
  double hrv_window_span_s = 0.0;      // their sum (s): how far RMSSD/SDNN are from shown
  // Successive NN pairs in that window that change by more than a fifth (dsp/rhythm_check.hpp):
  // over 10 % (rhythm_uneven), early beats or an irregular rhythm dominate and RMSSD/SDNN say
  // little about variability. Share NaN until 20 pairs.
  double rhythm_jump_share = kNaN;
  bool rhythm_uneven = false;

  // Artifacts, multi-window HRV, coherence, resonance, respiration, adherence, arousal and
  // signal quality (live_figures.hpp).
  LiveFigures live{};

  // Whether the session is being saved (show "not being saved" and the message when kNotSaving)
  RecordingStatus recording{};

  // Pacer (draw with pacer_state(pacer, clock.session_now(now)))
  bool pacer_enabled = true;
  PacerSegment pacer{};
  bool pacer_ramp_active = false;   // the adaptive ramp is slowing the pacer (SetPacerRampCommand)
  double pacer_ramp_target_bpm = kNaN;

  // Protocol step in progress (active false without a protocol)
  ProtocolProgress protocol{};

  // The guided session flow (session_flow.hpp): phase, self-ratings, debrief figures, charts
  FlowProgress flow{};
  // Office mode: the recent exercise blocks' response cards, oldest first (MarkCommand kinds).
  std::uint32_t response_card_count = 0;
  std::array<ExerciseCard, kResponseCardCapacity> response_cards{};

  // Recent beats for the tachogram, oldest first
  std::uint32_t tachogram_size = 0;
  std::array<TachogramPoint, kTachogramCapacity> tachogram{};
};

}  // namespace resonant::engine
