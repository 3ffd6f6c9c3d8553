#pragma once
// SessionRecorder: turns what the engine sees into storage rows and hands them to a
// storage::Recorder (its own thread, batched commits at least every second).
//
//   samples      coalesced per channel into chunks of consecutive samples, handed over after
//                kChunkHoldS of host time at most (so a crash loses under a second)
//   beats        one row per beat with its raw RR; the artifact label and the corrected NN
//                intervals follow when the corrector decides (2 beats later)
//   metrics      once per second of session time, each live figure whose value changed
//   markers      link changes, gaps, stream starts, protocol steps and the person's marks;
//                the pacer schedule; assessment results of protocols
//
// The session row is written with the first data (a StreamRecord), so starting and closing
// the program without a sensor stores nothing.
//
// Threading contract: everything is called on the engine thread; status() reads the
// recorder's status (safe from the engine thread, which publishes it).
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/engine/engine_event.hpp>
#include <resonant/engine/pipeline.hpp>
#include <resonant/engine/recording_status.hpp>
#include <resonant/engine/snapshot.hpp>
#include <resonant/engine/summary.hpp>
#include <resonant/storage/recorder.hpp>

namespace resonant::engine::detail {

class SessionRecorder final : public PipelineTap {
 public:
  SessionRecorder(const std::string& database, const std::string& client);
  ~SessionRecorder() override;

  // PipelineTap
  void on_samples(std::uint8_t channel, ChannelKind kind, double rate_hz, double t0_s,
                  std::span<const float> values) override;
  void on_decided(std::span<const dsp::DecidedRr> decided) override;

  void on_event(const EngineEvent& e);
  void on_pacer(double t_s, const PacerSettings& settings, bool enabled);
  /// Imports (before the first event): the session's start is the recording's own start when
  /// it has one; otherwise the start is now and the source says so (session_import.hpp).
  void date_from_recording(std::optional<std::int64_t> start_unix_us);
  void on_mark(double t_s, std::string_view text);
  /// A marker of another kind (e.g. "import" with the file it came from).
  void on_marker(double t_s, std::string_view kind, std::string_view text);
  /// Waits until everything handed over is committed (a producer faster than the disk).
  void sync();
  /// An assessment result of this session (stored with the session, hence with the client).
  void on_assessment(std::string_view kind, std::string result_json);
  /// A 0..10 self-rating on a named scale (e.g. "calm_before") at session time t_s; kept
  /// until the session row is begun when it comes before the first data.
  void on_rating(std::string_view scale, double value, double t_s);
  /// True once the session row is begun (rows are saved from then on).
  bool begun() const { return begun_; }
  /// After each Snapshot: once per second of session time (data_t_s), the changed metrics
  /// and the session's figures so far.
  void on_snapshot(double data_t_s, const Snapshot& s, const SessionSummary& summary);
  /// Hands over sample chunks held longer than kChunkHoldS.
  void flush(SteadyClock::time_point now);
  /// Saves the rest and the final figures; stops the recorder thread.
  void finish(const SessionSummary& summary);

  RecordingStatus status() const;

 private:
  struct Chunk {
    bool open = false;
    ChannelKind kind = ChannelKind::kOther;
    double rate_hz = 0.0;
    double t_first_s = 0.0;
    std::size_t samples = 0;
    SteadyClock::time_point opened{};
    std::vector<float> values;
  };

  void push(storage::Row row);
  void close_chunk(std::uint8_t channel);
  storage::ProgressRow progress(double t_s, const SessionSummary& summary) const;

  storage::Recorder recorder_;
  std::string client_;
  bool begun_ = false;
  std::optional<std::int64_t> recording_start_unix_us_;
  bool dated_at_import_ = false;
  bool finished_ = false;
  double last_data_t_s_ = 0.0;
  std::array<Chunk, 8> chunks_{};
  std::vector<storage::RatingRow> pending_ratings_;  // given before the session row existed
  std::optional<storage::PacerRow> pacer_;  // the pacer in force, written again at the start
  double next_metrics_t_s_ = 0.0;
  std::vector<double> last_metric_;  // per recorded metric (session_recorder.cpp); NaN = none
};

}  // namespace resonant::engine::detail
