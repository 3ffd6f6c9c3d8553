#pragma once
// One saved session read in full without changing the database (exports, offline cards).
#include <cstdint>
#include <filesystem>

#include <resonant/storage/database.hpp>
#include <resonant/storage/session_reader.hpp>

namespace resonant::engine::detail {

/// Opens the database read-only and without recovery (exporting or reviewing changes
/// nothing). Throws std::runtime_error naming the path and --db when there is none.
storage::Database open_database_read_only(const std::filesystem::path& database);

/// Throws std::runtime_error when there is no database at the path (naming it and --db), or
/// the storage error for an unknown session.
storage::StoredSession read_session_read_only(const std::filesystem::path& database,
                                              std::int64_t session_id);

}  // namespace resonant::engine::detail
