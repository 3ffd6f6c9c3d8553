#pragma once
// Writing a file for the person (detected beats, exports): it appears complete or not at all,
// readable by its owner only; a link's target is written, a pipe or terminal (/dev/stdout)
// straight through, a folder refused (src/engine/src/private_file.hpp).
//
// Threading contract: none needed (no shared state).
#include <filesystem>
#include <string_view>

namespace resonant::engine {

/// Writes text to path; throws std::runtime_error "cannot write PATH: why (what to do)".
void write_private_file(const std::filesystem::path& path, std::string_view text);

}  // namespace resonant::engine
