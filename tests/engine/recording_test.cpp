// The engine records its session (src/engine/src/session_recorder.hpp): every beat with its
// label, the corrected NN series, the raw samples of every channel, the metric timelines,
// the pacer schedule and the person's marks; the Snapshot and the summary say it was saved.
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <resonant/engine/engine.hpp>
#include <resonant/engine/session_history.hpp>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

using namespace std::chrono_literals;

double scalar(sqlite3* db, const std::string& sql) {
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

template <typename Pred>
bool wait_for(Engine& e, Pred pred, std::chrono::milliseconds timeout = 30s) {
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    if (pred(e.snapshot())) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

TEST(EngineRecording, SavesTheWholeSessionAndSaysSo) {
  testing::TempDir dir;
  const auto path = dir.path() / "r.db";
  EngineConfig config;
  config.recording.database = path.string();
  config.recording.client = "ann";
  SessionSummary sum;
  {
    Engine e(config);
    SourceSpec sim;
    sim.kind = SourceKind::kSimulated;
    sim.speed = 20.0;
    sim.scenario = "clean";
    ASSERT_TRUE(e.post(ConnectCommand{sim}));
    ASSERT_TRUE(wait_for(e, [](const Snapshot& s) {
      return s.beat_count >= 10 && s.recording.state == RecordingState::kSaving;
    })) << to_string(e.snapshot().recording.state) << " " << e.snapshot().recording.message.view();
    MarkCommand mark;
    mark.text.assign("felt calm here");
    ASSERT_TRUE(e.post(mark));
    PacerSettings slower;
    slower.rate_bpm = 5.5;
    ASSERT_TRUE(e.post(SetPacerCommand{slower, true}));
    ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return s.beat_count >= 40; }));
    e.shutdown();
    sum = e.summary();
  }
  EXPECT_EQ(sum.recording.state, RecordingState::kSaved) << sum.recording.message.view();
  EXPECT_GT(sum.recording.session_id, 0);
  EXPECT_EQ(sum.recording.database.view(), path.string());
  EXPECT_EQ(sum.recording.rows_dropped, 0u);

  SessionHistory history(path);
  const auto sessions = history.sessions("ann");
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].status, "complete");
  EXPECT_EQ(sessions[0].beats, static_cast<std::int64_t>(sum.beats));
  EXPECT_DOUBLE_EQ(sessions[0].rmssd_ms, sum.rmssd_ms);
  EXPECT_NE(sessions[0].source.find("simulated person"), std::string::npos) << sessions[0].source;

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM beats"), static_cast<double>(sum.beats));
  // Every interval the corrector decided has its label (the last 2 beats may be undecided).
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM beats WHERE label IS NOT NULL"),
            static_cast<double>(sum.artifacts.decided));
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM beats WHERE label = 'normal'"),
            static_cast<double>(sum.artifacts.count(dsp::BeatLabel::kNormal)));
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM nn_intervals"), static_cast<double>(sum.nn_intervals));
  // Raw ECG: every sample of the session (250 Hz over the data's span, within one block).
  const double ecg_samples = scalar(db, "SELECT SUM(count) FROM samples WHERE kind = 'ecg'");
  EXPECT_NEAR(ecg_samples, sum.data_duration_s * 250.0, 0.08 * 250.0 + 1.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(DISTINCT channel) FROM samples"), 4.0);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM metrics m JOIN metric_names n ON n.id = m.metric_id "
                       "WHERE n.name = 'hr_bpm'"),
            2.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM markers WHERE kind = 'mark' AND text = 'felt calm here'"), 1.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM pacer"), 2.0);
  EXPECT_EQ(scalar(db, "SELECT rate_bpm FROM pacer ORDER BY t_us DESC LIMIT 1"), 5.5);
  sqlite3_close(db);
}

TEST(EngineRecording, WithoutADatabaseNothingIsRecorded) {
  Engine e;
  EXPECT_EQ(e.snapshot().recording.state, RecordingState::kOff);
  e.shutdown();
  EXPECT_EQ(e.summary().recording.state, RecordingState::kOff);
}

}  // namespace
}  // namespace resonant::engine
