#include "read_only_session.hpp"

#include <stdexcept>

#include <resonant/storage/database.hpp>

namespace resonant::engine::detail {

storage::StoredSession read_session_read_only(const std::filesystem::path& database,
                                              std::int64_t session_id) {
  if (!std::filesystem::exists(database)) {
    throw std::runtime_error("there is no session database at " + database.string() +
                             " (give the one you record to with --db)");
  }
  // Read-only and without recovery: reading changes nothing in the database.
  storage::OpenOptions options;
  options.read_only = true;
  options.recover_interrupted = false;
  options.create = false;
  storage::Database db = storage::Database::open(database, options);
  return storage::read_session(db, session_id);
}

}  // namespace resonant::engine::detail
