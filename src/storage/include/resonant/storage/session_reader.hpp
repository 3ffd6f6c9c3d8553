#pragma once
// Reading one saved session back in full (for exports): its row in the session list and
// everything recorded in it, as plain data in session time (t_us: microseconds of session
// time, the same clock the recording used).
//
// Threading contract: the Database passed in is used by the calling thread only (see
// database.hpp); the returned data is a plain value.
#include <cstdint>
#include <string>
#include <vector>

#include <resonant/storage/database.hpp>
#include <resonant/storage/rows.hpp>

namespace resonant::storage {

/// Consecutive samples of one channel (one stored chunk), in its physical unit.
struct StoredSampleChunk {
  std::uint8_t channel = 0;
  std::string kind;                // "ecg", "ppg", "resp", "eda", "other"
  double rate_hz = 0.0;
  std::int64_t t_first_us = 0;
  std::vector<float> values;
};

/// A beat with its raw interval, its artifact label and its corrected interval.
struct StoredBeat {
  std::int64_t t_us = 0;
  double rr_ms = 0.0;              // raw interval ending here; NaN: none (first after a gap)
  double nn_ms = 0.0;              // corrected interval ending here; NaN: none
  std::string source;              // "ecg", "ppg", "device"
  std::uint8_t flags = 0;          // kBeatFlag* (rows.hpp)
  std::string label;               // "" until labelled; "normal", "ectopic", ...
};

struct StoredMetric {
  std::int64_t t_us = 0;
  std::string name;                // e.g. "hr_bpm", "coherence_ratio"
  double value = 0.0;              // NaN: not available
};

struct StoredMarker {
  std::int64_t t_us = 0;
  std::string kind;                // "mark", "link", "gap", "stream", "import", "reading_note"
  std::string text;
};

struct StoredSession {
  SessionInfo info;
  std::vector<StoredSampleChunk> chunks;  // by channel, then time
  std::vector<StoredBeat> beats;          // by time
  std::vector<StoredMetric> metrics;      // by time, then name
  std::vector<StoredMarker> markers;      // by time
  std::vector<PacerRow> pacer;            // by time
};

/// Everything saved for session id; throws StoreError kNotFound for an unknown id.
StoredSession read_session(Database& db, std::int64_t id);

}  // namespace resonant::storage
