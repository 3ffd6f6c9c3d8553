#pragma once
// The session database (SQLite, WAL): opening it safely, clients, and the list of sessions.
// Recording itself goes through SessionWriter / Recorder.
//
// Opening creates the file with mode 0600 before SQLite touches it (SQLite gives the -wal and
// -shm files the database file's mode), tightens an existing file to 0600, switches to WAL,
// brings the schema up to date (schema.hpp) and, unless told not to, marks sessions that a
// crashed writer left "recording" as "recovered": complete up to their last committed row.
// A writer counts as crashed when its process is gone or it has not committed for
// kStaleHeartbeat (a live recorder commits at least every second and refreshes its heartbeat
// at least every kHeartbeatInterval).
//
// Threading contract: a Database is used by one thread at a time (it may be moved to another
// thread); several Databases (threads or processes) may share one file.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/storage/store_error.hpp>

namespace resonant::storage {

namespace detail {
class Connection;
}

inline constexpr std::chrono::seconds kHeartbeatInterval{5};
inline constexpr std::chrono::seconds kStaleHeartbeat{60};
inline constexpr const char* kDefaultClient = "me";
inline constexpr const char* kDatabaseFileName = "resonant.db";

enum class SessionStatus : std::uint8_t {
  kRecording,  // a recorder is writing it now
  kComplete,   // ended normally, everything saved
  kRecovered,  // the program stopped (crash, kill, power) while recording: complete up to its end
  kPartial,    // saving stopped during the session (disk full, read-only, locked): saved up to its end
};
std::string_view to_string(SessionStatus status);
std::optional<SessionStatus> parse_session_status(std::string_view text);

struct OpenOptions {
  bool read_only = false;           // open without writing (and without recovery)
  int busy_timeout_ms = 5000;       // [0, 60000]: wait this long for another writer
  bool recover_interrupted = true;  // mark crashed sessions "recovered" (needs write access)
  bool create = true;               // create the file when missing
  // The file is on a read-only medium (implies read_only): SQLite cannot make its -shm file
  // there, so it reads the file as unchanging (SQLite's immutable mode).
  bool immutable = false;
};

struct ClientInfo {
  std::int64_t id = 0;
  std::string name;
  std::string note;
  std::int64_t created_unix_us = 0;
  std::int64_t sessions = 0;
};

struct SessionInfo {
  std::int64_t id = 0;
  std::string client;
  SessionStatus status = SessionStatus::kComplete;
  std::int64_t started_unix_us = 0;   // wall clock at the start
  std::string source;                 // the device, e.g. "Resonant simulated person 1.0: ecg 250 Hz"
  double duration_s = 0.0;            // session time from the first to the last stored row
  std::int64_t beats = 0;
  double mean_hr_bpm = 0.0;           // NaN when not known (whole session, corrected NN)
  double rmssd_ms = 0.0;
  double sdnn_ms = 0.0;
};

/// What deleting a client removes.
struct ClientData {
  std::int64_t sessions = 0;
  std::int64_t beats = 0;
  std::int64_t sample_chunks = 0;
  double recorded_s = 0.0;
};

/// Why a client's name cannot be used, or "" when it can: a name is what lists show and what
/// --client finds again, so not blank, no control characters, no spaces at its edges.
std::string client_name_problem(std::string_view name);

class Database {
 public:
  /// Opens (creating it with mode 0600 when missing) and migrates; throws StoreError.
  static Database open(const std::filesystem::path& path, const OpenOptions& options = {});

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  const std::filesystem::path& path() const;
  int schema_version();
  /// Sessions this open() marked recovered.
  const std::vector<std::int64_t>& recovered_on_open() const;

  // ---- clients ----------------------------------------------------------------------------
  std::vector<ClientInfo> clients();
  std::optional<ClientInfo> find_client(std::string_view name);
  /// Adds a client; throws kInvalid for an unusable (client_name_problem) or existing name.
  std::int64_t add_client(std::string_view name);
  /// The client's id, created if missing (the default "me" after it was deleted).
  std::int64_t ensure_client(std::string_view name);
  /// What delete_client(name) would remove; throws kNotFound.
  ClientData client_data(std::string_view name);
  /// Deletes the client with all their sessions and recorded data; throws kNotFound.
  ClientData delete_client(std::string_view name);

  // ---- sessions ---------------------------------------------------------------------------
  /// Newest first; only this client's when given (throws kNotFound for an unknown client).
  std::vector<SessionInfo> sessions(std::optional<std::string_view> client = std::nullopt);
  std::optional<SessionInfo> session(std::int64_t id);

  // ---- review: notes, self-ratings, assessment results -------------------------------------
  void add_note(std::int64_t session_id, std::string_view text);
  /// A self-rating on a named scale (e.g. "calm_before", 0..10); t_us: session time or none.
  void add_rating(std::int64_t session_id, std::string_view scale, double value,
                  std::optional<std::int64_t> t_us = std::nullopt);
  void add_assessment(std::int64_t session_id, std::string_view kind, std::string_view result_json);
  /// The client's newest assessment result of this kind (its result_json), if any; throws
  /// kNotFound for an unknown client.
  std::optional<std::string> latest_assessment(std::string_view client, std::string_view kind);

  detail::Connection& connection();

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Wall-clock microseconds since 1970 (record metadata only, never signal time).
std::int64_t unix_now_us();

}  // namespace resonant::storage
