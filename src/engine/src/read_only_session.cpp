#include "read_only_session.hpp"

#include <stdexcept>

namespace resonant::engine::detail {

storage::Database open_database_read_only(const std::filesystem::path& database) {
  if (!std::filesystem::exists(database)) {
    throw std::runtime_error("there is no session database at " + database.string() +
                             " (give the one you record to with --db)");
  }
  // Read-only and without recovery: reading changes nothing in the database.
  storage::OpenOptions options;
  options.read_only = true;
  options.recover_interrupted = false;
  options.create = false;
  return storage::Database::open(database, options);
}

storage::StoredSession read_session_read_only(const std::filesystem::path& database,
                                              std::int64_t session_id) {
  storage::Database db = open_database_read_only(database);
  return storage::read_session(db, session_id);
}

}  // namespace resonant::engine::detail
