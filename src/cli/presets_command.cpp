// resonant-cli presets: the pacer presets the dashboard offers, and saving one's own.
#include <cstdio>
#include <exception>
#include <stdexcept>

#include <resonant/engine/pacer_preset_file.hpp>
#include <resonant/engine/resonance_result.hpp>
#include <resonant/engine/session_history.hpp>

#include "commands.hpp"

namespace resonant::cli {

std::optional<double> assessed_resonance_rate(const std::string& db_path, const std::string& client) {
  std::string database = db_path;
  if (database.empty()) {
    try {
      database = engine::default_database_path().string();
    } catch (const std::exception&) {
      return std::nullopt;  // no data folder: no assessment either
    }
  }
  std::string ignored;  // an unreadable database simply offers no "my resonance rate"
  return engine::stored_resonance_rate(database, client, ignored);
}

int run_presets(const PresetsOptions& o) {
  const auto path = engine::default_user_presets_path();
  if (!o.save_name.empty()) {
    PacerPreset p;
    p.name = o.save_name;
    p.built_in = false;
    p.settings = clamped(PacerSettings{o.rate_bpm, o.inhale_fraction, o.hold_after_inhale_s,
                                       o.hold_after_exhale_s});
    p.ramp_target_bpm = o.ramp_to_bpm > 0.0 && o.ramp_to_bpm < p.settings.rate_bpm
                            ? clamped(PacerSettings{o.ramp_to_bpm}).rate_bpm
                            : 0.0;
    try {
      engine::store_user_preset(path, p);
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "resonant-cli presets save: %s\n", e.what());
      return kExitUsage;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "resonant-cli presets save: %s\n", e.what());
      return kExitFailure;
    }
    std::printf("saved '%s' in %s\n", p.name.c_str(), path.string().c_str());
    return kExitOk;
  }
  const engine::UserPresets user = engine::load_user_presets(path);
  for (const std::string& problem : user.problems) {
    std::fprintf(stderr, "resonant-cli presets: skipped %s\n", problem.c_str());
  }
  std::printf("%-20s %6s %7s %7s %8s %7s  %s\n", "name", "bpm", "inhale", "hold_in", "hold_out",
              "ramp_to", "about");
  for (const PacerPreset& p :
       engine::all_pacer_presets(user.presets, assessed_resonance_rate(o.db_path, o.client))) {
    std::printf("%-20s %6.2f %7.2f %7.2f %8.2f %7.1f  %s\n", p.name.c_str(), p.settings.rate_bpm,
                p.settings.inhale_fraction, p.settings.hold_after_inhale_s,
                p.settings.hold_after_exhale_s, p.ramp_target_bpm,
                p.built_in ? p.description.c_str() : "yours");
  }
  return kExitOk;
}

}  // namespace resonant::cli
