#pragma once
// The person's settings (theme, font scale, reduced motion, pacer look and sound, last preset,
// window geometry, bedtime length), kept in $XDG_CONFIG_HOME/resonant/settings.toml: one
// `key = value` line each. The app reads them at start and writes them when the person
// changes something; `resonant-cli settings` lists, reads and changes them. Neither the UI nor
// the CLI touches the file itself.
//
// A file that cannot be used (TOML syntax, an unknown key, a value out of range) is reported in
// one line naming file:line, and all defaults are used; the file is left as it is until the
// person changes a setting.
//
// Threading contract: plain data and functions; one thread at a time per file.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace resonant::engine {

inline constexpr double kMinFontScaleSetting = 0.8;
inline constexpr double kMaxFontScaleSetting = 2.0;
inline constexpr double kMinBedtimeMinutes = 5.0;
inline constexpr double kMaxBedtimeMinutes = 60.0;
inline constexpr int kMinWindowWidth = 320;
inline constexpr int kMinWindowHeight = 240;
inline constexpr int kMaxWindowSide = 10000;

struct AppSettings {
  std::string theme = "dark";          // dark | light | night
  double font_scale = 1.0;             // [kMinFontScaleSetting, kMaxFontScaleSetting]
  bool reduced_motion = false;
  std::string pacer_shape = "circle";  // circle | bar | wave
  std::string pacer_sound = "off";     // off | tone | chime
  double pacer_volume = 0.5;           // [0, 1]
  std::string last_preset;             // "" = none
  int window_width = 1280;             // logical pixels [kMinWindowWidth, kMaxWindowSide]
  int window_height = 800;             // [kMinWindowHeight, kMaxWindowSide]
  bool window_position_known = false;  // window_x/y were saved
  int window_x = 0;                    // screen coordinates
  int window_y = 0;
  double tachogram_window_s = 120.0;   // layout: time the tachogram shows [30, 600]
  double bedtime_minutes = 15.0;       // [kMinBedtimeMinutes, kMaxBedtimeMinutes]

  bool operator==(const AppSettings&) const = default;
};

struct SettingInfo {
  std::string_view key;
  std::string_view help;  // values allowed and what it does
};

/// Every key, in file order.
std::span<const SettingInfo> setting_keys();

/// The value of key as written in the file (strings without quotes), or "" for an unknown key
/// (is_setting_key says which).
std::string get_setting(const AppSettings& settings, std::string_view key);
bool is_setting_key(std::string_view key);

/// Sets key from text ("night", "1.25", "true"); returns "" when done, else what is wrong
/// ("font_scale 3 is outside 0.8..2"), leaving settings unchanged.
std::string set_setting(AppSettings& settings, std::string_view key, std::string_view value);

/// $XDG_CONFIG_HOME/resonant/settings.toml (the folder is not created here).
std::filesystem::path default_settings_path();

struct LoadedSettings {
  AppSettings settings;  // defaults when the file is missing or has a problem
  bool exists = false;
  std::string problem;   // "" or one line: "PATH:LINE: what is wrong (defaults used ...)"
};

/// Reads the file; never throws (problems are reported in problem).
LoadedSettings load_settings(const std::filesystem::path& path);

/// Parses settings text; source_name is used in the message.
LoadedSettings parse_settings(std::string_view text, std::string_view source_name);

/// The file's text for these settings (every key, in setting_keys() order).
std::string format_settings(const AppSettings& settings);

/// Writes atomically (0600), creating the folder (0700); throws std::runtime_error naming
/// the file and what to do.
void save_settings(const std::filesystem::path& path, const AppSettings& settings);

}  // namespace resonant::engine
