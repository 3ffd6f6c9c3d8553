#pragma once
// Queries shared by the readers of one saved session (session_reader.cpp for exports,
// session_review.cpp for trends). Private to storage.
#include <cstdint>
#include <vector>

#include <resonant/storage/database.hpp>
#include <resonant/storage/session_reader.hpp>

#include "sqlite_util.hpp"

namespace resonant::storage::detail {

/// The session's row; throws StoreError kNotFound naming the session and the database.
SessionInfo require_session(Database& db, std::int64_t id);

std::vector<StoredMarker> read_markers(Connection& c, std::int64_t id);
std::vector<PacerRow> read_pacer(Connection& c, std::int64_t id);

/// Runs fn inside one read transaction, so a recorder writing the same session cannot
/// interleave its rows; rolls back and rethrows on errors.
template <typename Fn>
void in_read_transaction(Connection& c, Fn&& fn) {
  c.exec("BEGIN", "reading a session");
  try {
    fn();
  } catch (...) {
    sqlite3_exec(c.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  c.exec("COMMIT", "reading a session");
}

}  // namespace resonant::storage::detail
