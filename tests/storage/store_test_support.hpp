#pragma once
// Helpers for the storage tests: raw SQLite queries (to look at rows the API does not expose,
// and to build databases of earlier schema versions) and a small recorded session.
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/storage/recorder.hpp>
#include <resonant/storage/rows.hpp>

#include "test_support.hpp"

namespace resonant::storage::test {

/// A raw connection for looking at the file as SQLite sees it.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db_);
    }
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  /// Runs statements; returns the SQLite result code.
  int exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (err != nullptr) {
      last_error_ = err;
      sqlite3_free(err);
    }
    return rc;
  }
  /// The first column of the first row as a number (NaN when NULL or no row).
  double scalar(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    double v = std::nan("");
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return v;
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
      v = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
    return v;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string v;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return v;
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
      v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return v;
  }
  /// Calls fn for each row.
  void rows(const std::string& sql, const std::function<void(sqlite3_stmt*)>& fn) {
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    while (sqlite3_step(st) == SQLITE_ROW) fn(st);
    sqlite3_finalize(st);
  }
  sqlite3* get() const { return db_; }
  const std::string& last_error() const { return last_error_; }

 private:
  sqlite3* db_ = nullptr;
  std::string last_error_;
};

/// The resonant-cli built beside the tests.
inline std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

/// resonant-cli export ID --format FORMAT --out OUT --db DB [--deidentify].
inline testing::ProcessResult run_export(const std::filesystem::path& db, std::int64_t id, const std::string& format,
                                         const std::filesystem::path& out, bool deidentify = false) {
  std::vector<std::string> argv{cli(), "export", std::to_string(id), "--format", format,
                                "--out", out.string(), "--db", db.string()};
  if (deidentify) argv.push_back("--deidentify");
  return testing::run_process(argv, std::chrono::seconds(30));
}

/// The whole file as bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline mode_t file_mode(const std::filesystem::path& p) {
  struct stat st {};
  if (stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

/// Waits (polling, no fixed sleep) until pred holds or timeout; returns pred().
inline bool wait_until(const std::function<bool()>& pred,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

/// Rows of a short session: n beats 0.8 s apart, one 250 Hz ECG chunk per beat, a metric each.
inline std::vector<Row> beat_rows(int first, int n) {
  std::vector<Row> rows;
  for (int i = first; i < first + n; ++i) {
    const std::int64_t t_us = 800'000LL * (i + 1);
    rows.emplace_back(BeatRow{t_us, i == 0 ? std::nan("") : 800.0, ChannelKind::kEcg,
                              i == 0 ? kBeatFlagAfterGap : std::uint8_t{0}});
    SampleChunkRow chunk;
    chunk.channel = 0;
    chunk.kind = ChannelKind::kEcg;
    chunk.rate_hz = 250.0;
    chunk.t_first_us = 800'000LL * i;
    for (int k = 0; k < 200; ++k) chunk.values.push_back(static_cast<float>(i) + 0.001f * static_cast<float>(k));
    rows.emplace_back(std::move(chunk));
    rows.emplace_back(MetricRow{t_us, "hr_bpm", 75.0});
    rows.emplace_back(ProgressRow{t_us, i + 1, 75.0, 0.0, 0.0});
  }
  return rows;
}

inline BeginSessionRow begin_row(const std::string& client = "me") {
  BeginSessionRow b;
  b.client = client;
  b.source = "test device";
  b.started_unix_us = unix_now_us();
  return b;
}

}  // namespace resonant::storage::test
