#include "settings_glue.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <resonant/engine/protocol_library.hpp>

namespace resonant::app {
namespace {

constexpr auto kMinSaveInterval = std::chrono::seconds(1);  // a dragged slider saves once a second
constexpr const char* kBedtimeProtocol = "bedtime_wind_down";
constexpr double kSecondsPerMinute = 60.0;

std::string sound_name(ui::CueSound sound) {
  switch (sound) {
    case ui::CueSound::kOff: return "off";
    case ui::CueSound::kTone: return "tone";
    case ui::CueSound::kChime: return "chime";
  }
  return "off";
}

// Hands a copy to the writer thread; the file itself is written there.
void save(SettingsStore& store, ui::ViewState& view) {
  view.settings.changed = false;
  store.last_save = SteadyClock::now();
  if (!store.writer) return;
  store.writer->submit(view.settings.values);
  store.saved = view.settings.values;
  store.file_bad = false;  // the file is being replaced by a good one
}

// The writer's one failure message (it gives it once): on stderr and in the view.
void pick_up_problem(SettingsStore& store, ui::ViewState& view) {
  if (!store.writer) return;
  if (std::optional<std::string> problem = store.writer->take_problem()) {
    std::fprintf(stderr, "resonant: %s\n", problem->c_str());
    view.settings.save_problem = std::move(*problem);
  }
}

}  // namespace

SettingsStore load_settings(ui::ViewState& view) {
  SettingsStore store;
  try {
    store.path = engine::default_settings_path();
  } catch (const std::exception& e) {  // e.g. no HOME to find the config folder in
    std::fprintf(stderr, "resonant: settings are not kept: %s\n", e.what());
    return store;
  }
  engine::LoadedSettings loaded = engine::load_settings(store.path);
  if (!loaded.problem.empty()) std::fprintf(stderr, "resonant: %s\n", loaded.problem.c_str());
  store.file_bad = !loaded.problem.empty();
  store.saved = loaded.settings;
  view.settings.values = loaded.settings;
  store.writer = std::make_unique<SettingsWriter>(store.path);
  return store;
}

void save_changed_settings(SettingsStore& store, ui::ViewState& view, bool now_or_never) {
  // The view's pacer choices as of now; a choice that differs from the last frame's is the
  // person's and becomes a setting (so a --pacer-shape given for this run is not saved).
  engine::AppSettings seen = store.seen_in_view;
  seen.pacer_shape = std::string(ui::to_string(view.pacer.shape));
  seen.pacer_sound = sound_name(view.pacer.cues.sound);
  seen.pacer_volume = static_cast<double>(view.pacer.cues.volume);
  seen.last_preset = view.pacer.preset_name;
  seen.tachogram_window_s = view.tachogram.window_s;
  if (store.seen_known && !(seen == store.seen_in_view)) {
    engine::AppSettings& v = view.settings.values;
    v.pacer_shape = seen.pacer_shape;
    v.pacer_sound = seen.pacer_sound;
    v.pacer_volume = seen.pacer_volume;
    v.last_preset = seen.last_preset;
    v.tachogram_window_s = seen.tachogram_window_s;
    view.settings.changed = true;
  }
  store.seen_in_view = seen;
  store.seen_known = true;
  pick_up_problem(store, view);
  if (!view.settings.changed) return;
  if (!now_or_never && SteadyClock::now() - store.last_save < kMinSaveInterval) return;
  save(store, view);
}

void save_settings_at_exit(SettingsStore& store, ui::ViewState& view, const ui::RunResult& run,
                           bool scripted_run) {
  save_changed_settings(store, view, true);
  if (scripted_run || !run.window_known) return;
  engine::AppSettings& v = view.settings.values;
  // Through set_setting so out-of-range geometry (a huge monitor) is simply not kept.
  (void)engine::set_setting(v, "window_width", std::to_string(run.width));
  (void)engine::set_setting(v, "window_height", std::to_string(run.height));
  (void)engine::set_setting(v, "window_x", std::to_string(run.x));
  (void)engine::set_setting(v, "window_y", std::to_string(run.y));
  // Moving the window alone does not replace a file that had a problem.
  if (!(v == store.saved) && !store.file_bad) save(store, view);
  // Bounded: a stuck disk (an unreachable network home) must not hang the exit. Each write is
  // temp file + rename, so leaving the writer running as the process ends cannot leave a
  // half-written file, only the previous one.
  constexpr std::chrono::milliseconds kExitFlushWait{2000};
  if (store.writer && !store.writer->flush_for(kExitFlushWait)) {
    std::fprintf(stderr,
                 "resonant: the settings file is still being written after %lld s (is the disk or "
                 "network home slow?); your last change may not be kept.\n",
                 static_cast<long long>(kExitFlushWait.count() / 1000));
    (void)store.writer.release();  // on purpose: joining would wait for the stuck disk
    return;
  }
  pick_up_problem(store, view);
}

void start_bedtime_if_asked(ui::ViewState& view, engine::Engine& eng) {
  if (!view.bedtime.start_requested) return;
  view.bedtime.start_requested = false;
  view.bedtime.started = true;
  try {
    engine::StartProtocolCommand start;
    start.protocol = std::make_shared<const engine::Protocol>(engine::find_protocol(kBedtimeProtocol));
    // Read off the UI thread at start (load_assessed_rate); NaN: no stored assessment.
    start.client_resonance_rate_bpm = view.pacer.assessed_resonance_bpm.value_or(engine::kNaN);
    // A user's own bedtime_wind_down without a fade cannot take the bedtime length: say so
    // once and run it at its own length.
    const std::string refusal = engine::time_limit_refusal(*start.protocol);
    if (refusal.empty()) {
      start.time_limit_s = view.settings.values.bedtime_minutes * kSecondsPerMinute;
    } else {
      std::fprintf(stderr, "resonant: the bedtime length is not used: %s\n", refusal.c_str());
    }
    eng.post(std::move(start));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant: bedtime mode cannot start its wind-down: %s\n", e.what());
  }
}

}  // namespace resonant::app
