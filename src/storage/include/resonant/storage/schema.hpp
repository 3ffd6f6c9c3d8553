#pragma once
// The session database schema, versioned with PRAGMA user_version and an ordered list of
// migrations: migration i takes a database from version i to version i + 1 (version 0 = a new,
// empty file). Opening runs the missing ones, each in its own transaction, so a database of
// any earlier version is brought up to date and keeps its data. Never edit a shipped
// migration: append a new one.
//
// Times: *_unix_us are wall-clock microseconds since 1970 (record metadata only); t_us and
// *_t_us are session time in microseconds (the engine's session clock, the only time the
// recordings use). Raw samples are stored as BLOBs of float32 little-endian, one row per
// chunk of consecutive samples of one channel (t_first_us, rate_hz, count).
//
// Version history:
//   1  clients (with the default "me"), sessions, raw sample chunks, beats (raw RR, artifact
//      label), corrected NN intervals, metric timelines (narrow: metric id, time, value)
//   2  markers (user marks, link changes, gaps), the pacer schedule, notes, self-ratings,
//      assessment results, a note per client
#include <span>

namespace resonant::storage {

struct Migration {
  int to_version;   // PRAGMA user_version after this migration
  const char* sql;  // statements run in one transaction
};

/// Every migration in order; the current schema version is migrations().back().to_version.
std::span<const Migration> migrations();
int current_schema_version();

}  // namespace resonant::storage
