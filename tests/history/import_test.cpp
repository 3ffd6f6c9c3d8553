// Import of recordings as sessions (session_import.hpp, resonant-cli import): an RR text file
// gives exactly its intervals; a real ECG record gives the beats the live (causal) detector
// finds in it, on the recording's own time; the CLI prints the id and lists the session.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <resonant/engine/file_beats.hpp>
#include <resonant/engine/session_history.hpp>
#include <resonant/engine/session_import.hpp>
#include <resonant/storage/session_reader.hpp>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

constexpr double kUsPerS = 1e6;
constexpr double kBeatToleranceS = 0.001;

std::vector<double> rr_pattern_ms() {
  std::vector<double> rr;
  for (int i = 0; i < 40; ++i) rr.push_back(850.0 + 40.0 * std::sin(i * 0.7));
  return rr;
}

std::filesystem::path write_rr_file(const std::filesystem::path& dir, const std::vector<double>& rr) {
  const auto path = dir / "practice_rr.txt";
  std::ofstream f(path);
  f.precision(10);
  for (double v : rr) f << v << '\n';
  return path;
}

storage::StoredSession stored(const std::filesystem::path& db, std::int64_t id) {
  storage::Database d = storage::Database::open(db);
  return storage::read_session(d, id);
}

TEST(Import, RrTextGivesExactlyItsIntervalsAsAnImportedSession) {
  testing::TempDir dir;
  const auto rr = rr_pattern_ms();
  ImportRequest req;
  req.source.path = write_rr_file(dir.path(), rr);
  req.database = dir.path() / "s.db";
  req.client = "ann";
  const ImportResult r = import_recording(req);
  ASSERT_GT(r.session_id, 0);
  EXPECT_EQ(r.beats, static_cast<std::int64_t>(rr.size() + 1));  // the first interval's start too

  SessionHistory history(req.database);
  const auto list = history.sessions(std::string("ann"));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, r.session_id);
  EXPECT_EQ(list[0].status, "complete");
  EXPECT_EQ(list[0].source.rfind("imported practice_rr.txt", 0), 0u) << list[0].source;

  const storage::StoredSession s = stored(req.database, r.session_id);
  ASSERT_EQ(s.beats.size(), rr.size() + 1);
  double t_ms = 0.0;
  for (std::size_t i = 0; i < rr.size(); ++i) {
    t_ms += rr[i];
    EXPECT_NEAR(static_cast<double>(s.beats[i + 1].t_us - s.beats[0].t_us) / 1e3, t_ms, 1e-3) << i;
    EXPECT_NEAR(s.beats[i + 1].rr_ms, rr[i], 1e-3) << i;
  }
  const auto import_mark = std::find_if(s.markers.begin(), s.markers.end(),
                                        [](const storage::StoredMarker& m) { return m.kind == "import"; });
  ASSERT_NE(import_mark, s.markers.end());
  EXPECT_EQ(import_mark->text, req.source.path.string());
  for (const auto& p : s.pacer) EXPECT_FALSE(p.enabled);  // an import is not practice
}

TEST(Import, AnEcgRecordGivesTheBeatsTheLiveDetectorFindsOnTheRecordingsTime) {
  RESONANT_REQUIRE_SHARED_DATA(record, "challenge2015/a103l.hea");
  testing::TempDir dir;
  ImportRequest req;
  req.source.path = record;
  req.database = dir.path() / "s.db";
  const ImportResult r = import_recording(req);

  const FileBeats expected = detect_file_beats(req.source, /*causal=*/true);
  const storage::StoredSession s = stored(req.database, r.session_id);
  EXPECT_EQ(s.info.source.rfind("imported a103l.hea", 0), 0u) << s.info.source;
  ASSERT_EQ(s.beats.size(), expected.beats.size());
  for (std::size_t i = 0; i < s.beats.size(); ++i) {
    const double expected_s = expected.beats[i].sample_index / expected.sample_rate_hz;
    EXPECT_NEAR(static_cast<double>(s.beats[i].t_us) / kUsPerS, expected_s, kBeatToleranceS) << i;
  }
  EXPECT_FALSE(s.chunks.empty());  // the waveform is kept for review and export
}

// --annotations atr imports MIT-BIH 100's reference beats as normal-to-normal intervals: each
// stored RR is one of them, and a hole (an A or V beat left out) starts a new series instead
// of a long interval.
TEST(Import, ABeatAnnotationRecordGivesItsNormalToNormalIntervals) {
  RESONANT_REQUIRE_SHARED_DATA(record, "mitdb/100.hea");
  testing::TempDir dir;
  ImportRequest req;
  req.source.path = record;
  req.source.annotator = "atr";
  req.database = dir.path() / "s.db";
  const ImportResult r = import_recording(req);
  const storage::StoredSession s = stored(req.database, r.session_id);
  std::size_t with_rr = 0;
  double longest_ms = 0.0;
  for (const auto& b : s.beats) {
    if (std::isnan(b.rr_ms)) continue;
    ++with_rr;
    longest_ms = std::max(longest_ms, b.rr_ms);
  }
  EXPECT_EQ(with_rr, 2204u);  // §9.3's N-N intervals
  EXPECT_EQ(s.beats.size() - with_rr, 35u);  // the start of the first run and of 34 after a hole
  EXPECT_LT(longest_ms, 1300.0) << "no interval spans a left-out beat";
  EXPECT_TRUE(s.chunks.empty());  // the annotations' beats only, not the record's waveform
}

TEST(Import, AFileThatIsNotThereIsAnErrorNamingIt) {
  testing::TempDir dir;
  ImportRequest req;
  req.source.path = dir.path() / "missing.edf";
  req.database = dir.path() / "s.db";
  try {
    import_recording(req);
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("missing.edf"), std::string::npos) << e.what();
  }
}

TEST(ImportCli, PrintsTheIdAndTheSessionIsListedAndTrended) {
  testing::TempDir dir;
  const auto file = write_rr_file(dir.path(), rr_pattern_ms());
  const auto db = (dir.path() / "cli.db").string();
  const std::string cli = (testing::binary_dir() / "src/cli/resonant-cli").string();
  const auto imported = testing::run_process({cli, "import", file.string(), "--db", db, "--client", "ann"},
                                             std::chrono::seconds(30));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const long long id = std::stoll(imported.out);
  const auto sessions = testing::run_process({cli, "sessions", "--db", db, "--json"}, std::chrono::seconds(30));
  ASSERT_EQ(sessions.exit_code, 0) << sessions.err;
  const auto js = nlohmann::json::parse(sessions.out);
  ASSERT_EQ(js["sessions"].size(), 1u);
  EXPECT_EQ(js["sessions"][0]["id"].get<long long>(), id);
  EXPECT_EQ(js["sessions"][0]["beats"].get<long long>(), 41);
  const auto trends = testing::run_process({cli, "trends", "--db", db, "--client", "ann", "--json"},
                                           std::chrono::seconds(30));
  ASSERT_EQ(trends.exit_code, 0) << trends.err;
  const auto jt = nlohmann::json::parse(trends.out);
  ASSERT_EQ(jt["sessions"].size(), 1u);
  EXPECT_EQ(jt["sessions"][0]["practice_min"].get<double>(), 0.0);
  EXPECT_TRUE(jt["sessions"][0]["resting_ln_rmssd"].is_number());
}

// A sensor's bare column of counts passes for intervals and is imported as such, with the note
// that it repeats like a sampled wave (records' reading notes), which the CLI prints.
TEST(ImportCli, ABareColumnThatRepeatsLikeAWaveIsImportedWithTheNote) {
  testing::TempDir dir;
  const auto file = dir.path() / "pulse.txt";
  constexpr int kBeatSamples = 84;  // a pulse every 84 samples: 71.4 /min at 100 Hz
  {
    std::ofstream out(file);
    for (int i = 0; i < kBeatSamples * 60; ++i) {
      const double phase = static_cast<double>(i % kBeatSamples) / kBeatSamples;
      out << std::lround(600.0 + 200.0 * std::sin(2.0 * std::numbers::pi * phase)) << "\n";
    }
  }
  ImportRequest req;
  req.source.path = file;
  req.database = dir.path() / "s.db";
  const ImportResult r = import_recording(req);
  ASSERT_EQ(r.reading_notes.size(), 1u);
  EXPECT_NE(r.reading_notes[0].find("repeat every 84 values"), std::string::npos)
      << r.reading_notes[0];
  // Kept with the session, for its exports.
  const auto s = stored(req.database, r.session_id);
  const auto note = std::find_if(s.markers.begin(), s.markers.end(),
                                 [](const storage::StoredMarker& m) {
                                   return m.kind == kReadingNoteKind;
                                 });
  ASSERT_NE(note, s.markers.end());
  EXPECT_EQ(note->text, r.reading_notes[0]);

  const std::string cli = (testing::binary_dir() / "src/cli/resonant-cli").string();
  const auto db = (dir.path() / "cli.db").string();
  const auto imported = testing::run_process({cli, "import", file.string(), "--db", db},
                                             std::chrono::seconds(30));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("resonant-cli import: note: read as RR intervals, but"),
            std::string::npos)
      << imported.err;
  // The trends list it with the session (the History screen's "note" comes from there).
  const auto trends = testing::run_process({cli, "trends", "--db", db}, std::chrono::seconds(30));
  ASSERT_EQ(trends.exit_code, 0) << trends.err;
  EXPECT_NE(trends.out.find("How imported files were read:\n  session 1: read as RR intervals"),
            std::string::npos)
      << trends.out;
  const auto trends_json =
      testing::run_process({cli, "trends", "--db", db, "--json"}, std::chrono::seconds(30));
  ASSERT_EQ(trends_json.exit_code, 0) << trends_json.err;
  const auto listed = nlohmann::json::parse(trends_json.out).at("sessions").at(0).at("reading_notes");
  ASSERT_EQ(listed.size(), 1u) << trends_json.out;
  EXPECT_EQ(listed.at(0).get<std::string>(), r.reading_notes[0]);
  // A session read without a doubt lists none.
  const auto rr = dir.path() / "rr.txt";
  {
    std::ofstream out(rr);
    for (int i = 0; i < 120; ++i) out << (i % 2 == 0 ? 820 : 860) << "\n";
  }
  ASSERT_EQ(testing::run_process({cli, "import", rr.string(), "--db", db}, std::chrono::seconds(30))
                .exit_code,
            0);
  const auto both = nlohmann::json::parse(
      testing::run_process({cli, "trends", "--db", db, "--json"}, std::chrono::seconds(30)).out);
  ASSERT_EQ(both.at("sessions").size(), 2u);
  EXPECT_TRUE(both.at("sessions").at(1).at("reading_notes").empty()) << both.dump();
}

}  // namespace
}  // namespace resonant::engine
