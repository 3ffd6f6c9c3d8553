#pragma once
// The saved sessions and the client records, for resonant-cli (sessions, clients) and later
// the dashboard: plain data over the session database (resonant::storage stays behind the
// engine). Opening brings the schema up to date and marks sessions a crash interrupted as
// "recovered".
//
// Errors are thrown as std::runtime_error with one message naming the file and what to do.
// Threading contract: one thread at a time per SessionHistory.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resonant::engine {

/// $XDG_DATA_HOME/resonant/resonant.db (default ~/.local/share/resonant/resonant.db); creates
/// the folder with mode 0700. Throws std::runtime_error when the folder cannot be made.
std::filesystem::path default_database_path();

/// Why a client's name cannot be used, or "" (storage's rule: not blank, no control
/// characters, no spaces at its edges); checked before a session or an import starts.
std::string client_name_problem(std::string_view name);

struct ClientEntry {
  std::string name;
  std::string note;
  std::int64_t created_unix_us = 0;
  std::int64_t sessions = 0;
};

struct SessionEntry {
  std::int64_t id = 0;
  std::string client;
  std::string status;               // complete, recovered, partial, recording
  std::int64_t started_unix_us = 0;
  std::string source;
  double duration_s = 0.0;
  std::int64_t beats = 0;
  double mean_hr_bpm = 0.0;         // NaN when not known
  double rmssd_ms = 0.0;
  double sdnn_ms = 0.0;
};

/// Everything recorded for one client (what deleting them removes).
struct ClientDataEntry {
  std::int64_t sessions = 0;
  std::int64_t beats = 0;
  std::int64_t sample_chunks = 0;
  double recorded_s = 0.0;
};

class SessionHistory {
 public:
  explicit SessionHistory(const std::filesystem::path& database);
  ~SessionHistory();
  SessionHistory(const SessionHistory&) = delete;
  SessionHistory& operator=(const SessionHistory&) = delete;

  /// Sessions this opening found interrupted and marked recovered.
  std::vector<std::int64_t> recovered() const;

  std::vector<ClientEntry> clients();
  void add_client(const std::string& name);
  ClientDataEntry client_data(const std::string& name);
  ClientDataEntry delete_client(const std::string& name);
  /// Newest first; one client's when given.
  std::vector<SessionEntry> sessions(const std::optional<std::string>& client = std::nullopt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resonant::engine
