#include <resonant/common/pacer_presets.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace resonant {
namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr double kResonanceRateBpm = 6.0;
constexpr double kResonanceInhaleFraction = 0.4;  // 40:60
constexpr double kBedtimeInhaleFraction = 0.35;   // longer exhale: calming
constexpr double kBedtimeTargetBpm = 4.5;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

std::optional<double> parse_number(std::string_view s) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

void append_number(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  out += buf;
}

}  // namespace

PacerSettings settings_from_part_seconds(double inhale_s, double hold_after_inhale_s,
                                         double exhale_s, double hold_after_exhale_s) {
  const double breathing_s = inhale_s + exhale_s;
  const double cycle_s = breathing_s + hold_after_inhale_s + hold_after_exhale_s;
  PacerSettings s;
  s.rate_bpm = kSecondsPerMinute / cycle_s;
  s.inhale_fraction = inhale_s / breathing_s;
  const PacerSettings rounded = clamped(s);  // rate to the pacer's resolution
  // Scale the holds with the rounded cycle so every part keeps its share of the breath.
  const double scale = (kSecondsPerMinute / rounded.rate_bpm) / cycle_s;
  s.rate_bpm = rounded.rate_bpm;
  s.hold_after_inhale_s = hold_after_inhale_s * scale;
  s.hold_after_exhale_s = hold_after_exhale_s * scale;
  return clamped(s);
}

std::vector<PacerPreset> builtin_pacer_presets() {
  std::vector<PacerPreset> p;
  PacerSettings resonance;
  resonance.rate_bpm = kResonanceRateBpm;
  resonance.inhale_fraction = kResonanceInhaleFraction;
  p.push_back({"resonance", "6 breaths/min, in 40 : out 60", clamped(resonance), 0.0, true});
  p.push_back({"4-7-8", "in 4 s, hold 7 s, out 8 s", settings_from_part_seconds(4, 7, 8, 0), 0.0,
               true});
  p.push_back({"box", "in, hold, out, rest: 4 s each", settings_from_part_seconds(4, 4, 4, 4), 0.0,
               true});
  PacerSettings bedtime = resonance;
  bedtime.inhale_fraction = kBedtimeInhaleFraction;
  p.push_back({"bedtime", "from 6/min with a long exhale, slowing to 4.5/min as you keep up",
               clamped(bedtime), kBedtimeTargetBpm, true});
  return p;
}

std::optional<PacerPreset> my_resonance_preset(std::optional<double> assessed_rate_bpm) {
  if (!assessed_rate_bpm || !std::isfinite(*assessed_rate_bpm)) return std::nullopt;
  PacerSettings s;
  // On the step grid, as the description says it to one decimal.
  s.rate_bpm = std::round(*assessed_rate_bpm / kPacerRateStepBpm) * kPacerRateStepBpm;
  s.inhale_fraction = kResonanceInhaleFraction;
  s = clamped(s);
  char description[64];
  std::snprintf(description, sizeof description, "%.1f breaths/min from your assessment, 40 : 60",
                s.rate_bpm);
  return PacerPreset{std::string(kMyResonancePresetName), description, s, 0.0, true};
}

std::optional<PacerPreset> find_pacer_preset(std::span<const PacerPreset> presets,
                                             std::string_view name) {
  for (const PacerPreset& p : presets) {
    if (same_name(p.name, name)) return p;
  }
  return std::nullopt;
}

std::string preset_name_problem(std::string_view name) {
  if (name.empty()) return "a preset needs a name";
  if (name.size() > kPacerPresetNameMaxChars) return "a preset name has at most 40 characters";
  if (name.find_first_of("\t\r\n") != std::string_view::npos) {
    return "a preset name cannot contain tabs or line breaks";
  }
  if (name.front() == '#') return "a preset name cannot start with '#'";
  if (find_pacer_preset(builtin_pacer_presets(), name) || same_name(name, kMyResonancePresetName)) {
    return "'" + std::string(name) + "' is a built-in preset: choose another name";
  }
  return "";
}

std::string format_user_presets(std::span<const PacerPreset> presets) {
  std::string out =
      "# Resonant pacer presets: name, rate_bpm, inhale_fraction, hold_after_inhale_s,\n"
      "# hold_after_exhale_s, ramp_target_bpm (0 = none); tab-separated.\n";
  for (const PacerPreset& p : presets) {
    const PacerSettings s = clamped(p.settings);
    out += p.name;
    for (double v : {s.rate_bpm, s.inhale_fraction, s.hold_after_inhale_s, s.hold_after_exhale_s,
                     p.ramp_target_bpm}) {
      out += '\t';
      append_number(out, v);
    }
    out += '\n';
  }
  return out;
}

ParsedPresets parse_user_presets(std::string_view text) {
  constexpr std::size_t kRequiredFields = 5;
  constexpr std::size_t kAllFields = 6;
  ParsedPresets result;
  int line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    const std::vector<std::string_view> f = split_tabs(line);
    if (f.size() != kRequiredFields && f.size() != kAllFields) {
      result.problems.push_back(where + "expected 5 or 6 tab-separated fields");
      continue;
    }
    if (std::string why = preset_name_problem(f[0]); !why.empty()) {
      result.problems.push_back(where + why);
      continue;
    }
    std::optional<double> v[kAllFields - 1];
    bool ok = true;
    for (std::size_t i = 1; i < f.size(); ++i) {
      v[i - 1] = parse_number(f[i]);
      ok = ok && v[i - 1].has_value();
    }
    if (!ok) {
      result.problems.push_back(where + "a field is not a number");
      continue;
    }
    if (find_pacer_preset(result.presets, f[0])) {
      result.problems.push_back(where + "'" + std::string(f[0]) + "' appears twice; kept the first");
      continue;
    }
    PacerPreset p;
    p.name = std::string(f[0]);
    p.built_in = false;
    p.settings = clamped(PacerSettings{*v[0], *v[1], *v[2], *v[3]});
    const double target = f.size() == kAllFields ? *v[4] : 0.0;
    p.ramp_target_bpm =
        target > 0.0 ? clamped(PacerSettings{target, 0.4, 0.0, 0.0}).rate_bpm : 0.0;
    if (p.ramp_target_bpm >= p.settings.rate_bpm) p.ramp_target_bpm = 0.0;
    char description[96];
    std::snprintf(description, sizeof description, "%.1f breaths/min, in %.0f : out %.0f",
                  p.settings.rate_bpm, p.settings.inhale_fraction * 100.0,
                  (1.0 - p.settings.inhale_fraction) * 100.0);
    p.description = description;
    result.presets.push_back(std::move(p));
  }
  return result;
}

}  // namespace resonant
