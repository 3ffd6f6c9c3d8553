// The session database: private file, WAL, schema migrations from every earlier version,
// clients (add, list, delete with all their data), the session list.
#include <resonant/storage/database.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include <resonant/storage/schema.hpp>
#include <resonant/storage/session_writer.hpp>

#include "store_test_support.hpp"
#include "test_support.hpp"

namespace resonant::storage {
namespace {

using test::RawDb;
using testing::TempDir;

/// Writes one committed session for client with n beats through SessionWriter.
std::int64_t write_session(const std::filesystem::path& db, const std::string& client, int beats,
                           bool end = true) {
  SessionWriter w(Database::open(db));
  w.begin();
  w.write(test::begin_row(client));
  for (const Row& r : test::beat_rows(0, beats)) w.write(r);
  if (end) w.write(EndSessionRow{ProgressRow{800'000LL * beats, beats, 75.0, 30.0, 40.0}, unix_now_us()});
  w.commit();
  return w.session_id();
}

TEST(Database, IsCreatedPrivateInWalModeWithTheCurrentSchemaAndTheDefaultClient) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  umask(0);  // even a permissive umask must not open the records to others
  Database db = Database::open(path);
  umask(022);
  EXPECT_EQ(test::file_mode(path), 0600u);
  EXPECT_EQ(db.schema_version(), current_schema_version());
  ASSERT_EQ(db.clients().size(), 1u);
  EXPECT_EQ(db.clients()[0].name, kDefaultClient);

  SessionWriter w(std::move(db));
  w.begin();
  w.write(test::begin_row());
  w.commit();
  // SQLite gives the write-ahead log and shared-memory files the database file's mode.
  ASSERT_TRUE(std::filesystem::exists(dir.path() / "r.db-wal"));
  EXPECT_EQ(test::file_mode(dir.path() / "r.db-wal"), 0600u);
  EXPECT_EQ(test::file_mode(dir.path() / "r.db-shm"), 0600u);
  RawDb raw(path);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
}

TEST(Database, AnExistingFileReadableByOthersIsMadePrivate) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  ::fchmod(fd, 0644);
  ::close(fd);
  ASSERT_EQ(test::file_mode(path), 0644u);
  Database::open(path);
  EXPECT_EQ(test::file_mode(path), 0600u);
}

// A database made by each earlier schema version, with data in it, opens with the current
// code: the missing migrations run and every row is still there.
TEST(Database, MigratesFromEveryEarlierVersionKeepingTheData) {
  for (const Migration& upto : migrations()) {
    if (upto.to_version >= current_schema_version()) break;
    SCOPED_TRACE("from schema version " + std::to_string(upto.to_version));
    TempDir dir;
    const auto path = dir.path() / "old.db";
    {
      RawDb raw(path);
      for (const Migration& m : migrations()) {
        if (m.to_version > upto.to_version) break;
        ASSERT_EQ(raw.exec(m.sql), SQLITE_OK) << raw.last_error();
      }
      ASSERT_EQ(raw.exec("PRAGMA user_version = " + std::to_string(upto.to_version)), SQLITE_OK);
      // Rows as that version wrote them (version 1 columns exist in every version).
      ASSERT_EQ(raw.exec("INSERT INTO clients (name, created_unix_us) VALUES ('ann', 1);"
                         "INSERT INTO sessions (client_id, status, started_unix_us, source, first_t_us, "
                         "  last_t_us, beats, mean_hr_bpm, rmssd_ms, sdnn_ms) "
                         "  VALUES (2, 'complete', 1700000000000000, 'old device', 0, 90000000, 2, 61.5, 42.0, 50.0);"
                         "INSERT INTO beats (session_id, t_us, rr_ms, source, flags, label) VALUES "
                         "  (1, 1000000, NULL, 'ecg', 1, NULL), (1, 1980000, 980.0, 'ecg', 0, 'normal');"
                         "INSERT INTO samples (session_id, channel, kind, t_first_us, rate_hz, count, data) "
                         "  VALUES (1, 0, 'ecg', 0, 250.0, 2, x'0000803F00000040');"),
                SQLITE_OK)
          << raw.last_error();
    }
    Database db = Database::open(path);
    EXPECT_EQ(db.schema_version(), current_schema_version());
    const auto sessions = db.sessions("ann");
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].status, SessionStatus::kComplete);
    EXPECT_EQ(sessions[0].beats, 2);
    EXPECT_DOUBLE_EQ(sessions[0].duration_s, 90.0);
    EXPECT_DOUBLE_EQ(sessions[0].mean_hr_bpm, 61.5);
    EXPECT_EQ(sessions[0].source, "old device");
    ASSERT_TRUE(db.find_client("ann").has_value());
    EXPECT_EQ(db.find_client("ann")->note, "");  // version 2 column, default for old rows
    // The tables later versions added work on the old session.
    db.add_note(sessions[0].id, "felt calm");
    db.add_rating(sessions[0].id, "calm_after", 8.0);
    db.add_assessment(sessions[0].id, "resonance", R"({"best_rate_bpm": 5.5})");
    RawDb raw(path);
    EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM beats WHERE session_id = 1"), 2.0);
    EXPECT_EQ(raw.scalar("SELECT rr_ms FROM beats WHERE t_us = 1980000"), 980.0);
    EXPECT_EQ(raw.text("SELECT hex(data) FROM samples"), "0000803F00000040");
    EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM notes"), 1.0);
    EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  }
}

TEST(Database, ANewerSchemaOrAFileThatIsNoDatabaseIsRefusedWithAClearMessage) {
  TempDir dir;
  const auto newer = dir.path() / "newer.db";
  {
    RawDb raw(newer);
    raw.exec("PRAGMA user_version = " + std::to_string(current_schema_version() + 1));
  }
  try {
    Database::open(newer);
    FAIL() << "a newer schema was opened";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kTooNew);
    EXPECT_NE(std::string(e.what()).find("newer Resonant"), std::string::npos) << e.what();
  }
  const auto junk = dir.path() / "notes.txt";
  std::ofstream(junk) << std::string(8192, 'x');
  try {
    Database::open(junk);
    FAIL() << "a text file was opened as a database";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kNotDatabase);
    EXPECT_NE(std::string(e.what()).find(junk.string()), std::string::npos) << e.what();
  }
  try {
    Database::open(dir.path() / "no-such-folder" / "r.db");
    FAIL() << "a file in a missing folder was opened";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kCantOpen);
    EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos) << e.what();
  }
}

// A name is what lists show and what --client finds again: none that is blank, hides its
// edges or holds control characters; each refusal says why. Names with accents and inner
// spaces are fine.
TEST(Database, AClientsNameCanBeReadAndTypedAgain) {
  TempDir dir;
  Database db = Database::open(dir.path() / "r.db");
  const std::pair<const char*, const char*> refused[] = {
      {"", "needs a name"},
      {"   ", "needs a name"},
      {"ann\tlee", "control characters"},
      {"ann\n", "control characters"},
      {" ann", "start or end with a space"},
      {"ann ", "start or end with a space"}};
  for (const auto& [name, why] : refused) {
    try {
      db.add_client(name);
      ADD_FAILURE() << "accepted \"" << name << "\"";
    } catch (const StoreError& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  }
  const std::size_t before = db.clients().size();  // every refusal added nothing
  db.add_client("Zoë van Dijk");
  const auto clients = db.clients();
  ASSERT_EQ(clients.size(), before + 1);
  EXPECT_TRUE(std::any_of(clients.begin(), clients.end(),
                          [](const auto& c) { return c.name == "Zoë van Dijk"; }));
}

TEST(Database, ClientsAreAddedOnceAndListedWithTheirSessions) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  Database db = Database::open(path);
  db.add_client("ann");
  EXPECT_THROW(db.add_client("ann"), StoreError);
  EXPECT_THROW(db.add_client(""), StoreError);
  write_session(path, "ann", 3);
  write_session(path, "ann", 4);
  write_session(path, "me", 5);
  const auto clients = db.clients();
  ASSERT_EQ(clients.size(), 2u);
  EXPECT_EQ(clients[0].name, "ann");
  EXPECT_EQ(clients[0].sessions, 2);
  EXPECT_EQ(clients[1].name, "me");
  EXPECT_EQ(clients[1].sessions, 1);

  const auto all = db.sessions();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_GT(all[0].id, all[2].id) << "newest first";
  const auto ann = db.sessions("ann");
  ASSERT_EQ(ann.size(), 2u);
  EXPECT_EQ(ann[0].beats, 4);
  EXPECT_EQ(ann[0].status, SessionStatus::kComplete);
  EXPECT_DOUBLE_EQ(ann[0].mean_hr_bpm, 75.0);
  EXPECT_NEAR(ann[0].duration_s, 3.2, 1e-6);  // first chunk at 0 s, last beat at 3.2 s
  EXPECT_THROW(db.sessions("nobody"), StoreError);
}

TEST(Database, DeletingAClientRemovesAllTheirDataAndNothingElse) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  write_session(path, "ann", 6);
  write_session(path, "me", 5);
  Database db = Database::open(path);
  const std::int64_t ann_session = db.sessions("ann").at(0).id;
  db.add_note(ann_session, "private");
  const ClientData would = db.client_data("ann");
  EXPECT_EQ(would.sessions, 1);
  EXPECT_EQ(would.beats, 6);
  EXPECT_EQ(would.sample_chunks, 6);
  const ClientData gone = db.delete_client("ann");
  EXPECT_EQ(gone.sessions, 1);
  EXPECT_FALSE(db.find_client("ann").has_value());
  EXPECT_THROW(db.delete_client("ann"), StoreError);

  RawDb raw(path);
  for (const char* table : {"samples", "beats", "metrics", "notes", "sessions"}) {
    EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM " + std::string(table) +
                         (std::string(table) == "sessions" ? " WHERE id = " : " WHERE session_id = ") +
                         std::to_string(ann_session)),
              0.0)
        << table;
  }
  EXPECT_EQ(raw.scalar("SELECT COUNT(*) FROM beats"), 5.0) << "the other client's beats stay";
  EXPECT_EQ(db.sessions("me").size(), 1u);
}

TEST(Database, AssessmentRowsAreStoredWithTheSessionAndTheNewestIsTheClients) {
  TempDir dir;
  const auto path = dir.path() / "r.db";
  write_session(path, "ann", 3);
  {
    SessionWriter w(Database::open(path));  // a second session of ann's with a result row
    w.begin();
    w.write(test::begin_row("ann"));
    w.write(AssessmentRow{"resonance", R"({"recommended_rate_bpm": 5.5})"});
    w.commit();
  }
  write_session(path, "me", 2);
  Database db = Database::open(path);
  EXPECT_EQ(db.latest_assessment("ann", "resonance"), std::optional<std::string>(R"({"recommended_rate_bpm": 5.5})"));
  EXPECT_FALSE(db.latest_assessment("me", "resonance").has_value()) << "another client's result is not theirs";
  EXPECT_FALSE(db.latest_assessment("ann", "other kind").has_value());
  db.add_assessment(db.sessions("ann").back().id, "resonance", R"({"recommended_rate_bpm": 6.0})");
  EXPECT_EQ(db.latest_assessment("ann", "resonance"), std::optional<std::string>(R"({"recommended_rate_bpm": 6.0})"))
      << "the newest result wins, whichever session it belongs to";
  EXPECT_THROW((void)db.latest_assessment("nobody", "resonance"), StoreError);
}

TEST(Database, SamplesAreStoredAsFloat32LittleEndianBlobs) {
  const std::vector<float> values{1.0f, -2.5f, 1e-3f};
  const std::vector<unsigned char> bytes = encode_samples(values);
  ASSERT_EQ(bytes.size(), 12u);
  EXPECT_EQ(bytes[0], 0x00);  // 1.0f = 0x3F800000, little-endian
  EXPECT_EQ(bytes[3], 0x3F);
  EXPECT_EQ(decode_samples(bytes.data(), bytes.size()), values);
}

}  // namespace
}  // namespace resonant::storage
