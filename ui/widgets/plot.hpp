#pragma once
// A small generic ImDrawList plot helper (ImPlot is not packaged on Debian 12):
// a strip chart with gaps and smooth lines, filled bands, autoscale that eases instead of
// jumping, and simple axis labels. Later: spectrum bars, gauge.
//
// All drawing is clipped to the plot area. x must increase along a series.
#include <span>
#include <vector>

#include <imgui.h>

namespace resonant::ui::plot {

struct Range {
  double lo = 0.0;
  double hi = 1.0;
};

/// A rectangle on screen and the data ranges it shows.
struct Area {
  ImVec2 min{};  // top-left, screen pixels
  ImVec2 max{};  // bottom-right
  Range x{};
  Range y{};

  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
  float to_screen_x(double value) const;
  float to_screen_y(double value) const;
  ImVec2 to_screen(double x_value, double y_value) const {
    return ImVec2(to_screen_x(x_value), to_screen_y(y_value));
  }
};

struct Point {
  double x = 0.0;
  double y = 0.0;
  bool break_before = false;  // do not join this point to the previous one (a gap)
};

struct LineStyle {
  ImU32 colour = 0xFFFFFFFFu;
  float thickness_px = 2.0f;
  bool smooth = true;  // monotone cubic between points: smooth, never overshoots
};

struct LineStats {
  int pieces = 0;  // unbroken runs drawn (a single isolated point counts as one, as a dot)
  int points = 0;  // data points used
};

/// Draws a series as a line broken at break_before points (and at non-finite y).
LineStats draw_line(ImDrawList* draw_list, const Area& area, std::span<const Point> points,
                    const LineStyle& style);

/// Fills between a series and y = base with a vertical gradient (colour at the curve,
/// base_colour at the base). For soft backgrounds such as the pacer wave.
void draw_band(ImDrawList* draw_list, const Area& area, std::span<const Point> points,
               double base, ImU32 colour, ImU32 base_colour);

/// About max_ticks (at most one more) "nice" values (steps of 1, 2 or 5 x 10^k) inside [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

/// [min - pad, max + pad] of the finite values, at least min_span wide, centred on the data;
/// fallback when there are no finite values.
Range padded_range(std::span<const double> values, double min_span, double pad_fraction,
                   Range fallback);

/// Like padded_range, but spanning only the q_lo..q_hi quantiles of the finite values, so a
/// few outliers (e.g. a missed beat) do not squash everything else; they are clipped.
Range quantile_range(std::span<const double> values, double q_lo, double q_hi,
                     double min_span, double pad_fraction, Range fallback);

/// Eases a range toward a target with time constant tau_s, so autoscaling never jumps.
Range ease_range(Range current, Range target, double dt_s, double tau_s);

/// Horizontal grid lines at ticks across the area, with labels (printf format, e.g. "%.0f")
/// right-aligned just left of it: leave y_label_width() free there. font may be null.
void draw_y_grid(ImDrawList* draw_list, const Area& area, std::span<const double> ticks,
                 const char* format, ImU32 grid_colour, ImU32 label_colour, ImFont* font,
                 float font_size);

/// Room the y labels need left of the area for values up to widest_value.
float y_label_width(const char* format, double widest_value, ImFont* font, float font_size);

/// A label centred under x (or right-aligned at the right edge), below the area.
void draw_x_label(ImDrawList* draw_list, const Area& area, double x, const char* text,
                  ImU32 colour, ImFont* font, float font_size);

}  // namespace resonant::ui::plot
