// Page 2 of the session report: the tables (see export_report_layout.hpp).
#include <algorithm>
#include <string_view>
#include <vector>

#include "export_report_charts.hpp"
#include "export_report_layout.hpp"

namespace resonant::engine::exports {
namespace {

constexpr std::size_t kMaxListedMarks = 20;

/// A section heading; returns the y for its first line.
double section(cairo_t* cr, double y, std::string_view title) {
  draw_text(cr, kMarginPt, y, title, 11.0, Weight::kBold, kTeal);
  return y + 16.0;
}

double table(cairo_t* cr, double y, const std::vector<std::string>& header_cells,
             const std::vector<std::vector<std::string>>& rows, const std::vector<double>& columns_pt) {
  double x = kMarginPt;
  for (std::size_t c = 0; c < header_cells.size(); ++c) {
    draw_text(cr, x, y, header_cells[c], kSmallPt, Weight::kBold, kMutedInk);
    x += columns_pt[c];
  }
  y += kLinePt;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r % 2 == 0) {
      set_colour(cr, kTeal, 0.06);
      cairo_rectangle(cr, kMarginPt - 3.0, y - 9.0, kA4WidthPt - 2.0 * kMarginPt + 6.0, kLinePt);
      cairo_fill(cr);
    }
    x = kMarginPt;
    for (std::size_t c = 0; c < rows[r].size() && c < columns_pt.size(); ++c) {
      // A long cell is cut at its column (or the page margin) rather than running over.
      cairo_save(cr);
      cairo_rectangle(cr, x, y - kLinePt, std::min(columns_pt[c] - 4.0, kA4WidthPt - kMarginPt - x), kLinePt * 1.5);
      cairo_clip(cr);
      draw_text(cr, x, y, rows[r][c], kSmallPt);
      cairo_restore(cr);
      x += columns_pt[c];
    }
    y += kLinePt;
  }
  return y + 10.0;
}

}  // namespace

void draw_details_page(cairo_t* cr, const ReportData& d) {
  paint_paper(cr);
  double y = section(cr, kMarginPt + 14.0, "Protocol and pacer");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < d.steps.size(); ++i) {
    rows.push_back({std::to_string(i + 1), d.steps[i].label, time_range(d.steps[i])});
  }
  if (rows.empty()) rows.push_back({"-", "no protocol in this session", ""});
  y = table(cr, y, {"step", d.protocol.empty() ? "protocol" : d.protocol, "time"}, rows, {40.0, 300.0, 120.0});
  rows.clear();
  for (const ReportSpan& s : d.paced) rows.push_back({s.label, time_range(s)});
  if (rows.empty()) rows.push_back({"pacer off", "whole session"});
  y = table(cr, y, {"pacer", "time"}, rows, {80.0, 200.0});

  y = section(cr, y + 6.0, "Resonance assessment");
  if (d.assessment_rows.empty()) {
    draw_text(cr, kMarginPt, y, "This session is not an assessment.", kBodyPt, Weight::kNormal, kMutedInk);
    y += kLinePt + 10.0;
  } else {
    draw_text(cr, kMarginPt, y, d.assessment_summary, kBodyPt, Weight::kBold);
    y = table(cr, y + kLinePt + 4.0, d.assessment_header, d.assessment_rows,
              {50.0, 45.0, 45.0, 40.0, 70.0, 60.0, 50.0, 150.0});
  }

  y = section(cr, y + 6.0, "Self-ratings");
  rows.clear();
  for (const ReportRow& r : d.ratings) rows.push_back({r.label, r.value});
  if (rows.empty()) rows.push_back({"none stored", ""});
  y = table(cr, y, {"scale", "value"}, rows, {200.0, 80.0});

  y = section(cr, y + 6.0, "Marks");
  rows.clear();
  for (std::size_t i = 0; i < d.markers.size() && i < kMaxListedMarks; ++i) {
    rows.push_back({minutes_text(d.markers[i].t_s), d.markers[i].text});
  }
  if (rows.empty()) rows.push_back({"-", "no marks"});
  y = table(cr, y, {"time", "mark"}, rows, {90.0, 380.0});

  y = section(cr, y + 6.0, "What the figures mean");
  const char* definitions[] = {
      "Heart rate, RMSSD and SDNN: whole session, from the corrected beat-to-beat intervals; RMSSD, SDNN from 30 s.",
      "lnRMSSD: natural log of RMSSD in ms. Artifacts: share of labelled beats that were not normal.",
      "Rhythm (for HRV): uneven when over 10 % of successive intervals differ by over a fifth (extra",
      "beats, a slipping sensor); RMSSD and SDNN then measure those jumps, not HRV. Not a diagnosis.",
      "Coherence ratio: power around the heart rhythm's main slow peak over the rest; time-weighted over the session.",
      "Spectrum: Welch density of the corrected intervals; VLF 0.0033-0.04, LF 0.04-0.15, HF 0.15-0.4 Hz.",
      "RSA per breath: highest minus lowest heart rate within each paced breath (shifted 0.75 s for the heart's lag).",
  };
  for (const char* line : definitions) {
    draw_text(cr, kMarginPt, y, line, kSmallPt);
    y += kLinePt - 2.0;
  }
}


}  // namespace resonant::engine::exports
