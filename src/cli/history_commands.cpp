// resonant-cli sessions, trends and clients: the saved sessions (and a client's progress over them) (per client) and the client records,
// read from the session database (default: the XDG data folder; --db FILE for another).
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include <resonant/common/local_time.hpp>
#include <resonant/engine/json_text.hpp>
#include <resonant/engine/session_history.hpp>
#include <resonant/engine/session_import.hpp>
#include <resonant/engine/session_trends.hpp>

#include "commands.hpp"
#include "session_output.hpp"

namespace resonant::cli {
namespace {

using nlohmann::json;


/// Local wall-clock time "2024-05-01 14:03:07" (record metadata, never signal time).
std::string local_time(std::int64_t unix_us) {
  return format_local_time(unix_us, "%Y-%m-%d %H:%M:%S");
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
                     {"source", s.source},
                     {"dated_at_import", engine::dated_at_import(s.source)}});
    }
    std::printf("%s\n", engine::json_text(json{{"sessions", arr}}).c_str());
    return kExitOk;
  }
  if (list.empty()) {
    std::printf("No sessions saved%s yet.\n",
                o.client ? (" for " + *o.client).c_str() : "");
    return kExitOk;
  }
  std::printf("%6s  %-14s  %-19s  %8s  %-9s  %6s  %7s  %8s\n", "id", "client", "started",
              "duration", "status", "beats", "mean HR", "RMSSD");
  bool any_dated_at_import = false;
  for (const engine::SessionEntry& s : list) {
    const bool at_import = engine::dated_at_import(s.source);
    any_dated_at_import = any_dated_at_import || at_import;
    std::printf("%6lld  %-14s  %-19s  %8s  %-9s  %6lld  %7s  %8s\n", static_cast<long long>(s.id),
                s.client.c_str(), (local_time(s.started_unix_us) + (at_import ? "*" : "")).c_str(),
                minutes_seconds(s.duration_s).c_str(), s.status.c_str(),
                static_cast<long long>(s.beats), fmt_or_dash("%.1f", s.mean_hr_bpm).c_str(),
                fmt_or_dash("%.1f", s.rmssd_ms).c_str());
  }
  std::printf("(mean HR in bpm and RMSSD in ms over the whole session, RMSSD from 30 s of beats; "
              "recovered = the program stopped while recording, saved up to its last second)\n");
  if (any_dated_at_import) {
    std::printf("* imported from a file without a usable start date of its own: the date is the import's\n");
  }
  return kExitOk;
}

int print_trends(const TrendsOptions& o) {
  const engine::ClientTrends t = engine::client_trends(database_path(o.db_path), o.client);
  if (o.json) {
    json sessions = json::array();
    for (const engine::SessionTrend& s : t.sessions) {
      sessions.push_back({{"id", s.id},
                          {"client", s.client},
                          {"started", local_time(s.started_unix_us)},
                          {"started_unix_s", static_cast<double>(s.started_unix_us) / 1e6},
                          {"source", s.source},
                          {"duration_s", std::round(s.duration_s * 1000.0) / 1000.0},
                          {"practice_min", s.practice_min},
                          {"resting_ln_rmssd", number_or_null(s.resting_ln_rmssd)},
                          {"resting_from", engine::to_string(s.resting_source)},
                          {"mean_coherence_ratio", number_or_null(s.mean_coherence_ratio)},
                          {"time_in_coherence_pct", number_or_null(s.time_in_coherence_pct)},
                          {"resonance_rate_bpm", number_or_null(s.resonance_rate_bpm)},
                          // Early beats or an irregular rhythm: RMSSD is not HRV there.
                          {"rhythm_uneven", s.rhythm_uneven},
                          {"rhythm_jump_share", number_or_null(s.rhythm_jump_share)},
                          {"resting_rhythm_uneven", s.resting_rhythm_uneven},
                          {"resting_rhythm_jump_share",
                           number_or_null(s.resting_rhythm_jump_share)},
                          {"reading_notes", s.reading_notes}});
    }
    json weeks = json::array();
    for (const engine::WeeklyPractice& w : t.weeks) {
      weeks.push_back({{"week", w.iso_week},
                       {"monday", format_local_time(w.monday_unix_us, "%Y-%m-%d")},
                       {"practice_min", w.practice_min},
                       {"sessions", w.sessions}});
    }
    std::printf("%s\n", engine::json_text(json{{"sessions", sessions}, {"weeks", weeks}}).c_str());
    return kExitOk;
  }
  if (t.sessions.empty()) {
    std::printf("No sessions saved%s yet.\n", o.client ? (" for " + *o.client).c_str() : "");
    return kExitOk;
  }
  std::printf("%6s  %-14s  %-16s  %8s  %8s  %7s  %-13s  %6s  %6s  %9s  %s\n", "id", "client",
              "date", "duration", "practice", "rest ln", "rest from", "coh", "in coh", "resonance",
              "rhythm");
  for (const engine::SessionTrend& s : t.sessions) {
    const char* rhythm = !std::isfinite(s.rhythm_jump_share)           ? "-"
                         : s.rhythm_uneven && s.resting_rhythm_uneven ? "uneven"
                         : s.rhythm_uneven                            ? "uneven (not at rest)"
                         : s.resting_rhythm_uneven                    ? "uneven at rest"
                                                                      : "steady";
    std::printf("%6lld  %-14s  %-16.16s  %8s  %8s  %7s  %-13s  %6s  %6s  %9s  %s\n",
                static_cast<long long>(s.id), s.client.c_str(), local_time(s.started_unix_us).c_str(),
                minutes_seconds(s.duration_s).c_str(),
                minutes_seconds(s.practice_min * 60.0).c_str(),
                fmt_or_dash("%.2f", s.resting_ln_rmssd).c_str(),
                std::string(engine::to_string(s.resting_source)).c_str(),
                fmt_or_dash("%.2f", s.mean_coherence_ratio).c_str(),
                fmt_or_dash("%.0f%%", s.time_in_coherence_pct).c_str(),
                fmt_or_dash("%.1f bpm", s.resonance_rate_bpm).c_str(), rhythm);
  }
  std::printf(
      "  duration   data recorded (min:s)\n"
      "  practice   time with the pacer on (min:s)\n"
      "  rest ln    resting lnRMSSD: ln of RMSSD (ms) of the corrected intervals at rest\n"
      "             (\"-\": under 30 s of them)\n"
      "  rest from  the rest is the span after a \"baseline\" mark, else the first 2 minutes\n"
      "  coh        mean coherence ratio (time-weighted)\n"
      "  in coh     share of coherence updates at the medium or high level\n"
      "  resonance  resonance breathing rate from the newest resonance assessment\n"
      "  rhythm     uneven: over 1 in 10 successive intervals jump by a fifth (early beats,\n"
      "             an irregular rhythm), so RMSSD and rest ln measure the jumps, not HRV\n"
      "             (\"at rest\": in the rest; \"-\": under 20 intervals). Not a diagnosis.\n");
  // An imported file read with a doubt: its figures above may not be a heart's.
  bool noted = false;
  for (const engine::SessionTrend& s : t.sessions) {
    for (const std::string& note : s.reading_notes) {
      if (!noted) std::printf("\nHow imported files were read:\n");
      noted = true;
      std::printf("  session %lld: %s\n", static_cast<long long>(s.id), note.c_str());
    }
  }
  if (t.weeks.empty()) {
    std::printf("\nNo sessions breathed live: imported recordings and replays are no practice.\n");
    return kExitOk;
  }
  std::printf("\n%-9s  %-10s  %8s  %8s\n", "ISO week", "from", "practice", "sessions");
  for (const engine::WeeklyPractice& w : t.weeks) {
    std::printf("%-9s  %-10s  %8s  %8d\n", w.iso_week.c_str(),
                format_local_time(w.monday_unix_us, "%Y-%m-%d").c_str(),
                minutes_seconds(w.practice_min * 60.0).c_str(), w.sessions);
  }
  std::printf("  (sessions breathed live only: imported recordings and replays are no practice)\n");
  return kExitOk;
}

std::string describe(const engine::ClientDataEntry& d) {
  return std::to_string(d.sessions) + " session(s), " + std::to_string(d.beats) + " beats, " +
         minutes_seconds(d.recorded_s) + " of recordings";
}

int clients_command(engine::SessionHistory& history, const ClientsOptions& o) {
  if (o.adding) {
    history.add_client(o.add_name);
    std::printf("Added client \"%s\".\n", o.add_name.c_str());
    return kExitOk;
  }
  if (o.deleting) {
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
    std::printf("%s\n", engine::json_text(json{{"clients", arr}}).c_str());
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

int run_trends(const TrendsOptions& o) {
  try {
    return print_trends(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli trends: %s\n", e.what());
    return kExitFailure;
  }
}

int run_clients(const ClientsOptions& o) {
  return with_history("clients", o.db_path,
                      [&o](engine::SessionHistory& h) { return clients_command(h, o); });
}

}  // namespace resonant::cli
