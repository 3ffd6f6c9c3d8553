#pragma once
// The session report's page layout shared by its two pages (internal to the engine):
// export_report.cpp draws page 1 (charts) and writes the files, export_report_details.cpp
// draws page 2 (tables).
#include <string>

#include <cairo.h>

#include "export_report_data.hpp"

namespace resonant::engine::exports {

// Page geometry and type sizes in PDF points (1/72 inch).
inline constexpr double kA4WidthPt = 595.276;   // 210 mm
inline constexpr double kA4HeightPt = 841.890;  // 297 mm
inline constexpr double kMarginPt = 42.0;
inline constexpr double kSecondsPerMinute = 60.0;
inline constexpr double kBodyPt = 9.0;
inline constexpr double kSmallPt = 7.5;
inline constexpr double kLinePt = 12.5;

/// The light background of a page.
void paint_paper(cairo_t* cr);
/// "12 min 05 s".
std::string minutes_text(double s);
/// "2.0-4.5 min".
std::string time_range(const ReportSpan& s);

/// Page 2: protocol steps, pacer, the assessment table, self-ratings, marks, definitions.
void draw_details_page(cairo_t* cr, const ReportData& d);

}  // namespace resonant::engine::exports
