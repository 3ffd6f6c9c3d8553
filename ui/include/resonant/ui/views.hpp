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
float office_panel_top(const ViewState& state);

/// One response card as calm text lines: "dHR +3.2 bpm", "dRSA -1.1 bpm", "back to baseline
/// in 42 s" (exposed for tests).
std::string office_card_line(const engine::ExerciseCard& card);

/// The client's view: number-free, a full-window soft pacer and one gentle feedback glyph (a
/// glow whose warmth follows coherence; hidden while feedback is paused). No numbers, no
/// traces.
void draw_client_view(const engine::Snapshot& snapshot, ViewState& state);

}  // namespace resonant::ui
