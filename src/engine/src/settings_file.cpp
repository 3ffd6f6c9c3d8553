// settings.toml through toml++ (every node knows its source line, so a problem names
// file:line), written back by hand in a fixed key order so the file stays easy to read.
#include <resonant/engine/settings_file.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <variant>

#include <toml++/toml.h>

#include <resonant/storage/xdg_paths.hpp>

#include "private_file.hpp"

namespace resonant::engine {
namespace {

constexpr const char* kSettingsFileName = "settings.toml";

constexpr std::array<std::string_view, 3> kThemeNames{"dark", "light", "night"};
constexpr std::array<std::string_view, 3> kShapeNames{"circle", "bar", "wave"};
constexpr std::array<std::string_view, 3> kSoundNames{"off", "tone", "chime"};

using Field = std::variant<std::string AppSettings::*, double AppSettings::*, int AppSettings::*,
                           bool AppSettings::*>;

struct Entry {
  SettingInfo info;
  Field field;
  double lo = 0.0;                       // numbers: allowed range
  double hi = 0.0;
  std::span<const std::string_view> choices{};  // text: allowed values (empty: any)
};

const std::array<Entry, 13> kEntries{{
    {{"theme", "dark, light or night"}, &AppSettings::theme, 0, 0, kThemeNames},
    {{"font_scale", "0.8..2: text size on top of the screen's own scale (next start)"},
     &AppSettings::font_scale, kMinFontScaleSetting, kMaxFontScaleSetting},
    {{"reduced_motion", "true or false: no fades or eased movement (the pacer still breathes)"},
     &AppSettings::reduced_motion},
    {{"pacer_shape", "circle, bar or wave"}, &AppSettings::pacer_shape, 0, 0, kShapeNames},
    {{"pacer_sound", "off, tone or chime"}, &AppSettings::pacer_sound, 0, 0, kSoundNames},
    {{"pacer_volume", "0..1"}, &AppSettings::pacer_volume, 0.0, 1.0},
    {{"last_preset", "the pacer preset chosen last (\"\" = none)"}, &AppSettings::last_preset},
    {{"window_width", "320..10000 logical pixels"}, &AppSettings::window_width, kMinWindowWidth,
     kMaxWindowSide},
    {{"window_height", "240..10000 logical pixels"}, &AppSettings::window_height,
     kMinWindowHeight, kMaxWindowSide},
    {{"window_x", "window position, screen pixels"}, &AppSettings::window_x, -kMaxWindowSide,
     kMaxWindowSide},
    {{"window_y", "window position, screen pixels"}, &AppSettings::window_y, -kMaxWindowSide,
     kMaxWindowSide},
    {{"tachogram_window_s", "30..600: seconds of heart rate the chart shows"},
     &AppSettings::tachogram_window_s, 30.0, 600.0},
    {{"bedtime_minutes", "5..60: bedtime mode fades out and stops by this time"},
     &AppSettings::bedtime_minutes, kMinBedtimeMinutes, kMaxBedtimeMinutes},
}};

const std::array<SettingInfo, kEntries.size()> kInfos = [] {
  std::array<SettingInfo, kEntries.size()> out{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) out[i] = kEntries[i].info;
  return out;
}();

const Entry* find_entry(std::string_view key) {
  for (const Entry& e : kEntries) {
    if (e.info.key == key) return &e;
  }
  return nullptr;
}

bool is_position_key(std::string_view key) { return key == "window_x" || key == "window_y"; }

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string known_keys() {
  std::string out;
  for (const Entry& e : kEntries) out += (out.empty() ? "" : ", ") + std::string(e.info.key);
  return out;
}

std::string toml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// Number text -> value; false when it is not a whole finite number.
bool parse_number(std::string_view text, double& out) {
  const std::string s(text);
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() && std::isfinite(out);
}

/// The text of a TOML value as `set_setting` takes it; false (with why) for a wrong type.
bool node_text(const Entry& e, const toml::node& n, std::string& out, std::string& why) {
  const bool wants_text = std::holds_alternative<std::string AppSettings::*>(e.field);
  const bool wants_flag = std::holds_alternative<bool AppSettings::*>(e.field);
  if (wants_text) {
    if (!n.is_string()) {
      why = std::string(e.info.key) + " must be text in quotes (" + std::string(e.info.help) + ")";
      return false;
    }
    out = *n.value<std::string>();
  } else if (wants_flag) {
    if (!n.is_boolean()) {
      why = std::string(e.info.key) + " must be true or false";
      return false;
    }
    out = *n.value<bool>() ? "true" : "false";
  } else {
    if (!n.is_number()) {
      why = std::string(e.info.key) + " must be a number (" + std::string(e.info.help) + ")";
      return false;
    }
    out = n.is_integer() ? std::to_string(*n.value<std::int64_t>()) : number_text(*n.value<double>());
  }
  return true;
}

}  // namespace

std::span<const SettingInfo> setting_keys() { return kInfos; }

bool is_setting_key(std::string_view key) { return find_entry(key) != nullptr; }

std::string get_setting(const AppSettings& s, std::string_view key) {
  const Entry* e = find_entry(key);
  if (e == nullptr) return "";
  if (is_position_key(key) && !s.window_position_known) return "";
  return std::visit(
      [&](auto member) -> std::string {
        const auto& v = s.*member;
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, int>) {
          return std::to_string(v);
        } else {
          return number_text(v);
        }
      },
      e->field);
}

std::string set_setting(AppSettings& s, std::string_view key, std::string_view value) {
  const Entry* e = find_entry(key);
  if (e == nullptr) return "unknown setting '" + std::string(key) + "' (known: " + known_keys() + ")";
  const std::string k(key);
  std::string why;
  std::visit(
      [&](auto member) {
        auto& v = s.*member;
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          bool allowed = e->choices.empty();
          for (std::string_view c : e->choices) allowed = allowed || c == value;
          if (!allowed) {
            why = k + " '" + std::string(value) + "' is not one of: " + std::string(e->info.help);
          } else {
            v = std::string(value);
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          if (value == "true" || value == "false") {
            v = value == "true";
          } else {
            why = k + " must be true or false, not '" + std::string(value) + "'";
          }
        } else {
          double d = 0.0;
          if (!parse_number(value, d)) {
            why = k + " must be a number, not '" + std::string(value) + "'";
          } else if (d < e->lo || d > e->hi) {
            why = k + " " + number_text(d) + " is outside " + number_text(e->lo) + ".." +
                  number_text(e->hi);
          } else if constexpr (std::is_same_v<T, int>) {
            if (d != std::floor(d)) {
              why = k + " must be a whole number, not '" + std::string(value) + "'";
            } else {
              v = static_cast<int>(d);
            }
          } else {
            v = d;
          }
        }
      },
      e->field);
  if (why.empty() && is_position_key(key)) s.window_position_known = true;
  return why;
}

std::filesystem::path default_settings_path() { return storage::config_dir() / kSettingsFileName; }

LoadedSettings parse_settings(std::string_view text, std::string_view source_name) {
  LoadedSettings out;
  out.exists = true;
  const std::string src(source_name);
  auto fail = [&](int line, const std::string& what) {
    out.settings = AppSettings{};
    out.problem = src + ":" + std::to_string(line) + ": " + what +
                  "; using the default settings (the file stays as it is until you change a "
                  "setting)";
    return out;
  };
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return fail(static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  for (const auto& [key, node] : root) {
    const int line = static_cast<int>(node.source().begin.line);
    const Entry* e = find_entry(key.str());
    if (e == nullptr) {
      return fail(line, "unknown setting '" + std::string(key.str()) + "' (known: " + known_keys() + ")");
    }
    std::string value;
    std::string why;
    if (!node_text(*e, node, value, why)) return fail(line, why);
    if (why = set_setting(out.settings, key.str(), value); !why.empty()) return fail(line, why);
  }
  return out;
}

LoadedSettings load_settings(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    LoadedSettings out;
    out.exists = true;
    out.problem = "cannot read " + path.string() +
                  ": check that it is readable; using the default settings";
    return out;
  }
  return parse_settings(text.str(), path.string());
}

std::string format_settings(const AppSettings& s) {
  std::string out = "# Resonant settings (resonant-cli settings list describes each key)\n";
  for (const Entry& e : kEntries) {
    if (is_position_key(e.info.key) && !s.window_position_known) continue;
    const std::string value = get_setting(s, e.info.key);
    const bool text = std::holds_alternative<std::string AppSettings::*>(e.field);
    out += std::string(e.info.key) + " = " + (text ? toml_quoted(value) : value) + "\n";
  }
  return out;
}

void save_settings(const std::filesystem::path& path, const AppSettings& settings) {
  const storage::PathResult dir = storage::ensure_private_dir(path.parent_path());
  if (!dir.ok()) throw std::runtime_error(dir.error);
  PrivateFile file(path, FollowLinks::kYes);  // the person's own config (dotfiles may link)
  file.write(format_settings(settings));
  file.commit();
}

}  // namespace resonant::engine
