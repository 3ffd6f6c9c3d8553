#pragma once
// Whether the live session is being saved (the engine's recorder, src/engine/src/
// session_recorder.hpp), carried by Snapshot (for the dashboard), SessionSummary (for the
// closing summary) and a RecordingRecord event on every change. Plain fixed-size data.
#include <cstdint>
#include <string_view>

#include <resonant/common/fixed_text.hpp>

namespace resonant::engine {

enum class RecordingState : std::uint8_t {
  kOff,        // not recording (no database chosen, e.g. resonant-cli session --no-save)
  kStarting,   // opening the database; the session row is written with the first data
  kSaving,     // every batch is committed (at least once a second)
  kNotSaving,  // saving stopped (message says why and what to do); retried, rows wait in memory
  kSaved,      // the session ended and everything was saved
};
std::string_view to_string(RecordingState state);

struct RecordingStatus {
  RecordingState state = RecordingState::kOff;
  std::int64_t session_id = 0;       // 0 until the session row is committed
  std::uint64_t rows_dropped = 0;    // refused by the recorder's full queue (holes in the record)
  std::uint64_t rows_not_saved = 0;  // lost: saving had not come back when the session ended
  std::uint32_t resumed = 0;         // times saving stopped, then caught up (nothing missing)
  // Earlier sessions found interrupted (the program stopped while recording) when the
  // database was opened, now kept as recovered; the newest of them.
  std::uint32_t recovered_count = 0;
  std::int64_t recovered_last_id = 0;
  FixedText<240> database;           // the database file
  FixedText<400> message;            // why saving stopped; empty otherwise
};

}  // namespace resonant::engine
