// Database queries: clients, the session list, notes, ratings and assessment results.
#include <algorithm>
#include <cmath>

#include "database_impl.hpp"

namespace resonant::storage {
namespace {

using detail::Statement;

constexpr double kMicrosecondsPerSecond = 1e6;

StoreError unknown_client(std::string_view name) {
  return StoreError(StoreErrorKind::kNotFound,
                    "there is no client named \"" + std::string(name) +
                        "\" (resonant-cli clients lists them)");
}

}  // namespace

std::string_view to_string(SessionStatus status) {
  switch (status) {
    case SessionStatus::kRecording: return "recording";
    case SessionStatus::kComplete: return "complete";
    case SessionStatus::kRecovered: return "recovered";
    case SessionStatus::kPartial: return "partial";
  }
  return "complete";
}

std::optional<SessionStatus> parse_session_status(std::string_view text) {
  for (const SessionStatus s : {SessionStatus::kRecording, SessionStatus::kComplete,
                                SessionStatus::kRecovered, SessionStatus::kPartial}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::vector<ClientInfo> Database::clients() {
  Statement q(impl_->conn,
              "SELECT c.id, c.name, c.note, c.created_unix_us, "
              "(SELECT COUNT(*) FROM sessions s WHERE s.client_id = c.id) "
              "FROM clients c ORDER BY c.name");
  std::vector<ClientInfo> out;
  while (q.step("listing clients")) {
    out.push_back({q.int64(0), q.text(1), q.text(2), q.int64(3), q.int64(4)});
  }
  return out;
}

std::optional<ClientInfo> Database::find_client(std::string_view name) {
  for (ClientInfo& c : clients()) {
    if (c.name == name) return std::move(c);
  }
  return std::nullopt;
}

std::string client_name_problem(std::string_view name) {
  // Rows nobody can tell apart or type again: blank, or with edges or characters not seen.
  if (name.find_first_not_of(" \t") == std::string_view::npos) return "a client needs a name";
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return "a client's name cannot hold tabs, line breaks or other control characters";
  }
  if (name.front() == ' ' || name.back() == ' ') {
    return "a client's name cannot start or end with a space (\"" + std::string(name) + "\")";
  }
  return {};
}

std::int64_t Database::add_client(std::string_view name) {
  if (const std::string problem = client_name_problem(name); !problem.empty()) {
    throw StoreError(StoreErrorKind::kInvalid, problem);
  }
  if (find_client(name)) {
    throw StoreError(StoreErrorKind::kInvalid,
                     "a client named \"" + std::string(name) + "\" already exists");
  }
  Statement ins(impl_->conn, "INSERT INTO clients (name, created_unix_us) VALUES (?, ?)");
  ins.bind(1, name).bind(2, unix_now_us()).run("adding a client");
  return sqlite3_last_insert_rowid(impl_->conn.get());
}

std::int64_t Database::ensure_client(std::string_view name) {
  if (auto c = find_client(name)) return c->id;
  return add_client(name);
}

ClientData Database::client_data(std::string_view name) {
  const auto client = find_client(name);
  if (!client) throw unknown_client(name);
  Statement q(impl_->conn,
              "SELECT COUNT(*), COALESCE(SUM(beats), 0), "
              "COALESCE(SUM((last_t_us - first_t_us) / 1e6), 0), "
              "(SELECT COUNT(*) FROM samples WHERE session_id IN "
              "  (SELECT id FROM sessions WHERE client_id = ?1)) "
              "FROM sessions WHERE client_id = ?1");
  q.bind(1, client->id);
  q.step("counting a client's data");
  return ClientData{q.int64(0), q.int64(1), q.int64(3), q.real(2)};
}

ClientData Database::delete_client(std::string_view name) {
  const ClientData data = client_data(name);
  impl_->conn.exec("BEGIN IMMEDIATE", "deleting a client");
  try {
    // Foreign keys cascade from the client to sessions and from sessions to every recording
    // table, all in one transaction: the client goes entirely or not at all.
    Statement del(impl_->conn, "DELETE FROM clients WHERE name = ?");
    del.bind(1, name).run("deleting a client");
    impl_->conn.exec("COMMIT", "deleting a client");
  } catch (...) {
    sqlite3_exec(impl_->conn.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return data;
}

std::vector<SessionInfo> Database::sessions(std::optional<std::string_view> client) {
  std::int64_t client_id = 0;
  if (client) {
    const auto c = find_client(*client);
    if (!c) throw unknown_client(*client);
    client_id = c->id;
  }
  Statement q(impl_->conn,
              "SELECT s.id, c.name, s.status, s.started_unix_us, s.source, s.first_t_us, "
              "s.last_t_us, s.beats, s.mean_hr_bpm, s.rmssd_ms, s.sdnn_ms "
              "FROM sessions s JOIN clients c ON c.id = s.client_id "
              "WHERE ?1 = 0 OR s.client_id = ?1 ORDER BY s.started_unix_us DESC, s.id DESC");
  q.bind(1, client_id);
  std::vector<SessionInfo> out;
  while (q.step("listing sessions")) {
    SessionInfo s;
    s.id = q.int64(0);
    s.client = q.text(1);
    s.status = parse_session_status(q.text(2)).value_or(SessionStatus::kPartial);
    s.started_unix_us = q.int64(3);
    s.source = q.text(4);
    s.duration_s = q.is_null(5) || q.is_null(6)
                       ? 0.0
                       : static_cast<double>(q.int64(6) - q.int64(5)) / kMicrosecondsPerSecond;
    s.beats = q.int64(7);
    s.mean_hr_bpm = q.real(8);
    s.rmssd_ms = q.real(9);
    s.sdnn_ms = q.real(10);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<SessionInfo> Database::session(std::int64_t id) {
  for (SessionInfo& s : sessions()) {
    if (s.id == id) return std::move(s);
  }
  return std::nullopt;
}

void Database::add_note(std::int64_t session_id, std::string_view text) {
  Statement ins(impl_->conn, "INSERT INTO notes (session_id, created_unix_us, text) VALUES (?, ?, ?)");
  ins.bind(1, session_id).bind(2, unix_now_us()).bind(3, text).run("adding a note");
}

void Database::add_rating(std::int64_t session_id, std::string_view scale, double value,
                          std::optional<std::int64_t> t_us) {
  Statement ins(impl_->conn,
                "INSERT INTO ratings (session_id, scale, value, t_us, created_unix_us) "
                "VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, session_id).bind(2, scale).bind(3, value);
  if (t_us) {
    ins.bind(4, *t_us);
  } else {
    ins.bind_null(4);
  }
  ins.bind(5, unix_now_us()).run("adding a self-rating");
}

void Database::add_assessment(std::int64_t session_id, std::string_view kind,
                              std::string_view result_json) {
  Statement ins(impl_->conn,
                "INSERT INTO assessments (session_id, kind, result_json, created_unix_us) "
                "VALUES (?, ?, ?, ?)");
  ins.bind(1, session_id).bind(2, kind).bind(3, result_json).bind(4, unix_now_us())
      .run("adding an assessment result");
}

std::optional<std::string> Database::latest_assessment(std::string_view client,
                                                      std::string_view kind) {
  const auto c = find_client(client);
  if (!c) throw unknown_client(client);
  Statement q(impl_->conn,
              "SELECT a.result_json FROM assessments a JOIN sessions s ON s.id = a.session_id "
              "WHERE s.client_id = ? AND a.kind = ? ORDER BY a.created_unix_us DESC, a.id DESC "
              "LIMIT 1");
  q.bind(1, c->id).bind(2, kind);
  if (!q.step("reading the newest assessment")) return std::nullopt;
  return q.text(0);
}

}  // namespace resonant::storage
