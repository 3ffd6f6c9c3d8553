#include "session_output.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/engine/json_text.hpp>
#include <resonant/engine/signal_advice.hpp>

namespace resonant::cli {
namespace {

using nlohmann::json;

double round_to(double v, double step) { return std::isfinite(v) ? std::round(v / step) * step : v; }

/// "ecg", "ppg", or "device" for beats the sensor detected itself (kind kOther).
std::string beat_channel_name(ChannelKind kind) {
  return kind == ChannelKind::kOther ? std::string("device") : std::string(to_string(kind));
}

std::string beat_source(const engine::SessionSummary& s) {
  return s.beats_from_device ? "device" : beat_channel_name(s.beat_channel);
}

std::string human_bytes(std::uint64_t b) {
  char buf[32];
  if (b >= 1'000'000) {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(b) / 1e6);
  } else if (b >= 1'000) {
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(b) / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(b));
  }
  return buf;
}

/// {"normal": n, "ectopic": n, ...}: decided raw intervals by artifact label.
json artifacts_json(const engine::ArtifactTally& a) {
  json j = json::object();
  for (std::size_t i = 0; i < dsp::kBeatLabelCount; ++i) {
    j[std::string(dsp::to_string(static_cast<dsp::BeatLabel>(i)))] = a.by_label[i];
  }
  return j;
}

/// ["flat", "noise", ...]: the dsp::QualityReason bits set.
json reasons_json(std::uint8_t reasons) {
  json out = json::array();
  for (std::uint8_t bit = 1; bit != 0; bit = static_cast<std::uint8_t>(bit << 1)) {
    if ((reasons & bit) != 0) {
      out.push_back(std::string(dsp::to_string(static_cast<dsp::QualityReason>(bit))));
    }
  }
  return out;
}

std::string artifact_breakdown(const engine::ArtifactTally& a) {
  std::string out;
  for (std::size_t i = 1; i < dsp::kBeatLabelCount; ++i) {  // 0 = normal
    if (a.by_label[i] == 0) continue;
    out += out.empty() ? ": " : ", ";
    out += std::string(dsp::to_string(static_cast<dsp::BeatLabel>(i))) + " " +
           std::to_string(a.by_label[i]);
  }
  return out;
}

}  // namespace

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string fmt_or_dash(const char* format, double v) {
  if (!std::isfinite(v)) return "--";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

const char* to_string(SessionEnd end) {
  switch (end) {
    case SessionEnd::kDuration: return "duration";
    case SessionEnd::kInterrupted: return "interrupted";
    case SessionEnd::kSensorLost: return "sensor_lost";
    case SessionEnd::kFailed: return "failed";
    case SessionEnd::kProtocolComplete: return "protocol_complete";
  }
  return "failed";
}

void SessionOutput::event(const engine::EngineEvent& e) {
  std::visit(
      [this](const auto& rec) {
        using T = std::decay_t<decltype(rec)>;
        if constexpr (std::is_same_v<T, engine::BeatRecord>) beat(rec);
        if constexpr (std::is_same_v<T, engine::LinkRecord>) link(rec);
        if constexpr (std::is_same_v<T, engine::StreamRecord>) stream(rec);
        if constexpr (std::is_same_v<T, engine::GapRecord>) gap(rec);
        if constexpr (std::is_same_v<T, engine::RecordingRecord>) recording(rec);
        if constexpr (std::is_same_v<T, engine::StepRecord>) step(rec);
        if constexpr (std::is_same_v<T, engine::AssessmentRecord>) assessment(rec);
        if constexpr (std::is_same_v<T, engine::ProtocolEndRecord>) protocol_end(rec);
        if constexpr (std::is_same_v<T, engine::FeedbackRecord>) feedback(rec);
        if constexpr (std::is_same_v<T, engine::SignalRecord>) signal(rec);
      },
      e);
  std::fflush(out_);
}

void SessionOutput::beat(const engine::BeatRecord& b) {
  if (json_) {
    json j = {{"type", "beat"},
              {"t_s", round_to(b.t_s, 1e-4)},
              {"rr_ms", number_or_null(round_to(b.rr_ms, 1e-2))},
              {"hr_bpm", number_or_null(round_to(b.hr_bpm, 1e-2))},
              {"rmssd_ms", number_or_null(round_to(b.rmssd_ms, 1e-2))},
              {"sdnn_ms", number_or_null(round_to(b.sdnn_ms, 1e-2))},
              {"source", beat_channel_name(b.source)}};
    if (b.rr_rejected) j["rr_rejected"] = true;
    if (b.too_soon) j["too_soon"] = true;
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  std::fprintf(out_, "%9.2f s   HR %6s bpm   RR %5s ms   RMSSD %6s ms%s\n", b.t_s,
               fmt_or_dash("%.1f", b.hr_bpm).c_str(), fmt_or_dash("%.0f", b.rr_ms).c_str(),
               fmt_or_dash("%.1f", b.rmssd_ms).c_str(),
               b.too_soon      ? "   (too soon after the last beat: a double detection, left out)"
               : b.rr_rejected ? "   (implausible interval, left out of HRV)"
                               : "");
}

void SessionOutput::link(const engine::LinkRecord& l) {
  if (json_) {
    json j = {{"type", "link"},
              {"state", std::string(to_string(l.state))},
              {"t_s", round_to(l.t_s, 1e-3)},
              {"message", std::string(l.message.view())}};
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  std::fprintf(out_, "%9.2f s   link %s: %s\n", l.t_s, std::string(to_string(l.state)).c_str(),
               std::string(l.message.view()).c_str());
}

void SessionOutput::stream(const engine::StreamRecord& s) {
  if (json_) {
    json j = {{"type", "stream"},
              {"first_sample_t_s", round_to(s.first_sample_t_s, 1e-6)},
              {"device", std::string(s.description.view())}};
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  std::fprintf(out_, "%9.2f s   device %s\n", s.first_sample_t_s,
               std::string(s.description.view()).c_str());
}

void SessionOutput::gap(const engine::GapRecord& g) {
  if (json_) {
    json j = {{"type", "gap"},
              {"t_s", number_or_null(round_to(g.t_s, 1e-3))},
              {"frames_lost", g.frames_lost},
              {"events_dropped", g.events_dropped}};
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  std::fprintf(out_, "%9.2f s   gap: %llu frame(s) lost, %llu event(s) dropped; the series restarts\n",
               g.t_s, static_cast<unsigned long long>(g.frames_lost),
               static_cast<unsigned long long>(g.events_dropped));
}

void SessionOutput::feedback(const engine::FeedbackRecord& f) {
  const engine::SignalAdvice advice = engine::feedback_pause_advice(f.channel, f.pause);
  if (json_) {
    json j = {{"type", "feedback"}, {"t_s", number_or_null(round_to(f.t_s, 1e-3))}, {"ok", f.ok}};
    if (!f.ok) {
      j["channel"] = beat_channel_name(f.channel);
      j["reasons"] = reasons_json(f.pause.reasons);
      j["no_contact"] = f.pause.no_contact;
      j["recovering"] = f.pause.recovering;
      j["problem"] = std::string(advice.problem);
      j["advice"] = std::string(advice.action);
    }
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  const double t_s = std::isfinite(f.t_s) ? f.t_s : 0.0;
  const bool was_paused = feedback_paused_;
  feedback_paused_ = !f.ok;
  if (f.ok) {
    std::fprintf(out_, "%9.2f s   feedback resumed: the signal is good again\n", t_s);
    return;
  }
  std::fprintf(out_, "%9.2f s   feedback %s: %s. %s\n", t_s, was_paused ? "still paused" : "paused",
               std::string(advice.problem).c_str(), std::string(advice.action).c_str());
}

void SessionOutput::signal(const engine::SignalRecord& s) {
  const std::string line = engine::sensor_check_line(s.kind, s.level, s.reasons, s.no_contact);
  const double t_s = std::isfinite(s.t_s) ? s.t_s : 0.0;
  if (json_) {
    json j = {{"type", "signal"},
              {"t_s", round_to(t_s, 1e-3)},
              {"channel", std::string(to_string(s.kind))},
              {"level", std::string(dsp::to_string(s.level))},
              {"usable", s.usable()},
              {"first", s.first},
              {"reasons", reasons_json(s.reasons)},
              {"no_contact", s.no_contact},
              {"line", line}};
    if (!s.usable()) {
      const engine::SignalAdvice advice = engine::signal_advice(s.kind, s.reasons, s.no_contact);
      j["problem"] = std::string(advice.problem);
      j["advice"] = std::string(advice.action);
    }
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  // "sensor check: Heart (ECG): good" once per channel; later "signal: Breathing belt: poor
  // \u2014 ..." and "signal: Breathing belt: good again" (or "usable again (fair)").
  std::string shown = line;
  if (!s.first && s.usable()) {
    shown = std::string(engine::channel_title(s.kind)) +
            (s.level == dsp::QualityLevel::kGood ? ": good again" : ": usable again (fair)");
  }
  std::fprintf(out_, "%9.2f s   %s: %s\n", t_s, s.first ? "sensor check" : "signal", shown.c_str());
}

void SessionOutput::recording(const engine::RecordingRecord& r) {
  const engine::RecordingStatus& st = r.status;
  // Starting and the final "saved" are told by the first line and the summary.
  if (st.state != engine::RecordingState::kSaving && st.state != engine::RecordingState::kNotSaving) {
    return;
  }
  if (json_) {
    json j = {{"type", "recording"},
              {"state", std::string(to_string(st.state))},
              {"t_s", number_or_null(round_to(r.t_s, 1e-3))},
              {"database", std::string(st.database.view())},
              {"message", std::string(st.message.view())},
              {"resumed", st.resumed},
              {"rows_lost", st.rows_dropped + st.rows_not_saved},
              {"recovered_sessions", st.recovered_count},
              {"recovered_last_id", st.recovered_last_id}};
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  const std::uint64_t lost = st.rows_dropped + st.rows_not_saved;
  if (st.state == engine::RecordingState::kSaving && st.resumed > 0) {
    std::fprintf(out_, "%9.2f s   saving again to %s: %s\n", std::isfinite(r.t_s) ? r.t_s : 0.0,
                 std::string(st.database.view()).c_str(),
                 lost == 0 ? "what waited is saved, nothing is missing"
                           : ("what waited is saved, but " + std::to_string(lost) +
                              " rows could not be kept")
                                 .c_str());
  } else if (st.state == engine::RecordingState::kSaving) {
    std::fprintf(out_, "%9s     saving to %s\n", "", std::string(st.database.view()).c_str());
  }
  if (st.state == engine::RecordingState::kSaving && !recovered_told_) {
    recovered_told_ = true;
    if (st.recovered_count > 0) {
      // Told once, where the person looks: a crash or kill of an earlier run.
      std::fprintf(out_,
                   "%9s     session %lld was interrupted (the program stopped while recording); "
                   "it is kept as recovered, complete up to its last saved second%s\n",
                   "", static_cast<long long>(st.recovered_last_id),
                   st.recovered_count > 1 ? (" (with " + std::to_string(st.recovered_count - 1) +
                                             " older one" + (st.recovered_count > 2 ? "s" : "") +
                                             ")").c_str()
                                          : "");
    }
  }
  if (st.state != engine::RecordingState::kSaving) {
    std::fprintf(out_, "%9.2f s   %s\n", std::isfinite(r.t_s) ? r.t_s : 0.0,
                 std::string(st.message.view()).c_str());
  }
}

namespace {

/// "session 12 in /path (complete)" or why not.
std::string saved_text(const engine::RecordingStatus& r) {
  switch (r.state) {
    case engine::RecordingState::kSaved:
      if (r.session_id == 0) return "nothing to save (no data arrived)";
      return "session " + std::to_string(r.session_id) + " in " + std::string(r.database.view()) +
             (r.rows_dropped > 0 ? " (" + std::to_string(r.rows_dropped) +
                                       " rows were lost: the disk did not keep up)"
                                 : std::string()) +
             (r.resumed > 0 && r.rows_not_saved == 0
                  ? " (saving stopped " + std::to_string(r.resumed) +
                        (r.resumed == 1 ? " time" : " times") +
                        " and caught up: nothing is missing)"
                  : std::string()) +
             (r.rows_not_saved > 0 ? " (" + std::to_string(r.rows_not_saved) +
                                         " rows could not be kept while saving was stopped)"
                                   : std::string());
    case engine::RecordingState::kNotSaving:
      return std::string(r.message.view()) +
             (r.session_id != 0 ? " (saved up to then as session " + std::to_string(r.session_id) + ")"
                                : std::string());
    case engine::RecordingState::kOff:
      return r.database.empty() ? "no (recording off)" : "nothing to save (no data arrived)";
    default: return "unknown (the recorder did not finish)";
  }
}

}  // namespace

void SessionOutput::summary(const engine::SessionSummary& s, SessionEnd end) {
  const auto& c = s.counters;
  if (json_) {
    json j = {{"type", "summary"},
              {"ended", to_string(end)},
              {"duration_s", round_to(s.data_duration_s, 1e-3)},
              {"first_sample_t_s", number_or_null(round_to(s.first_sample_t_s, 1e-6))},
              {"beats", s.beats},
              {"nn_intervals", s.nn_intervals},
              {"rr_rejected", s.rr_rejected},
              {"gaps", s.gaps},
              {"events_dropped", s.events_dropped},
              {"beat_source", beat_source(s)},
              {"device_beats", s.device_beats},
              {"mean_rr_ms", number_or_null(round_to(s.mean_rr_ms, 1e-3))},
              {"mean_hr_bpm", number_or_null(round_to(s.mean_hr_bpm, 1e-3))},
              {"rmssd_ms", number_or_null(round_to(s.rmssd_ms, 1e-3))},
              {"sdnn_ms", number_or_null(round_to(s.sdnn_ms, 1e-3))},
              {"artifacts", artifacts_json(s.artifacts)},
              {"artifact_percent", number_or_null(round_to(s.artifacts.artifact_percent, 1e-3))},
              {"coherence_mean", number_or_null(round_to(s.mean_coherence, 1e-3))},
              {"coherence_updates", s.coherence_updates},
              {"coherence_low_pct", number_or_null(round_to(s.coherence_low_pct, 1e-2))},
              {"coherence_medium_pct", number_or_null(round_to(s.coherence_medium_pct, 1e-2))},
              {"coherence_high_pct", number_or_null(round_to(s.coherence_high_pct, 1e-2))},
              {"breathing_rate_bpm", number_or_null(round_to(s.mean_breathing_rate_bpm, 1e-3))},
              {"arousal_mean", number_or_null(round_to(s.mean_arousal_index, 1e-3))},
              {"link_state", std::string(to_string(s.final_link_state))},
              {"link_message", std::string(s.final_link_message.view())},
              {"bytes", c.bytes},
              {"frames", c.frames},
              {"crc_errors", c.crc_errors},
              {"framing_errors", c.framing_errors},
              {"seq_gaps", c.seq_gaps},
              {"dropped", c.dropped},
              {"disconnects", c.disconnects},
              {"reconnects", c.reconnects},
              {"saved", s.recording.state == engine::RecordingState::kSaved && s.recording.session_id != 0},
              {"recording_state", std::string(to_string(s.recording.state))},
              {"session_id", s.recording.session_id},
              {"database", std::string(s.recording.database.view())},
              {"recording_message", std::string(s.recording.message.view())},
              {"rows_not_recorded", s.recording.rows_dropped + s.recording.rows_not_saved},
              {"saving_resumed", s.recording.resumed}};
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    std::fflush(out_);
    return;
  }
  const char* why = end == SessionEnd::kDuration      ? "the planned duration was reached"
                    : end == SessionEnd::kInterrupted ? "stopped by you (Ctrl-C)"
                    : end == SessionEnd::kSensorLost  ? "the sensor was lost"
                    : end == SessionEnd::kProtocolComplete ? "the protocol is complete"
                                                           : "the sensor could not be used";
  std::fprintf(out_, "\nSummary (%s)\n", why);
  std::fprintf(out_, "  data            %.1f s\n", s.data_duration_s);
  if (s.beats == 0) {
    std::fprintf(out_, "  beats           none\n");
  } else {
    std::fprintf(out_,
                 "  beats           %llu from %s (%llu intervals used for HRV, %llu implausible left out)\n",
                 static_cast<unsigned long long>(s.beats),
                 beat_source(s).c_str(),
                 static_cast<unsigned long long>(s.nn_intervals),
                 static_cast<unsigned long long>(s.rr_rejected));
  }
  std::fprintf(out_, "  mean HR         %s bpm\n", fmt_or_dash("%.1f", s.mean_hr_bpm).c_str());
  // Held back (NaN) under dsp::kMinShownHrvSpanS of intervals: say so rather than a bare dash.
  char scope[80] = "whole session";
  if (s.nn_intervals > 0 && std::isnan(s.rmssd_ms) && s.nn_span_s < dsp::kMinShownHrvSpanS) {
    std::snprintf(scope, sizeof scope, "whole session; shown from %.0f s of beats, %.0f s here",
                  dsp::kMinShownHrvSpanS, std::floor(s.nn_span_s));
  }
  std::fprintf(out_, "  RMSSD           %s ms (%s)\n", fmt_or_dash("%.1f", s.rmssd_ms).c_str(),
               scope);
  std::fprintf(out_, "  SDNN            %s ms (%s)\n", fmt_or_dash("%.1f", s.sdnn_ms).c_str(),
               scope);
  if (s.artifacts.decided > 0) {
    const auto& a = s.artifacts;
    std::fprintf(out_, "  artifacts       %llu of %llu intervals corrected (%s %%%s)\n",
                 static_cast<unsigned long long>(a.decided - a.count(dsp::BeatLabel::kNormal)),
                 static_cast<unsigned long long>(a.decided),
                 fmt_or_dash("%.1f", a.artifact_percent).c_str(), artifact_breakdown(a).c_str());
  }
  if (s.coherence_updates > 0) {
    std::fprintf(out_, "  coherence       mean %s; low %s %%, medium %s %%, high %s %% of the scored time\n",
                 fmt_or_dash("%.2f", s.mean_coherence).c_str(),
                 fmt_or_dash("%.0f", s.coherence_low_pct).c_str(),
                 fmt_or_dash("%.0f", s.coherence_medium_pct).c_str(),
                 fmt_or_dash("%.0f", s.coherence_high_pct).c_str());
  }
  std::fprintf(out_, "  breathing       %s /min (mean)\n",
               fmt_or_dash("%.1f", s.mean_breathing_rate_bpm).c_str());
  std::fprintf(out_, "  arousal         %s (mean index, baseline SD units vs the first 3 min)\n",
               fmt_or_dash("%+.2f", s.mean_arousal_index).c_str());
  std::fprintf(out_, "  link            %s: %s\n", std::string(to_string(s.final_link_state)).c_str(),
               std::string(s.final_link_message.view()).c_str());
  std::fprintf(out_,
               "  counters        %s, %llu frames, %llu CRC errors, %llu framing errors, %llu "
               "frames lost, %llu dropped, %llu disconnects, %llu reconnects\n",
               human_bytes(c.bytes).c_str(), static_cast<unsigned long long>(c.frames),
               static_cast<unsigned long long>(c.crc_errors),
               static_cast<unsigned long long>(c.framing_errors),
               static_cast<unsigned long long>(c.seq_gaps),
               static_cast<unsigned long long>(c.dropped),
               static_cast<unsigned long long>(c.disconnects),
               static_cast<unsigned long long>(c.reconnects));
  if (s.events_dropped > 0) {
    std::fprintf(out_, "  not printed     %llu beat/link records (this terminal did not keep up)\n",
                 static_cast<unsigned long long>(s.events_dropped));
  }
  if (s.gaps > 0) {
    std::fprintf(out_, "  gaps            %llu (no interval was computed across a gap)\n",
                 static_cast<unsigned long long>(s.gaps));
  }
  std::fprintf(out_, "  saved           %s\n", saved_text(s.recording).c_str());
  std::fprintf(out_, "  Resonant is a breathing trainer, not a medical device.\n");
  std::fflush(out_);
}

}  // namespace resonant::cli
