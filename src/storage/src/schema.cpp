#include <resonant/storage/schema.hpp>

#include <array>

namespace resonant::storage {
namespace {

constexpr const char* kVersion1 = R"sql(
CREATE TABLE clients (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  created_unix_us INTEGER NOT NULL
);
INSERT INTO clients (name, created_unix_us)
  VALUES ('me', CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER));

CREATE TABLE sessions (
  id                INTEGER PRIMARY KEY,
  client_id         INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  status            TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'recovered', 'partial')),
  started_unix_us   INTEGER NOT NULL,
  ended_unix_us     INTEGER,
  source            TEXT NOT NULL DEFAULT '',
  first_t_us        INTEGER,
  last_t_us         INTEGER,
  beats             INTEGER NOT NULL DEFAULT 0,
  mean_hr_bpm       REAL,
  rmssd_ms          REAL,
  sdnn_ms           REAL,
  writer_pid        INTEGER,
  heartbeat_unix_us INTEGER
);
CREATE INDEX sessions_by_client ON sessions (client_id, started_unix_us);

CREATE TABLE samples (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  channel     INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  t_first_us  INTEGER NOT NULL,
  rate_hz     REAL NOT NULL,
  count       INTEGER NOT NULL,
  data        BLOB NOT NULL
);
CREATE INDEX samples_by_time ON samples (session_id, channel, t_first_us);

CREATE TABLE beats (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  t_us       INTEGER NOT NULL,
  rr_ms      REAL,
  source     TEXT NOT NULL,
  flags      INTEGER NOT NULL DEFAULT 0,
  label      TEXT,
  PRIMARY KEY (session_id, t_us)
) WITHOUT ROWID;

CREATE TABLE nn_intervals (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  t_us       INTEGER NOT NULL,
  nn_ms      REAL NOT NULL,
  after_gap  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, t_us)
) WITHOUT ROWID;

CREATE TABLE metric_names (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE metrics (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  metric_id  INTEGER NOT NULL REFERENCES metric_names(id),
  t_us       INTEGER NOT NULL,
  value      REAL,
  PRIMARY KEY (session_id, metric_id, t_us)
) WITHOUT ROWID;
)sql";

constexpr const char* kVersion2 = R"sql(
ALTER TABLE clients ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE markers (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  t_us       INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  text       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX markers_by_time ON markers (session_id, t_us);

CREATE TABLE pacer (
  session_id      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  t_us            INTEGER NOT NULL,
  enabled         INTEGER NOT NULL,
  rate_bpm        REAL NOT NULL,
  inhale_fraction REAL NOT NULL,
  hold_in_s       REAL NOT NULL,
  hold_out_s      REAL NOT NULL,
  PRIMARY KEY (session_id, t_us)
) WITHOUT ROWID;

CREATE TABLE notes (
  id              INTEGER PRIMARY KEY,
  session_id      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_unix_us INTEGER NOT NULL,
  text            TEXT NOT NULL
);

CREATE TABLE ratings (
  id              INTEGER PRIMARY KEY,
  session_id      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  scale           TEXT NOT NULL,
  value           REAL NOT NULL,
  t_us            INTEGER,
  created_unix_us INTEGER NOT NULL
);

CREATE TABLE assessments (
  id              INTEGER PRIMARY KEY,
  session_id      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL,
  result_json     TEXT NOT NULL,
  created_unix_us INTEGER NOT NULL
);
)sql";

constexpr std::array<Migration, 2> kMigrations{{{1, kVersion1}, {2, kVersion2}}};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int current_schema_version() { return kMigrations.back().to_version; }

}  // namespace resonant::storage
