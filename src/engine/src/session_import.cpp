#include <resonant/engine/session_import.hpp>

#include <cmath>
#include <stdexcept>

#include <resonant/engine/pipeline.hpp>

#include "playback.hpp"
#include "session_recorder.hpp"

namespace resonant::engine {
namespace {

// Snapshots (and with them the metric timelines, once per second) as often as a live session
// publishes them: every kSnapshotIntervalS of recording time.
constexpr double kSnapshotIntervalS = 0.1;
// Hand the rows to the disk every so much recording time, so the recorder's queue (sized
// for a live session) never overflows at import speed.
constexpr double kSyncIntervalS = 30.0;
constexpr double kProgressIntervalS = 60.0;

SteadyClock::time_point host_time(SteadyClock::time_point anchor, double t_s) {
  return anchor + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(t_s));
}

/// The recorder's message without the live session's "— the session goes on … tried again"
/// (an import has no later to try again in).
std::string cause_of(const RecordingStatus& status) {
  const std::string message(status.message.view());
  return message.substr(0, message.find(" \xE2\x80\x94 "));
}

}  // namespace

ImportResult import_recording(const ImportRequest& request, const ProgressFn& progress) {
  const detail::Playback playback = detail::playback_of_file(request.source);
  if (playback.segments.empty() && playback.beats.empty()) {
    throw FileSourceError(request.source.path.filename().string() +
                          ": no samples or intervals to import");
  }
  detail::SessionRecorder recorder(request.database.string(), request.client);
  recorder.date_from_recording(playback.start_unix_us);
  Pipeline pipeline(PipelineConfig{}, [&recorder](const EngineEvent& e) { recorder.on_event(e); });
  // A synthetic host clock: session time 0 at the anchor, one session second per second.
  SessionClock clock;
  clock.host_anchor = SteadyClock::time_point{};
  pipeline.set_session_clock(clock);
  pipeline.set_pacer(PacerSchedule(PacerSettings{}, 0.0), false);
  recorder.on_pacer(0.0, PacerSettings{}, false);
  pipeline.set_tap(&recorder);

  detail::PlaybackCursor cursor(playback, 1.0);
  drivers::SensorEvent event;
  double t_s = 0.0;
  double next_snapshot_s = 0.0, next_sync_s = kSyncIntervalS, next_progress_s = 0.0;
  bool marked = false;
  Snapshot snapshot;
  while (cursor.next(event, t_s)) {
    const SteadyClock::time_point rx = host_time(clock.host_anchor, t_s);
    std::visit([rx](auto& e) { e.t_rx = rx; }, event);
    pipeline.push(event);
    if (!marked && !std::isnan(pipeline.data_time_s())) {
      recorder.on_marker(pipeline.data_time_s(), "import",
                         request.source_name.empty() ? request.source.path.string()
                                                     : request.source_name);
      // Kept with the session: its exports carry the doubt on how the file was read.
      for (const std::string& note : playback.reading_notes) {
        recorder.on_marker(pipeline.data_time_s(), kReadingNoteKind, note);
      }
      marked = true;
    }
    if (t_s >= next_snapshot_s) {
      next_snapshot_s = t_s + kSnapshotIntervalS;
      pipeline.fill(snapshot, rx);
      recorder.on_snapshot(pipeline.data_time_s(), snapshot, pipeline.summary());
      recorder.flush(SteadyClock::now());
    }
    if (t_s >= next_sync_s) {
      next_sync_s = t_s + kSyncIntervalS;
      recorder.sync();
      // An import has no later to catch up in: stop at once rather than run through the
      // file filling the recorder's waiting rows.
      const RecordingStatus now = recorder.status();
      if (now.state == RecordingState::kNotSaving) {
        throw std::runtime_error("importing " + request.source.path.string() + " into " +
                                 request.database.string() + " failed: " + cause_of(now));
      }
    }
    if (progress && t_s >= next_progress_s && playback.end_s > 0.0) {
      next_progress_s = t_s + kProgressIntervalS;
      progress(std::min(1.0, t_s / playback.end_s));
    }
  }
  pipeline.end_stream();
  const SessionSummary summary = pipeline.summary();
  recorder.finish(summary);
  const RecordingStatus status = recorder.status();
  if (status.state != RecordingState::kSaved || status.session_id == 0) {
    throw std::runtime_error("importing " + request.source.path.string() + " into " +
                             request.database.string() + " failed: " + cause_of(status));
  }
  if (status.rows_dropped != 0 || status.rows_not_saved != 0) {
    throw std::runtime_error("importing " + request.source.path.string() + ": session " +
                             std::to_string(status.session_id) + " is incomplete (" +
                             std::to_string(status.rows_dropped + status.rows_not_saved) +
                             " rows not saved); delete it and import again");
  }
  ImportResult out;
  out.session_id = status.session_id;
  out.beats = static_cast<std::int64_t>(summary.beats);
  out.duration_s = playback.end_s;
  out.reading_notes = playback.reading_notes;
  if (progress) progress(1.0);
  return out;
}

}  // namespace resonant::engine
