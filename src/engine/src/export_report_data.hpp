#pragma once
// What the session report (PDF, PNG) shows, gathered from a stored session by the same code
// the other exports and `resonant-cli trends` use (internal to the engine):
//   - HR, RMSSD, SDNN: the session row's whole-session figures (as the JSON summary);
//     lnRMSSD = ln(RMSSD);
//   - artifacts: the beats' stored labels (as the JSON summary's artifacts_by_label);
//   - coherence mean and time at medium/high, resonance rate: session_trend_of()
//     (session_trends.hpp: time-weighted over the stored timeline, engine thresholds);
//   - HRV spectrum of the practice: dsp::FrequencyHrvAnalyzer (Welch) on the corrected NN
//     intervals inside the paced spans (the whole session when the pacer was never on);
//   - RSA per breath: dsp::breath_indicators (HR peak-to-trough) on the pacer's breath cycles;
//   - self-ratings: as stored (storage::SessionReview::ratings);
//   - protocol steps: the protocol's own markers ("<name>: step i/n <step>", "<name>: end");
//   - reading notes: an imported file's doubts on how it was read ("reading_note" markers).
// De-identified: no client name (a pseudonym from the client's database row instead), no date,
// no device, marker texts as export_formats.hpp's marker_text() keeps them.
#include <cstdint>
#include <string>
#include <vector>

#include <resonant/dsp/spectrum.hpp>
#include <resonant/storage/database.hpp>

namespace resonant::engine::exports {

struct ReportSeries {
  std::vector<double> t_s;
  std::vector<double> value;
};

struct ReportSpan {  // a shaded part of the session time axis
  double from_s = 0.0;
  double to_s = 0.0;
  std::string label;
};

struct ReportMarker {
  double t_s = 0.0;
  std::string text;
};

struct ReportRow {
  std::string label;
  std::string value;
};

struct ReportData {
  std::string title;
  std::string client;         // name, or "de-identified (client C-0003)"
  std::string date;           // local start date and time, or "removed (de-identified)"
  double duration_s = 0.0;
  std::string saved_note;     // "" for a complete session; else how much of it was saved
  std::string protocol;       // "" when the session ran no protocol
  std::vector<std::string> reading_notes;  // an imported file's doubts on how it was read
  std::vector<ReportSpan> steps;   // protocol steps
  std::vector<ReportSpan> paced;   // pacer on, label "6.0 /min"
  std::vector<ReportMarker> markers;
  std::vector<ReportRow> summary;
  std::vector<ReportRow> ratings;  // self-ratings: scale (and when), value
  ReportSeries hr_bpm;        // per beat, 60000 / NN
  ReportSeries coherence;     // stored coherence_ratio timeline
  dsp::Spectrum spectrum;     // ms^2/Hz of the practice; empty when too short
  std::string spectrum_note;  // what the spectrum covers, or why there is none
  ReportSeries rsa_bpm;       // HR peak-to-trough per valid paced breath, at the breath's start
  std::vector<std::string> assessment_header;
  std::vector<std::vector<std::string>> assessment_rows;
  std::string assessment_summary;
};

/// Everything the report shows for session id (throws StoreError kNotFound for an unknown id,
/// std::runtime_error "nothing to report" for a session without beats).
ReportData report_data(storage::Database& db, std::int64_t session_id, bool deidentify);

}  // namespace resonant::engine::exports
