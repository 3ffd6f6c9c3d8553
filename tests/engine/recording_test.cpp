// The engine records its session (src/engine/src/session_recorder.hpp): every beat with its
// label, the corrected NN series, the raw samples of every channel, the metric timelines,
// the pacer schedule and the person's marks; the Snapshot and the summary say it was saved;
// a protocol's steps and its assessment result.
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/engine/engine.hpp>
#include <resonant/engine/protocol.hpp>
#include <resonant/engine/resonance_result.hpp>
#include <resonant/engine/session_history.hpp>

#include "engine_test_support.hpp"
#include "test_support.hpp"

namespace resonant::engine {
namespace {

using namespace std::chrono_literals;
using testing::clean_simulation;
using testing::scalar;
using testing::wait_for;

/// An engine that saves into path for client, and a clean simulated person at speed.
EngineConfig saving_config(const std::filesystem::path& path, const std::string& client) {
  EngineConfig config;
  config.recording.database = path.string();
  config.recording.client = client;
  return config;
}


TEST(EngineRecording, SavesTheWholeSessionAndSaysSo) {
  testing::TempDir dir;
  const auto path = dir.path() / "r.db";
  const EngineConfig config = saving_config(path, "ann");
  SessionSummary sum;
  {
    Engine e(config);
    ASSERT_TRUE(e.post(ConnectCommand{clean_simulation(20.0)}));
    ASSERT_TRUE(wait_for(e, [](const Snapshot& s) {
      return s.beat_count >= 10 && s.recording.state == RecordingState::kSaving;
    })) << to_string(e.snapshot().recording.state) << " " << e.snapshot().recording.message.view();
    MarkCommand mark;
    mark.text.assign("felt calm here");
    ASSERT_TRUE(e.post(mark));
    PacerSettings slower;
    slower.rate_bpm = 5.5;
    ASSERT_TRUE(e.post(SetPacerCommand{slower, true}));
    // 50 beats: over 30 s of intervals, so the summary has an RMSSD to compare.
    ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return s.beat_count >= 50; }));
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

constexpr const char* kShortAssessment = R"(
[protocol]
name = "Short assessment"

[[step]]
name = "Rest"
duration_s = 20
pacer = "off"

[[step]]
name = "Six"
duration_s = 90
kind = "assessment_block"
pacer = { rate_bpm = 6.0, inhale_fraction = 0.5 }

[[step]]
name = "Five"
duration_s = 90
kind = "assessment_block"
pacer = { rate_bpm = 5.0, inhale_fraction = 0.5 }
)";

// A protocol run by the engine on the simulated person (sped up): the steps come as events in
// order at their scheduled times, set the pacer (saved in the pacer table), are saved as
// "step" markers, and the assessment of the blocks is saved with the client's session and read
// back as the client's resonance rate.
TEST(EngineProtocol, StepsSetThePacerAreMarkedAndTheAssessmentIsStoredWithTheClient) {
  testing::TempDir dir;
  const auto path = dir.path() / "p.db";
  const EngineConfig config = saving_config(path, "bea");
  auto protocol = std::make_shared<const Protocol>(parse_protocol(kShortAssessment, "short.toml"));

  std::vector<StepRecord> steps;
  std::shared_ptr<const dsp::ResonanceAssessment> result;
  bool stored = false;
  bool ended = false;
  Snapshot last{};
  {
    Engine e(config);
    ASSERT_TRUE(e.post(ConnectCommand{clean_simulation(100.0)}));
    ASSERT_TRUE(e.post(StartProtocolCommand{protocol}));
    // Waits for the protocol's end event (no timer races it: the deadline only stops a hang).
    const auto deadline = SteadyClock::now() + 60s;
    while (!ended && SteadyClock::now() < deadline) {
      EngineEvent ev;
      while (e.poll_event(ev)) {
        if (const auto* s = std::get_if<StepRecord>(&ev)) steps.push_back(*s);
        if (const auto* a = std::get_if<AssessmentRecord>(&ev)) {
          result = a->result;
          stored = a->stored;
        }
        if (std::holds_alternative<ProtocolEndRecord>(ev)) ended = true;
      }
      std::this_thread::sleep_for(5ms);
    }
    last = e.snapshot();
    e.shutdown();
  }
  ASSERT_TRUE(ended) << "the protocol did not end within 60 s";
  ASSERT_EQ(steps.size(), 3u);
  for (std::uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(steps[i].index, i);
    EXPECT_EQ(steps[i].count, 3u);
    EXPECT_EQ(steps[i].step().name, protocol->steps[i].name);
  }
  EXPECT_NEAR(steps[1].t_s - steps[0].t_s, 20.0, 1e-9);
  EXPECT_NEAR(steps[2].t_s - steps[1].t_s, 90.0, 1e-9);
  EXPECT_FALSE(steps[0].pacer_enabled);
  EXPECT_DOUBLE_EQ(steps[1].pacer.rate_bpm, 6.0);
  EXPECT_DOUBLE_EQ(steps[2].pacer.rate_bpm, 5.0);
  EXPECT_FALSE(last.protocol.active);
  EXPECT_EQ(last.protocol.step_count, 3u);
  EXPECT_EQ(last.protocol.protocol_name.view(), "Short assessment");

  ASSERT_NE(result, nullptr);
  ASSERT_EQ(result->segments.size(), 2u);
  EXPECT_DOUBLE_EQ(result->segments[0].segment.start_s, steps[1].t_s);
  EXPECT_DOUBLE_EQ(result->segments[1].segment.end_s, steps[2].t_s + 90.0);
  EXPECT_TRUE(result->segments[0].valid) << result->segments[0].reason;
  EXPECT_TRUE(result->segments[1].valid) << result->segments[1].reason;
  ASSERT_TRUE(std::isfinite(result->recommended_rate_bpm)) << result->summary;
  EXPECT_TRUE(stored);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM markers WHERE kind = 'step'"), 4.0);  // 3 starts + end
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM pacer WHERE enabled = 1 AND rate_bpm = 6.0 AND "
                       "inhale_fraction = 0.5"), 1.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM pacer WHERE enabled = 1 AND rate_bpm = 5.0"), 1.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM assessments WHERE kind = 'resonance'"), 1.0);
  sqlite3_close(db);

  std::string error;
  const auto rate = stored_resonance_rate(path.string(), "bea", error);
  ASSERT_TRUE(rate.has_value()) << error;
  EXPECT_DOUBLE_EQ(*rate, result->recommended_rate_bpm);
  EXPECT_FALSE(stored_resonance_rate(path.string(), "someone else", error).has_value());
}

// The guided flow on the simulated person: the self-ratings are stored with the session
// (also those given before the first data) and a "flow" marker at each phase.
TEST(EngineFlow, RunsThePhasesAndStoresTheRatingsWithTheSession) {
  testing::TempDir dir;
  const auto path = dir.path() / "f.db";
  EngineConfig config;
  config.recording.database = path.string();
  {
    Engine e(config);
    // Rated before any data: kept until the session row exists.
    ASSERT_TRUE(e.post(RateCommand{RatingScale::kCalm, RatingWhen::kBefore, 4.0}));
    FlowSettings flow;
    flow.baseline_s = 20.0;
    flow.practice_s = 30.0;
    flow.practice_pacer.rate_bpm = 5.5;
    ASSERT_TRUE(e.post(StartFlowCommand{flow}));
    ASSERT_TRUE(e.post(ConnectCommand{clean_simulation(50.0)}));
    bool saw_practice_pacer = false;
    const auto deadline = SteadyClock::now() + 30s;
    while (e.snapshot().flow.phase != FlowPhase::kDebrief && SteadyClock::now() < deadline) {
      const Snapshot& s = e.snapshot();
      if (s.flow.phase == FlowPhase::kPractice && s.pacer_enabled && s.pacer.settings.rate_bpm == 5.5) {
        saw_practice_pacer = true;
      }
      std::this_thread::sleep_for(2ms);
    }
    ASSERT_EQ(e.snapshot().flow.phase, FlowPhase::kDebrief);
    EXPECT_TRUE(saw_practice_pacer);
    EXPECT_FALSE(e.snapshot().pacer_enabled) << "no pacer in the debrief";
    ASSERT_TRUE(e.post(RateCommand{RatingScale::kTension, RatingWhen::kAfter, 2.0}));
    ASSERT_TRUE(e.post(RateCommand{RatingScale::kTension, RatingWhen::kAfter, 11.0}));  // ignored
    const auto until = SteadyClock::now() + 5s;
    while (std::isnan(e.snapshot().flow.ratings.tension_after) && SteadyClock::now() < until) {
      std::this_thread::sleep_for(2ms);
    }
    const FlowProgress& f = e.snapshot().flow;
    EXPECT_DOUBLE_EQ(f.ratings.calm_before, 4.0);
    EXPECT_DOUBLE_EQ(f.ratings.tension_after, 2.0);
    EXPECT_NEAR(f.baseline.duration_s, 20.0, 1e-9);
    EXPECT_NEAR(f.practice.duration_s, 30.0, 1e-9);
    EXPECT_GT(f.practice.intervals, 15u);
    e.shutdown();
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(scalar(db, "SELECT value FROM ratings WHERE scale = 'calm_before'"), 4.0);
  EXPECT_EQ(scalar(db, "SELECT value FROM ratings WHERE scale = 'tension_after'"), 2.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM ratings"), 2.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM markers WHERE kind = 'flow'"), 3.0);
  sqlite3_close(db);
}

}  // namespace
}  // namespace resonant::engine
