// Opening the database: a private file, WAL, migrations, recovery of crashed sessions.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <resonant/storage/schema.hpp>

#include "database_impl.hpp"

namespace resonant::storage {

std::int64_t unix_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace detail {
namespace {

constexpr mode_t kPrivateFileMode = S_IRUSR | S_IWUSR;  // 0600: personal health data
constexpr int kMaxBusyTimeoutMs = 60000;

/// A zombie has ended but not been reaped: its parent has not waited yet, or (in a container
/// whose first process does not reap orphans) never will. It writes nothing any more.
bool is_zombie(std::int64_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
  std::FILE* f = std::fopen(path, "re");
  if (!f) return false;  // no /proc: trust kill()
  char buf[512];
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = '\0';
  // "pid (comm) S ...": the name may hold spaces and parentheses, the state follows the last ')'.
  const char* close = std::strrchr(buf, ')');
  return close && close[1] == ' ' && (close[2] == 'Z' || close[2] == 'X');
}

bool process_alive(std::int64_t pid) {
  if (pid <= 0) return false;
  if (pid == static_cast<std::int64_t>(getpid())) return true;
  return (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) && !is_zombie(pid);
}

/// "file:" URI of path for sqlite3_open_v2 with query parameters (RFC 3986 escapes for the
/// characters SQLite's URI parser treats specially).
std::string file_uri(const std::filesystem::path& path, const char* query) {
  std::string uri = "file:";
  for (const char ch : path.string()) {
    if (ch == '%' || ch == '?' || ch == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
      uri += buf;
    } else {
      uri += ch;
    }
  }
  return uri + "?" + query;
}

}  // namespace

void prepare_private_file(const std::filesystem::path& path, bool create) {
  const int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT : 0);
  const int fd = ::open(path.c_str(), flags, kPrivateFileMode);
  if (fd < 0) {
    const int err = errno;
    const std::string why = std::strerror(err);
    if (err == EROFS || err == EACCES || err == EPERM) {
      throw StoreError(StoreErrorKind::kReadOnly,
                       "cannot write " + path.string() + " (" + why +
                           "); choose a writable file with --db");
    }
    if (err == ENOSPC || err == EDQUOT) {
      throw StoreError(StoreErrorKind::kDiskFull,
                       "cannot create " + path.string() + ": the disk is full; free some space");
    }
    throw StoreError(StoreErrorKind::kCantOpen,
                     "cannot open " + path.string() + " (" + why +
                         "); check that the folder exists and is writable");
  }
  struct stat st {};
  if (fstat(fd, &st) == 0 && st.st_uid == geteuid() && (st.st_mode & 0077) != 0) {
    // Someone widened it (or an old copy was made with the umask): records stay private.
    (void)fchmod(fd, kPrivateFileMode);
  }
  ::close(fd);
}

void migrate(Connection& c) {
  auto version = [&c] {
    Statement q(c, "PRAGMA user_version");
    q.step("reading the schema version");
    return static_cast<int>(q.int64(0));
  };
  const int have = version();
  if (have > current_schema_version()) {
    throw StoreError(StoreErrorKind::kTooNew,
                     c.path().string() + " was written by a newer Resonant (schema " +
                         std::to_string(have) + ", this one knows up to " +
                         std::to_string(current_schema_version()) +
                         "); update Resonant to open it");
  }
  for (const Migration& m : migrations()) {
    if (m.to_version <= have) continue;
    c.exec("BEGIN IMMEDIATE", "starting a schema migration");
    try {
      // Another process may have migrated while we waited for the write lock.
      if (version() < m.to_version) {
        c.exec(m.sql, "migrating the schema");
        c.exec(("PRAGMA user_version = " + std::to_string(m.to_version)).c_str(),
               "migrating the schema");
      }
      c.exec("COMMIT", "migrating the schema");
    } catch (...) {
      sqlite3_exec(c.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

std::vector<std::int64_t> recover_interrupted(Connection& c) {
  const std::int64_t stale_before =
      unix_now_us() - std::chrono::duration_cast<std::chrono::microseconds>(kStaleHeartbeat).count();
  std::vector<std::int64_t> ids;
  {
    Statement q(c, "SELECT id, writer_pid, heartbeat_unix_us FROM sessions WHERE status = 'recording'");
    while (q.step("looking for interrupted sessions")) {
      if (!process_alive(q.int64(1)) || q.int64(2) < stale_before) ids.push_back(q.int64(0));
    }
  }
  if (ids.empty()) return ids;
  // The session row is brought up to date at every commit (figures as of the last second);
  // beats and the end are counted again from the rows themselves, which may be newer.
  Statement mark(c,
                 "UPDATE sessions SET status = 'recovered', writer_pid = NULL, "
                 "ended_unix_us = COALESCE(heartbeat_unix_us, started_unix_us), "
                 "beats = (SELECT COUNT(*) FROM beats WHERE session_id = ?1), "
                 "last_t_us = MAX(COALESCE(last_t_us, 0), "
                 "  COALESCE((SELECT MAX(t_us) FROM beats WHERE session_id = ?1), 0)) "
                 "WHERE id = ?1 AND status = 'recording'");
  for (const std::int64_t id : ids) mark.bind(1, id).run("marking an interrupted session recovered");
  return ids;
}

}  // namespace detail

Database Database::open(const std::filesystem::path& path, const OpenOptions& given) {
  OpenOptions options = given;
  options.read_only = options.read_only || options.immutable;
  if (!options.read_only) detail::prepare_private_file(path, options.create);
  sqlite3* raw = nullptr;
  const int flags = (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  const std::string uri = detail::file_uri(path, options.immutable ? "immutable=1" : "");
  const int rc = sqlite3_open_v2(uri.c_str(), &raw, flags, nullptr);
  detail::Connection conn(raw, path);  // closes raw even when opening failed
  if (rc != SQLITE_OK) throw detail::make_error(rc, raw, path, "opening the database");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, std::clamp(options.busy_timeout_ms, 0, detail::kMaxBusyTimeoutMs));
  conn.exec("PRAGMA foreign_keys = ON", "configuring the database");
  if (!options.read_only) {
    // WAL: readers never block the recorder; a commit is one append to the -wal file.
    // synchronous FULL: a committed batch survives a power cut as well as a crash.
    conn.exec("PRAGMA journal_mode = WAL", "switching to write-ahead logging");
    conn.exec("PRAGMA synchronous = FULL", "configuring the database");
  }
  auto impl = std::make_unique<Impl>();
  impl->conn = std::move(conn);
  if (options.read_only) {
    detail::Statement q(impl->conn, "PRAGMA user_version");
    q.step("reading the schema version");
    if (q.int64(0) != current_schema_version()) {
      throw StoreError(StoreErrorKind::kTooNew,
                       path.string() + " has schema version " + std::to_string(q.int64(0)) +
                           " and cannot be upgraded when opened read-only; open it once with "
                           "write access");
    }
  } else {
    detail::migrate(impl->conn);
    if (options.recover_interrupted) impl->recovered = detail::recover_interrupted(impl->conn);
  }
  return Database(std::move(impl));
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

const std::filesystem::path& Database::path() const { return impl_->conn.path(); }

const std::vector<std::int64_t>& Database::recovered_on_open() const { return impl_->recovered; }

detail::Connection& Database::connection() { return impl_->conn; }

int Database::schema_version() {
  detail::Statement q(impl_->conn, "PRAGMA user_version");
  q.step("reading the schema version");
  return static_cast<int>(q.int64(0));
}

}  // namespace resonant::storage
