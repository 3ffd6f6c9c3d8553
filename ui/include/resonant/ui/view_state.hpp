#pragma once
// ViewState: what the dashboard remembers between frames that is not session data
// (animations, axis ranges, pending requests, fonts) plus the Commands a frame produced.
// Views are functions of (const Snapshot&, ViewState&): all logic stays in the engine.
//
// Threading contract: UI thread only.
#include <array>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include <resonant/common/link_status.hpp>
#include <resonant/common/pacer.hpp>
#include <resonant/common/pacer_presets.hpp>
#include <resonant/common/session_clock.hpp>
#include <resonant/engine/command.hpp>
#include <resonant/engine/devices.hpp>
#include <resonant/engine/session_history.hpp>
#include <resonant/engine/session_trends.hpp>
#include <resonant/engine/settings_file.hpp>
#include <resonant/engine/protocol.hpp>
#include <resonant/engine/snapshot.hpp>
#include <resonant/engine/source_spec.hpp>
#include <resonant/ui/cue_generator.hpp>
#include <resonant/ui/screen.hpp>
#include <resonant/ui/theme.hpp>

namespace resonant::ui {

/// How the breath is drawn: a circle that grows, a bar that rises, or a wave that travels
/// past a dot riding on it.
enum class PacerShape : std::uint8_t { kCircle, kBar, kWave };
inline constexpr std::array<PacerShape, 3> kPacerShapes{PacerShape::kCircle, PacerShape::kBar,
                                                        PacerShape::kWave};
std::string_view to_string(PacerShape shape);  // "circle", "bar", "wave"
std::optional<PacerShape> parse_pacer_shape(std::string_view name);

struct PacerViewState {
  PacerShape shape = PacerShape::kCircle;
  // Cross-fade when the shape changes: the shape drawn last frame, the one fading out and
  // how far the fade has come (0..1; 1 = done).
  std::optional<PacerShape> shown_shape;
  PacerShape fading_shape = PacerShape::kCircle;
  float shape_blend = 1.0f;
  // Room left below the controls for the session notes (px), eased so the circle never jumps
  // when a note comes or goes.
  float notes_room_px = 0.0f;
  // Last frame: the guided step's card (or a refused start's) reached this far below the
  // pacer column's top (px; 0: no card). The room above the circle eases to clear it.
  float step_card_bottom_px = 0.0f;
  float top_room_px = 0.0f;
  /// Last frame: the least height the pacer's column needs (px) for what sits above the pacer,
  /// its smallest circle, its controls and the notes; the office strip leaves it this much.
  float min_column_height_px = 0.0f;
  CueSettings cues{};  // the app's CuePlayer plays these
  /// Presets to offer (built-ins, "my resonance rate", the person's own): plain data the
  /// app loads through the engine (the UI never touches storage).
  std::vector<PacerPreset> presets;
  /// The client's recommended rate from their newest stored assessment (the app reads it
  /// through the engine at start); offered as the "my resonance rate" preset.
  std::optional<double> assessed_resonance_bpm;
  std::string preset_name;  // the preset last chosen ("" = none)
  /// A preset the person asked to save (current settings under a new name); the app stores
  /// it through the engine, refreshes presets and clears this.
  std::optional<PacerPreset> save_request;
  std::array<char, kPacerPresetNameMaxChars + 1> typed_preset_name{};
  PacerSettings breath_edit{};      // the ratio/holds being edited in the "Breath" popup
  bool breath_edit_active = false;  // a slider is held: keep the edit, not the engine's

  /// Rate asked for but not yet confirmed by a Snapshot (0 = none): lets quick repeated
  /// presses step from the requested rate instead of the one still shown by the engine.
  double requested_rate_bpm = 0.0;
  SteadyClock::time_point requested_at{};
  // Last frame's geometry (screen pixels), for layout of overlays and for tests.
  ImVec2 centre{};
  float radius_px = 0.0f;
  float max_radius_px = 0.0f;
  bool brief_words = false;  // the circle too small for "Breathe out": it says "Out"
  int options_rows = 1;      // the options under the rate: 2 in a narrow, tall enough column
  ImVec2 bar_min{}, bar_max{};  // the bar's frame (shape kBar)
  float bar_top_y = 0.0f;       // the bar's fill surface
  ImVec2 wave_dot{};            // the dot riding the wave at "now" (shape kWave)
  ImVec2 slower_min{}, slower_max{};  // the "-" button
  ImVec2 faster_min{}, faster_max{};  // the "+" button
};

struct TachogramViewState {
  double window_s = 120.0;           // time shown, ending now
  bool range_valid = false;          // y range below has been set once
  double y_lo_bpm = 0.0;             // smoothed y range (eases toward its target)
  double y_hi_bpm = 0.0;
  std::vector<PacerSegment> pacer_history;  // segments seen, oldest first, for the wave
  int line_pieces = 0;               // unbroken line pieces drawn last frame (tests)
  int spike_pieces = 0;              // faint artifact spikes drawn last frame (tests)
  float plot_bottom_px = 0.0f;       // the plot area's bottom last frame (tests)
};

struct StatusViewState {
  float banner_alpha = 0.0f;         // 0..1, eased so the banner fades in and out
  int banner_kind = 0;               // which banner text is (or was last) shown
  bool failed_modal_open = false;    // the kFailed modal is up
  bool failed_dismissed = false;     // the person closed it; reopen only on a new failure
  float chip_max_width_px = 0.0f;    // room for chip + source in the top bar (0 = no limit)
  bool chip_compact = false;         // last frame: no room, the chip was its dot alone
  bool wordmark_shown = true;        // last frame: room for "Resonant" beside the chip
};

/// The sensor panel: pick the simulated person or a serial port and protocol.
struct DevicePanelState {
  bool open = false;
  bool serial = false;                 // else the simulated person
  std::vector<engine::PortDescription> ports;
  std::vector<engine::ProtocolDescription> protocols;
  int port_index = -1;                 // into ports; -1 = the typed path
  int protocol_index = 0;              // 0 = auto, else protocols[i - 1]
  std::array<char, 256> typed_port{};  // a path typed by hand (e.g. /dev/rfcomm0)
  /// Port listing in progress on another thread (reads /dev and /sys): the UI never waits.
  std::future<std::vector<engine::PortDescription>> scanning;
  bool scanned = false;
};

/// The lists the History screen shows for one client: plain data the app loads through the
/// engine (src/app/history_glue.cpp, on a worker thread) and hands to the view.
struct HistoryData {
  std::string client;                          // whose lists these are
  std::vector<engine::ClientEntry> clients;
  std::vector<engine::SessionEntry> sessions;  // newest first
  engine::ClientTrends trends;                 // oldest first
  engine::ClientDataEntry client_data;         // what deleting the client would remove
  std::string problem;                         // why loading failed ("" = loaded)
  std::string done;                            // what the last request did ("Added Ana.")
};

/// The History screen (draw_history_view) and its requests to the app's glue, which loads
/// and changes the records off the UI thread (the UI never waits) and clears the requests.
struct HistoryViewState {
  std::string database;              // the session database ("" = this run saves nothing)
  std::string client = "me";         // the client shown
  std::string recording_client;      // whose live session this run records ("" = none)
  std::optional<HistoryData> data;   // newest lists; none before the first load
  bool loading = false;              // the glue is working on a request
  bool reload_requested = true;      // (re)load the lists of `client`
  std::optional<std::string> add_client_request;
  std::optional<std::string> delete_client_request;  // asked and confirmed
  std::string confirm_delete;        // the client whose deletion awaits "Delete" ("" = none)
  std::array<char, 65> typed_client{};
  /// "Reviewing the session of ..." on the main screen while a stored session plays back,
  /// and the source to go back to afterwards.
  std::string reviewing;
  std::optional<engine::SourceSpec> before_review;
  /// The interrupted session whose note the person closed (0 = none): the note stays away.
  std::int64_t recovered_note_closed_id = 0;
  // Last frame's geometry (screen pixels), for tests.
  ImVec2 first_review_min{}, first_review_max{};
  ImVec2 first_note_min{}, first_note_max{};  // the first imported session's "note"
  ImVec2 delete_min{}, delete_max{};
  ImVec2 confirm_min{}, confirm_max{};
  ImVec2 recovered_ok_min{}, recovered_ok_max{};  // the interrupted-session note's OK
};

/// Live feedback on the main screen (coherence, spectrum, RSA, breathing, arousal): the tab
/// shown, and what the views drew last frame (for layout checks and tests).
enum class FeedbackTab : std::uint8_t { kHeartRate, kSpectrum, kPerBreath, kBreathing, kArousal };
inline constexpr std::array<FeedbackTab, 5> kFeedbackTabs{
    FeedbackTab::kHeartRate, FeedbackTab::kSpectrum, FeedbackTab::kPerBreath,
    FeedbackTab::kBreathing, FeedbackTab::kArousal};
/// "heart-rate", "spectrum", "per-breath", "breathing", "arousal" (resonant --feedback-tab).
std::string_view to_string(FeedbackTab tab);
std::optional<FeedbackTab> parse_feedback_tab(std::string_view name);
struct FeedbackViewState {
  FeedbackTab tab = FeedbackTab::kHeartRate;  // the tab shown (the person's last choice)
  bool select_tab = true;     // make `tab` the selected one on the next frame (start, tests)
  bool tabs_as_list = false;  // last frame: a list, as the tabs' labels did not fit the card
  bool paused = false;        // last frame: feedback paused (poor signal / no contact)
  int values_drawn = 0;       // numbers and data plots drawn by the feedback views last frame
  // Spectrum view: the marked resonance peak (NaN = none) and its screen x.
  double spectrum_peak_hz = 0.0;
  float spectrum_peak_x_px = 0.0f;
  ImVec2 spectrum_min{}, spectrum_max{};  // the plot area, screen pixels
  double spectrum_max_hz = 0.5;           // x axis: 0 .. this
  bool arousal_shown = false;  // the gauge's marker was drawn
};

/// The Settings popup (top bar). `values` are the saved settings (engine/settings_file.hpp);
/// the popup edits them and sets `changed`, and the app saves them.
struct SettingsViewState {
  bool open = false;
  engine::AppSettings values{};
  bool changed = false;  // the person changed a setting since the app last saved
  float font_scale_edit = 1.0f;     // the text-size slider while it is held
  bool font_scale_dragging = false;
  std::string save_problem;  // one line when the settings file could not be written, else ""
};

/// Bedtime mode (Screen::kBedtime).
struct BedtimeViewState {
  /// The screen wants the bedtime wind-down started; the app posts StartProtocolCommand
  /// (it loads the protocol through the engine) and sets `started`.
  bool start_requested = false;
  bool started = false;
  std::optional<Theme> theme_before;  // the theme to go back to when leaving
  bool reduced_motion_before = false;
  float dark_alpha = 0.0f;            // black over everything (0..1), eased only upward
};

/// The guided flow's screens (prepare, debrief): slider positions and the phase last seen.
struct FlowViewState {
  int calm_before = 5;      // 0..10; sent as a RateCommand when a slider is let go
  int tension_before = 5;
  int calm_after = 5;
  int tension_after = 5;
  float baseline_min = 2.0f;   // [0, 10]
  float practice_min = 10.0f;  // [1, 30]
  engine::FlowPhase last_phase = engine::FlowPhase::kPrepare;  // to follow the flow's changes
};

/// Office mode (therapist-led work): the markers strip, its response cards, and the client
/// window (a second OS window showing Screen::kClient).
struct OfficeViewState {
  bool enabled = false;                 // show the markers strip and cards on the main screen
  std::string last_label = "orienting"; // what the M key starts
  std::array<char, engine::kBlockLabelChars> custom_label{};
  bool custom_open = false;             // the "custom..." label popup is up
  /// The app opens the client window while this is true and clears it when the person
  /// closes that window (app_window.hpp ClientWindow).
  bool client_window_wanted = false;
  float client_glow = 0.0f;             // eased warmth of the client's feedback glyph, 0..1
  float client_glow_alpha = 0.0f;       // eased visibility (0 while feedback is paused)
  /// Set by the dashboard each frame: > 0 docks the strip in its left column this wide (a
  /// short window, where a full-width strip would squeeze the feedback card); 0: full width.
  float dock_width_px = 0.0f;
  /// Set by the dashboard each frame: the strip's top may not rise above this (y in the main
  /// viewport's work area; 0: no limit), so the pacer keeps room for its circle and controls.
  /// A strip that needs more then scrolls.
  float min_top_px = 0.0f;
  /// The strip's height as its rows wrapped when last drawn full width ([0]) and docked ([1]),
  /// with the width, text size and scrolling it was measured at (height 0: not drawn yet).
  /// While those stay the same it only grows, so a status line that gets longer or shorter
  /// never makes the pacer above it jump back and forth.
  struct StripMeasure {
    float height_px = 0.0f;
    float width_px = 0.0f;
    float em_px = 0.0f;
    bool scrolled = false;
  };
  std::array<StripMeasure, 2> measured{};
};

/// The top bar's "Guided" menu: the session protocols the app parsed at start (through the
/// engine's protocol library; the UI reads no files) and the files that could not be used.
struct ProtocolMenuState {
  std::vector<std::shared_ptr<const engine::Protocol>> available;
  std::vector<std::string> problems;  // "file:line: what is wrong"
  std::string chosen;                 // the protocol last started from the menu
  bool open = false;                  // the popup is up (last frame)
  bool open_requested = false;        // open it on the next frame (tests, screenshots)
};

struct ViewState {
  // Per frame, set by the caller before drawing.
  SteadyClock::time_point now{};
  float dt_s = 1.0f / 60.0f;
  Fonts fonts{};

  /// The source the app connected to, so the failure dialog can offer "Try again".
  std::optional<engine::SourceSpec> source;

  /// The screen shown (draw_screen dispatches on it).
  Screen screen = Screen::kMain;

  /// Reduced motion (setting, --reduced-motion): the pacer still grows and shrinks (it is the
  /// content), but shape cross-fades, the tachogram's eased y range and the banner's fade
  /// happen at once.
  bool reduced_motion = false;

  /// Last frame: the main screen's right column did not fit (large text, a small window) and
  /// scrolls, each card at its full height.
  bool right_column_scrolls = false;

  /// Last frame: the main screen was one scrolling column, the cards under the pacer (large
  /// text in a small window: side by side the cards would be too narrow for their words).
  bool main_one_column = false;

  /// Commands produced by this frame; the caller posts them to the Engine and clears.
  std::vector<engine::Command> commands;

  PacerViewState pacer;
  TachogramViewState tachogram;
  StatusViewState status;
  DevicePanelState devices;
  HistoryViewState history;
  FeedbackViewState feedback;
  SettingsViewState settings;
  BedtimeViewState bedtime;
  FlowViewState flow;
  ProtocolMenuState protocols;
  OfficeViewState office;

  /// Sets now and dt_s (dt clamped to [0, 0.25] s so a stalled frame does not jump).
  void begin_frame(SteadyClock::time_point frame_now);
};

/// Session time now, as the engine sees it (the pacer and plots use this time base).
double session_now_s(const engine::Snapshot& snapshot, const ViewState& state);

}  // namespace resonant::ui
