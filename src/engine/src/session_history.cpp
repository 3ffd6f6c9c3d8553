#include <resonant/engine/session_history.hpp>

#include <stdexcept>

#include <resonant/storage/database.hpp>
#include <resonant/storage/xdg_paths.hpp>

namespace resonant::engine {
namespace {

ClientDataEntry to_entry(const storage::ClientData& d) {
  return ClientDataEntry{d.sessions, d.beats, d.sample_chunks, d.recorded_s};
}

}  // namespace

std::string client_name_problem(std::string_view name) { return storage::client_name_problem(name); }

std::filesystem::path default_database_path() {
  const storage::PathResult dir = storage::ensure_private_dir(storage::data_dir());
  if (!dir.ok()) throw std::runtime_error(dir.error);
  return dir.path / storage::kDatabaseFileName;
}

struct SessionHistory::Impl {
  storage::Database db;
};

namespace {

/// Read-write (to migrate and recover); a database on a read-only disk is still listed.
storage::Database open_for_listing(const std::filesystem::path& database) {
  try {
    return storage::Database::open(database);
  } catch (const storage::StoreError& e) {
    if (e.kind() != storage::StoreErrorKind::kReadOnly || !std::filesystem::exists(database)) throw;
    storage::OpenOptions read_only;
    read_only.immutable = true;
    return storage::Database::open(database, read_only);
  }
}

}  // namespace

SessionHistory::SessionHistory(const std::filesystem::path& database)
    : impl_(std::make_unique<Impl>(Impl{open_for_listing(database)})) {}

SessionHistory::~SessionHistory() = default;

std::vector<std::int64_t> SessionHistory::recovered() const { return impl_->db.recovered_on_open(); }

std::vector<ClientEntry> SessionHistory::clients() {
  std::vector<ClientEntry> out;
  for (const storage::ClientInfo& c : impl_->db.clients()) {
    out.push_back({c.name, c.note, c.created_unix_us, c.sessions});
  }
  return out;
}

void SessionHistory::add_client(const std::string& name) { impl_->db.add_client(name); }

ClientDataEntry SessionHistory::client_data(const std::string& name) {
  return to_entry(impl_->db.client_data(name));
}

ClientDataEntry SessionHistory::delete_client(const std::string& name) {
  return to_entry(impl_->db.delete_client(name));
}

std::vector<SessionEntry> SessionHistory::sessions(const std::optional<std::string>& client) {
  std::optional<std::string_view> which;
  if (client) which = *client;
  std::vector<SessionEntry> out;
  for (const storage::SessionInfo& s : impl_->db.sessions(which)) {
    out.push_back({s.id, s.client, std::string(storage::to_string(s.status)), s.started_unix_us,
                   s.source, s.duration_s, s.beats, s.mean_hr_bpm, s.rmssd_ms, s.sdnn_ms});
  }
  return out;
}

}  // namespace resonant::engine
