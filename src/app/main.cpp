// resonant: the dashboard. Follow the breathing circle and see your heart respond.
//
// This file only wires things together: options -> Engine (which owns the sensor, the
// pipeline and the session clock) -> the ImGui window drawing Snapshots and posting the
// person's Commands back. All logic lives in the engine (resonant-cli drives the same one).
#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <resonant/engine/engine.hpp>
#include <resonant/engine/protocol_library.hpp>
#include <resonant/engine/scheduled_marks.hpp>
#include <resonant/engine/session_history.hpp>
#include <resonant/ui/app_window.hpp>
#include <resonant/ui/cue_player.hpp>
#include <resonant/ui/views.hpp>

#include "history_glue.hpp"
#include "pacer_presets_glue.hpp"
#include "settings_glue.hpp"

namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "used from a signal handler");

extern "C" void on_stop_signal(int /*signal*/) { g_stop.store(true); }

// "1280x800" -> width, height; false when malformed or out of [320, 10000].
bool parse_size(const std::string& text, int& width, int& height) {
  int w = 0;
  int h = 0;
  char tail = '\0';
  if (std::sscanf(text.c_str(), "%dx%d%c", &w, &h, &tail) != 2) return false;
  if (w < 320 || h < 240 || w > 10000 || h > 10000) return false;
  width = w;
  height = h;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  namespace engine = resonant::engine;
  namespace ui = resonant::ui;

  CLI::App app{
      "Resonant: a biofeedback breathing trainer. Breathe slowly with the circle and watch "
      "your heart rate follow.\nResonant is a training aid, not a medical device.",
      "resonant"};
  app.get_formatter()->column_width(30);

  bool simulate = false;
  std::string port;
  std::string protocol = "auto";
  double speed = 1.0;
  std::uint64_t seed = 1;
  std::string scenario = "calm";
  bool no_belt = false;
  double rate_bpm = 6.0;
  int frames = 0;
  std::string screenshot;
  std::string size_text = "1280x800";

  auto* simulate_opt = app.add_flag(
      "--simulate", simulate,
      "Use the built-in simulated person instead of a sensor (the default when no --port)");
  auto* port_opt =
      app.add_option("--port", port,
                     "Serial port of the sensor, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...")
          ->option_text("PATH");
  port_opt->excludes(simulate_opt);
  app.add_option("--protocol", protocol,
                 "Sensor protocol, one of: " + std::string(engine::supported_protocols()))
      ->option_text("NAME (default auto)")
      ->check([](const std::string& name) {
        return engine::is_supported_protocol(name)
                   ? std::string()
                   : "unknown protocol '" + name + "' (supported: " +
                         std::string(engine::supported_protocols()) + ")";
      });
  app.add_option("--speed", speed, "Simulated person: speed relative to real time (0.1 to 100)")
      ->option_text("X (default 1)")
      ->check(CLI::Range(engine::kMinSimSpeed, engine::kMaxSimSpeed));
  app.add_option("--seed", seed, "Simulated person: random seed (same seed, same person)")
      ->option_text("N (default 1)");
  app.add_option("--scenario", scenario,
                 "Simulated person, one of: " + std::string(engine::scenario_names()))
      ->option_text("NAME (default calm)")
      ->check([](const std::string& name) {
        return engine::is_known_scenario(name)
                   ? std::string()
                   : "unknown scenario '" + name + "' (choose one of: " +
                         std::string(engine::scenario_names()) + ")";
      });
  // A real device declares its own channels: the belt option only describes the simulated person.
  app.add_flag("--no-belt", no_belt, engine::kNoBeltHelp)->excludes(port_opt);
  app.add_option("--rate", rate_bpm, "Pacer rate at start, breaths per minute (3 to 10)")
      ->option_text("BPM (default 6)")
      ->check(CLI::Range(resonant::kPacerMinRateBpm, resonant::kPacerMaxRateBpm));
  app.add_option("--frames", frames,
                 "Render N frames (60 per second), print frame times and exit")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  app.add_option("--screenshot", screenshot,
                 "Write the last frame to this PNG file and exit (after 60 frames unless "
                 "--frames)")
      ->option_text("FILE");
  app.add_option("--size", size_text, "Window size in logical pixels")
      ->option_text("WxH (default 1280x800)");
  std::string pacer_shape = "circle";
  app.add_option("--pacer-shape", pacer_shape, "How the pacer is drawn: circle, bar or wave")
      ->option_text("NAME (default circle)")
      ->check(CLI::IsMember({"circle", "bar", "wave"}));
  std::string pacer_sound = "off";
  app.add_option("--pacer-sound", pacer_sound,
                 "Sound cues: off, tone (rises on the inhale, falls on the exhale) or chime "
                 "(at each turn)")
      ->option_text("NAME (default off)")
      ->check(CLI::IsMember({"off", "tone", "chime"}));
  std::string pacer_preset;
  app.add_option("--pacer-preset", pacer_preset,
                 "Start with a pacer preset: resonance, 4-7-8, box, bedtime or one you saved")
      ->option_text("NAME");
  double pacer_ramp_bpm = 0.0;
  app.add_option("--pacer-ramp", pacer_ramp_bpm,
                 "Start at your measured breathing rate and slow toward this rate while you "
                 "keep up")
      ->option_text("BPM")
      ->check(CLI::Range(resonant::kPacerMinRateBpm, resonant::kPacerMaxRateBpm));
  bool device_panel = false;
  app.add_flag("--device-panel", device_panel,
               "Open the sensor panel (port and protocol) at start, e.g. for a screenshot");
  bool office = false;
  bool client_window = false;
  std::string screenshot_client;
  app.add_flag("--office", office,
               "Office mode: the markers strip (M marks) and the response cards on the main screen");
  app.add_flag("--client-window", client_window,
               "Office mode: open the client's view (number-free pacer) in a second window for a "
               "second monitor (F full screen, Esc leaves it)");
  app.add_option("--screenshot-client", screenshot_client,
                 "With --client-window: write the client window's last frame as PNG");
  std::vector<std::string> mark_specs;
  app.add_option("--mark", mark_specs,
                 "Office mode: mark an exercise block at a session time, as resonant-cli "
                 "session --mark (repeatable), e.g. --mark 20:grounding --mark 60:grounding:end")
      ->option_text("SECONDS:LABEL[:end|:note]");
  bool full_screen = false;
  app.add_flag("--fullscreen", full_screen, "Start full screen (as pressing F; Esc leaves it)");
  std::string screen_name = "main";
  app.add_option("--screen", screen_name,
                 "Screen to show first: main, client, bedtime, prepare, debrief, history or "
                 "device (the main screen with the sensor panel open), e.g. for a screenshot")
      ->option_text("NAME (default main)")
      ->check([](const std::string& name) {
        return ui::parse_screen(name) ? std::string()
                                      : "unknown screen '" + name +
                                            "' (choose main, client, bedtime, prepare, "
                                            "debrief, history or device)";
      });
  std::string feedback_tab = "heart-rate";
  app.add_option("--feedback-tab", feedback_tab,
                 "Main screen's feedback tab at start: heart-rate, spectrum, per-breath, "
                 "breathing or arousal (e.g. for a screenshot)")
      ->option_text("NAME (default heart-rate)")
      ->check([](const std::string& name) {
        return ui::parse_feedback_tab(name) ? std::string()
                                            : "unknown feedback tab '" + name +
                                                  "' (choose heart-rate, spectrum, per-breath, "
                                                  "breathing or arousal)";
      });
  std::string theme_name;
  auto* theme_opt = app.add_option("--theme", theme_name,
                                   "Colours: dark, light or night (dim and warm); default: your "
                                   "saved setting, else dark")
                        ->option_text("NAME")
                        ->check(CLI::IsMember({"dark", "light", "night"}));
  double font_scale = 1.0;
  auto* font_scale_opt =
      app.add_option("--font-scale", font_scale,
                     "Text size on top of the screen's own scale (0.8 to 2); default: your saved "
                     "setting, else 1")
          ->option_text("X")
          ->check(CLI::Range(resonant::engine::kMinFontScaleSetting,
                             resonant::engine::kMaxFontScaleSetting));
  bool reduced_motion = false;
  app.add_flag("--reduced-motion", reduced_motion,
               "No fades or eased movement (the pacer still breathes); default: your saved "
               "setting");
  std::string db_path;
  bool no_save = false;
  app.add_option("--db", db_path,
                 "Session database (SQLite, mode 0600); default "
                 "$XDG_DATA_HOME/resonant/resonant.db (~/.local/share/resonant/resonant.db)")
      ->option_text("FILE");
  app.add_flag("--no-save", no_save, "Do not save this session");
  std::string protocol_name;
  app.add_option("--protocol-name", protocol_name,
                 "Run a session protocol with step instructions (as resonant-cli protocols "
                 "lists), e.g. resonance_assessment")
      ->option_text("NAME");
  bool check_display = false;
  app.add_flag("--check-display", check_display,
               "Only check that a window can be opened here: exit 0 if so, else print why and "
               "exit 2 (used by scripts/run.sh to fall back to a terminal session)");
  app.footer(
      "Examples:\n"
      "  resonant                          breathe with the simulated person\n"
      "  resonant --port /dev/ttyUSB0      use a sensor\n"
      "  xvfb-run -a resonant --frames 240 --screenshot out.png   headless check");
  CLI11_PARSE(app, argc, argv);
  std::string marks_error;
  const auto marks = engine::parse_marks(mark_specs, marks_error);
  if (!marks) {
    std::fprintf(stderr, "resonant: %s\n", marks_error.c_str());
    return 1;
  }
  engine::MarkScheduler mark_scheduler(*marks);

  // Saved settings first; flags given on the command line win for this run (and are not saved).
  ui::ViewState view;
  resonant::app::SettingsStore settings = resonant::app::load_settings(view);
  const resonant::engine::AppSettings& saved = view.settings.values;
  if (theme_opt->count() == 0) theme_name = saved.theme;
  if (font_scale_opt->count() == 0) font_scale = saved.font_scale;
  if (app.count("--reduced-motion") == 0) reduced_motion = saved.reduced_motion;
  if (app.count("--size") == 0) {
    size_text = std::to_string(saved.window_width) + "x" + std::to_string(saved.window_height);
  }
  if (app.count("--pacer-shape") == 0) pacer_shape = saved.pacer_shape;
  if (app.count("--pacer-sound") == 0) pacer_sound = saved.pacer_sound;
  const bool preset_from_settings = app.count("--pacer-preset") == 0 && app.count("--rate") == 0;
  if (preset_from_settings) pacer_preset = saved.last_preset;
  ui::use_theme(ui::parse_theme(theme_name).value_or(ui::Theme::kDark));
  view.reduced_motion = reduced_motion;
  view.pacer.cues.volume = static_cast<float>(saved.pacer_volume);
  view.tachogram.window_s = saved.tachogram_window_s;


  ui::WindowOptions window;
  if (!parse_size(size_text, window.width, window.height)) {
    std::fprintf(stderr, "resonant: --size must look like 1280x800 (at least 320x240)\n");
    return 1;
  }
  // Options are valid; before anything starts, make sure a window can open here (without a
  // display, say so in one line and stop).
  if (std::string why; !ui::probe_display(why)) {
    std::fprintf(stderr, "%s\n", why.c_str());
    return 2;
  }
  if (check_display) return 0;
  window.title = "Resonant \xE2\x80\x94 breathing trainer";
  window.font_scale = static_cast<float>(font_scale);
  window.full_screen = full_screen;
  // The Settings popup's text size applies at once: the window rebuilds its fonts when this
  // changes (the --font-scale flag stays in force until the person moves the slider).
  float live_font_scale = window.font_scale;
  double font_scale_setting = saved.font_scale;
  window.live_font_scale = &live_font_scale;
  window.has_position = saved.window_position_known && app.count("--size") == 0;
  window.x = saved.window_x;
  window.y = saved.window_y;
  window.frames = frames;
  window.screenshot_path = screenshot;
  if (!screenshot.empty() && frames == 0) window.frames = 60;
  window.stop_requested = &g_stop;

  engine::SourceSpec source;
  if (!port.empty()) {
    source.kind = engine::SourceKind::kSerial;
    source.port = port;
    source.protocol = protocol;
  } else {
    source.kind = engine::SourceKind::kSimulated;
    source.speed = speed;
    source.seed = seed;
    source.scenario = scenario;
    source.belt = !no_belt;
  }

  resonant::PacerSettings pacer;
  pacer.rate_bpm = rate_bpm;
  pacer.inhale_fraction = 0.4;
  pacer = resonant::clamped(pacer);

  engine::EngineConfig config;
  config.initial_pacer = pacer;
  if (!no_save) {
    try {
      config.recording.database =
          db_path.empty() ? engine::default_database_path().string() : db_path;
    } catch (const std::exception& e) {
      // The session does not need the disk: it runs and its snapshot says it is not saved.
      std::fprintf(stderr, "resonant: not being saved: %s\n", e.what());
    }
  }
  try {  // "my resonance rate" from the newest stored assessment (also with --no-save)
    resonant::app::load_assessed_rate(
        view, db_path.empty() ? engine::default_database_path().string() : db_path,
        config.recording.client);
  } catch (const std::exception&) {
    // No data folder: no stored assessment either.
  }
  resonant::app::load_pacer_presets(view);
  std::optional<resonant::PacerPreset> preset;
  if (!pacer_preset.empty()) {
    preset = resonant::app::preset_named(view, pacer_preset);
    if (!preset && preset_from_settings) {
      std::fprintf(stderr, "resonant: the preset you chose last ('%s') is gone; starting without it\n",
                   pacer_preset.c_str());
    } else if (!preset) {
      std::fprintf(stderr, "resonant: no pacer preset named '%s'; choose one of:", pacer_preset.c_str());
      for (const auto& p : view.pacer.presets) std::fprintf(stderr, " '%s'", p.name.c_str());
      std::fprintf(stderr, "\n");
      return 1;
    }
  }
  if (preset) {
    pacer = preset->settings;
    view.pacer.preset_name = preset->name;
  }
  view.pacer.shape = ui::parse_pacer_shape(pacer_shape).value_or(ui::PacerShape::kCircle);
  view.pacer.cues.sound = pacer_sound == "tone"    ? ui::CueSound::kTone
                          : pacer_sound == "chime" ? ui::CueSound::kChime
                                                   : ui::CueSound::kOff;
  if (preset && preset->ramp_target_bpm > 0.0 && pacer_ramp_bpm == 0.0) {
    pacer_ramp_bpm = preset->ramp_target_bpm;
  }

  std::shared_ptr<const engine::Protocol> session_protocol;
  if (!protocol_name.empty()) {
    try {
      session_protocol =
          std::make_shared<const engine::Protocol>(engine::find_protocol(protocol_name));
    } catch (const engine::ProtocolError& e) {
      std::fprintf(stderr, "resonant: %s\n", e.what());
      return 1;
    }
  }
  // The "Guided" menu's protocols, parsed once here (small files) so the UI reads none.
  for (engine::ProtocolEntry& entry : engine::list_protocols()) {
    if (entry.protocol) {
      view.protocols.available.push_back(
          std::make_shared<const engine::Protocol>(std::move(*entry.protocol)));
    } else {
      view.protocols.problems.push_back(entry.error);
    }
  }
  if (!config.recording.database.empty()) view.history.recording_client = config.recording.client;
  // The History screen reads the same database (also with --no-save: it only reads).
  try {
    view.history.database =
        db_path.empty() ? engine::default_database_path().string() : db_path;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant: no session history: %s\n", e.what());
  }

  engine::Engine eng(config);
  eng.post(engine::ConnectCommand{source});
  eng.post(engine::SetPacerCommand{pacer, true});
  if (pacer_ramp_bpm > 0.0) eng.post(engine::SetPacerRampCommand{pacer_ramp_bpm, true});
  if (session_protocol) {
    eng.post(engine::StartProtocolCommand{
        session_protocol, view.pacer.assessed_resonance_bpm.value_or(engine::kNaN)});
  }
  resonant::app::HistoryLoader history;
  // Opens the sound device when a cue is first wanted; silent (and says why once on
  // stderr) where there is no sound card.
  ui::CuePlayer cues;
  bool cue_problem_told = false;

  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  // The terminal that started us closed: save and stop (unless started with nohup).
  if (std::signal(SIGHUP, on_stop_signal) == SIG_IGN) std::signal(SIGHUP, SIG_IGN);
  // Past a file size limit (ulimit -f) a write fails with EFBIG and saving says so, instead of
  // the signal killing the app without a word.
  std::signal(SIGXFSZ, SIG_IGN);

  view.source = source;
  view.devices.open = device_panel;
  view.screen = ui::parse_screen(screen_name).value_or(ui::Screen::kMain);
  view.feedback.tab = ui::parse_feedback_tab(feedback_tab).value_or(ui::FeedbackTab::kHeartRate);
  if (view.screen == ui::Screen::kDebrief) {
    // --screen debrief shows real figures: a short flow (2 min rest, 2 min practice) of the
    // source at its --speed; the debrief fills in as it runs and is complete at its end.
    engine::FlowSettings flow{.baseline_s = 120.0, .practice_s = 120.0, .practice_pacer = pacer};
    eng.post(engine::StartFlowCommand{flow});
  }
  view.office.enabled = office || client_window || !marks->empty();
  view.office.client_window_wanted = client_window;
  if (!screenshot_client.empty() && frames == 0) window.frames = 60;
  ui::ClientWindowOptions client;
  client.wanted = [&] { return view.office.client_window_wanted; };
  client.on_closed = [&] { view.office.client_window_wanted = false; };
  client.draw = [&](const ui::FrameContext& frame) {
    const ui::Fonts main_fonts = view.fonts;
    view.fonts = frame.fonts;
    ui::draw_client_view(eng.snapshot(), view);
    view.fonts = main_fonts;
  };
  client.screenshot_path = screenshot_client;
  client.width = window.width;
  client.height = window.height;
  client.title = "Resonant \xE2\x80\x94 client view";
  const ui::RunResult result = ui::run_window(window, [&](const ui::FrameContext& frame) {
    view.fonts = frame.fonts;
    view.begin_frame(resonant::SteadyClock::now());
    // The dashboard draws from Snapshots; the per-beat records are for resonant-cli and the
    // recorder. Drain them so the queue never fills during a long session.
    for (engine::EngineEvent ev; eng.poll_event(ev);) resonant::app::note_assessment(view, ev);
    mark_scheduler.post_due(eng.data_time_s(), [&](engine::MarkCommand m) { return eng.post(std::move(m)); });
    const engine::Snapshot& snapshot = eng.snapshot();
    ui::draw_screen(snapshot, view);
    for (engine::Command& command : view.commands) eng.post(std::move(command));
    view.commands.clear();
    resonant::app::handle_preset_save(view);
    history.update(view);
    resonant::app::start_bedtime_if_asked(view, eng);
    if (view.settings.values.font_scale != font_scale_setting) {
      font_scale_setting = view.settings.values.font_scale;
      live_font_scale = static_cast<float>(font_scale_setting);
    }
    resonant::app::save_changed_settings(settings, view);
    cues.update(ui::CueInput{snapshot.pacer, snapshot.pacer_enabled, view.pacer.cues},
                snapshot.clock);
    if (!cue_problem_told && !cues.problem().empty()) {
      std::fprintf(stderr, "resonant: %s\n", cues.problem().c_str());
      cue_problem_told = true;
    }
  }, &client);
  eng.shutdown();
  resonant::app::save_settings_at_exit(settings, view, result, window.frames > 0);

  if (result.exit_code != 0) {
    std::fprintf(stderr, "%s\n", result.message.c_str());
    return result.exit_code;
  }
  if (window.frames > 0) {
    std::printf("frame time: median %.2f ms, p99 %.2f ms over %zu frames (first frame %.1f ms)\n",
                result.frame_time.median_ms, result.frame_time.p99_ms, result.frame_time.frames,
                result.frame_time.first_frame_ms);
  }
  return 0;
}
