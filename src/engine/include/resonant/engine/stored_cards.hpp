#pragma once
// Office mode, offline: the response cards of a saved session's exercise blocks (markers of
// kinds "block" and "block_end", beats, pacer), computed by the same code as live
// (src/engine/src/exercise_blocks.hpp).
#include <cstdint>
#include <filesystem>
#include <vector>

#include <resonant/engine/snapshot.hpp>

namespace resonant::engine {

/// The newest kResponseCardCapacity blocks' cards, oldest first. Throws std::runtime_error
/// naming the database or session when it cannot be read.
std::vector<ExerciseCard> stored_response_cards(const std::filesystem::path& database,
                                                std::int64_t session_id);

}  // namespace resonant::engine
