#include <resonant/engine/session_trends.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include <resonant/dsp/coherence.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/rhythm_check.hpp>
#include <resonant/engine/session_import.hpp>
#include <resonant/storage/session_review.hpp>

#include "session_trend_of.hpp"

namespace resonant::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMicrosecondsPerSecond = 1e6;
constexpr double kSecondsPerMinute = 60.0;
constexpr const char* kCoherenceMetric = "coherence_ratio";  // session_recorder.cpp

bool starts_with_baseline(std::string_view text) {
  if (text.size() < kBaselineMarkPrefix.size()) return false;
  for (std::size_t i = 0; i < kBaselineMarkPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != kBaselineMarkPrefix[i]) return false;
  }
  return true;
}

struct Span {
  std::int64_t from_us = 0;
  std::int64_t to_us = 0;
};

/// The resting part: a "baseline..." mark to the next mark, else the first kDefaultRestingS.
Span resting_span(const storage::SessionReview& r, RestingSource& source) {
  const auto& m = r.markers;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i].kind != "mark" || !starts_with_baseline(m[i].text)) continue;
    Span s{m[i].t_us, r.last_t_us};
    for (std::size_t j = i + 1; j < m.size(); ++j) {
      if (m[j].kind == "mark") {
        s.to_us = m[j].t_us;
        break;
      }
    }
    source = RestingSource::kBaselineMark;
    return s;
  }
  source = RestingSource::kFirstMinutes;
  return {r.first_t_us,
          r.first_t_us + static_cast<std::int64_t>(kDefaultRestingS * kMicrosecondsPerSecond)};
}

/// The stored NN intervals inside span (all of them by default); the first has no neighbour
/// inside it.
std::vector<dsp::RrInterval> nn_series(const std::vector<storage::NnRow>& nn,
                                       Span span = {std::numeric_limits<std::int64_t>::min(),
                                                    std::numeric_limits<std::int64_t>::max()}) {
  std::vector<dsp::RrInterval> out;
  for (const storage::NnRow& row : nn) {
    if (row.t_us < span.from_us || row.t_us > span.to_us) continue;
    out.push_back({static_cast<double>(row.t_us) / kMicrosecondsPerSecond, row.nn_ms,
                   row.after_gap || out.empty()});
  }
  return out;
}

double resting_ln_rmssd(const std::vector<dsp::RrInterval>& rest) {
  // Not from a rest shorter than the live figure needs (dsp::hrv_is_settled).
  const dsp::TimeDomainHrv hrv = dsp::time_domain_hrv(rest);
  return dsp::hrv_is_settled(hrv) ? dsp::ln_rmssd_ms(hrv.rmssd_ms) : kNaN;
}

double practice_minutes(const storage::SessionReview& r) {
  double on_s = 0.0;
  for (std::size_t i = 0; i < r.pacer.size(); ++i) {
    if (!r.pacer[i].enabled) continue;
    const std::int64_t from = std::max(r.pacer[i].t_us, r.first_t_us);
    const std::int64_t to = i + 1 < r.pacer.size() ? std::min(r.pacer[i + 1].t_us, r.last_t_us)
                                                   : r.last_t_us;
    if (to > from) on_s += static_cast<double>(to - from) / kMicrosecondsPerSecond;
  }
  return on_s / kSecondsPerMinute;
}

/// Time-weighted mean ratio and share at medium/high, over the stored (change-only) timeline.
void coherence_figures(const storage::SessionReview& r, SessionTrend& t) {
  const dsp::CoherenceThresholds thresholds = dsp::CoherenceConfig{}.thresholds;
  double known_s = 0.0, weighted = 0.0, coherent_s = 0.0;
  const auto& m = r.metrics;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i].name != kCoherenceMetric || !std::isfinite(m[i].value)) continue;
    std::int64_t to = r.last_t_us;
    for (std::size_t j = i + 1; j < m.size(); ++j) {
      if (m[j].name == kCoherenceMetric) {
        to = m[j].t_us;
        break;
      }
    }
    const double held_s = static_cast<double>(std::max<std::int64_t>(0, to - m[i].t_us)) /
                          kMicrosecondsPerSecond;
    known_s += held_s;
    weighted += m[i].value * held_s;
    const dsp::CoherenceLevel level = dsp::coherence_level(m[i].value, thresholds);
    if (level == dsp::CoherenceLevel::kMedium || level == dsp::CoherenceLevel::kHigh) {
      coherent_s += held_s;
    }
  }
  t.mean_coherence_ratio = known_s > 0.0 ? weighted / known_s : kNaN;
  t.time_in_coherence_pct = known_s > 0.0 ? 100.0 * coherent_s / known_s : kNaN;
}

double resonance_rate(const std::vector<storage::StoredAssessment>& assessments) {
  double rate = kNaN;
  for (const storage::StoredAssessment& a : assessments) {  // oldest first: the newest wins
    if (a.kind != kResonanceAssessmentKind) continue;
    // The same reader as the next session's "client_resonance" rate: one stored format.
    if (const auto stored = recommended_rate_from_json(a.result_json)) rate = *stored;
  }
  return rate;
}

}  // namespace

SessionTrend trend_of(const storage::SessionReview& r) {
  SessionTrend t;
  t.id = r.info.id;
  t.client = r.info.client;
  t.started_unix_us = r.info.started_unix_us;
  t.source = r.info.source;
  t.duration_s = r.info.duration_s;
  t.practice_min = practice_minutes(r);
  const std::vector<dsp::RrInterval> rest = nn_series(r.nn, resting_span(r, t.resting_source));
  t.resting_ln_rmssd = resting_ln_rmssd(rest);
  const dsp::RhythmCheck resting_rhythm = dsp::check_rhythm(rest);
  t.resting_rhythm_jump_share = resting_rhythm.jump_share;
  t.resting_rhythm_uneven = resting_rhythm.irregular;
  const dsp::RhythmCheck rhythm = dsp::check_rhythm(nn_series(r.nn));
  t.rhythm_jump_share = rhythm.jump_share;
  t.rhythm_uneven = rhythm.irregular;
  coherence_figures(r, t);
  t.resonance_rate_bpm = resonance_rate(r.assessments);
  for (const storage::StoredMarker& m : r.markers) {
    if (m.kind == kReadingNoteKind) t.reading_notes.push_back(m.text);
  }
  return t;
}

storage::SessionReview read_trend_review(storage::Database& db, std::int64_t id) {
  const std::string names[] = {kCoherenceMetric};
  return storage::read_session_review(db, id, names);
}

std::string_view to_string(RestingSource source) {
  switch (source) {
    case RestingSource::kBaselineMark: return "baseline mark";
    case RestingSource::kFirstMinutes: return "first 2 min";
  }
  return "first 2 min";
}

std::string iso_week_of(std::int64_t unix_us) {
  const auto t = static_cast<std::time_t>(unix_us / static_cast<std::int64_t>(kMicrosecondsPerSecond));
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%G-W%V", &tm);
  return buf;
}

std::int64_t week_monday_of(std::int64_t unix_us) {
  constexpr int kDaysPerWeek = 7;
  constexpr int kNoon = 12;  // away from midnight, so a daylight-saving change moves no date
  const auto t =
      static_cast<std::time_t>(unix_us / static_cast<std::int64_t>(kMicrosecondsPerSecond));
  std::tm tm{};
  localtime_r(&t, &tm);
  tm.tm_mday -= (tm.tm_wday + kDaysPerWeek - 1) % kDaysPerWeek;  // tm_wday: 0 is Sunday
  tm.tm_hour = kNoon;
  tm.tm_min = 0;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm)) *
         static_cast<std::int64_t>(kMicrosecondsPerSecond);
}

ClientTrends client_trends(const std::filesystem::path& database,
                           const std::optional<std::string>& client) {
  ClientTrends out;
  {
    storage::Database db = storage::Database::open(database);
    auto list = db.sessions(client ? std::optional<std::string_view>(*client) : std::nullopt);
    std::reverse(list.begin(), list.end());  // oldest first
    std::map<std::string, WeeklyPractice> weeks;  // "YYYY-Www" sorts by time
    for (const storage::SessionInfo& s : list) {
      out.sessions.push_back(trend_of(read_trend_review(db, s.id)));
      if (!is_live_practice(s.source)) continue;  // an import (dated by the file) or a replay
      WeeklyPractice& w = weeks[iso_week_of(s.started_unix_us)];
      if (w.sessions == 0) w.monday_unix_us = week_monday_of(s.started_unix_us);
      w.practice_min += out.sessions.back().practice_min;
      ++w.sessions;
    }
    for (auto& [week, w] : weeks) {
      w.iso_week = week;
      out.weeks.push_back(w);
    }
  }
  return out;
}

}  // namespace resonant::engine
