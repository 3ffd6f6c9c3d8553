// Trends of a client (src/engine/include/resonant/engine/session_trends.hpp) over sessions
// written through the storage API with known values: every figure is checked exactly.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include <resonant/common/local_time.hpp>
#include <resonant/engine/session_import.hpp>
#include <resonant/engine/session_trends.hpp>
#include <resonant/storage/database.hpp>
#include <resonant/storage/session_writer.hpp>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

using namespace resonant::storage;

constexpr std::int64_t kUs = 1'000'000;
// Wednesdays at noon UTC: ISO weeks 2026-W02 and 2026-W03 in any time zone.
constexpr std::int64_t kWeek2Us = 1767787200LL * kUs;     // 2026-01-07 12:00 UTC
constexpr std::int64_t kWeek3Us = kWeek2Us + 7 * 86400 * kUs;
constexpr std::int64_t kSessionUs = 600 * kUs;
constexpr double kTolerance = 1e-9;

struct Plan {
  std::string client;
  std::int64_t started_unix_us = 0;
  bool baseline_mark = false;  // "Baseline start" at 60 s, next mark at 180 s
  bool coherence = false;
  bool paced_twice = false;    // pacer on 0-120 s and 300-600 s; else on 0-300 s only
  int next_mark_s = 180;       // the mark ending the baseline
  int uneven_from_s = 0;       // [from, to): bigeminy, intervals 700 and 1300 ms in turn
  int uneven_to_s = 0;
  std::string source = "test device";
};

/// Alternating NN intervals every second: +-10 ms (RMSSD 20) inside [60, 180] s when
/// baseline_mark, else +-20 ms (RMSSD 40).
double nn_at(int t_s, bool baseline_mark) {
  const bool calm = baseline_mark && t_s >= 60 && t_s <= 180;
  const double swing = calm ? 10.0 : 20.0;
  return 1000.0 + (t_s % 2 == 0 ? swing : -swing);
}

std::int64_t write_session(const std::filesystem::path& path, const Plan& p) {
  SessionWriter w(Database::open(path));
  w.begin();
  w.write(BeginSessionRow{p.client, p.source, p.started_unix_us});
  w.write(BeatRow{0, std::nan(""), ChannelKind::kEcg, kBeatFlagAfterGap});
  for (int t = 1; t < 600; ++t) {
    const bool uneven = t >= p.uneven_from_s && t < p.uneven_to_s;
    const double nn_ms = uneven ? (t % 2 == 0 ? 700.0 : 1300.0) : nn_at(t, p.baseline_mark);
    w.write(NnRow{t * kUs, nn_ms, false});
  }
  PacerRow on;
  PacerRow off;
  off.enabled = false;
  if (p.paced_twice) {
    on.t_us = 0;
    w.write(on);
    off.t_us = 120 * kUs;
    w.write(off);
    on.t_us = 300 * kUs;
    w.write(on);
  } else {
    on.t_us = 0;
    w.write(on);
    off.t_us = 300 * kUs;
    w.write(off);
  }
  if (p.baseline_mark) {
    MarkerRow m;
    m.t_us = 60 * kUs;
    m.kind.assign("mark");
    m.text = "Baseline start";
    w.write(m);
    m.t_us = p.next_mark_s * kUs;
    m.text = "practice";
    w.write(m);
  }
  if (p.coherence) {
    w.write(MetricRow{0, "coherence_ratio", 0.3});            // low, 100 s
    w.write(MetricRow{100 * kUs, "coherence_ratio", 1.0});    // medium, 300 s
    w.write(MetricRow{400 * kUs, "coherence_ratio", std::nan("")});  // unknown, 50 s
    w.write(MetricRow{450 * kUs, "coherence_ratio", 2.0});    // high, 150 s
  }
  w.write(EndSessionRow{ProgressRow{kSessionUs, 600, 60.0, 30.0, 40.0}, p.started_unix_us + kSessionUs});
  w.commit();
  return w.session_id();
}

class Trends : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = write_session(db_, {"ann", kWeek2Us, true, true, true});
    b_ = write_session(db_, {"ann", kWeek3Us, false, false, false});
    c_ = write_session(db_, {"bob", kWeek2Us, false, false, false});
    Database db = Database::open(db_);
    db.add_assessment(a_, "resonance", R"({"recommended_rate_bpm": 5.5})");
    db.add_assessment(a_, "resonance", R"({"recommended_rate_bpm": 6.0, "note": "newest"})");
    db.add_assessment(a_, "other", R"({"recommended_rate_bpm": 9.0})");
  }
  testing::TempDir dir_;
  std::filesystem::path db_ = dir_.path() / "trends.db";
  std::int64_t a_ = 0, b_ = 0, c_ = 0;
};

TEST_F(Trends, EachSessionsFiguresFollowTheirDefinitions) {
  const ClientTrends t = client_trends(db_, std::string("ann"));
  ASSERT_EQ(t.sessions.size(), 2u);
  const SessionTrend& a = t.sessions[0];  // oldest first
  EXPECT_EQ(a.id, a_);
  EXPECT_EQ(a.client, "ann");
  EXPECT_NEAR(a.duration_s, 600.0, kTolerance);
  EXPECT_NEAR(a.practice_min, (120.0 + 300.0) / 60.0, kTolerance);
  EXPECT_EQ(a.resting_source, RestingSource::kBaselineMark);
  EXPECT_NEAR(a.resting_ln_rmssd, std::log(20.0), kTolerance);
  // Held values: 0.3 for 100 s, 1.0 for 300 s, (unknown 50 s), 2.0 for 150 s.
  EXPECT_NEAR(a.mean_coherence_ratio, (0.3 * 100 + 1.0 * 300 + 2.0 * 150) / 550.0, kTolerance);
  EXPECT_NEAR(a.time_in_coherence_pct, 100.0 * 450.0 / 550.0, kTolerance);
  EXPECT_NEAR(a.resonance_rate_bpm, 6.0, kTolerance);  // the newest "resonance" result

  const SessionTrend& b = t.sessions[1];
  EXPECT_EQ(b.id, b_);
  EXPECT_NEAR(b.practice_min, 5.0, kTolerance);
  EXPECT_EQ(b.resting_source, RestingSource::kFirstMinutes);
  EXPECT_NEAR(b.resting_ln_rmssd, std::log(40.0), kTolerance);
  EXPECT_TRUE(std::isnan(b.mean_coherence_ratio));
  EXPECT_TRUE(std::isnan(b.time_in_coherence_pct));
  EXPECT_TRUE(std::isnan(b.resonance_rate_bpm));
}

// A baseline marked for 20 s holds 20 intervals: under the 30 s an RMSSD is shown from
// (dsp::hrv_is_settled), so the trend has no resting figure for it rather than a few beats'.
TEST_F(Trends, ARestUnderThirtySecondsGivesNoRestingLnRmssd) {
  const auto id = write_session(db_, {"cy", kWeek2Us, true, false, false, 80});
  const ClientTrends t = client_trends(db_, std::string("cy"));
  ASSERT_EQ(t.sessions.size(), 1u);
  EXPECT_EQ(t.sessions[0].id, id);
  EXPECT_EQ(t.sessions[0].resting_source, RestingSource::kBaselineMark);
  EXPECT_TRUE(std::isnan(t.sessions[0].resting_ln_rmssd));
}

// dsp::check_rhythm over the whole session and over its rest: bigeminy throughout is uneven
// in both; in the practice only (after the baseline mark's span), the rest stays steady; in
// the first 50 s of an unmarked session, the rest (first 2 min: 49 of 119 pairs jump) is
// uneven while the whole (49 of 598) is not. The steady sessions (jumps of 40 in 1000 ms)
// are steady in both.
TEST_F(Trends, AnUnevenRhythmIsNamedForTheSessionAndForItsRest) {
  write_session(db_, {"dee", kWeek2Us, false, false, false, 180, 0, 600});
  write_session(db_, {"dee", kWeek2Us + kUs, true, false, false, 180, 200, 600});
  write_session(db_, {"dee", kWeek2Us + 2 * kUs, false, false, false, 180, 0, 50});
  const ClientTrends t = client_trends(db_, std::string("dee"));
  ASSERT_EQ(t.sessions.size(), 3u);
  EXPECT_TRUE(t.sessions[0].rhythm_uneven);
  EXPECT_TRUE(t.sessions[0].resting_rhythm_uneven);
  EXPECT_TRUE(t.sessions[1].rhythm_uneven);
  EXPECT_FALSE(t.sessions[1].resting_rhythm_uneven);
  EXPECT_NEAR(t.sessions[1].resting_ln_rmssd, std::log(20.0), kTolerance);
  EXPECT_FALSE(t.sessions[2].rhythm_uneven);
  EXPECT_TRUE(t.sessions[2].resting_rhythm_uneven);
  EXPECT_NEAR(t.sessions[0].rhythm_jump_share, 1.0, kTolerance);
  EXPECT_NEAR(t.sessions[2].rhythm_jump_share, 49.0 / 598.0, kTolerance);
  EXPECT_NEAR(t.sessions[2].resting_rhythm_jump_share, 49.0 / 119.0, kTolerance);
  for (const SessionTrend& steady : client_trends(db_, std::string("ann")).sessions) {
    EXPECT_FALSE(steady.rhythm_uneven);
    EXPECT_FALSE(steady.resting_rhythm_uneven);
  }
}

TEST_F(Trends, PracticeMinutesAddUpPerIsoWeek) {
  const ClientTrends ann = client_trends(db_, std::string("ann"));
  ASSERT_EQ(ann.weeks.size(), 2u);
  EXPECT_EQ(ann.weeks[0].iso_week, "2026-W02");
  EXPECT_NEAR(ann.weeks[0].practice_min, 7.0, kTolerance);
  EXPECT_EQ(ann.weeks[0].sessions, 1);
  EXPECT_EQ(ann.weeks[1].iso_week, "2026-W03");
  EXPECT_NEAR(ann.weeks[1].practice_min, 5.0, kTolerance);

  const ClientTrends all = client_trends(db_);
  ASSERT_EQ(all.sessions.size(), 3u);
  ASSERT_EQ(all.weeks.size(), 2u);
  EXPECT_EQ(all.weeks[0].sessions, 2);  // ann's and bob's
  EXPECT_NEAR(all.weeks[0].practice_min, 7.0 + 5.0, kTolerance);
  EXPECT_EQ(format_local_time(ann.weeks[0].monday_unix_us, "%Y-%m-%d %a"), "2026-01-05 Mon");
  EXPECT_EQ(format_local_time(ann.weeks[1].monday_unix_us, "%Y-%m-%d %a"), "2026-01-12 Mon");
}

// An imported recording is no practice, and its date is the file's: it is a session in the
// trends, but no week's (were it counted, a week of old recordings would read "0 min"). Nor
// is a saved replay of a session.
TEST_F(Trends, ImportedRecordingsAreNoWeeksPractice) {
  Plan imported{"ann", kWeek3Us + 7 * 86400 * kUs};
  imported.source = std::string(kImportedSourcePrefix) + "100.hea: ecg";
  write_session(db_, imported);
  const ClientTrends ann = client_trends(db_, std::string("ann"));
  EXPECT_EQ(ann.sessions.size(), 3u);
  ASSERT_EQ(ann.weeks.size(), 2u);
  EXPECT_EQ(ann.weeks[1].iso_week, "2026-W03");
  EXPECT_EQ(ann.weeks[1].sessions, 1);
  Plan replay{"ann", kWeek3Us + 14 * 86400 * kUs};
  replay.source = std::string(kReplaySourcePrefix) + "2";
  write_session(db_, replay);
  EXPECT_EQ(client_trends(db_, std::string("ann")).weeks.size(), 2u) << "a replay is watched";
}

TEST_F(Trends, AnUnknownClientIsAnErrorNamingThem) {
  try {
    client_trends(db_, std::string("nobody"));
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("nobody"), std::string::npos) << e.what();
  }
}

TEST(IsoWeek, FollowsIso8601AtTheYearBoundary) {
  // 2027-01-01 12:00 UTC is a Friday of ISO week 2026-W53.
  EXPECT_EQ(iso_week_of(1798804800LL * kUs), "2026-W53");
  EXPECT_EQ(iso_week_of(kWeek2Us), "2026-W02");
  EXPECT_EQ(format_local_time(week_monday_of(1798804800LL * kUs), "%Y-%m-%d"), "2026-12-28");
  // A Monday and a Sunday name their own week's Monday.
  EXPECT_EQ(format_local_time(week_monday_of(kWeek2Us - 2 * 86400 * kUs), "%Y-%m-%d"),
            "2026-01-05");
  EXPECT_EQ(format_local_time(week_monday_of(kWeek2Us + 4 * 86400 * kUs), "%Y-%m-%d"),
            "2026-01-05");
}

}  // namespace
}  // namespace resonant::engine
