#pragma once
// The size an EDF/EDF+/BDF/BDF+ file must have, from its own header: header bytes + data
// records x the samples of one record x 2 bytes (EDF) or 3 bytes (BDF). Used to tell a
// truncated file from a malformed one when reading, and a short write when exporting.
#include <cstdint>
#include <filesystem>
#include <optional>

namespace resonant::records {

/// The file's size as its header says it, or nullopt when the header cannot be read or its
/// counts are not numbers (then the header itself is malformed).
std::optional<std::uintmax_t> edf_size_from_header(const std::filesystem::path& path);

}  // namespace resonant::records
