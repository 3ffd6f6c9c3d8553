#pragma once
// The person's own pacer presets, kept in a small text file in the XDG config folder
// (common/pacer_presets.hpp describes the format). The UI and the CLI get them as plain
// data through these functions: neither touches storage itself.
//
// Threading contract: plain functions; call from one thread at a time per file.
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <resonant/common/pacer_presets.hpp>

namespace resonant::engine {

/// $XDG_CONFIG_HOME/resonant/pacer-presets.tsv (the folder is not created here).
std::filesystem::path default_user_presets_path();

struct UserPresets {
  std::vector<PacerPreset> presets;
  std::vector<std::string> problems;  // "PATH line 3: ..." for lines that were skipped
};

/// Reads the file; a missing file is no problem (no presets). Never throws: an unreadable
/// file is reported in problems.
UserPresets load_user_presets(const std::filesystem::path& path);

/// Writes all presets atomically (0600), creating the folder (0700) when missing.
/// Throws std::runtime_error naming the file and what to do.
void save_user_presets(const std::filesystem::path& path, std::span<const PacerPreset> presets);

/// Adds or replaces (same name) one preset in the file and saves it; throws as above,
/// or std::invalid_argument when the name cannot be used (preset_name_problem()).
void store_user_preset(const std::filesystem::path& path, PacerPreset preset);

/// Built-ins, then "my resonance rate" when an assessment gave one, then the user's presets.
std::vector<PacerPreset> all_pacer_presets(std::span<const PacerPreset> user_presets,
                                           std::optional<double> assessed_rate_bpm);

}  // namespace resonant::engine
