// Drawing primitives of the session report (see export_report_charts.hpp).
#include "export_report_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace resonant::engine::exports {
namespace {

constexpr double kTitleSizePt = 9.5;
constexpr double kTickSizePt = 7.0;
constexpr double kTargetTicks = 5.0;
constexpr double kMarkerDash[] = {2.0, 2.0};

/// A round tick step (1, 2 or 5 x 10^k) giving about kTargetTicks ticks over span.
double tick_step(double span) {
  const double raw = span / kTargetTicks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10.0 * magnitude;
}

std::string tick_label(double v, double step) {
  char buf[32];
  const int decimals = step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void select_font(cairo_t* cr, double size_pt, Weight weight) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         weight == Weight::kBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size_pt);
}

}  // namespace

void set_colour(cairo_t* cr, Rgb c, double alpha) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

double draw_text(cairo_t* cr, double x, double y, std::string_view text, double size_pt, Weight weight,
                 Rgb colour, double align) {
  const std::string s(text);
  select_font(cr, size_pt, weight);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, s.c_str(), &ext);
  set_colour(cr, colour);
  cairo_move_to(cr, x - align * ext.x_advance, y);
  cairo_show_text(cr, s.c_str());
  return ext.x_advance;
}

std::vector<std::string> wrap_text(cairo_t* cr, std::string_view text, double size_pt, Weight weight,
                                   double width_pt) {
  select_font(cr, size_pt, weight);
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    const std::string_view word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    std::string longer = line.empty() ? std::string(word) : line + ' ' + std::string(word);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, longer.c_str(), &ext);
    if (ext.x_advance > width_pt && !line.empty()) {
      lines.push_back(std::move(line));
      longer = std::string(word);
    }
    line = std::move(longer);
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

Range value_range(const std::vector<double>& v, double pad) {
  if (v.empty()) return {0.0, 1.0};
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  if (*hi - *lo <= 0.0) return {*lo - 1.0, *hi + 1.0};
  const double margin = (*hi - *lo) * pad;
  return {*lo - margin, *hi + margin};
}

Chart::Chart(cairo_t* cr, Box box, std::string_view title, Range x, Range y, std::string_view x_unit,
             std::string_view y_unit, double x_label_scale)
    : cr_(cr), box_(box), x_(x), y_(y) {
  draw_text(cr_, box_.x, box_.y - 6.0, title, kTitleSizePt, Weight::kBold);
  if (!y_unit.empty()) draw_text(cr_, box_.x + box_.w, box_.y - 6.0, y_unit, kTickSizePt, Weight::kNormal, kMutedInk, 1.0);
  set_colour(cr_, {1.0, 1.0, 1.0});
  cairo_rectangle(cr_, box_.x, box_.y, box_.w, box_.h);
  cairo_fill(cr_);
  cairo_set_line_width(cr_, 0.5);
  const double ys = tick_step(y_.hi - y_.lo);
  for (double v = std::ceil(y_.lo / ys) * ys; v <= y_.hi + ys * 1e-9; v += ys) {
    set_colour(cr_, kGrid);
    cairo_move_to(cr_, box_.x, py(v));
    cairo_line_to(cr_, box_.x + box_.w, py(v));
    cairo_stroke(cr_);
    draw_text(cr_, box_.x - 3.0, py(v) + 2.5, tick_label(v, ys), kTickSizePt, Weight::kNormal, kMutedInk, 1.0);
  }
  const double xs = tick_step((x_.hi - x_.lo) * x_label_scale) / x_label_scale;
  for (double v = std::ceil(x_.lo / xs) * xs; v <= x_.hi + xs * 1e-9; v += xs) {
    draw_text(cr_, px(v), box_.y + box_.h + 9.0, tick_label(v * x_label_scale, xs * x_label_scale), kTickSizePt,
              Weight::kNormal, kMutedInk, 0.5);
  }
  draw_text(cr_, box_.x + box_.w, box_.y + box_.h + 18.0, x_unit, kTickSizePt, Weight::kNormal, kMutedInk, 1.0);
  set_colour(cr_, kMutedInk);
  cairo_rectangle(cr_, box_.x, box_.y, box_.w, box_.h);
  cairo_stroke(cr_);
}

double Chart::px(double x) const { return box_.x + (x - x_.lo) / (x_.hi - x_.lo) * box_.w; }
double Chart::py(double y) const { return box_.y + box_.h - (y - y_.lo) / (y_.hi - y_.lo) * box_.h; }

void Chart::clip() const {
  cairo_rectangle(cr_, box_.x, box_.y, box_.w, box_.h);
  cairo_clip(cr_);
}

void Chart::spans(const std::vector<ReportSpan>& spans, Rgb colour, double alpha, bool labels) const {
  cairo_save(cr_);
  clip();
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const ReportSpan& s = spans[i];
    // Neighbouring spans alternate in strength so that each step stays visible.
    set_colour(cr_, colour, i % 2 == 0 ? alpha : alpha * 0.5);
    cairo_rectangle(cr_, px(s.from_s), box_.y, px(s.to_s) - px(s.from_s), box_.h);
    cairo_fill(cr_);
    if (labels && px(s.to_s) - px(s.from_s) > 30.0) {
      draw_text(cr_, px(s.from_s) + 2.0, box_.y + 8.0, s.label, kTickSizePt - 1.0, Weight::kNormal, kMutedInk);
    }
  }
  cairo_restore(cr_);
}

void Chart::markers(const std::vector<ReportMarker>& markers) const {
  cairo_save(cr_);
  clip();
  cairo_set_dash(cr_, kMarkerDash, 2, 0.0);
  cairo_set_line_width(cr_, 0.8);
  for (const ReportMarker& m : markers) {
    set_colour(cr_, kBlueGrey);
    cairo_move_to(cr_, px(m.t_s), box_.y);
    cairo_line_to(cr_, px(m.t_s), box_.y + box_.h);
    cairo_stroke(cr_);
    draw_text(cr_, px(m.t_s) + 2.0, box_.y + box_.h - 3.0, m.text, kTickSizePt - 1.0, Weight::kNormal, kBlueGrey);
  }
  cairo_restore(cr_);
}

void Chart::line(const ReportSeries& s, Rgb colour, double width_pt) const {
  cairo_save(cr_);
  clip();
  set_colour(cr_, colour);
  cairo_set_line_width(cr_, width_pt);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  for (std::size_t i = 0; i < s.t_s.size(); ++i) {
    if (i == 0) {
      cairo_move_to(cr_, px(s.t_s[i]), py(s.value[i]));
    } else {
      cairo_line_to(cr_, px(s.t_s[i]), py(s.value[i]));
    }
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Chart::steps(const ReportSeries& s, Rgb colour, double width_pt) const {
  ReportSeries held;
  for (std::size_t i = 0; i < s.t_s.size(); ++i) {
    held.t_s.push_back(s.t_s[i]);
    held.value.push_back(s.value[i]);
    held.t_s.push_back(i + 1 < s.t_s.size() ? s.t_s[i + 1] : x_.hi);
    held.value.push_back(s.value[i]);
  }
  line(held, colour, width_pt);
}

void Chart::bars(const ReportSeries& s, double bar_width, Rgb colour) const {
  cairo_save(cr_);
  clip();
  set_colour(cr_, colour);
  for (std::size_t i = 0; i < s.t_s.size(); ++i) {
    const double x0 = px(s.t_s[i]);
    const double x1 = std::max(px(s.t_s[i] + bar_width) - 1.0, x0 + 0.5);
    cairo_rectangle(cr_, x0, py(s.value[i]), x1 - x0, py(std::max(y_.lo, 0.0)) - py(s.value[i]));
  }
  cairo_fill(cr_);
  cairo_restore(cr_);
}

void Chart::note(std::string_view text) const {
  draw_text(cr_, box_.x + box_.w / 2.0, box_.y + box_.h / 2.0, text, kTickSizePt + 1.0, Weight::kNormal, kMutedInk,
            0.5);
}

}  // namespace resonant::engine::exports
