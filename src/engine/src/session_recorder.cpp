#include "session_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <resonant/engine/session_import.hpp>

namespace resonant::engine {

std::string_view to_string(RecordingState state) {
  switch (state) {
    case RecordingState::kOff: return "off";
    case RecordingState::kStarting: return "starting";
    case RecordingState::kSaving: return "saving";
    case RecordingState::kNotSaving: return "not_saving";
    case RecordingState::kSaved: return "saved";
  }
  return "off";
}

}  // namespace resonant::engine

namespace resonant::engine::detail {
namespace {

constexpr double kMicrosecondsPerSecond = 1e6;
constexpr double kMetricIntervalS = 1.0;            // session time between metric rows
constexpr double kChunkMaxS = 1.0;                  // session time per sample chunk at most
constexpr double kChunkHoldS = 0.5;                 // host time a chunk waits at most
constexpr double kContinuityToleranceSamples = 1.5; // a later t0 than this starts a new chunk

std::int64_t to_us(double t_s) { return std::llround(t_s * kMicrosecondsPerSecond); }

struct MetricSpec {
  const char* name;  // with its unit; never rename (stored in metric_names)
  double (*get)(const Snapshot&);
};

double quality(const Snapshot& s, std::size_t ch) {
  return s.live.quality[ch].present ? static_cast<double>(s.live.quality[ch].score) : kNaN;
}

// live.hrv windows: [0] 64 s, [1] 120 s, [2] 300 s (live_figures.hpp).
constexpr MetricSpec kMetrics[] = {
    {"hr_bpm", [](const Snapshot& s) { return s.hr_bpm; }},
    {"rmssd_64s_ms", [](const Snapshot& s) { return s.rmssd_ms; }},
    {"sdnn_64s_ms", [](const Snapshot& s) { return s.sdnn_ms; }},
    {"ln_rmssd_64s", [](const Snapshot& s) { return s.live.hrv[0].ln_rmssd; }},
    {"sd1_64s_ms", [](const Snapshot& s) { return s.live.hrv[0].sd1_ms; }},
    {"sd2_64s_ms", [](const Snapshot& s) { return s.live.hrv[0].sd2_ms; }},
    {"dfa_alpha1_64s", [](const Snapshot& s) { return s.live.hrv[0].dfa_alpha1; }},
    {"rmssd_120s_ms", [](const Snapshot& s) { return s.live.hrv[1].rmssd_ms; }},
    {"sdnn_120s_ms", [](const Snapshot& s) { return s.live.hrv[1].sdnn_ms; }},
    {"lf_120s_ms2", [](const Snapshot& s) { return s.live.hrv[1].lf_ms2; }},
    {"hf_120s_ms2", [](const Snapshot& s) { return s.live.hrv[1].hf_ms2; }},
    {"lf_hf_120s", [](const Snapshot& s) { return s.live.hrv[1].lf_hf_ratio; }},
    {"lf_peak_120s_hz", [](const Snapshot& s) { return s.live.hrv[1].lf_peak_hz; }},
    {"hf_peak_120s_hz", [](const Snapshot& s) { return s.live.hrv[1].hf_peak_hz; }},
    {"rmssd_300s_ms", [](const Snapshot& s) { return s.live.hrv[2].rmssd_ms; }},
    {"sdnn_300s_ms", [](const Snapshot& s) { return s.live.hrv[2].sdnn_ms; }},
    {"total_power_300s_ms2", [](const Snapshot& s) { return s.live.hrv[2].total_ms2; }},
    {"coherence_ratio", [](const Snapshot& s) { return s.live.coherence.ratio; }},
    {"coherence_peak_hz", [](const Snapshot& s) { return s.live.coherence.peak_hz; }},
    {"coherence_score", [](const Snapshot& s) { return static_cast<double>(s.live.coherence.score); }},
    {"resonance_peak_to_trough_bpm",
     [](const Snapshot& s) { return s.live.resonance.mean_peak_to_trough_bpm; }},
    {"resonance_phase_deg", [](const Snapshot& s) { return s.live.resonance.mean_phase_deg; }},
    {"resonance_phase_consistency",
     [](const Snapshot& s) { return s.live.resonance.phase_consistency; }},
    {"breathing_rate_bpm", [](const Snapshot& s) { return s.live.respiration.rate_bpm; }},
    {"breathing_quality", [](const Snapshot& s) { return s.live.respiration.quality; }},
    {"adherence_rate_error_bpm", [](const Snapshot& s) { return s.live.adherence.rate_error_bpm; }},
    {"adherence_phase_deg", [](const Snapshot& s) { return s.live.adherence.phase_difference_deg; }},
    {"adherence_plv", [](const Snapshot& s) { return s.live.adherence.plv; }},
    {"arousal_index", [](const Snapshot& s) { return s.live.arousal.index; }},
    {"arousal_confidence", [](const Snapshot& s) { return s.live.arousal.confidence; }},
    {"skin_conductance_us", [](const Snapshot& s) { return s.live.skin_conductance_us; }},
    {"artifact_percent", [](const Snapshot& s) { return s.live.artifacts.artifact_percent; }},
    {"feedback_ok", [](const Snapshot& s) { return s.live.feedback_ok ? 1.0 : 0.0; }},
    {"quality_ch0", [](const Snapshot& s) { return quality(s, 0); }},
    {"quality_ch1", [](const Snapshot& s) { return quality(s, 1); }},
    {"quality_ch2", [](const Snapshot& s) { return quality(s, 2); }},
    {"quality_ch3", [](const Snapshot& s) { return quality(s, 3); }},
    {"quality_ch4", [](const Snapshot& s) { return quality(s, 4); }},
    {"quality_ch5", [](const Snapshot& s) { return quality(s, 5); }},
    {"quality_ch6", [](const Snapshot& s) { return quality(s, 6); }},
    {"quality_ch7", [](const Snapshot& s) { return quality(s, 7); }},
    {"rhythm_jump_share_64s", [](const Snapshot& s) { return s.rhythm_jump_share; }},
};
static_assert(std::size(kMetrics) >= kQualityChannelCount);

RecordingState to_recording_state(storage::RecorderState s) {
  switch (s) {
    case storage::RecorderState::kOpening: return RecordingState::kStarting;
    case storage::RecorderState::kSaving: return RecordingState::kSaving;
    case storage::RecorderState::kFailed: return RecordingState::kNotSaving;
    case storage::RecorderState::kFinished: return RecordingState::kSaved;
  }
  return RecordingState::kNotSaving;
}

}  // namespace

SessionRecorder::SessionRecorder(const std::string& database, const std::string& client)
    : recorder_(storage::RecorderConfig{database}),
      client_(client),
      last_metric_(std::size(kMetrics), kNaN) {}

SessionRecorder::~SessionRecorder() = default;

void SessionRecorder::push(storage::Row row) {
  if (begun_ && !finished_) recorder_.push(std::move(row));
}

void SessionRecorder::on_samples(std::uint8_t channel, ChannelKind kind, double rate_hz,
                                 double t0_s, std::span<const float> values) {
  if (!begun_ || channel >= chunks_.size() || values.empty()) return;
  Chunk& c = chunks_[channel];
  const double expected_s = c.t_first_s + static_cast<double>(c.samples) / c.rate_hz;
  if (c.open && (c.kind != kind || c.rate_hz != rate_hz ||
                 std::abs(t0_s - expected_s) > kContinuityToleranceSamples / rate_hz)) {
    close_chunk(channel);
  }
  if (!c.open) {
    c.open = true;
    c.kind = kind;
    c.rate_hz = rate_hz;
    c.t_first_s = t0_s;
    c.samples = 0;
    c.opened = SteadyClock::now();
    c.values.reserve(static_cast<std::size_t>(std::ceil(rate_hz * kChunkMaxS)) + values.size());
  }
  c.values.insert(c.values.end(), values.begin(), values.end());
  c.samples += values.size();
  last_data_t_s_ = std::max(last_data_t_s_, t0_s + static_cast<double>(values.size() - 1) / rate_hz);
  if (static_cast<double>(c.samples) / rate_hz >= kChunkMaxS) close_chunk(channel);
}

void SessionRecorder::close_chunk(std::uint8_t channel) {
  Chunk& c = chunks_[channel];
  if (!c.open) return;
  storage::SampleChunkRow row;
  row.channel = channel;
  row.kind = c.kind;
  row.rate_hz = c.rate_hz;
  row.t_first_us = to_us(c.t_first_s);
  row.values = std::move(c.values);
  c.values = {};
  c.open = false;
  push(std::move(row));
}

void SessionRecorder::flush(SteadyClock::time_point now) {
  const auto hold = std::chrono::duration<double>(kChunkHoldS);
  for (std::size_t ch = 0; ch < chunks_.size(); ++ch) {
    if (chunks_[ch].open && now - chunks_[ch].opened >= hold) {
      close_chunk(static_cast<std::uint8_t>(ch));
    }
  }
}

void SessionRecorder::on_decided(std::span<const dsp::DecidedRr> decided) {
  for (const dsp::DecidedRr& d : decided) {
    storage::BeatLabelRow label;
    label.t_us = to_us(d.raw.t_s);
    label.label.assign(dsp::to_string(d.label));
    push(label);
    for (std::size_t i = 0; i < d.corrected_count && i < d.corrected.size(); ++i) {
      push(storage::NnRow{to_us(d.corrected[i].t_s), d.corrected[i].rr_ms, d.corrected[i].after_gap});
    }
  }
}

void SessionRecorder::on_event(const EngineEvent& e) {
  if (const auto* st = std::get_if<StreamRecord>(&e); st != nullptr && !begun_) {
    storage::BeginSessionRow begin;
    begin.client = client_;
    begin.source = std::string(st->description.view());
    begin.started_unix_us = recording_start_unix_us_.value_or(storage::unix_now_us());
    if (dated_at_import_) begin.source += kDatedAtImportNote;
    begun_ = true;
    push(std::move(begin));
    if (pacer_) {
      pacer_->t_us = to_us(st->first_sample_t_s);
      push(*pacer_);
    }
    for (auto& r : pending_ratings_) push(std::move(r));
    pending_ratings_.clear();
    next_metrics_t_s_ = st->first_sample_t_s;
  }
  if (!begun_) return;
  std::visit(
      [this](const auto& rec) {
        using T = std::decay_t<decltype(rec)>;
        storage::MarkerRow m;
        if constexpr (std::is_same_v<T, BeatRecord>) {
          storage::BeatRow b;
          b.t_us = to_us(rec.t_s);
          b.rr_ms = rec.rr_ms;
          b.source = rec.source;
          b.flags = static_cast<std::uint8_t>(
              (std::isnan(rec.rr_ms) ? storage::kBeatFlagAfterGap : 0) |
              (rec.rr_rejected ? storage::kBeatFlagImplausible : 0) |
              (rec.too_soon ? storage::kBeatFlagTooSoon : 0));
          last_data_t_s_ = std::max(last_data_t_s_, rec.t_s);
          push(b);
          return;
        } else if constexpr (std::is_same_v<T, LinkRecord>) {
          m.t_us = to_us(rec.t_s);
          m.kind.assign("link");
          m.text = std::string(to_string(rec.state)) + ": " + std::string(rec.message.view());
        } else if constexpr (std::is_same_v<T, StreamRecord>) {
          m.t_us = to_us(rec.first_sample_t_s);
          m.kind.assign("stream");
          m.text = std::string(rec.description.view());
        } else if constexpr (std::is_same_v<T, GapRecord>) {
          m.t_us = to_us(std::isnan(rec.t_s) ? last_data_t_s_ : rec.t_s);
          m.kind.assign("gap");
          m.text = std::to_string(rec.frames_lost) + " frame(s) lost, " +
                   std::to_string(rec.events_dropped) + " event(s) dropped";
        } else {
          return;  // RecordingRecord: about the recording itself; FeedbackRecord and
                   // SignalRecord: the feedback_ok metric and the quality timelines hold them
        }
        push(std::move(m));
      },
      e);
}

void SessionRecorder::on_pacer(double t_s, const PacerSettings& settings, bool enabled) {
  pacer_ = storage::PacerRow{to_us(t_s), enabled, settings.rate_bpm, settings.inhale_fraction,
                             settings.hold_after_inhale_s, settings.hold_after_exhale_s};
  push(*pacer_);
}

void SessionRecorder::date_from_recording(std::optional<std::int64_t> start_unix_us) {
  recording_start_unix_us_ = start_unix_us;
  dated_at_import_ = !start_unix_us.has_value();
}

void SessionRecorder::on_mark(double t_s, std::string_view text) { on_marker(t_s, "mark", text); }

void SessionRecorder::on_marker(double t_s, std::string_view kind, std::string_view text) {
  storage::MarkerRow m;
  m.t_us = to_us(t_s);
  m.kind.assign(kind);
  m.text = std::string(text);
  push(std::move(m));
}

void SessionRecorder::on_rating(std::string_view scale, double value, double t_s) {
  storage::RatingRow r;
  r.scale.assign(scale);
  r.value = value;
  r.t_us = to_us(t_s);
  if (finished_) return;
  if (begun_) {
    push(std::move(r));
  } else {
    pending_ratings_.push_back(std::move(r));
  }
}

void SessionRecorder::sync() {
  if (begun_ && !finished_) recorder_.sync();
}

void SessionRecorder::on_assessment(std::string_view kind, std::string result_json) {
  push(storage::AssessmentRow{std::string(kind), std::move(result_json)});
}

storage::ProgressRow SessionRecorder::progress(double t_s, const SessionSummary& summary) const {
  return storage::ProgressRow{to_us(t_s), static_cast<std::int64_t>(summary.beats),
                              summary.mean_hr_bpm, summary.rmssd_ms, summary.sdnn_ms};
}

void SessionRecorder::on_snapshot(double data_t_s, const Snapshot& s, const SessionSummary& summary) {
  if (!begun_ || std::isnan(data_t_s) || data_t_s < next_metrics_t_s_) return;
  next_metrics_t_s_ = data_t_s + kMetricIntervalS;
  const std::int64_t t_us = to_us(data_t_s);
  for (std::size_t i = 0; i < std::size(kMetrics); ++i) {
    const double v = kMetrics[i].get(s);
    double& last = last_metric_[i];
    // Timelines are step functions: a row when the value changes, NULL when it goes away.
    const bool changed = std::isnan(v) ? !std::isnan(last) : !(v == last);
    if (!changed) continue;
    last = v;
    push(storage::MetricRow{t_us, kMetrics[i].name, v});
  }
  push(progress(data_t_s, summary));
}

void SessionRecorder::finish(const SessionSummary& summary) {
  if (finished_) return;
  if (begun_) {
    for (std::size_t ch = 0; ch < chunks_.size(); ++ch) close_chunk(static_cast<std::uint8_t>(ch));
    const double end_s = std::isnan(summary.last_sample_t_s) ? last_data_t_s_ : summary.last_sample_t_s;
    push(storage::EndSessionRow{progress(end_s, summary), storage::unix_now_us()});
  }
  finished_ = true;
  recorder_.finish();
}

RecordingStatus SessionRecorder::status() const {
  const storage::RecorderStatus r = recorder_.status();
  RecordingStatus out;
  out.state = to_recording_state(r.state);
  if (finished_ && !begun_ && out.state == RecordingState::kSaved) out.state = RecordingState::kOff;
  out.session_id = r.session_id;
  out.rows_dropped = r.rows_dropped;
  out.rows_not_saved = r.rows_not_saved;
  out.resumed = r.resumed;
  out.recovered_count = static_cast<std::uint32_t>(r.recovered.size());
  if (!r.recovered.empty()) {
    out.recovered_last_id = *std::max_element(r.recovered.begin(), r.recovered.end());
  }
  out.database.assign(recorder_.database().string());
  out.message.assign(r.message);
  return out;
}

}  // namespace resonant::engine::detail
