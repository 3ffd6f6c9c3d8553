// Replay of a stored session (SourceKind::kStoredSession): a recorded simulated session played
// back through the live pipeline gives the same beats (within 1 ms) and the same RMSSD.
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/engine/engine.hpp>
#include <resonant/storage/session_reader.hpp>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

using namespace std::chrono_literals;

constexpr double kBeatToleranceS = 0.001;
constexpr double kRmssdToleranceMs = 0.01;
constexpr auto kPoll = 5ms;
constexpr auto kDeadline = 60s;  // a generous bound on a run of a few seconds, not a timing

/// Records a short clean simulated session (x20) and returns its id.
std::int64_t record_simulated(const std::filesystem::path& db) {
  EngineConfig config;
  config.recording.database = db.string();
  Engine e(config);
  SourceSpec sim;
  sim.kind = SourceKind::kSimulated;
  sim.speed = 20.0;
  sim.scenario = "clean";
  EXPECT_TRUE(e.post(ConnectCommand{sim}));
  const auto deadline = SteadyClock::now() + kDeadline;
  // 50 beats: over 30 s of intervals, so the session has its RMSSD (dsp::hrv_is_settled).
  while (e.snapshot().beat_count < 50 && SteadyClock::now() < deadline) std::this_thread::sleep_for(kPoll);
  e.shutdown();
  const SessionSummary sum = e.summary();
  EXPECT_EQ(sum.recording.state, RecordingState::kSaved) << sum.recording.message.view();
  return sum.recording.session_id;
}

struct Replayed {
  std::vector<double> beat_t_s;
  SessionSummary summary;
  bool finished = false;
};

Replayed replay(const std::filesystem::path& db, std::int64_t id, double speed,
                EngineConfig config = {}) {
  Engine e(config);  // by default no recording: a replay is not saved again
  SourceSpec spec;
  spec.kind = SourceKind::kStoredSession;
  spec.database = db.string();
  spec.session_id = id;
  spec.speed = speed;
  EXPECT_TRUE(e.post(ConnectCommand{spec}));
  Replayed out;
  const auto deadline = SteadyClock::now() + kDeadline;
  while (!out.finished && SteadyClock::now() < deadline) {
    EngineEvent ev;
    while (e.poll_event(ev)) {
      if (const auto* b = std::get_if<BeatRecord>(&ev)) out.beat_t_s.push_back(b->t_s);
      if (const auto* l = std::get_if<LinkRecord>(&ev)) {
        EXPECT_NE(l->state, LinkState::kFailed) << l->message.view();
        if (l->state == LinkState::kIdle && l->message.view() == "replay finished") out.finished = true;
      }
    }
    if (!out.finished) std::this_thread::sleep_for(kPoll);
  }
  e.shutdown();
  out.summary = e.summary();
  return out;
}

TEST(Replay, GivesTheSameBeatsAndRmssdAsTheOriginal) {
  testing::TempDir dir;
  const auto db = dir.path() / "r.db";
  const std::int64_t id = record_simulated(db);
  ASSERT_GT(id, 0);
  storage::Database d = storage::Database::open(db);
  const storage::StoredSession original = storage::read_session(d, id);
  ASSERT_GE(original.beats.size(), 40u);

  const Replayed r = replay(db, id, 50.0);
  ASSERT_TRUE(r.finished) << "the replay did not reach the session's end";
  ASSERT_EQ(r.beat_t_s.size(), original.beats.size());
  const double t0_original = static_cast<double>(original.beats.front().t_us) / 1e6;
  for (std::size_t i = 0; i < r.beat_t_s.size(); ++i) {
    const double original_s = static_cast<double>(original.beats[i].t_us) / 1e6 - t0_original;
    EXPECT_NEAR(r.beat_t_s[i] - r.beat_t_s.front(), original_s, kBeatToleranceS) << i;
  }
  EXPECT_NEAR(r.summary.rmssd_ms, original.info.rmssd_ms, kRmssdToleranceMs);
  EXPECT_EQ(r.summary.beats, original.beats.size());
  EXPECT_EQ(r.summary.recording.state, RecordingState::kOff);
}

// Reviewing on the dashboard: the app records its live session, and the replayed data (stored
// already) must not be written into it; `resonant-cli session --replay ID --save` asks for it.
TEST(Replay, IsRecordedAgainOnlyWhenAskedFor) {
  testing::TempDir dir;
  const auto db = dir.path() / "r.db";
  const std::int64_t id = record_simulated(db);
  ASSERT_GT(id, 0);
  const std::size_t original_beats = [&] {
    storage::Database d = storage::Database::open(db);
    return storage::read_session(d, id).beats.size();
  }();
  for (const bool record_replays : {false, true}) {
    EngineConfig config;
    config.recording.database = (dir.path() / (record_replays ? "kept.db" : "review.db")).string();
    config.recording.record_replays = record_replays;
    const Replayed r = replay(db, id, 50.0, config);
    ASSERT_TRUE(r.finished);
    std::size_t stored_beats = 0;
    if (r.summary.recording.session_id > 0) {
      storage::Database d = storage::Database::open(config.recording.database);
      stored_beats = storage::read_session(d, r.summary.recording.session_id).beats.size();
    }
    if (record_replays) {
      EXPECT_EQ(stored_beats, original_beats);
    } else {
      EXPECT_EQ(stored_beats, 0u) << "the reviewed session was written into the live one";
    }
  }
}

// Reviewing a stored session in the middle of a live one (the History screen's "Review"):
// the live session is saved and closed where it is, nothing of the replay is mixed into it,
// and the dashboard is told that what follows is not saved.
TEST(Replay, ReviewingDuringALiveSessionSavesItAndMixesNothingIn) {
  testing::TempDir dir;
  const auto stored_db = dir.path() / "stored.db";
  const std::int64_t id = record_simulated(stored_db);
  ASSERT_GT(id, 0);

  EngineConfig config;
  config.recording.database = (dir.path() / "live.db").string();
  Engine e(config);
  SourceSpec sim;
  sim.kind = SourceKind::kSimulated;
  sim.speed = 20.0;
  sim.scenario = "clean";
  ASSERT_TRUE(e.post(ConnectCommand{sim}));
  const auto deadline = SteadyClock::now() + kDeadline;
  while (e.snapshot().beat_count < 30 && SteadyClock::now() < deadline) std::this_thread::sleep_for(kPoll);
  ASSERT_GE(e.snapshot().beat_count, 30u);

  SourceSpec review;
  review.kind = SourceKind::kStoredSession;
  review.database = stored_db.string();
  review.session_id = id;
  review.speed = 50.0;
  ASSERT_TRUE(e.post(ConnectCommand{review}));
  bool finished = false;
  std::int64_t live_id = 0;
  while (!finished && SteadyClock::now() < deadline) {
    EngineEvent ev;
    while (e.poll_event(ev)) {
      if (const auto* l = std::get_if<LinkRecord>(&ev)) {
        if (l->state == LinkState::kIdle && l->message.view() == "replay finished") finished = true;
      }
      if (const auto* rec = std::get_if<RecordingRecord>(&ev)) {
        if (rec->status.session_id > 0) live_id = rec->status.session_id;
      }
    }
    if (!finished) std::this_thread::sleep_for(kPoll);
  }
  ASSERT_TRUE(finished);
  EXPECT_EQ(e.snapshot().recording.state, RecordingState::kNotSaving)
      << "the dashboard must say that what follows is not saved";
  const std::uint64_t beats_seen = e.snapshot().beat_count;
  e.shutdown();
  ASSERT_GT(live_id, 0);

  storage::Database d = storage::Database::open(config.recording.database);
  const storage::StoredSession live = storage::read_session(d, live_id);
  ASSERT_GE(live.beats.size(), 30u);
  // The replayed session's beats (>= 40) went through the pipeline but not into the record.
  EXPECT_LE(live.beats.size() + 40u, beats_seen);
  EXPECT_EQ(live.info.beats, static_cast<std::int64_t>(live.beats.size()))
      << "the closed session's summary counts its own beats only";
  for (std::size_t i = 1; i < live.beats.size(); ++i) {
    ASSERT_GT(live.beats[i].t_us, live.beats[i - 1].t_us) << "no replayed beat mixed in at " << i;
  }
}

TEST(Replay, AnUnknownSessionFailsTheLinkWithAMessage) {
  testing::TempDir dir;
  const auto db = dir.path() / "r.db";
  storage::Database::open(db);  // an empty database
  Engine e;
  SourceSpec spec;
  spec.kind = SourceKind::kStoredSession;
  spec.database = db.string();
  spec.session_id = 42;
  ASSERT_TRUE(e.post(ConnectCommand{spec}));
  bool failed = false;
  const auto deadline = SteadyClock::now() + kDeadline;
  while (!failed && SteadyClock::now() < deadline) {
    EngineEvent ev;
    while (e.poll_event(ev)) {
      if (const auto* l = std::get_if<LinkRecord>(&ev); l != nullptr && l->state == LinkState::kFailed) {
        failed = true;
        EXPECT_NE(std::string(l->message.view()).find("42"), std::string::npos) << l->message.view();
      }
    }
    if (!failed) std::this_thread::sleep_for(kPoll);
  }
  EXPECT_TRUE(failed);
}

}  // namespace
}  // namespace resonant::engine
