// resonant-cli sessions and clients: the saved sessions (per client) and the client records,
// read from the session database (default: the XDG data folder; --db FILE for another).
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include <resonant/engine/session_history.hpp>

#include "commands.hpp"
#include "session_output.hpp"

namespace resonant::cli {
namespace {

using nlohmann::json;

constexpr std::int64_t kMicrosecondsPerSecond = 1'000'000;

/// Local wall-clock time "2024-05-01 14:03:07" (record metadata, never signal time).
std::string local_time(std::int64_t unix_us) {
  const std::time_t t = static_cast<std::time_t>(unix_us / kMicrosecondsPerSecond);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string minutes_seconds(double s) {
  const long total = std::lround(std::max(0.0, s));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", total / 60, total % 60);
  return buf;
}

/// The database to use: --db, or the default one in the data folder.
std::filesystem::path database_path(const std::string& db_path) {
  return db_path.empty() ? engine::default_database_path() : std::filesystem::path(db_path);
}

void tell_recovered(const engine::SessionHistory& history) {
  for (const std::int64_t id : history.recovered()) {
    std::fprintf(stderr,
                 "resonant-cli: session %lld was interrupted (the program stopped while recording); "
                 "it is kept as recovered, complete up to its last saved second\n",
                 static_cast<long long>(id));
  }
}

int print_sessions(engine::SessionHistory& history, const SessionsOptions& o) {
  const auto list = history.sessions(o.client);
  if (o.json) {
    json arr = json::array();
    for (const engine::SessionEntry& s : list) {
      arr.push_back({{"id", s.id},
                     {"client", s.client},
                     {"status", s.status},
                     {"started_unix_s", static_cast<double>(s.started_unix_us) / 1e6},
                     {"started", local_time(s.started_unix_us)},
                     {"duration_s", std::round(s.duration_s * 1000.0) / 1000.0},
                     {"beats", s.beats},
                     {"mean_hr_bpm", number_or_null(s.mean_hr_bpm)},
                     {"rmssd_ms", number_or_null(s.rmssd_ms)},
                     {"sdnn_ms", number_or_null(s.sdnn_ms)},
                     {"source", s.source}});
    }
    std::printf("%s\n", json{{"sessions", arr}}.dump().c_str());
    return kExitOk;
  }
  if (list.empty()) {
    std::printf("No sessions saved%s yet.\n",
                o.client ? (" for " + *o.client).c_str() : "");
    return kExitOk;
  }
  std::printf("%6s  %-14s  %-19s  %8s  %-9s  %6s  %7s  %8s\n", "id", "client", "started",
              "duration", "status", "beats", "mean HR", "RMSSD");
  for (const engine::SessionEntry& s : list) {
    std::printf("%6lld  %-14s  %-19s  %8s  %-9s  %6lld  %7s  %8s\n", static_cast<long long>(s.id),
                s.client.c_str(), local_time(s.started_unix_us).c_str(),
                minutes_seconds(s.duration_s).c_str(), s.status.c_str(),
                static_cast<long long>(s.beats), fmt_or_dash("%.1f", s.mean_hr_bpm).c_str(),
                fmt_or_dash("%.1f", s.rmssd_ms).c_str());
  }
  std::printf("(mean HR in bpm and RMSSD in ms over the whole session; recovered = the program "
              "stopped while recording, saved up to its last second)\n");
  return kExitOk;
}

std::string describe(const engine::ClientDataEntry& d) {
  return std::to_string(d.sessions) + " session(s), " + std::to_string(d.beats) + " beats, " +
         minutes_seconds(d.recorded_s) + " of recordings";
}

int clients_command(engine::SessionHistory& history, const ClientsOptions& o) {
  if (!o.add_name.empty()) {
    history.add_client(o.add_name);
    std::printf("Added client \"%s\".\n", o.add_name.c_str());
    return kExitOk;
  }
  if (!o.delete_name.empty()) {
    if (!o.yes) {
      const engine::ClientDataEntry d = history.client_data(o.delete_name);
      std::fprintf(stderr,
                   "resonant-cli clients delete: this would delete client \"%s\" and all their "
                   "data: %s. Nothing was deleted; add --yes to delete.\n",
                   o.delete_name.c_str(), describe(d).c_str());
      return kExitUsage;
    }
    const engine::ClientDataEntry d = history.delete_client(o.delete_name);
    std::printf("Deleted client \"%s\" and all their data: %s.\n", o.delete_name.c_str(),
                describe(d).c_str());
    return kExitOk;
  }
  const auto list = history.clients();
  if (o.json) {
    json arr = json::array();
    for (const engine::ClientEntry& c : list) {
      arr.push_back({{"name", c.name},
                     {"sessions", c.sessions},
                     {"created", local_time(c.created_unix_us)},
                     {"note", c.note}});
    }
    std::printf("%s\n", json{{"clients", arr}}.dump().c_str());
    return kExitOk;
  }
  std::printf("%-20s  %8s  %-19s\n", "client", "sessions", "added");
  for (const engine::ClientEntry& c : list) {
    std::printf("%-20s  %8lld  %-19s\n", c.name.c_str(), static_cast<long long>(c.sessions),
                local_time(c.created_unix_us).c_str());
  }
  return kExitOk;
}

/// Opens the database and runs fn; one line naming the file and the problem on failure.
template <typename Fn>
int with_history(const char* command, const std::string& db_path, Fn&& fn) {
  try {
    engine::SessionHistory history(database_path(db_path));
    tell_recovered(history);
    return fn(history);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli %s: %s\n", command, e.what());
    return kExitFailure;
  }
}

}  // namespace

int run_sessions(const SessionsOptions& o) {
  return with_history("sessions", o.db_path,
                      [&o](engine::SessionHistory& h) { return print_sessions(h, o); });
}

int run_clients(const ClientsOptions& o) {
  return with_history("clients", o.db_path,
                      [&o](engine::SessionHistory& h) { return clients_command(h, o); });
}

}  // namespace resonant::cli
