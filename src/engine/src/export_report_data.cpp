// The session report's content from the stored rows (see export_report_data.hpp).
#include "export_report_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/hrv_frequency.hpp>
#include <resonant/dsp/resonance_indicators.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/engine/resonance_result.hpp>
#include <resonant/engine/session_import.hpp>
#include <resonant/storage/session_reader.hpp>

#include "export_formats.hpp"
#include "session_trend_of.hpp"

namespace resonant::engine::exports {
namespace {

constexpr double kMsPerMinute = 60000.0;
constexpr const char* kCoherenceMetric = "coherence_ratio";    // session_recorder.cpp
constexpr const char* kBreathingMetric = "breathing_rate_bpm";  // session_recorder.cpp
constexpr const char* kBreathingQualityMetric = "breathing_quality";  // session_recorder.cpp
constexpr const char* kNormalLabel = "normal";
constexpr std::string_view kStepTag = ": step ";
constexpr std::string_view kEndTag = ": end";
constexpr std::string_view kNoValue = "-";
constexpr double kMinShownSpanS = 1.0;  // a pacer setting replaced at once is not a span

std::string fixed(double v, int decimals, std::string_view unit = "") {
  if (!std::isfinite(v)) return std::string(kNoValue);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string out = buf;
  if (!unit.empty()) out += " " + std::string(unit);
  return out;
}

std::string local_date(std::int64_t unix_us) {
  const auto t = static_cast<std::time_t>(unix_us / static_cast<std::int64_t>(kMicrosecondsPerSecond));
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::vector<dsp::RrInterval> nn_intervals(const storage::StoredSession& s) {
  std::vector<dsp::RrInterval> nn;
  bool after_gap = true;
  for (const storage::StoredBeat& b : s.beats) {
    // A double detection left out: the next interval spans it, the series goes on.
    if ((b.flags & storage::kBeatFlagTooSoon) != 0) continue;
    if (!std::isfinite(b.nn_ms)) {
      after_gap = true;  // no corrected interval here: the next one has no neighbour
      continue;
    }
    nn.push_back({seconds(b.t_us), b.nn_ms, after_gap || (b.flags & storage::kBeatFlagAfterGap) != 0});
    after_gap = false;
  }
  return nn;
}

PacerSettings settings_of(const storage::PacerRow& p) {
  PacerSettings settings;
  settings.rate_bpm = p.rate_bpm;
  settings.inhale_fraction = p.inhale_fraction;
  settings.hold_after_inhale_s = p.hold_in_s;
  settings.hold_after_exhale_s = p.hold_out_s;
  return settings;
}

std::vector<ReportSpan> paced_spans(const storage::StoredSession& s, double end_s) {
  std::vector<ReportSpan> spans;
  for (std::size_t i = 0; i < s.pacer.size(); ++i) {
    if (!s.pacer[i].enabled) continue;
    const double to_s = i + 1 < s.pacer.size() ? seconds(s.pacer[i + 1].t_us) : end_s;
    if (to_s - seconds(s.pacer[i].t_us) >= kMinShownSpanS) {
      spans.push_back({seconds(s.pacer[i].t_us), to_s, fixed(s.pacer[i].rate_bpm, 1, "/min")});
    }
  }
  return spans;
}

/// Protocol steps from the protocol's markers; returns the protocol's name ("" when none).
std::string protocol_steps(const storage::StoredSession& s, double end_s, std::vector<ReportSpan>& steps) {
  std::string name;
  for (const storage::StoredMarker& m : s.markers) {
    const std::size_t step = m.text.find(kStepTag);
    const bool ends = m.text.size() > kEndTag.size() && m.text.ends_with(kEndTag);
    if (step == std::string::npos && !ends) continue;
    if (!steps.empty() && steps.back().to_s >= end_s) steps.back().to_s = seconds(m.t_us);
    if (step == std::string::npos) continue;
    name = m.text.substr(0, step);
    // "i/n name": the position is the table's row; the chart and table show the name.
    std::string label = m.text.substr(step + kStepTag.size());
    if (const std::size_t space = label.find(' '); space != std::string::npos) label.erase(0, space + 1);
    steps.push_back({seconds(m.t_us), end_s, label});
  }
  return name;
}

/// The stored timeline of one metric (finite values).
ReportSeries metric_series(const storage::StoredSession& s, std::string_view name) {
  ReportSeries out;
  for (const storage::StoredMetric& m : s.metrics) {
    if (m.name != name || !std::isfinite(m.value)) continue;
    out.t_s.push_back(seconds(m.t_us));
    out.value.push_back(m.value);
  }
  return out;
}

/// The breathing rates recorded clear enough to show (dsp::breathing_rate_is_clear), as the
/// live screens showed them. Metrics are step functions (a row when the value changes), so a
/// rate's quality is the newest quality row at or before it.
ReportSeries clear_breathing_series(const storage::StoredSession& s) {
  std::map<std::int64_t, double> quality_from;
  for (const storage::StoredMetric& m : s.metrics) {
    if (m.name == kBreathingQualityMetric) quality_from[m.t_us] = m.value;
  }
  ReportSeries out;
  for (const storage::StoredMetric& m : s.metrics) {
    if (m.name != kBreathingMetric) continue;
    const auto after = quality_from.upper_bound(m.t_us);
    if (after == quality_from.begin()) continue;
    if (!dsp::breathing_rate_is_clear(m.value, std::prev(after)->second)) continue;
    out.t_s.push_back(seconds(m.t_us));
    out.value.push_back(m.value);
  }
  return out;
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return std::nan("");
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

bool inside(const std::vector<ReportSpan>& spans, double t_s) {
  return std::any_of(spans.begin(), spans.end(),
                     [&](const ReportSpan& sp) { return t_s >= sp.from_s && t_s <= sp.to_s; });
}

void add_spectrum(const std::vector<dsp::RrInterval>& nn, const std::vector<ReportSpan>& paced, ReportData& d) {
  std::vector<dsp::RrInterval> practice;
  bool left_out = true;  // an interval outside the practice was skipped: the next one starts a run
  for (const dsp::RrInterval& r : nn) {
    if (!paced.empty() && !inside(paced, r.t_s)) {
      left_out = true;
      continue;
    }
    practice.push_back({r.t_s, r.rr_ms, r.after_gap || left_out});
    left_out = false;
  }
  dsp::FrequencyHrvAnalyzer analyzer;
  const dsp::FrequencyHrv f = analyzer.analyse(practice);
  // Welch analyses the longest run without a long gap: with rests between paced blocks, one block.
  const std::string part = paced.empty() ? "whole session" : "longest paced run";
  if (!std::isfinite(f.hf_ms2)) {
    d.spectrum_note = "too short for a spectrum (" + part + ": " + fixed(dsp::covered_duration_s(practice), 0, "s") +
                      ", at least " + fixed(dsp::kMinHfDurationS, 0, "s") + ")";
    return;
  }
  d.spectrum = analyzer.spectrum();
  d.spectrum_note = part + ", " + fixed(f.analysed_s / 60.0, 1, "min") + ": LF " + fixed(f.lf_ms2, 0, "ms²") +
                    ", HF " + fixed(f.hf_ms2, 0, "ms²") + ", LF peak " + fixed(f.lf_peak_hz, 3, "Hz");
}

void add_rsa(const storage::StoredSession& s, const std::vector<dsp::RrInterval>& nn,
             const std::vector<ReportSpan>& paced, ReportData& d) {
  if (paced.empty()) return;
  PacerSchedule schedule(settings_of(s.pacer.front()), seconds(s.pacer.front().t_us));
  for (std::size_t i = 1; i < s.pacer.size(); ++i) schedule.set(seconds(s.pacer[i].t_us), settings_of(s.pacer[i]));
  std::vector<dsp::BreathCycle> cycles;
  for (const ReportSpan& span : paced) {
    const auto part = dsp::breath_cycles_from_pacer(schedule, span.from_s, span.to_s);
    cycles.insert(cycles.end(), part.begin(), part.end());
  }
  for (const dsp::BreathIndicators& b : dsp::breath_indicators(nn, cycles)) {
    if (!b.valid || !std::isfinite(b.peak_to_trough_bpm)) continue;
    d.rsa_bpm.t_s.push_back(b.start_s);
    d.rsa_bpm.value.push_back(b.peak_to_trough_bpm);
  }
}

std::string artifact_share(const storage::StoredSession& s) {
  std::int64_t labelled = 0;
  std::int64_t artifacts = 0;
  for (const storage::StoredBeat& b : s.beats) {
    if (b.label.empty()) continue;
    ++labelled;
    if (b.label != kNormalLabel) ++artifacts;
  }
  if (labelled == 0) return "not labelled";
  return fixed(100.0 * static_cast<double>(artifacts) / static_cast<double>(labelled), 1, "%") + " (" +
         std::to_string(artifacts) + " of " + std::to_string(labelled) + " beats)";
}

std::string cell(const nlohmann::json& v, int decimals) {
  if (v.is_number()) return fixed(v.get<double>(), decimals);
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_string()) return v.get<std::string>();
  return std::string(kNoValue);
}

void add_assessment(const std::vector<storage::StoredAssessment>& assessments, ReportData& d) {
  for (const storage::StoredAssessment& a : assessments) {  // oldest first: the newest wins
    if (a.kind != kResonanceAssessmentKind) continue;
    const nlohmann::json j = nlohmann::json::parse(a.result_json, nullptr, false);
    if (j.is_discarded() || !j.contains("segments")) continue;
    d.assessment_header = {"rate /min", "from s", "to s", "valid", "HR swing bpm", "LF peak Hz", "rank sum", "note"};
    d.assessment_rows.clear();
    for (const nlohmann::json& seg : j["segments"]) {
      d.assessment_rows.push_back({cell(seg.value("rate_bpm", nlohmann::json()), 1),
                                   cell(seg.value("start_s", nlohmann::json()), 0),
                                   cell(seg.value("end_s", nlohmann::json()), 0),
                                   cell(seg.value("valid", nlohmann::json()), 0),
                                   cell(seg.value("peak_to_trough_bpm", nlohmann::json()), 1),
                                   cell(seg.value("lf_peak_hz", nlohmann::json()), 3),
                                   cell(seg.value("rank_sum", nlohmann::json()), 0),
                                   cell(seg.value("reason", nlohmann::json()), 0)});
    }
    d.assessment_summary = "recommended " + cell(j.value("recommended_rate_bpm", nlohmann::json()), 1) +
                           " /min, confidence " + cell(j.value("confidence_level", nlohmann::json()), 0);
  }
}

std::string pseudonym(storage::Database& db, const std::string& client) {
  const auto info = db.find_client(client);
  char buf[32];
  std::snprintf(buf, sizeof buf, "client C-%04lld", static_cast<long long>(info ? info->id : 0));
  return buf;
}

/// "steady", or "uneven (23 % jumps)" when the HRV figures measure the jumps, not HRV; "-" with
/// too few intervals for a verdict. The trends' check (session_trends.hpp), so both agree.
std::string rhythm_text(const SessionTrend& trend) {
  if (!std::isfinite(trend.rhythm_jump_share)) return std::string(kNoValue);
  if (!trend.rhythm_uneven) return "steady";
  return "uneven (" + fixed(100.0 * trend.rhythm_jump_share, 0, "% jumps") + ")";
}

}  // namespace

ReportData report_data(storage::Database& db, std::int64_t session_id, bool deidentify) {
  const storage::StoredSession s = storage::read_session(db, session_id);
  if (s.beats.empty()) {
    throw std::runtime_error("session " + std::to_string(session_id) +
                             " has no beats: there is nothing to report (export its raw data as edf or csv)");
  }
  const storage::SessionReview review = read_trend_review(db, session_id);
  const SessionTrend trend = trend_of(review);
  const storage::SessionInfo& info = s.info;
  ReportData d;
  d.title = "Session report";
  d.client = deidentify ? "de-identified (" + pseudonym(db, info.client) + ")" : info.client;
  d.date = deidentify ? "removed (de-identified)" : local_date(info.started_unix_us);
  // As the session list says it: the date is then the import's, not the recording's.
  if (!deidentify && dated_at_import(info.source)) d.date += " (imported then: no usable date in the file)";
  d.duration_s = info.duration_s;
  // The report must not read as a whole session when it is not one.
  switch (info.status) {
    case storage::SessionStatus::kPartial:
      d.saved_note = "partial: saving stopped during the session; this is the part saved";
      break;
    case storage::SessionStatus::kRecovered:
      d.saved_note = "recovered: the program stopped while recording; saved to its last second";
      break;
    case storage::SessionStatus::kRecording:
      d.saved_note = "still recording: this is the part saved so far";
      break;
    case storage::SessionStatus::kComplete: break;
  }
  const double end_s = seconds(review.last_t_us);
  d.protocol = protocol_steps(s, end_s, d.steps);
  d.paced = paced_spans(s, end_s);
  for (const storage::StoredMarker& m : s.markers) {
    if (m.kind == "mark" && m.text.find(kStepTag) == std::string::npos && !m.text.ends_with(kEndTag)) {
      d.markers.push_back({seconds(m.t_us), marker_text(m, deidentify)});
    } else if (m.kind == kReadingNoteKind) {
      d.reading_notes.push_back(marker_text(m, deidentify));
    }
  }
  const std::vector<dsp::RrInterval> nn = nn_intervals(s);
  for (const dsp::RrInterval& r : nn) {
    d.hr_bpm.t_s.push_back(r.t_s);
    d.hr_bpm.value.push_back(kMsPerMinute / r.rr_ms);
  }
  d.coherence = metric_series(s, kCoherenceMetric);
  add_spectrum(nn, d.paced, d);
  add_rsa(s, nn, d.paced, d);
  add_assessment(review.assessments, d);

  const ReportSeries breathing = clear_breathing_series(s);
  const double ln_rmssd = dsp::ln_rmssd_ms(info.rmssd_ms);
  for (const storage::StoredRating& rating : review.ratings) {
    const std::string when = rating.has_time ? " (at " + fixed(seconds(rating.t_us) / 60.0, 1, "min") + ")" : "";
    d.ratings.push_back({rating.scale + when, fixed(rating.value, 1)});
  }
  d.summary = {
      {"Beats", std::to_string(s.beats.size())},
      {"Artifacts", artifact_share(s)},
      {"Mean heart rate", fixed(info.mean_hr_bpm, 1, "bpm")},
      {"RMSSD", fixed(info.rmssd_ms, 1, "ms")},
      {"lnRMSSD", fixed(ln_rmssd, 2, "ln(ms)")},
      {"SDNN", fixed(info.sdnn_ms, 1, "ms")},
      {"Rhythm (for HRV)", rhythm_text(trend)},
      {"Coherence ratio, mean", fixed(trend.mean_coherence_ratio, 2)},
      {"Time at medium/high coherence", fixed(trend.time_in_coherence_pct, 0, "%")},
      {"Breathing rate, measured mean", fixed(mean_of(breathing.value), 1, "/min")},
      {"Paced practice", fixed(trend.practice_min, 1, "min")},
      {"Resonance rate (assessed)", fixed(trend.resonance_rate_bpm, 1, "/min")},
  };
  return d;
}

}  // namespace resonant::engine::exports
