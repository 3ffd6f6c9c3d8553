#include <resonant/engine/pacer_preset_file.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <resonant/storage/xdg_paths.hpp>

#include "private_file.hpp"

namespace resonant::engine {
namespace {
constexpr const char* kUserPresetsFileName = "pacer-presets.tsv";
}

std::filesystem::path default_user_presets_path() {
  return storage::config_dir() / kUserPresetsFileName;
}

UserPresets load_user_presets(const std::filesystem::path& path) {
  UserPresets out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    out.problems.push_back("cannot read " + path.string() +
                           ": check that the file is readable, or remove it to start afresh");
    return out;
  }
  ParsedPresets parsed = parse_user_presets(text.str());
  out.presets = std::move(parsed.presets);
  for (std::string& p : parsed.problems) out.problems.push_back(path.string() + " " + p);
  return out;
}

void save_user_presets(const std::filesystem::path& path, std::span<const PacerPreset> presets) {
  const storage::PathResult dir = storage::ensure_private_dir(path.parent_path());
  if (!dir.ok()) throw std::runtime_error(dir.error);
  PrivateFile file(path, FollowLinks::kYes);  // the person's own config (dotfiles may link)
  file.write(format_user_presets(presets));
  file.commit();
}

void store_user_preset(const std::filesystem::path& path, PacerPreset preset) {
  if (std::string why = preset_name_problem(preset.name); !why.empty()) {
    throw std::invalid_argument(why);
  }
  UserPresets current = load_user_presets(path);
  if (!current.problems.empty()) {
    // Saving would drop the lines that could not be read: the person must see them first.
    throw std::runtime_error(current.problems.front() +
                             " (fix or remove that line before saving a preset)");
  }
  preset.built_in = false;
  preset.settings = clamped(preset.settings);
  bool replaced = false;
  for (PacerPreset& p : current.presets) {
    if (find_pacer_preset(std::span<const PacerPreset>(&p, 1), preset.name)) {
      p = preset;
      replaced = true;
    }
  }
  if (!replaced) current.presets.push_back(preset);
  save_user_presets(path, current.presets);
}

std::vector<PacerPreset> all_pacer_presets(std::span<const PacerPreset> user_presets,
                                           std::optional<double> assessed_rate_bpm) {
  std::vector<PacerPreset> all = builtin_pacer_presets();
  if (auto mine = my_resonance_preset(assessed_rate_bpm)) all.push_back(*mine);
  all.insert(all.end(), user_presets.begin(), user_presets.end());
  return all;
}

}  // namespace resonant::engine
