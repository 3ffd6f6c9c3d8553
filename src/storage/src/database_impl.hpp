#pragma once
// Database internals shared by its source files (open/migrate/recover, clients, sessions).
#include <resonant/storage/database.hpp>

#include <vector>

#include "sqlite_util.hpp"

namespace resonant::storage {

struct Database::Impl {
  detail::Connection conn;
  std::vector<std::int64_t> recovered;
};

namespace detail {

/// Creates path with mode 0600 if missing, and takes group/other permissions away from an
/// existing file we own; throws StoreError (kCantOpen / kReadOnly) naming the file.
void prepare_private_file(const std::filesystem::path& path, bool create);

/// Runs the migrations the database is missing; throws kTooNew for a newer schema.
void migrate(Connection& c);

/// Marks sessions left "recording" by a writer that is gone as "recovered"; returns their ids.
std::vector<std::int64_t> recover_interrupted(Connection& c);

}  // namespace detail
}  // namespace resonant::storage
