#include "sqlite_util.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <utility>

namespace resonant::storage {

std::string_view to_string(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::kDiskFull: return "disk_full";
    case StoreErrorKind::kReadOnly: return "read_only";
    case StoreErrorKind::kLocked: return "locked";
    case StoreErrorKind::kIo: return "io_error";
    case StoreErrorKind::kCantOpen: return "cannot_open";
    case StoreErrorKind::kNotDatabase: return "not_a_database";
    case StoreErrorKind::kTooNew: return "too_new";
    case StoreErrorKind::kNotFound: return "not_found";
    case StoreErrorKind::kInvalid: return "invalid";
    case StoreErrorKind::kOther: return "other";
  }
  return "other";
}

namespace detail {
namespace {

StoreErrorKind kind_of(int rc, int sys_errno) {
  switch (rc & 0xff) {
    case SQLITE_FULL: return StoreErrorKind::kDiskFull;
    case SQLITE_READONLY: return StoreErrorKind::kReadOnly;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreErrorKind::kLocked;
    case SQLITE_CANTOPEN: return StoreErrorKind::kCantOpen;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return StoreErrorKind::kNotDatabase;
    case SQLITE_IOERR:
      // The OS reason decides: a full disk or a size limit is not a broken disk.
      if (sys_errno == ENOSPC || sys_errno == EFBIG || sys_errno == EDQUOT) return StoreErrorKind::kDiskFull;
      if (sys_errno == EROFS) return StoreErrorKind::kReadOnly;
      return StoreErrorKind::kIo;
    default: return StoreErrorKind::kOther;
  }
}

std::string advice(StoreErrorKind kind, int sys_errno, const std::string& where) {
  switch (kind) {
    case StoreErrorKind::kDiskFull:
      if (sys_errno == EFBIG) {
        return "the file size limit (ulimit -f) was reached at " + where +
               "; raise the limit or choose another file with --db";
      }
      return "the disk is full at " + where + "; free some space";
    case StoreErrorKind::kReadOnly:
      return where + " is read-only (read-only file system or file); choose a writable file with --db";
    case StoreErrorKind::kLocked:
      return where + " is locked by another program; close the other Resonant or tool using it";
    case StoreErrorKind::kCantOpen:
      return "cannot open " + where +
             (sys_errno != 0 ? std::string(" (") + std::strerror(sys_errno) + ")" : std::string()) +
             "; check that the folder exists and is writable";
    case StoreErrorKind::kNotDatabase:
      return where + " is not a Resonant database or is damaged; choose another file with --db "
                     "(keep this one: it may hold records)";
    case StoreErrorKind::kIo:
      return "a read or write of " + where + " failed" +
             (sys_errno != 0 ? std::string(" (") + std::strerror(sys_errno) + ")" : std::string()) +
             "; check the disk";
    default: return "the database " + where + " reported an error";
  }
}

// SQLite keeps the OS error of its last call only, and a write cut short at the file size
// limit is retried and reported after other calls, so EFBIG is often lost by then. The limit
// is the cause when it is finite and the database or its journal has reached it.
bool at_file_size_limit(const std::filesystem::path& path) {
  rlimit lim{};
  if (getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return false;
  constexpr std::uintmax_t kPageBytes = 64 * 1024;  // SQLite's largest page: within one write
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path.string() + suffix, ec);
    if (!ec && size + kPageBytes >= static_cast<std::uintmax_t>(lim.rlim_cur)) return true;
  }
  return false;
}

}  // namespace

StoreError make_error(int rc, sqlite3* db, const std::filesystem::path& path, std::string_view doing) {
  int sys_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
  if ((rc & 0xff) == SQLITE_IOERR && sys_errno == 0 && at_file_size_limit(path)) {
    sys_errno = EFBIG;
  }
  const StoreErrorKind kind = kind_of(rc, sys_errno);
  std::string msg = advice(kind, sys_errno, path.string());
  if ((rc & 0xff) == SQLITE_CORRUPT) {
    // A damaged page, not another kind of file: say what was being read, and that the rest
    // (other sessions, other tables) may still read fine.
    msg = path.string() + " is damaged where Resonant was " + std::string(doing) +
          "; keep the file: what is not damaged can still be read (other sessions, other "
          "exports), and `sqlite3 '" + path.string() + "' .recover` can salvage more";
  }
  if (kind == StoreErrorKind::kOther) {
    msg += ": ";
    msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  }
  // The user needs the cause and the remedy; what we were doing helps only with odd errors.
  if (kind == StoreErrorKind::kOther || kind == StoreErrorKind::kIo) {
    msg += " (while " + std::string(doing) + ")";
  }
  return StoreError(kind, msg);
}

Connection::~Connection() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

void Connection::exec(const char* sql, std::string_view doing) {
  check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), doing);
}

void Connection::check(int rc, std::string_view doing) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  throw make_error(rc, db_, path_, doing);
}

Statement::Statement(const Connection& c, const char* sql) : c_(c) {
  c_.check(sqlite3_prepare_v3(c_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr),
           "preparing a statement");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t v) {
  c_.check(sqlite3_bind_int64(stmt_, index, v), "binding a value");
  return *this;
}

Statement& Statement::bind(int index, double v) {
  if (!std::isfinite(v)) return bind_null(index);
  c_.check(sqlite3_bind_double(stmt_, index, v), "binding a value");
  return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
  c_.check(sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT),
           "binding a value");
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const unsigned char> bytes) {
  c_.check(sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                             SQLITE_TRANSIENT),
           "binding a value");
  return *this;
}

Statement& Statement::bind_null(int index) {
  c_.check(sqlite3_bind_null(stmt_, index), "binding a value");
  return *this;
}

bool Statement::step(std::string_view doing) {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const StoreError e = make_error(rc, c_.get(), c_.path(), doing);
  sqlite3_reset(stmt_);
  throw e;
}

void Statement::run(std::string_view doing) {
  while (step(doing)) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const {
  if (is_null(column)) return std::nan("");
  return sqlite3_column_double(stmt_, column);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

const void* Statement::blob_data(int column) const { return sqlite3_column_blob(stmt_, column); }

std::size_t Statement::blob_bytes(int column) const {
  return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
}

}  // namespace detail
}  // namespace resonant::storage
