// The date of an imported session (session_import.hpp): a file that states its start (a WFDB
// header's base time and date, an EDF header's start date and time) gives the session that
// start; a file without one (an RR list, an EDF+ with the anonymous 01.01.85) is dated at the
// import, and `resonant-cli sessions` says so.
#include <cmath>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <resonant/engine/session_export.hpp>
#include <resonant/engine/session_history.hpp>
#include <resonant/engine/session_import.hpp>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

constexpr int kRateHz = 250;
constexpr int kSeconds = 20;
constexpr std::int64_t kUsPerS = 1'000'000;

/// 1994-08-15 10:20:30 local time, as the headers below state it.
std::int64_t stated_start_unix_us() {
  std::tm tm{};
  tm.tm_year = 1994 - 1900;
  tm.tm_mon = 8 - 1;
  tm.tm_mday = 15;
  tm.tm_hour = 10;
  tm.tm_min = 20;
  tm.tm_sec = 30;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm)) * kUsPerS;
}

/// A WFDB record (format 16) of a 1 Hz ECG-like wave with the stated base time and date.
std::filesystem::path write_wfdb(const std::filesystem::path& dir, bool with_date,
                                 const char* date = " 10:20:30 15/08/1994") {
  {
    std::ofstream dat(dir / "rec.dat", std::ios::binary);
    for (int i = 0; i < kRateHz * kSeconds; ++i) {
      const double t = static_cast<double>(i) / kRateHz;
      const double phase = std::fmod(t, 1.0);
      const auto v = static_cast<std::int16_t>(std::lround(phase < 0.04 ? 400.0 : 20.0 * std::sin(6.28 * t)));
      const char bytes[2] = {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff)};
      dat.write(bytes, 2);
    }
  }
  std::ofstream hea(dir / "rec.hea");
  hea << "rec 1 " << kRateHz << " " << kRateHz * kSeconds << (with_date ? date : "") << "\n";
  hea << "rec.dat 16 200 16 0 0 0 0 ECG\n";
  return dir / "rec.hea";
}

std::int64_t import_file(const std::filesystem::path& file, const std::filesystem::path& db) {
  ImportRequest req;
  req.source.path = file;
  req.database = db;
  return import_recording(req).session_id;
}

SessionEntry entry(const std::filesystem::path& db, std::int64_t id) {
  SessionHistory history(db);
  for (const SessionEntry& s : history.sessions()) {
    if (s.id == id) return s;
  }
  ADD_FAILURE() << "no session " << id;
  return {};
}

TEST(ImportDate, AWfdbHeadersBaseDateAndTimeIsTheSessionsStart) {
  testing::TempDir dir;
  const auto db = dir.path() / "s.db";
  const SessionEntry s = entry(db, import_file(write_wfdb(dir.path(), true), db));
  EXPECT_EQ(s.started_unix_us, stated_start_unix_us());
  EXPECT_FALSE(dated_at_import(s.source)) << s.source;
}

// A date that is there but is none is said, rather than passed over as "no date in the file".
TEST(ImportDate, AnImpossibleDateIsSaidAndTheSessionIsDatedAtTheImport) {
  testing::TempDir dir;
  const auto db = dir.path() / "s.db";
  ImportRequest req;
  req.source.path = write_wfdb(dir.path(), true, " 10:20:30 31/02/1994");
  req.database = db;
  const ImportResult r = import_recording(req);
  ASSERT_EQ(r.reading_notes.size(), 1u);
  EXPECT_NE(r.reading_notes[0].find("its start '10:20:30 31/02/1994' is no real date and time"),
            std::string::npos)
      << r.reading_notes[0];
  EXPECT_TRUE(dated_at_import(entry(db, r.session_id).source));
  // Without a date there is nothing to say beyond "dated at import".
  testing::TempDir other;
  req.source.path = write_wfdb(other.path(), false);
  req.database = other.path() / "s.db";
  EXPECT_TRUE(import_recording(req).reading_notes.empty());
}

TEST(ImportDate, AnEdfHeadersStartIsTheSessionsStartAndTheAnonymousDateIsNot) {
  testing::TempDir dir;
  const auto db = dir.path() / "s.db";
  const std::int64_t from_wfdb = import_file(write_wfdb(dir.path(), true), db);
  // The session exported as EDF+ (start 15.08.94 10.20.30) and imported again.
  ExportRequest out;
  out.database = db;
  out.session_id = from_wfdb;
  out.format = ExportFormat::kEdf;
  out.out = dir.path() / "dated.edf";
  export_session(out);
  out.deidentify = true;
  out.out = dir.path() / "anonymous.edf";
  export_session(out);

  const SessionEntry dated = entry(db, import_file(dir.path() / "dated.edf", db));
  EXPECT_EQ(dated.started_unix_us, stated_start_unix_us());
  EXPECT_FALSE(dated_at_import(dated.source)) << dated.source;

  const std::int64_t before_us = static_cast<std::int64_t>(std::time(nullptr)) * kUsPerS;
  const SessionEntry anonymous = entry(db, import_file(dir.path() / "anonymous.edf", db));
  EXPECT_GE(anonymous.started_unix_us, before_us) << "01.01.85 is EDF+'s 'date withheld'";
  EXPECT_TRUE(dated_at_import(anonymous.source)) << anonymous.source;
}

TEST(ImportDate, AFileWithoutADateIsDatedAtImportAndTheListingSaysSo) {
  testing::TempDir dir;
  const auto db = dir.path() / "s.db";
  const std::int64_t before_us = static_cast<std::int64_t>(std::time(nullptr)) * kUsPerS;
  const std::int64_t undated = import_file(write_wfdb(dir.path(), false), db);
  const SessionEntry s = entry(db, undated);
  EXPECT_GE(s.started_unix_us, before_us);
  EXPECT_TRUE(dated_at_import(s.source)) << s.source;

  const std::string cli = (testing::binary_dir() / "src/cli/resonant-cli").string();
  const auto text = testing::run_process({cli, "sessions", "--db", db.string()}, std::chrono::seconds(30));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("* imported from a file without a usable start date of its own"), std::string::npos) << text.out;
  const auto json_list = testing::run_process({cli, "sessions", "--db", db.string(), "--json"}, std::chrono::seconds(30));
  ASSERT_EQ(json_list.exit_code, 0) << json_list.err;
  const nlohmann::json j = nlohmann::json::parse(json_list.out).at("sessions");
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].at("dated_at_import"), true);
}

}  // namespace
}  // namespace resonant::engine
