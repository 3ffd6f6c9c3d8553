#pragma once
// A client's progress over their saved sessions (resonant-cli trends, later the dashboard),
// computed from the stored rows (storage/session_review.hpp), oldest session first:
//
//   practice_min          minutes of the session's data span with the pacer on (the pacer
//                         schedule stored with it; imported recordings have none: 0)
//   resting_ln_rmssd      ln(RMSSD in ms) of the corrected NN intervals of the resting part:
//                         from a mark whose text starts with "baseline" to the next mark (or
//                         the end); without such a mark, the first kDefaultRestingS of data.
//                         resting_source says which. Successive differences never cross a gap.
//                         NaN under 30 s of intervals at rest (dsp::hrv_is_settled, as live);
//                         recomputed from the stored intervals whenever trends are read.
//   mean_coherence_ratio  time-weighted mean of the stored coherence_ratio timeline (each
//                         value holds until the next stored one; the store keeps changes only)
//   time_in_coherence_pct share of that time whose ratio is at the medium or high level of the
//                         engine's coherence thresholds (dsp::CoherenceConfig{}.thresholds,
//                         challenge level 1): the share of per-second coherence updates at
//                         medium/high
//   resonance_rate_bpm    the newest assessment of kind "resonance" with a numeric
//                         "recommended_rate_bpm" (resonance_result.hpp); NaN when none
//
// plus practice minutes per ISO 8601 week (of the session's local start date), over the
// sessions breathed live (is_live_practice): an imported recording is no practice (and its
// date is the file's), nor is a saved replay.
//
// Errors are thrown as std::runtime_error naming the database and what to do.
// Threading contract: a free function over its own connection; call from any one thread.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/engine/resonance_result.hpp>

namespace resonant::engine {

inline constexpr double kDefaultRestingS = 120.0;
inline constexpr std::string_view kBaselineMarkPrefix = "baseline";

enum class RestingSource : std::uint8_t { kBaselineMark, kFirstMinutes };
std::string_view to_string(RestingSource source);  // "baseline mark", "first 2 min"

struct SessionTrend {
  std::int64_t id = 0;
  std::string client;
  std::int64_t started_unix_us = 0;
  std::string source;                 // the device or "imported ..."
  double duration_s = 0.0;
  double practice_min = 0.0;
  double resting_ln_rmssd = 0.0;      // NaN: under 30 s of NN intervals at rest
  RestingSource resting_source = RestingSource::kFirstMinutes;
  double mean_coherence_ratio = 0.0;  // NaN: no coherence stored
  double time_in_coherence_pct = 0.0; // NaN: no coherence stored
  double resonance_rate_bpm = 0.0;    // NaN: no resonance assessment
  // dsp::check_rhythm over the session's stored NN intervals, and over those of its rest: the
  // share of successive intervals that jump ([0, 1]; NaN under 20 pairs, no verdict) and
  // whether it makes the rhythm uneven (frequent early beats, so RMSSD and the resting
  // lnRMSSD measure those jumps, not HRV).
  double rhythm_jump_share = 0.0;
  bool rhythm_uneven = false;
  double resting_rhythm_jump_share = 0.0;
  bool resting_rhythm_uneven = false;
  // An imported file's doubts on how it was read (its "reading_note" markers, e.g. a column
  // read as intervals that repeats like a sampled wave): its figures may not be a heart's.
  std::vector<std::string> reading_notes;
};

struct WeeklyPractice {
  std::string iso_week;    // "2026-W47"
  std::int64_t monday_unix_us = 0;  // local noon of the week's Monday (to name it to people)
  double practice_min = 0.0;
  int sessions = 0;
};

struct ClientTrends {
  std::vector<SessionTrend> sessions;  // oldest first
  std::vector<WeeklyPractice> weeks;   // oldest first; weeks without live sessions left out
};

/// Trends of one client (all clients when none is named); throws std::runtime_error for a
/// database that cannot be opened or an unknown client.
ClientTrends client_trends(const std::filesystem::path& database,
                           const std::optional<std::string>& client = std::nullopt);

/// "YYYY-Www" of a wall-clock time in local time (ISO 8601 week numbering).
std::string iso_week_of(std::int64_t unix_us);

/// Local noon of the Monday of the ISO week holding a wall-clock time (unix us).
std::int64_t week_monday_of(std::int64_t unix_us);

}  // namespace resonant::engine
