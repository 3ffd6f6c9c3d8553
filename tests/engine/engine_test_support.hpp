#pragma once
// Helpers for tests of the threaded Engine: wait on its Snapshot, a clean simulated person,
// and one number read back from a saved session database.
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <resonant/engine/engine.hpp>

namespace resonant::testing {

/// Polls the snapshot until pred is true or the timeout passes (the timeout only stops a
/// hang: tests wait on what they check, never on a timer).
template <typename Pred>
bool wait_for(engine::Engine& e, Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    if (pred(e.snapshot())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

/// The simulated person without artifacts or noise events, sped up.
inline engine::SourceSpec clean_simulation(double speed) {
  engine::SourceSpec sim;
  sim.kind = engine::SourceKind::kSimulated;
  sim.speed = speed;
  sim.scenario = "clean";
  return sim;
}

/// The first column of the first row of sql (NaN for none or NULL; a bad query fails the test).
inline double scalar(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  double v = std::nan("");
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    return v;
  }
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
    v = sqlite3_column_double(st, 0);
  }
  sqlite3_finalize(st);
  return v;
}

}  // namespace resonant::testing
