#pragma once
// Reading what the trends of a client need from one saved session, without its waveforms:
// the session's span of session time, its corrected (NN) intervals, chosen metric timelines,
// markers, pacer schedule and assessment results. resonant::engine computes the trends
// (session_trends.hpp); storage only reads rows.
//
// Threading contract: the Database passed in is used by the calling thread only (see
// database.hpp); the returned data is a plain value.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <resonant/storage/database.hpp>
#include <resonant/storage/rows.hpp>
#include <resonant/storage/session_reader.hpp>

namespace resonant::storage {

struct StoredAssessment {
  std::string kind;         // e.g. "resonance"
  std::string result_json;  // as add_assessment() stored it
  std::int64_t created_unix_us = 0;
};

/// A self-rating stored with the session (Database::add_rating).
struct StoredRating {
  std::string scale;        // e.g. "calm_before"
  double value = 0.0;
  bool has_time = false;    // t_us holds the session time it was given at
  std::int64_t t_us = 0;
};

struct SessionReview {
  SessionInfo info;
  std::int64_t first_t_us = 0;            // session time of the first stored row
  std::int64_t last_t_us = 0;             // ... and of the last (first + duration)
  std::vector<NnRow> nn;                  // by time
  std::vector<StoredMetric> metrics;      // only the names asked for; by time, then name
  std::vector<StoredMarker> markers;      // by time
  std::vector<PacerRow> pacer;            // by time
  std::vector<StoredAssessment> assessments;  // oldest first
  std::vector<StoredRating> ratings;          // in the order they were given
};

/// The review rows of session id; throws StoreError kNotFound for an unknown id.
SessionReview read_session_review(Database& db, std::int64_t id,
                                  std::span<const std::string> metric_names);

}  // namespace resonant::storage
