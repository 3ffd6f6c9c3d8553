#pragma once
// The dashboard's saved settings (engine/settings_file.hpp): read at start, applied to the
// view, saved when the person changes something (at most once a second, and at exit), with
// problems printed once on stderr and shown once in the view (view.settings.save_problem).
// The file is written by a SettingsWriter thread: the frame function only hands it a copy.
// Also starts bedtime mode's protocol when its screen asks.
//
// Threading contract: every function here runs on the UI thread; the SettingsStore (and its
// writer) belongs to that thread.
#include <filesystem>
#include <memory>

#include <resonant/common/session_clock.hpp>
#include <resonant/engine/engine.hpp>
#include <resonant/engine/settings_file.hpp>
#include <resonant/ui/app_window.hpp>
#include <resonant/ui/view_state.hpp>

#include "settings_writer.hpp"

namespace resonant::app {

struct SettingsStore {
  std::filesystem::path path;          // empty: no config folder (nothing is saved)
  engine::AppSettings saved;           // what the file holds (defaults when missing or bad)
  bool file_bad = false;               // the file had a problem: keep it until a real change
  SteadyClock::time_point last_save{};
  engine::AppSettings seen_in_view;    // the view's pacer choices last frame
  bool seen_known = false;
  std::unique_ptr<SettingsWriter> writer;  // null when there is no file to write
};

/// Reads the settings file into view.settings.values (a problem: one stderr line, defaults).
SettingsStore load_settings(ui::ViewState& view);

/// Picks up the pacer choices made in the view (shape, sound, volume, preset) and hands what
/// the person changed to the writer, at most once a second unless `now_or_never`; a write
/// failure reported by the writer lands in view.settings.save_problem. Never waits for the disk.
void save_changed_settings(SettingsStore& store, ui::ViewState& view, bool now_or_never = false);

/// At exit: remembers the window's size and position (not for scripted --frames runs) and
/// saves when anything changed, then waits for the writer to finish (the last change is kept).
void save_settings_at_exit(SettingsStore& store, ui::ViewState& view, const ui::RunResult& run,
                           bool scripted_run);

/// When the bedtime screen asked for it, starts the bedtime wind-down protocol with the
/// person's bedtime length as its time limit.
void start_bedtime_if_asked(ui::ViewState& view, engine::Engine& engine);

}  // namespace resonant::app
