// RR artifact detection and correction (Lipponen & Tarvainen 2019): exact small cases
// (physiology-and-metrics.md §9.2's unit tests), gaps, short runs, and the streaming form
// against the batch form (look-ahead bound, reset).
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/rr_artifacts.hpp>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

constexpr double kBaseRrMs = 800.0;
constexpr double kRsaAmplitudeMs = 10.0;  // small, slow variability: beat-to-beat steps ~5 ms
constexpr double kBreathHz = 0.1;         // 6 breaths/min

// Beat times (s) with RR = 800 + 10 sin(2 pi 0.1 t).
std::vector<double> clean_beats(std::size_t beats) {
  std::vector<double> t{1.0};
  while (t.size() < beats) {
    const double rr_ms =
        kBaseRrMs + kRsaAmplitudeMs * std::sin(2.0 * std::numbers::pi * kBreathHz * t.back());
    t.push_back(t.back() + rr_ms / 1000.0);
  }
  return t;
}

std::vector<RrInterval> intervals_from_beats(const std::vector<double>& t) {
  std::vector<RrInterval> rr;
  for (std::size_t i = 1; i < t.size(); ++i) rr.push_back({t[i], 1000.0 * (t[i] - t[i - 1]), false});
  return rr;
}

struct StreamedResult {
  std::vector<BeatLabel> labels;
  std::vector<RrInterval> corrected;
  std::vector<bool> provisional;
};

StreamedResult stream(const std::vector<RrInterval>& raw, const ArtifactConfig& config = {}) {
  StreamingRrArtifactCorrector corrector(config);
  StreamedResult r;
  r.labels.assign(raw.size(), BeatLabel::kNormal);
  r.provisional.assign(raw.size(), false);
  const auto take = [&](std::span<const DecidedRr> decided) {
    for (const auto& d : decided) {
      r.labels[d.raw_index] = d.label;
      r.provisional[d.raw_index] = d.provisional;
      for (std::size_t c = 0; c < d.corrected_count; ++c) r.corrected.push_back(d.corrected[c]);
    }
  };
  for (const auto& x : raw) take(corrector.push(x));
  take(corrector.flush());
  return r;
}

std::size_t count_not_normal(const std::vector<BeatLabel>& labels) {
  std::size_t n = 0;
  for (const auto l : labels) n += l != BeatLabel::kNormal ? 1 : 0;
  return n;
}

constexpr std::size_t kBeats = 201;
constexpr std::size_t kAt = 100;            // the beat that is moved / removed / split
constexpr double kCorrectionTolMs = 3.0;    // ~half the largest natural beat-to-beat step

TEST(RrArtifacts, CleanSeriesHasNoArtifacts) {
  const auto raw = intervals_from_beats(clean_beats(kBeats));
  const auto result = correct_rr_artifacts(raw);
  EXPECT_EQ(result.counts.artifact_count(), 0u);
  ASSERT_EQ(result.corrected.size(), raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    EXPECT_EQ(result.corrected[i].rr_ms, raw[i].rr_ms);
    EXPECT_EQ(result.corrected_index[i], i);
    EXPECT_EQ(result.raw_index[i], i);
  }
  EXPECT_EQ(count_not_normal(stream(raw).labels), 0u);
}

// §9.2: shifting one beat by 30 % of RR gives one ectopic pattern corrected to the midpoint.
TEST(RrArtifacts, EctopicBeatIsMovedToTheMidpoint) {
  const auto clean_t = clean_beats(kBeats);
  for (const double shift : {-0.3, 0.3}) {  // premature and late
    auto t = clean_t;
    t[kAt] += shift * (t[kAt] - t[kAt - 1]);
    const auto raw = intervals_from_beats(t);
    const auto result = correct_rr_artifacts(raw);
    // Beat kAt ends interval kAt - 1 and starts interval kAt: both are the ectopic pair.
    EXPECT_EQ(result.labels[kAt - 1], BeatLabel::kEctopic) << shift;
    EXPECT_EQ(result.labels[kAt], BeatLabel::kEctopic) << shift;
    EXPECT_EQ(result.counts.artifact_count(), 2u) << shift;
    EXPECT_EQ(result.counts.count(BeatLabel::kEctopic), 2u);
    ASSERT_EQ(result.corrected.size(), raw.size());
    const double midpoint_s = 0.5 * (t[kAt - 1] + t[kAt + 1]);
    EXPECT_NEAR(result.corrected[kAt - 1].t_s, midpoint_s, 1e-9);
    EXPECT_NEAR(result.corrected[kAt - 1].t_s, clean_t[kAt], kCorrectionTolMs / 1000.0);
    const auto clean_rr = intervals_from_beats(clean_t);
    EXPECT_NEAR(result.corrected[kAt - 1].rr_ms, clean_rr[kAt - 1].rr_ms, kCorrectionTolMs);
    EXPECT_NEAR(result.corrected[kAt].rr_ms, clean_rr[kAt].rr_ms, kCorrectionTolMs);
    EXPECT_EQ(stream(raw).labels, result.labels) << shift;
  }
}

// §9.2: deleting one beat gives exactly one "missed", split at the midpoint.
TEST(RrArtifacts, MissedBeatIsSplit) {
  const auto clean_t = clean_beats(kBeats);
  auto t = clean_t;
  t.erase(t.begin() + static_cast<std::ptrdiff_t>(kAt));
  const auto raw = intervals_from_beats(t);
  const auto result = correct_rr_artifacts(raw);
  EXPECT_EQ(result.labels[kAt - 1], BeatLabel::kMissed);
  EXPECT_EQ(result.counts.artifact_count(), 1u);
  ASSERT_EQ(result.corrected.size(), raw.size() + 1);
  EXPECT_EQ(result.corrected_index[kAt - 1], kAt - 1);
  EXPECT_EQ(result.corrected_index[kAt], kAt + 1);
  EXPECT_EQ(result.raw_index[kAt], kAt - 1);
  // The inserted beat is within a few ms of the deleted one (1 sample at 250-360 Hz).
  EXPECT_NEAR(result.corrected[kAt - 1].t_s, clean_t[kAt], kCorrectionTolMs / 1000.0);
  EXPECT_FALSE(result.corrected[kAt].after_gap);
  const auto clean_rr = intervals_from_beats(clean_t);
  for (std::size_t i = 0; i < clean_rr.size(); ++i) {
    EXPECT_NEAR(result.corrected[i].rr_ms, clean_rr[i].rr_ms, kCorrectionTolMs) << i;
    EXPECT_NEAR(result.corrected[i].t_s, clean_rr[i].t_s, kCorrectionTolMs / 1000.0) << i;
  }
  const auto s = stream(raw);
  EXPECT_EQ(s.labels, result.labels);
  ASSERT_EQ(s.corrected.size(), result.corrected.size());
}

// §9.2: inserting a beat inside one RR gives one "extra", removed by merging.
TEST(RrArtifacts, ExtraBeatIsMerged) {
  const auto clean_t = clean_beats(kBeats);
  const auto clean_rr = intervals_from_beats(clean_t);
  for (const double fraction : {0.3, 0.5, 0.7}) {
    auto t = clean_t;
    t.insert(t.begin() + static_cast<std::ptrdiff_t>(kAt),
             t[kAt - 1] + fraction * (t[kAt] - t[kAt - 1]));
    const auto raw = intervals_from_beats(t);
    const auto result = correct_rr_artifacts(raw);
    EXPECT_EQ(result.labels[kAt - 1], BeatLabel::kExtra) << fraction;
    EXPECT_EQ(result.labels[kAt], BeatLabel::kExtra) << fraction;
    EXPECT_EQ(result.counts.artifact_count(), 2u) << fraction;
    ASSERT_EQ(result.corrected.size(), raw.size() - 1);
    EXPECT_EQ(result.corrected_index[kAt - 1], kAt - 1);
    EXPECT_EQ(result.corrected_index[kAt], kAt - 1);
    // Merging restores the original interval exactly (up to floating point).
    for (std::size_t i = 0; i < clean_rr.size(); ++i) {
      EXPECT_NEAR(result.corrected[i].rr_ms, clean_rr[i].rr_ms, 1e-6) << i;
      EXPECT_NEAR(result.corrected[i].t_s, clean_rr[i].t_s, 1e-9) << i;
    }
    EXPECT_EQ(stream(raw).labels, result.labels) << fraction;
  }
}

// A lone long or short interval (a pause, or the detector drifting) with no compensating
// neighbour: "misaligned" in the paper; its value is interpolated from its neighbours.
TEST(RrArtifacts, LongAndShortIntervalsAreInterpolated) {
  const auto clean_t = clean_beats(kBeats);
  const auto clean_rr = intervals_from_beats(clean_t);
  for (const double factor : {1.35, 0.65}) {
    auto raw = clean_rr;
    const double delta_s = (factor - 1.0) * raw[kAt].rr_ms / 1000.0;
    raw[kAt].rr_ms *= factor;
    for (std::size_t i = kAt; i < raw.size(); ++i) raw[i].t_s += delta_s;  // later beats shift
    const auto result = correct_rr_artifacts(raw);
    const BeatLabel expected = factor > 1.0 ? BeatLabel::kLong : BeatLabel::kShort;
    EXPECT_EQ(result.labels[kAt], expected) << factor;
    EXPECT_EQ(result.counts.artifact_count(), 1u) << factor;
    ASSERT_EQ(result.corrected.size(), raw.size());
    EXPECT_NEAR(result.corrected[kAt].rr_ms, clean_rr[kAt].rr_ms, kCorrectionTolMs) << factor;
    EXPECT_EQ(result.corrected[kAt].t_s, raw[kAt].t_s);  // the beat's time is kept
    EXPECT_EQ(stream(raw).labels, result.labels) << factor;
  }
}

TEST(RrArtifacts, LabelNames) {
  EXPECT_EQ(to_string(BeatLabel::kNormal), "normal");
  EXPECT_EQ(to_string(BeatLabel::kEctopic), "ectopic");
  EXPECT_EQ(to_string(BeatLabel::kLong), "long");
  EXPECT_EQ(to_string(BeatLabel::kShort), "short");
  EXPECT_EQ(to_string(BeatLabel::kMissed), "missed");
  EXPECT_EQ(to_string(BeatLabel::kExtra), "extra");
}

// A step in RR across a gap is not an artifact: no dRR is formed across it, and the corrected
// series keeps the gap mark.
TEST(RrArtifacts, NothingIsDetectedOrCorrectedAcrossAGap) {
  auto raw = intervals_from_beats(clean_beats(kBeats));
  for (std::size_t i = kAt; i < raw.size(); ++i) {
    raw[i].rr_ms += 300.0;  // a different heart rate after the gap
    raw[i].t_s += 10.0;
  }
  raw[kAt].after_gap = true;
  const auto result = correct_rr_artifacts(raw);
  EXPECT_EQ(result.counts.artifact_count(), 0u);
  ASSERT_EQ(result.corrected.size(), raw.size());
  EXPECT_TRUE(result.corrected[kAt].after_gap);
  const auto s = stream(raw);
  EXPECT_EQ(count_not_normal(s.labels), 0u);
  ASSERT_EQ(s.corrected.size(), raw.size());
  EXPECT_TRUE(s.corrected[kAt].after_gap);
  for (std::size_t i = 0; i < raw.size(); ++i) EXPECT_EQ(s.corrected[i].after_gap, i == kAt);

  // Without the gap mark the same step is a detected artifact (the test above can fail).
  auto joined = raw;
  joined[kAt].after_gap = false;
  joined[kAt].rr_ms = 2.0 * joined[kAt - 1].rr_ms;  // and a missed beat there
  EXPECT_GT(correct_rr_artifacts(joined).counts.artifact_count(), 0u);
}

// Artifacts just after a gap are still found: in the streaming form with the fallback
// thresholds (warm-up, marked provisional), in the batch form with the new run's quartiles.
TEST(RrArtifacts, ArtifactShortlyAfterAGapIsFound) {
  const auto clean_t = clean_beats(kBeats);
  auto t = clean_t;
  t.erase(t.begin() + static_cast<std::ptrdiff_t>(kAt + 6));  // missed beat 6 beats after
  auto raw = intervals_from_beats(t);
  raw[kAt].after_gap = true;
  const auto result = correct_rr_artifacts(raw);
  EXPECT_EQ(result.labels[kAt + 5], BeatLabel::kMissed);
  EXPECT_EQ(result.counts.artifact_count(), 1u);
  const auto s = stream(raw);
  EXPECT_EQ(s.labels[kAt + 5], BeatLabel::kMissed);
  EXPECT_TRUE(s.provisional[kAt + 5]);
  EXPECT_EQ(count_not_normal(s.labels), 1u);
}

// A run too short for quartiles uses the fallback thresholds throughout (§2.2).
TEST(RrArtifacts, ShortRunUsesTheFallback) {
  auto t = clean_beats(12);
  t.erase(t.begin() + 6);
  const auto raw = intervals_from_beats(t);  // 10 intervals, one of them ~1600 ms
  const auto result = correct_rr_artifacts(raw);
  EXPECT_EQ(result.fallback_decided, raw.size());
  EXPECT_EQ(result.labels[5], BeatLabel::kMissed);
  EXPECT_EQ(result.counts.artifact_count(), 1u);
  EXPECT_EQ(result.corrected.size(), raw.size() + 1);
  EXPECT_EQ(stream(raw).labels, result.labels);
}

TEST(RrArtifacts, EmptyAndSingleInterval) {
  EXPECT_TRUE(correct_rr_artifacts({}).corrected.empty());
  const std::vector<RrInterval> one{{1.0, 800.0, false}};
  const auto result = correct_rr_artifacts(one);
  ASSERT_EQ(result.corrected.size(), 1u);
  EXPECT_EQ(result.labels[0], BeatLabel::kNormal);
  const auto s = stream(one);
  ASSERT_EQ(s.corrected.size(), 1u);
}

// Each interval is decided exactly once, in order, no later than kLookAheadBeats pushes after
// its own (earlier only at a gap or flush).
TEST(RrArtifactsStreaming, LookAheadIsBounded) {
  auto t = clean_beats(kBeats);
  t.erase(t.begin() + 50);
  t.insert(t.begin() + 120, t[119] + 0.3);
  auto raw = intervals_from_beats(t);
  raw[150].after_gap = true;
  StreamingRrArtifactCorrector corrector;
  std::uint64_t expected_next = 0;
  for (std::uint64_t pushed = 0; pushed < raw.size(); ++pushed) {
    for (const auto& d : corrector.push(raw[pushed])) {
      EXPECT_EQ(d.raw_index, expected_next++);
      EXPECT_GE(d.raw_index + StreamingRrArtifactCorrector::kLookAheadBeats, pushed);
    }
    // Every pushed interval is decided or pending, and at most kLookAheadBeats are pending.
    EXPECT_EQ(expected_next + corrector.pending(), pushed + 1);
    EXPECT_LE(corrector.pending(), StreamingRrArtifactCorrector::kLookAheadBeats);
    if (pushed != 0 && pushed != 150) {  // a run's first interval has nothing to wait for
      EXPECT_EQ(corrector.pending(), StreamingRrArtifactCorrector::kLookAheadBeats) << pushed;
    }
  }
  EXPECT_EQ(corrector.pending(), StreamingRrArtifactCorrector::kLookAheadBeats);
  for (const auto& d : corrector.flush()) EXPECT_EQ(d.raw_index, expected_next++);
  EXPECT_EQ(expected_next, raw.size());
  EXPECT_EQ(corrector.pending(), 0u);
  EXPECT_DOUBLE_EQ(StreamingRrArtifactCorrector::kMaxLatencyS, 4.0);
}

TEST(RrArtifactsStreaming, ResetGivesTheSameOutputAsAFreshCorrector) {
  auto t = clean_beats(kBeats);
  t[80] -= 0.25;
  t.erase(t.begin() + 140);
  const auto raw = intervals_from_beats(t);
  const auto run = [&](StreamingRrArtifactCorrector& c) {
    std::vector<DecidedRr> out;
    for (const auto& x : raw) {
      for (const auto& d : c.push(x)) out.push_back(d);
    }
    for (const auto& d : c.flush()) out.push_back(d);
    return out;
  };
  StreamingRrArtifactCorrector used;
  // Leave it mid-run with pending intervals and a different history.
  for (std::size_t i = 0; i < 60; ++i) used.push({raw[i].t_s, raw[i].rr_ms * 1.3, false});
  used.reset();
  EXPECT_EQ(used.pending(), 0u);
  StreamingRrArtifactCorrector fresh;
  const auto a = run(used);
  const auto b = run(fresh);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].raw_index, b[i].raw_index);
    EXPECT_EQ(a[i].label, b[i].label);
    EXPECT_EQ(a[i].corrected_count, b[i].corrected_count);
    EXPECT_EQ(a[i].corrected[0].rr_ms, b[i].corrected[0].rr_ms);
  }
  EXPECT_EQ(count_not_normal([&] {
              std::vector<BeatLabel> l;
              for (const auto& d : a) l.push_back(d.label);
              return l;
            }()),
            3u);  // the ectopic pair and the missed beat
}

TEST(RrArtifactsStreaming, InvalidIntervalBreaksTheSeries) {
  const auto raw = intervals_from_beats(clean_beats(40));
  StreamingRrArtifactCorrector corrector;
  std::vector<DecidedRr> out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (i == 20) {
      EXPECT_TRUE(corrector.push({raw[i].t_s, std::nan(""), false}).empty());
    }
    for (const auto& d : corrector.push(raw[i])) out.push_back(d);
  }
  for (const auto& d : corrector.flush()) out.push_back(d);
  ASSERT_EQ(out.size(), raw.size());
  for (const auto& d : out) {
    EXPECT_EQ(d.label, BeatLabel::kNormal);
    EXPECT_EQ(d.corrected[0].after_gap, d.raw.t_s == raw[20].t_s);
  }
}

}  // namespace
}  // namespace resonant::dsp
