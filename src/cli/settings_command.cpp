// resonant-cli settings: list, read and change the dashboard's saved settings (the same file
// and the same checks as the dashboard's Settings popup, through the engine).
#include <cstdio>
#include <exception>

#include <resonant/engine/settings_file.hpp>

#include "commands.hpp"

namespace resonant::cli {

int run_settings(const SettingsOptions& o) {
  std::filesystem::path path;
  try {
    path = engine::default_settings_path();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli settings: %s\n", e.what());
    return kExitFailure;
  }
  engine::LoadedSettings loaded = engine::load_settings(path);
  if (!loaded.problem.empty()) std::fprintf(stderr, "resonant-cli settings: %s\n", loaded.problem.c_str());

  if (o.action == "list") {
    std::printf("# %s%s\n", path.string().c_str(), loaded.exists ? "" : " (not written yet: defaults)");
    for (const engine::SettingInfo& info : engine::setting_keys()) {
      const std::string value = engine::get_setting(loaded.settings, info.key);
      std::printf("%-20s %-12s %.*s\n", std::string(info.key).c_str(),
                  value.empty() ? "-" : value.c_str(), static_cast<int>(info.help.size()), info.help.data());
    }
    return loaded.problem.empty() ? kExitOk : kExitFailure;
  }
  if (o.key.empty()) {
    std::fprintf(stderr, "resonant-cli settings %s: name a setting (resonant-cli settings list)\n",
                 o.action.c_str());
    return kExitUsage;
  }
  if (!engine::is_setting_key(o.key)) {
    engine::AppSettings ignored;
    std::fprintf(stderr, "resonant-cli settings: %s\n", engine::set_setting(ignored, o.key, "").c_str());
    return kExitUsage;
  }
  if (o.action == "get") {
    std::printf("%s\n", engine::get_setting(loaded.settings, o.key).c_str());
    return loaded.problem.empty() ? kExitOk : kExitFailure;
  }
  // set: a bad file is replaced only by a deliberate change, as the dashboard does; the other
  // settings are then the defaults (the message above said so).
  if (const std::string why = engine::set_setting(loaded.settings, o.key, o.value); !why.empty()) {
    std::fprintf(stderr, "resonant-cli settings set: %s\n", why.c_str());
    return kExitUsage;
  }
  try {
    engine::save_settings(path, loaded.settings);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli settings set: %s\n", e.what());
    return kExitFailure;
  }
  std::printf("%s = %s\n", o.key.c_str(), engine::get_setting(loaded.settings, o.key).c_str());
  return kExitOk;
}

}  // namespace resonant::cli
