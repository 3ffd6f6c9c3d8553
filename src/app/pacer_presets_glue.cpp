#include "pacer_presets_glue.hpp"

#include <cmath>
#include <cstdio>
#include <exception>

#include <resonant/engine/pacer_preset_file.hpp>
#include <resonant/engine/resonance_result.hpp>

namespace resonant::app {

void load_pacer_presets(ui::ViewState& view) {
  engine::UserPresets user;
  try {
    user = engine::load_user_presets(engine::default_user_presets_path());
  } catch (const std::exception& e) {  // e.g. no HOME to find the config folder in
    std::fprintf(stderr, "resonant: your pacer presets were not loaded: %s\n", e.what());
  }
  for (const std::string& problem : user.problems) {
    std::fprintf(stderr, "resonant: skipped a pacer preset: %s\n", problem.c_str());
  }
  // "my resonance rate" joins the list once an assessment has stored a rate.
  view.pacer.presets = engine::all_pacer_presets(user.presets, view.pacer.assessed_resonance_bpm);
}

void load_assessed_rate(ui::ViewState& view, const std::string& database,
                        const std::string& client) {
  if (database.empty()) return;
  std::string problem;  // an unreadable database simply offers no "my resonance rate"
  view.pacer.assessed_resonance_bpm = engine::stored_resonance_rate(database, client, problem);
}

void note_assessment(ui::ViewState& view, const engine::EngineEvent& event) {
  const auto* a = std::get_if<engine::AssessmentRecord>(&event);
  if (a == nullptr || !a->stored || !a->result || !std::isfinite(a->result->recommended_rate_bpm)) return;
  view.pacer.assessed_resonance_bpm = a->result->recommended_rate_bpm;
}

void handle_preset_save(ui::ViewState& view) {
  if (!view.pacer.save_request) return;
  PacerPreset preset = *view.pacer.save_request;
  view.pacer.save_request.reset();
  try {
    engine::store_user_preset(engine::default_user_presets_path(), preset);
    load_pacer_presets(view);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant: the preset '%s' was not saved: %s\n", preset.name.c_str(),
                 e.what());
    view.pacer.presets.push_back(preset);  // usable for this run
  }
}

std::optional<PacerPreset> preset_named(const ui::ViewState& view, std::string_view name) {
  return find_pacer_preset(view.pacer.presets, name);
}

}  // namespace resonant::app
