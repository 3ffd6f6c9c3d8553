#pragma once
// Importing a recording as a saved session for review (resonant-cli import): the file (WFDB,
// EDF, CSV, RR text) runs through the same Pipeline and SessionRecorder as a live session, on
// the calling thread, as fast as the machine goes. Its time mapping stays exact because every
// event is stamped with a receive time equal to its recording time on a synthetic host clock
// (src/playback.hpp): session time = recording time, whatever the speed.
//
// The session is marked imported: its source reads "imported <file name>: <channels>", a
// marker of kind "import" at its start holds the file's path, and the pacer is off (so it
// adds no practice minutes to the trends). Its start date is the recording's own start (the
// EDF header's start date and time, the WFDB header's base time and date, read as local time)
// when the file states one; otherwise it is the time of the import and the source ends with
// kDatedAtImportNote, so that listings can say so. An RR
// text file gives beats only; a waveform file gives its ECG or PPG channel (and a respiration
// belt or EDA channel found beside it), with beats detected by the live detector.
//
// Errors are thrown as std::runtime_error (FileSourceError for the file) naming the file or
// database and what to do. Threading contract: a free function; it runs the recorder's thread
// for the duration of the call.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/engine/file_source.hpp>

namespace resonant::engine {

/// The marker kind of a doubt on how an imported file was read (ImportResult::reading_notes).
inline constexpr std::string_view kReadingNoteKind = "reading_note";

/// How an imported session's source begins (then the file name).
inline constexpr std::string_view kImportedSourcePrefix = "imported ";

/// Whether a session was imported from a file rather than recorded live.
inline bool is_imported(std::string_view source) {
  return source.starts_with(kImportedSourcePrefix);
}

/// How a saved replay's source begins (then the stored session's id): watched, not breathed.
inline constexpr std::string_view kReplaySourcePrefix = "replay of session ";

/// Whether a session was a person breathing live (not an imported file, not a saved replay):
/// what counts as practice.
inline bool is_live_practice(std::string_view source) {
  return !is_imported(source) && !source.starts_with(kReplaySourcePrefix);
}

// "usable": the file may state a date that is none (31/02/1994; a reading note says so).
inline constexpr std::string_view kDatedAtImportNote =
    " (no usable date in the file: dated at import)";
// What sessions imported before 2026-11-25 carry.
inline constexpr std::string_view kLegacyDatedAtImportNote =
    " (no date in the file: dated at import)";

/// Whether a session's source says its date is the import's (see above).
inline bool dated_at_import(std::string_view source) {
  return source.ends_with(kDatedAtImportNote) || source.ends_with(kLegacyDatedAtImportNote);
}

struct ImportRequest {
  FileSource source;
  std::filesystem::path database;  // created with mode 0600 when missing
  std::string client = "me";       // created when missing
  /// What the session's "import" marker names as its origin; "" = source.path (set it when
  /// the path is a temporary copy, e.g. of standard input).
  std::string source_name;
};

struct ImportResult {
  std::int64_t session_id = 0;
  std::int64_t beats = 0;
  double duration_s = 0.0;  // recording time imported
  /// Doubts on how the file was read, in plain words (a bare column read as RR intervals that
  /// repeats like a sampled wave), to show the person; also stored with the session as
  /// "reading_note" markers, which its csv and json exports list.
  std::vector<std::string> reading_notes;
};

ImportResult import_recording(const ImportRequest& request, const ProgressFn& progress = {});

}  // namespace resonant::engine
