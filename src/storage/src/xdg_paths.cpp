#include <resonant/storage/xdg_paths.hpp>

#include <cstdlib>
#include <system_error>

namespace resonant::storage {
namespace {

std::filesystem::path home_dir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  return std::filesystem::temp_directory_path();
}

std::filesystem::path from_env(const char* var, const char* fallback_under_home) {
  // The spec says relative paths in XDG_* are invalid and must be ignored.
  if (const char* v = std::getenv(var); v != nullptr && *v == '/') return std::filesystem::path(v);
  return home_dir() / fallback_under_home;
}

}  // namespace

std::filesystem::path data_dir() { return from_env("XDG_DATA_HOME", ".local/share") / "resonant"; }

std::filesystem::path config_dir() { return from_env("XDG_CONFIG_HOME", ".config") / "resonant"; }

PathResult ensure_private_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return {dir, "cannot create folder " + dir.string() + ": " + ec.message() +
                     " (check that the disk is writable and has space)"};
  }
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) {
    return {dir, "cannot restrict folder " + dir.string() + " to its owner: " + ec.message()};
  }
  return {dir, {}};
}

}  // namespace resonant::storage
