#pragma once
// Drawing primitives of the session report (cairo, internal to the engine): a calm, print-
// friendly palette and charts in a box, all in PDF points (1/72 inch; the PNG scales them).
#include <string>
#include <string_view>
#include <vector>

#include <cairo.h>

#include "export_report_data.hpp"

namespace resonant::engine::exports {

struct Rgb {
  double r = 0.0, g = 0.0, b = 0.0;
};

// The app's palette on a light background.
inline constexpr Rgb kPaper{0.992, 0.984, 0.969};
inline constexpr Rgb kInk{0.20, 0.24, 0.28};
inline constexpr Rgb kMutedInk{0.45, 0.50, 0.55};
inline constexpr Rgb kTeal{0.27, 0.60, 0.58};
inline constexpr Rgb kApricot{0.95, 0.64, 0.42};
inline constexpr Rgb kBlueGrey{0.47, 0.56, 0.64};
inline constexpr Rgb kGrid{0.88, 0.88, 0.86};

enum class Weight { kNormal, kBold };

void set_colour(cairo_t* cr, Rgb c, double alpha = 1.0);
/// Text with its baseline at (x, y); align 0 left, 0.5 centre, 1 right. Returns its width.
double draw_text(cairo_t* cr, double x, double y, std::string_view text, double size_pt,
                 Weight weight = Weight::kNormal, Rgb colour = kInk, double align = 0.0);
/// text broken at spaces into lines no wider than width_pt (a word wider than that stands
/// alone on its line).
std::vector<std::string> wrap_text(cairo_t* cr, std::string_view text, double size_pt, Weight weight,
                                   double width_pt);

struct Box {
  double x = 0.0, y = 0.0, w = 0.0, h = 0.0;
};

struct Range {
  double lo = 0.0, hi = 1.0;
};

/// A chart: title above the box, axes with round ticks, and coordinate mapping.
class Chart {
 public:
  /// Draws the title, frame, grid and tick labels; x_scale multiplies x tick labels (e.g. s to min).
  Chart(cairo_t* cr, Box box, std::string_view title, Range x, Range y, std::string_view x_unit,
        std::string_view y_unit, double x_label_scale = 1.0);

  double px(double x) const;
  double py(double y) const;

  void spans(const std::vector<ReportSpan>& spans, Rgb colour, double alpha, bool labels) const;
  void markers(const std::vector<ReportMarker>& markers) const;
  void line(const ReportSeries& s, Rgb colour, double width_pt) const;
  /// Each value holds until the next one (a change-only timeline), the last until x.hi.
  void steps(const ReportSeries& s, Rgb colour, double width_pt) const;
  void bars(const ReportSeries& s, double bar_width, Rgb colour) const;
  /// A note in the middle of the box (e.g. why it is empty).
  void note(std::string_view text) const;

 private:
  void clip() const;

  cairo_t* cr_;
  Box box_;
  Range x_, y_;
};

/// The range of values (padded by pad share of the span; a flat series gets +-1).
Range value_range(const std::vector<double>& v, double pad);

}  // namespace resonant::engine::exports
