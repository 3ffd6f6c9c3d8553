#pragma once
// The dashboard's views. Each draws into the current ImGui window at the cursor, using the
// available content region, from the newest Snapshot and its ViewState, and may append
// Commands to state.commands. One view per file under ui/views/.
#include <array>
#include <string>
#include <string_view>

#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Breathing circle (or bar, or wave), the current breath word, the rate with -/+ (and
/// arrow keys), and the options row: preset, shape, sound cue and volume.
void draw_pacer_view(const engine::Snapshot& snapshot, ViewState& state);

/// What choosing a preset does: asks the engine for its settings (the breath continues
/// smoothly) and, when the preset ramps, for the adaptive ramp toward its target.
void choose_pacer_preset(const PacerPreset& preset, ViewState& state);

/// Heart rate, RMSSD and SDNN with plain-words help. In a card shorter than
/// heart_view_height() (card padding included) it goes compact (medium-size number, no window
/// note), which needs heart_view_compact_height().
void draw_heart_view(const engine::Snapshot& snapshot, ViewState& state);
float heart_view_height(const Fonts& fonts);
float heart_view_compact_height(const Fonts& fonts);

/// Heart rate per beat over the last ~2 minutes, with the pacer wave behind it.
void draw_tachogram_view(const engine::Snapshot& snapshot, ViewState& state);

/// Rounded chip with the link state and the source; counters on hover.
void draw_status_chip(const engine::Snapshot& snapshot, ViewState& state);

/// Non-modal banner while the signal is paused (fades in and out). Overlays the top of the
/// current content region without taking layout space.
void draw_link_banner(const engine::Snapshot& snapshot, ViewState& state);

/// Modal dialog only when the link has failed and the person must act.
void draw_failed_modal(const engine::Snapshot& snapshot, ViewState& state);

/// "Session 12:34" (session time).
void draw_session_timer(const engine::Snapshot& snapshot, ViewState& state);

/// The sensor panel (a window over the dashboard while state.devices.open): source, port,
/// protocol, the link's state and counters, Connect.
void draw_device_panel(const engine::Snapshot& snapshot, ViewState& state);
/// The source the panel's Connect button asks for (serial ports by their stable by-id name).
engine::SourceSpec device_panel_source(const DevicePanelState& panel,
                                       const std::optional<engine::SourceSpec>& current);

/// The whole dashboard in one full-window ImGui window: top bar (chip, source, timer),
/// pacer on the left, heart and tachogram on the right, footer.
void draw_dashboard(const engine::Snapshot& snapshot, ViewState& state);

/// The screen state.screen names (screen.hpp), in one full-window ImGui window.
void draw_screen(const engine::Snapshot& snapshot, ViewState& state);

// Live feedback on the main screen. Every view greys and says "paused" instead of drawing
// values while feedback_paused(snapshot) (the pacer carries on); each number has "(?)" help.

/// True while feedback must pause: the engine says so (live.feedback_ok false), or the beat
/// channel's latest quality verdict is poor or unusable.
bool feedback_paused(const engine::Snapshot& snapshot);

/// Coherence ratio with its level in words, the session's points and a 15-minute sparkline.
void draw_coherence_view(const engine::Snapshot& snapshot, ViewState& state);

/// The 64 s heart-rhythm spectrum (0-0.4 Hz) with VLF/LF/HF bands and the peak marked in
/// breaths/min.
void draw_spectrum_view(const engine::Snapshot& snapshot, ViewState& state);

/// Heart-rate swing (peak to trough) per breath over the last minute, as bars.
void draw_rsa_view(const engine::Snapshot& snapshot, ViewState& state);

/// The belt's breathing against the pacer's target curve (or, without a belt, the target and
/// the estimated breathing rate).
void draw_breathing_view(const engine::Snapshot& snapshot, ViewState& state);

/// Calm <-> activated gauge relative to the person's baseline, hidden below
/// dsp::kMinShownArousalConfidence ("baseline being learned" during the first 3 minutes).
void draw_arousal_view(const engine::Snapshot& snapshot, ViewState& state);

}  // namespace resonant::ui

// --- History (issue 6): the History screen and its notes on the main screen ---
namespace resonant::ui {

/// The History screen: client picker (add, delete with a confirmation naming what goes),
/// the client's sessions with "Review", and trend charts, from state.history.data.
void draw_history_view(const engine::Snapshot& snapshot, ViewState& state);
/// The same screen's contents in the current window (which should cover the viewport).
void draw_history_contents(const engine::Snapshot& snapshot, ViewState& state);

/// The source that replays a stored session through the live pipeline, as recorded (1x).
engine::SourceSpec review_source(const HistoryViewState& history,
                                 const engine::SessionEntry& session);

/// "22 Nov 2026 17:30" in local time (record metadata, never signal time).
std::string format_session_date(std::int64_t unix_us);

/// A "History" button just left of the previous item (the session timer in the top bar).
void draw_history_button(const engine::Snapshot& snapshot, ViewState& state);

/// Notes at the bottom of the current region: "Not being saved — <reason>" while the
/// recording is not saved, and "Reviewing the session of ..." (with "Back to live") while a
/// stored session plays back.
void draw_session_notes(const engine::Snapshot& snapshot, ViewState& state);
/// The height those notes take at the bottom of the current window (0 without any): the
/// pacer view leaves it free.
float session_notes_height(const engine::Snapshot& snapshot, const ViewState& state);

/// The protocol step in progress: its instruction, "step k of n" and the time left in it,
/// over the top of the current region (nothing without a protocol).
void draw_protocol_step(const engine::Snapshot& snapshot, ViewState& state);
// [Settings and bedtime mode]
/// A "Settings" button in the top bar (left of the cursor, after the last item drawn) and its
/// popup: theme, font scale, reduced motion, bedtime length, and the way into bedtime mode.
/// Edits state.settings.values (the app saves them) and applies theme/motion at once.
void draw_settings_button(const engine::Snapshot& snapshot, ViewState& state);

/// Bedtime mode: night palette, a large soft pacer, a faint remaining time; asks for the
/// bedtime wind-down (state.bedtime.start_requested), fades to black as the protocol fades
/// out, then shows a faint "Good night".
void draw_bedtime_screen(const engine::Snapshot& snapshot, ViewState& state);
/// Leaves bedtime mode for the main screen, restoring the theme chosen before.
void leave_bedtime(ViewState& state);
// ---- the guided session flow (session_flow.hpp) ---------------------------------------
/// Prepare: sensor check, optional 0..10 "before" ratings, lengths, Start (space).
void draw_prepare_screen(const engine::Snapshot& snapshot, ViewState& state);
/// Debrief: "after" ratings, baseline against practice with help, charts, Done -> prepare.
void draw_debrief_screen(const engine::Snapshot& snapshot, ViewState& state);
/// The debrief's figure table (baseline against practice) and its notes, width_px wide, in the
/// current window (exposed for tests).
void draw_debrief_figures(const engine::FlowProgress& flow, float width_px);
/// One line at the top of the current window (the main screen's pacer column) during the
/// baseline and practice (phase, time left, "space stops"); space stops the flow. Also follows
/// the flow: shows the debrief when it begins.
void draw_flow_phase_line(const engine::Snapshot& snapshot, ViewState& state);
/// A flow screen's full-window ImGui window: its size and the margin derived from it.
struct FlowScreenFrame {
  ImVec2 size{};
  float margin_px = 0.0f;
};
/// Opens the window (and notes the phase seen); end_flow_screen() draws the footer and closes it.
FlowScreenFrame begin_flow_screen(const char* id, const engine::Snapshot& snapshot, ViewState& state);
void end_flow_screen(const FlowScreenFrame& frame);
/// Space pressed this frame (and no text field is being typed into).
bool flow_space_pressed();
/// The calm and tension 0..10 sliders for `when`; a RateCommand when one is let go.
void draw_rating_sliders(const engine::FlowRatings& given, engine::RatingWhen when, ViewState& state);
/// The StartFlowCommand settings from the prepare screen (lengths) and the pacer in force.
engine::FlowSettings prepare_flow_settings(const engine::Snapshot& snapshot, const FlowViewState& view);
/// One line of Prepare's sensor check: "Heart (ECG): good"; a poor or unusable channel adds
/// what is wrong and what to do (engine/signal_advice.hpp). no_contact: the device says this
/// channel's sensor is off the skin.
std::string sensor_check_line(const engine::ChannelQuality& quality, bool no_contact);
// ---- Office mode (office_panel.cpp, client_view.cpp) ----------------------------------

/// GLFW key code of M (the GLFW backend fills io.KeysDown with GLFW codes; letters are ASCII).
inline constexpr int kKeyM = 'M';

/// The block labels offered as one-key buttons (the strip adds "custom..." and "end block").
inline constexpr std::array<const char*, 3> kOfficeLabels{"orienting", "grounding", "pendulation"};

/// A MarkCommand starting a block labelled `label` (ending the running one); remembers it as
/// the M key's label.
void start_office_block(std::string_view label, ViewState& state);

/// The therapist's markers strip and the response cards, in a window along the bottom of the
/// main screen while state.office.enabled; the M key (not while typing) starts a block with
/// the last label. Also the "Client window" button.
void draw_office_panel(const engine::Snapshot& snapshot, ViewState& state);

/// Where the markers strip begins (y from the top of the main viewport's work area): the
/// dashboard's main area ends above it. The work area's height when office mode is off.
/// Docked (state.office.dock_width_px > 0) its buttons take more rows and its cards scroll
/// sideways, so it is taller. Its height is what its rows took when last drawn at this width
/// and text size (estimated before that), but it never rises above state.office.min_top_px
/// (the pacer's room): then it scrolls.
float office_panel_top(const ViewState& state);
/// Where the strip would begin, docked (dock: true) or full width, at the height its rows
/// take (without the min_top_px limit): the dashboard decides with it whether to dock.
float office_panel_top_if(const ViewState& state, bool dock);

/// One response card as calm text lines: "dHR +3.2 bpm", "dRSA -1.1 bpm", "back to baseline
/// in 42 s" (exposed for tests).
std::string office_card_line(const engine::ExerciseCard& card);

/// The client's view: number-free, a full-window soft pacer and one gentle feedback glyph (a
/// glow whose warmth follows coherence; hidden while feedback is paused). No numbers, no
/// traces.
void draw_client_view(const engine::Snapshot& snapshot, ViewState& state);

// [Guided sessions]
/// A "Guided" button in the top bar (left of the last item drawn) and its popup listing the
/// session protocols in state.protocols; choosing one runs it.
void draw_protocol_button(const engine::Snapshot& snapshot, ViewState& state);
/// What choosing a protocol does: asks the engine to run it (replacing one running).
void choose_protocol(const std::shared_ptr<const engine::Protocol>& protocol, ViewState& state);

}  // namespace resonant::ui
