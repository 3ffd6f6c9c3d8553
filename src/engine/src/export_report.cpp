// The session report as PDF (A4, two pages) and PNG (the first page at 150 dpi), drawn with
// cairo's own text API in DejaVu Sans (fonts-dejavu-core). Page 1: who/when/what, the summary
// table and the four charts; page 2 (export_report_details.cpp): the tables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>

#include <resonant/dsp/hrv_frequency.hpp>

#include "export_formats.hpp"
#include "export_report_charts.hpp"
#include "export_report_layout.hpp"
#include "private_file.hpp"

namespace resonant::engine::exports {
namespace {

constexpr double kPointsPerInch = 72.0;
constexpr double kPngDpi = 150.0;
constexpr double kAxisGutterPt = 26.0;   // room for y tick labels left of a chart
constexpr double kSpectrumMaxHz = 0.5;
constexpr double kNoteLinePt = 9.5;        // a small-type line of a reading note
constexpr std::size_t kMaxNoteLines = 6;   // keeps the charts below their height
constexpr const char* kNotMedical =
    "Resonant is a training aid, not a medical device. These figures describe one practice session; "
    "they are not a diagnosis.";

void footer(cairo_t* cr, int page, int pages) {
  const double y = kA4HeightPt - kMarginPt + 8.0;
  set_colour(cr, kGrid);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kMarginPt, y - 12.0);
  cairo_line_to(cr, kA4WidthPt - kMarginPt, y - 12.0);
  cairo_stroke(cr);
  draw_text(cr, kMarginPt, y, kNotMedical, kSmallPt, Weight::kNormal, kMutedInk);
  draw_text(cr, kA4WidthPt - kMarginPt, y + 10.0, std::to_string(page) + " / " + std::to_string(pages), kSmallPt,
            Weight::kNormal, kMutedInk, 1.0);
  draw_text(cr, kMarginPt, y + 10.0,
            "Units: bpm beats per minute; /min breaths per minute; ms milliseconds; ms²/Hz power density. "
            "Times are from the session's start.",
            kSmallPt, Weight::kNormal, kMutedInk);
}

/// Title block; returns the y below it.
double header(cairo_t* cr, const ReportData& d) {
  double y = kMarginPt + 14.0;
  draw_text(cr, kMarginPt, y, "Resonant - " + d.title, 18.0, Weight::kBold, kTeal);
  y += 20.0;
  const double col = kMarginPt + 70.0;
  const std::pair<const char*, std::string> lines[] = {
      {"Client", d.client},
      {"Date", d.date},
      {"Duration", d.saved_note.empty() ? minutes_text(d.duration_s)
                                         : minutes_text(d.duration_s) + " (" + d.saved_note + ")"},
      {"Protocol", d.protocol.empty() ? std::string("none") : d.protocol + " (" + std::to_string(d.steps.size()) + " steps)"},
  };
  for (const auto& [label, value] : lines) {
    draw_text(cr, kMarginPt, y, label, kBodyPt, Weight::kNormal, kMutedInk);
    draw_text(cr, col, y, value, kBodyPt);
    y += kLinePt;
  }
  // An imported file read with a doubt: every figure below rests on that reading, so the
  // doubt stands with the session's facts, not among the marks on page 2.
  for (const std::string& note : d.reading_notes) {
    draw_text(cr, kMarginPt, y, "Imported", kBodyPt, Weight::kNormal, kMutedInk);
    std::vector<std::string> note_lines = wrap_text(cr, note, kSmallPt, Weight::kNormal, kA4WidthPt - kMarginPt - col);
    if (note_lines.size() > kMaxNoteLines) {
      note_lines.resize(kMaxNoteLines);
      note_lines.back() += " …";
    }
    for (const std::string& line : note_lines) {
      draw_text(cr, col, y, line, kSmallPt);
      y += kNoteLinePt;
    }
    y += kLinePt - kNoteLinePt;
  }
  return y + 4.0;
}

/// The summary in two columns; returns the y below it.
double summary_table(cairo_t* cr, const ReportData& d, double y) {
  const double width = kA4WidthPt - 2.0 * kMarginPt;
  const std::size_t rows = (d.summary.size() + 1) / 2;
  set_colour(cr, kTeal, 0.08);
  cairo_rectangle(cr, kMarginPt, y, width, static_cast<double>(rows) * kLinePt + 8.0);
  cairo_fill(cr);
  for (std::size_t i = 0; i < d.summary.size(); ++i) {
    const double x = kMarginPt + 6.0 + (i < rows ? 0.0 : width / 2.0);
    const double row_y = y + 12.0 + static_cast<double>(i % rows) * kLinePt;
    draw_text(cr, x, row_y, d.summary[i].label, kBodyPt, Weight::kNormal, kMutedInk);
    draw_text(cr, x + width / 2.0 - 14.0, row_y, d.summary[i].value, kBodyPt, Weight::kBold, kInk, 1.0);
  }
  return y + static_cast<double>(rows) * kLinePt + 8.0;
}

void hr_chart(cairo_t* cr, const ReportData& d, Box box) {
  const Range x{0.0, std::max(d.duration_s, 1.0)};
  Chart chart(cr, box, "Heart rate through the session (shaded: pacer on / protocol steps; dashed: marks)", x,
              value_range(d.hr_bpm.value, 0.08), "min", "bpm", 1.0 / kSecondsPerMinute);
  chart.spans(d.paced, kApricot, 0.16, d.steps.empty());
  chart.spans(d.steps, kBlueGrey, 0.10, true);
  chart.markers(d.markers);
  chart.line(d.hr_bpm, kTeal, 0.9);
}

void coherence_chart(cairo_t* cr, const ReportData& d, Box box) {
  const Range x{0.0, std::max(d.duration_s, 1.0)};
  Range y = value_range(d.coherence.value, 0.08);
  y.lo = 0.0;
  Chart chart(cr, box, "Coherence over time", x, y, "min", "ratio", 1.0 / kSecondsPerMinute);
  chart.spans(d.paced, kApricot, 0.16, false);
  chart.steps(d.coherence, kBlueGrey, 1.2);
  if (d.coherence.t_s.empty()) chart.note("no coherence stored for this session");
}

void spectrum_chart(cairo_t* cr, const ReportData& d, Box box) {
  ReportSeries psd;
  for (std::size_t k = 0; k < d.spectrum.density.size(); ++k) {
    const double f = static_cast<double>(k) * d.spectrum.resolution_hz;
    if (f > kSpectrumMaxHz) break;
    psd.t_s.push_back(f);
    psd.value.push_back(d.spectrum.density[k]);
  }
  Range y = value_range(psd.value, 0.05);
  y.lo = 0.0;
  Chart chart(cr, box, "HRV spectrum of the practice", {0.0, kSpectrumMaxHz}, y, "Hz", "ms²/Hz");
  const std::vector<ReportSpan> bands = {{dsp::kVlfLowHz, dsp::kLfLowHz, "VLF"},
                                         {dsp::kLfLowHz, dsp::kHfLowHz, "LF"},
                                         {dsp::kHfLowHz, dsp::kHfHighHz, "HF"}};
  chart.spans(bands, kBlueGrey, 0.12, true);
  chart.line(psd, kTeal, 1.1);
  if (psd.t_s.empty()) chart.note("no spectrum");
  draw_text(cr, box.x, box.y + box.h + 27.0, d.spectrum_note, kSmallPt - 0.5, Weight::kNormal, kMutedInk);
}

void rsa_chart(cairo_t* cr, const ReportData& d, Box box) {
  Range y = value_range(d.rsa_bpm.value, 0.08);
  y.lo = 0.0;
  const Range x{0.0, std::max(d.duration_s, 1.0)};
  Chart chart(cr, box, "Heart-rate swing per breath (RSA)", x, y, "min", "bpm", 1.0 / kSecondsPerMinute);
  const double breath_s = d.rsa_bpm.t_s.size() > 1 ? d.rsa_bpm.t_s[1] - d.rsa_bpm.t_s[0] : kSecondsPerMinute / 6.0;
  chart.bars(d.rsa_bpm, breath_s, kApricot);
  if (d.rsa_bpm.t_s.empty()) chart.note("no paced breaths with enough beats");
}

void first_page(cairo_t* cr, const ReportData& d) {
  paint_paper(cr);
  double y = header(cr, d);
  y = summary_table(cr, d, y) + 24.0;
  const double left = kMarginPt + kAxisGutterPt;
  const double width = kA4WidthPt - kMarginPt - left;
  hr_chart(cr, d, {left, y, width, 165.0});
  y += 165.0 + 40.0;
  coherence_chart(cr, d, {left, y, width, 95.0});
  y += 95.0 + 40.0;
  const double half = (width - kAxisGutterPt - 14.0) / 2.0;
  const double bottom_h = kA4HeightPt - kMarginPt - 52.0 - y;
  spectrum_chart(cr, d, {left, y, half, bottom_h});
  rsa_chart(cr, d, {left + half + kAxisGutterPt + 14.0, y, half, bottom_h});
}

constexpr int kPages = 2;

void check(cairo_surface_t* surface, const std::filesystem::path& path) {
  const cairo_status_t status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot write the report " + path.string() + ": " + cairo_status_to_string(status));
  }
}

// Cairo writes the report through this into the PrivateFile, whose write() checks every
// call: cairo's own file output buffers through stdio and lost a failed last flush, so a full
// disk left a cut-off PDF that the export called done. A C callback must not throw: the error
// is kept and re-thrown once cairo has returned.
struct CairoTarget {
  PrivateFile& file;
  std::exception_ptr error;
};

cairo_status_t write_to_target(void* closure, const unsigned char* data, unsigned int length) {
  auto* target = static_cast<CairoTarget*>(closure);
  if (target->error) return CAIRO_STATUS_WRITE_ERROR;
  try {
    target->file.write(std::string_view(reinterpret_cast<const char*>(data), length));
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    target->error = std::current_exception();
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

void rethrow_write_error(const CairoTarget& target) {
  if (target.error) std::rethrow_exception(target.error);
}

}  // namespace

void paint_paper(cairo_t* cr) {
  set_colour(cr, kPaper);
  cairo_paint(cr);
}

std::string minutes_text(double s) {
  // To the nearest second, as the session list shows it (299.9996 s is 5 min, not 4:59).
  const long long whole_s = std::llround(std::max(0.0, s));
  const auto per_minute = static_cast<long long>(kSecondsPerMinute);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld min %02lld s", whole_s / per_minute, whole_s % per_minute);
  return buf;
}

std::string time_range(const ReportSpan& s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f-%.1f min", s.from_s / kSecondsPerMinute, s.to_s / kSecondsPerMinute);
  return buf;
}


void write_report_pdf(const ReportData& d, const std::filesystem::path& path) {
  PrivateFile file(path);
  CairoTarget target{file, nullptr};
  {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_pdf_surface_create_for_stream(write_to_target, &target, kA4WidthPt, kA4HeightPt),
        cairo_surface_destroy);
    check(surface.get(), path);
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "Resonant session report");
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);
    first_page(cr.get(), d);
    footer(cr.get(), 1, kPages);
    cairo_show_page(cr.get());
    draw_details_page(cr.get(), d);
    footer(cr.get(), 2, kPages);
    cairo_show_page(cr.get());
    cairo_surface_finish(surface.get());
    rethrow_write_error(target);
    check(surface.get(), path);
  }
  file.commit();
}

void write_report_png(const ReportData& d, const std::filesystem::path& path) {
  PrivateFile file(path);
  {
    const double scale = kPngDpi / kPointsPerInch;
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, kReportPngWidthPx, kReportPngHeightPx), cairo_surface_destroy);
    check(surface.get(), path);
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);
    cairo_scale(cr.get(), scale, scale);
    first_page(cr.get(), d);
    footer(cr.get(), 1, kPages);
    cairo_surface_flush(surface.get());
    CairoTarget target{file, nullptr};
    const cairo_status_t status =
        cairo_surface_write_to_png_stream(surface.get(), write_to_target, &target);
    rethrow_write_error(target);
    if (status != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error("cannot write the report " + path.string() + ": " + cairo_status_to_string(status));
    }
  }
  file.commit();
}

}  // namespace resonant::engine::exports
