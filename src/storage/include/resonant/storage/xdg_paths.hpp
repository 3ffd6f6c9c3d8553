#pragma once
// Where Resonant keeps its files, following the XDG Base Directory specification:
//   data   $XDG_DATA_HOME/resonant   (default ~/.local/share/resonant): sessions, records
//   config $XDG_CONFIG_HOME/resonant (default ~/.config/resonant): settings, layout, keys
// Folders are created with mode 0700: records are personal health data.
#include <filesystem>
#include <string>

namespace resonant::storage {

struct PathResult {
  std::filesystem::path path;
  std::string error;  // empty on success; otherwise what went wrong and what to do
  bool ok() const { return error.empty(); }
};

/// Resolves (without creating) the data and config folders from the environment.
std::filesystem::path data_dir();
std::filesystem::path config_dir();

/// Creates dir (and parents) if needed and makes sure only the owner can read it.
PathResult ensure_private_dir(const std::filesystem::path& dir);

}  // namespace resonant::storage
