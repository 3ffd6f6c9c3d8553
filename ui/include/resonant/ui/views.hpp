#pragma once
// The dashboard's views. Each draws into the current ImGui window at the cursor, using the
// available content region, from the newest Snapshot and its ViewState, and may append
// Commands to state.commands. One view per file under ui/views/.
#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Breathing circle (or bar, or wave), the current breath word, the rate with -/+ (and
/// arrow keys), and the options row: preset, shape, sound cue and volume.
void draw_pacer_view(const engine::Snapshot& snapshot, ViewState& state);

/// What choosing a preset does: asks the engine for its settings (the breath continues
/// smoothly) and, when the preset ramps, for the adaptive ramp toward its target.
void choose_pacer_preset(const PacerPreset& preset, ViewState& state);

/// Heart rate, RMSSD and SDNN with plain-words help.
void draw_heart_view(const engine::Snapshot& snapshot, ViewState& state);

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

// ---- the guided session flow (session_flow.hpp) ---------------------------------------
/// Prepare: sensor check, optional 0..10 "before" ratings, lengths, Start (space).
void draw_prepare_screen(const engine::Snapshot& snapshot, ViewState& state);
/// Debrief: "after" ratings, baseline against practice with help, charts, Done -> prepare.
void draw_debrief_screen(const engine::Snapshot& snapshot, ViewState& state);
/// One line on the main screen during the baseline and practice (phase, time left, "space
/// stops"); space stops the flow. Also follows the flow: shows the debrief when it begins.
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

}  // namespace resonant::ui
