#include "widgets/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "widgets/gl_textures.hpp"

namespace resonant::ui::plot {
namespace {

// Monotone cubic (Fritsch-Carlson) tangents for one unbroken run of screen points.
void monotone_tangents(std::span<const ImVec2> p, std::vector<float>& m) {
  const std::size_t n = p.size();
  m.assign(n, 0.0f);
  if (n < 2) return;
  std::vector<float> d(n - 1);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const float dx = p[i + 1].x - p[i].x;
    d[i] = dx > 0.0f ? (p[i + 1].y - p[i].y) / dx : 0.0f;
  }
  m[0] = d[0];
  m[n - 1] = d[n - 2];
  for (std::size_t i = 1; i + 1 < n; ++i) {
    m[i] = (d[i - 1] * d[i] <= 0.0f) ? 0.0f : 0.5f * (d[i - 1] + d[i]);
  }
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (d[i] == 0.0f) {
      m[i] = 0.0f;
      m[i + 1] = 0.0f;
      continue;
    }
    const float a = m[i] / d[i];
    const float b = m[i + 1] / d[i];
    const float s = a * a + b * b;
    if (s > 9.0f) {
      const float t = 3.0f / std::sqrt(s);
      m[i] = t * a * d[i];
      m[i + 1] = t * b * d[i];
    }
  }
}

// Appends the screen path of one run to path (smoothed if asked).
void build_path(std::span<const ImVec2> run, bool smooth, std::vector<ImVec2>& path) {
  path.clear();
  if (!smooth || run.size() < 3) {
    path.assign(run.begin(), run.end());
    return;
  }
  std::vector<float> m;
  monotone_tangents(run, m);
  path.push_back(run[0]);
  for (std::size_t i = 0; i + 1 < run.size(); ++i) {
    const ImVec2 a = run[i];
    const ImVec2 b = run[i + 1];
    const float h = b.x - a.x;
    const int steps = std::clamp(static_cast<int>(h / 3.0f), 1, 10);
    for (int k = 1; k <= steps; ++k) {
      const float t = static_cast<float>(k) / static_cast<float>(steps);
      const float t2 = t * t;
      const float t3 = t2 * t;
      const float h00 = 2 * t3 - 3 * t2 + 1;
      const float h10 = t3 - 2 * t2 + t;
      const float h01 = -2 * t3 + 3 * t2;
      const float h11 = t3 - t2;
      const float y = h00 * a.y + h10 * h * m[i] + h01 * b.y + h11 * h * m[i + 1];
      path.emplace_back(a.x + t * h, y);
    }
  }
}

}  // namespace

float Area::to_screen_x(double value) const {
  const double span = x.hi - x.lo;
  const double f = span != 0.0 ? (value - x.lo) / span : 0.0;
  return min.x + static_cast<float>(f) * width();
}

float Area::to_screen_y(double value) const {
  const double span = y.hi - y.lo;
  const double f = span != 0.0 ? (value - y.lo) / span : 0.0;
  return max.y - static_cast<float>(f) * height();
}

LineStats draw_line(ImDrawList* dl, const Area& area, std::span<const Point> points,
                    const LineStyle& style) {
  LineStats stats;
  if (points.empty()) return stats;
  dl->PushClipRect(area.min, area.max, true);
  std::vector<ImVec2> run;
  std::vector<ImVec2> path;
  auto flush = [&] {
    if (run.empty()) return;
    ++stats.pieces;
    if (run.size() == 1) {
      dl->AddCircleFilled(run[0], style.thickness_px * 1.2f, style.colour, 12);
    } else {
      build_path(run, style.smooth, path);
      dl->AddPolyline(path.data(), static_cast<int>(path.size()), style.colour, 0,
                      style.thickness_px);
    }
    run.clear();
  };
  for (const Point& p : points) {
    if (!std::isfinite(p.y) || !std::isfinite(p.x)) {
      flush();
      continue;
    }
    if (p.break_before) flush();
    ImVec2 s = area.to_screen(p.x, p.y);
    if (!run.empty() && s.x <= run.back().x) s.x = run.back().x + 0.01f;  // keep x increasing
    run.push_back(s);
    ++stats.points;
  }
  flush();
  dl->PopClipRect();
  return stats;
}

void draw_band(ImDrawList* dl, const Area& area, std::span<const Point> points, double base,
               ImU32 colour, ImU32 base_colour) {
  if (points.size() < 2) return;
  dl->PushClipRect(area.min, area.max, true);
  const gl_textures::SolidFill solid(dl);  // a large fill: cheaper with the solid texture
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  const float base_y = area.to_screen_y(base);
  // Column strips between successive points: two triangles each, colour by vertex. Never
  // across a gap or a missing value: a filled block there would show data that is not.
  const auto joined = [&](std::size_t i) {
    return !points[i + 1].break_before && std::isfinite(points[i].y) &&
           std::isfinite(points[i + 1].y);
  };
  int quads = 0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) quads += joined(i) ? 1 : 0;
  if (quads == 0) {
    dl->PopClipRect();
    return;
  }
  dl->PrimReserve(quads * 6, quads * 4);
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    if (!joined(i)) continue;
    const ImVec2 a = area.to_screen(points[i].x, points[i].y);
    const ImVec2 b = area.to_screen(points[i + 1].x, points[i + 1].y);
    const auto idx = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
    dl->PrimWriteVtx(a, uv, colour);
    dl->PrimWriteVtx(b, uv, colour);
    dl->PrimWriteVtx(ImVec2(b.x, base_y), uv, base_colour);
    dl->PrimWriteVtx(ImVec2(a.x, base_y), uv, base_colour);
    dl->PrimWriteIdx(idx);
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(idx + 1));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(idx + 2));
    dl->PrimWriteIdx(idx);
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(idx + 2));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(idx + 3));
  }
  dl->PopClipRect();
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  std::vector<double> ticks;
  if (!(hi > lo) || max_ticks < 1 || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  const double raw = (hi - lo) / static_cast<double>(max_ticks);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag * 10.0;
  for (double f : {1.0, 2.0, 5.0, 10.0}) {
    if (mag * f >= raw) {
      step = mag * f;
      break;
    }
  }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  return ticks;
}

Range padded_range(std::span<const double> values, double min_span, double pad_fraction,
                   Range fallback) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!(hi >= lo)) return fallback;
  const double pad = (hi - lo) * pad_fraction;
  lo -= pad;
  hi += pad;
  if (hi - lo < min_span) {
    const double mid = 0.5 * (lo + hi);
    lo = mid - 0.5 * min_span;
    hi = mid + 0.5 * min_span;
  }
  return {lo, hi};
}

Range quantile_range(std::span<const double> values, double q_lo, double q_hi,
                     double min_span, double pad_fraction, Range fallback) {
  std::vector<double> finite;
  finite.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) return fallback;
  auto quantile = [&finite](double q) {
    const auto k = static_cast<std::size_t>(
        std::clamp(q, 0.0, 1.0) * static_cast<double>(finite.size() - 1) + 0.5);
    std::nth_element(finite.begin(), finite.begin() + static_cast<std::ptrdiff_t>(k),
                     finite.end());
    return finite[k];
  };
  const double lo = quantile(q_lo);
  const double hi = quantile(q_hi);
  const double ends[] = {lo, hi};
  return padded_range(ends, min_span, pad_fraction, fallback);
}

Range ease_range(Range current, Range target, double dt_s, double tau_s) {
  const double k = tau_s > 0.0 ? 1.0 - std::exp(-std::max(dt_s, 0.0) / tau_s) : 1.0;
  return {current.lo + (target.lo - current.lo) * k, current.hi + (target.hi - current.hi) * k};
}

void draw_y_grid(ImDrawList* dl, const Area& area, std::span<const double> ticks,
                 const char* format, ImU32 grid_colour, ImU32 label_colour, ImFont* font,
                 float font_size) {
  if (font == nullptr) font = ImGui::GetFont();
  for (double t : ticks) {
    const float y = std::round(area.to_screen_y(t)) + 0.5f;
    if (y < area.min.y - 0.5f || y > area.max.y + 0.5f) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, format, t);
    const ImVec2 size = font->CalcTextSizeA(font_size, 1e6f, 0.0f, buf);
    dl->AddLine(ImVec2(area.min.x, y), ImVec2(area.max.x, y), grid_colour, 1.0f);
    dl->AddText(font, font_size, ImVec2(area.min.x - size.x - font_size * 0.6f, y - size.y * 0.5f),
                label_colour, buf);
  }
}

float y_label_width(const char* format, double widest_value, ImFont* font, float font_size) {
  if (font == nullptr) font = ImGui::GetFont();
  char buf[32];
  std::snprintf(buf, sizeof buf, format, widest_value);
  return font->CalcTextSizeA(font_size, 1e6f, 0.0f, buf).x + font_size * 0.6f;
}

void draw_x_label(ImDrawList* dl, const Area& area, double x, const char* text, ImU32 colour,
                  ImFont* font, float font_size) {
  if (font == nullptr) font = ImGui::GetFont();
  const ImVec2 size = font->CalcTextSizeA(font_size, 1e6f, 0.0f, text);
  float left = area.to_screen_x(x) - size.x * 0.5f;
  left = std::clamp(left, area.min.x, area.max.x - size.x);
  dl->AddText(font, font_size, ImVec2(left, area.max.y + font_size * 0.35f), colour, text);
}

}  // namespace resonant::ui::plot
