#pragma once
// Named pacer settings: the built-in breathing patterns, "my resonance rate" from an
// assessment, and the person's own presets as a small text file.
//
// Pure: no I/O here (the engine reads and writes the file; see engine/pacer_preset_file.hpp).
// A preset may carry a ramp target: the pacer then slows from its rate toward that target
// while the person keeps up (engine/pacer_ramp.hpp), e.g. the bedtime wind-down.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/common/pacer.hpp>

namespace resonant {

/// Longest preset name (user presets are named by the person).
inline constexpr std::size_t kPacerPresetNameMaxChars = 40;

struct PacerPreset {
  std::string name;              // unique, case-insensitive; 1..40 characters, no tab/newline
  std::string description;       // one line, for lists and tooltips
  PacerSettings settings{};      // clamped
  double ramp_target_bpm = 0.0;  // 0 = no ramp; else [3, 10], below settings.rate_bpm
  bool built_in = true;

  bool operator==(const PacerPreset&) const = default;
};

/// Settings from the seconds of each part (e.g. 4-7-8: inhale 4, hold 7, exhale 8, rest 0).
/// The rate is rounded to the pacer's 0.01 breaths/min resolution, so the parts come out
/// within 0.1 % of the seconds asked for (4-7-8: 4.00 / 7.00 / 8.00 s); the proportions are
/// kept.
PacerSettings settings_from_part_seconds(double inhale_s, double hold_after_inhale_s,
                                         double exhale_s, double hold_after_exhale_s);

/// resonance (6/min, 40:60), 4-7-8, box (4-4-4-4), bedtime (6/min, 35:65, ramps to 4.5/min).
std::vector<PacerPreset> builtin_pacer_presets();

/// "my resonance rate": 40:60 at the rate an assessment found (clamped to [3, 10]).
/// Returns nothing for a missing or non-finite rate.
std::optional<PacerPreset> my_resonance_preset(std::optional<double> assessed_rate_bpm);
inline constexpr std::string_view kMyResonancePresetName = "my resonance rate";

/// The preset of that name (case-insensitive), or nothing.
std::optional<PacerPreset> find_pacer_preset(std::span<const PacerPreset> presets,
                                             std::string_view name);

/// Why a name cannot be used for a user preset ("" = it can).
std::string preset_name_problem(std::string_view name);

// The user preset file: UTF-8 text, one preset a line, tab-separated:
//   name <TAB> rate_bpm <TAB> inhale_fraction <TAB> hold_after_inhale_s <TAB>
//   hold_after_exhale_s [<TAB> ramp_target_bpm]
// Lines starting with '#' and blank lines are ignored. Numbers use '.' as decimal point.
std::string format_user_presets(std::span<const PacerPreset> presets);

struct ParsedPresets {
  std::vector<PacerPreset> presets;  // the lines that could be read (built_in = false)
  std::vector<std::string> problems;  // "line 3: ..." for each line that could not
};
ParsedPresets parse_user_presets(std::string_view text);

}  // namespace resonant
