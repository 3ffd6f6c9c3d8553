#include "views/pacer_shapes.hpp"

#include <algorithm>
#include <cmath>

#include <resonant/ui/theme.hpp>

#include "widgets/gl_textures.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui::pacer_shapes {
namespace {

constexpr float kQuietAlpha = 0.30f;      // the frame that shows a full breath
constexpr float kWaveNowAt = 0.30f;       // "now" sits this far across the wave's width
constexpr double kWaveCyclesShown = 1.6;  // breaths across the whole width
constexpr float kWavePixelsPerPoint = 3.0f;
constexpr float kWaveFillAlpha = 0.22f;   // under the coming breath; fades to nothing below
constexpr float kWavePastAlpha = 0.35f;   // the breath just gone is drawn quieter

// A strip under the polyline from (x, y) down to bottom, fading from top_colour to
// transparent: soft fill without the banding of stacked shapes.
void fill_under(ImDrawList* dl, const ImVec2* pts, int n, float bottom, ImU32 top_colour) {
  if (n < 2) return;
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  const ImU32 clear = with_alpha(top_colour, 0.0f);
  dl->PrimReserve((n - 1) * 6, n * 2);
  const auto base = static_cast<unsigned>(dl->_VtxCurrentIdx);
  for (int i = 0; i < n; ++i) {
    dl->PrimWriteVtx(pts[i], uv, top_colour);
    dl->PrimWriteVtx(ImVec2(pts[i].x, bottom), uv, clear);
  }
  for (unsigned i = 0; i + 1 < static_cast<unsigned>(n); ++i) {
    const unsigned a = base + 2 * i, b = a + 1, c = a + 2, d = a + 3;
    for (unsigned idx : {a, b, d, a, d, c}) dl->PrimWriteIdx(static_cast<ImDrawIdx>(idx));
  }
}

constexpr float kBarWidthOfHeight = 0.22f;    // the bar's width as a share of its height
constexpr float kWaveWidthOfHeight = 2.4f;    // the wave's widest width as a multiple of its height
constexpr float kWaveHeightOfRadius = 0.85f;  // the wave's half height, as a share of max radius

}  // namespace

void circle(ImDrawList* dl, ImVec2 centre, float radius, float max_radius, bool enabled) {
  using namespace palette;
  // The full breath: a thin quiet ring, so the person sees how far the circle will grow.
  dl->AddCircle(centre, max_radius, with_alpha(kPacerRing, kQuietAlpha),
                shapes::circle_segments(max_radius), 1.5f);
  if (!enabled) return;
  // A soft halo fading outward, then the body lit from within: one textured octagon when
  // the renderer has the texture (far cheaper for software GL), else the same as meshes.
  const gl_textures::GlowLook look{kPacerLight, kPacerDeep, with_alpha(kPacer, 0.30f), kGlowReach};
  if (gl_textures::draw_disc_with_glow(dl, centre, radius, look)) return;
  shapes::radial_ring(dl, centre, radius, radius * (1.0f + kGlowReach), with_alpha(kPacer, 0.30f),
                      with_alpha(kPacer, 0.0f));
  shapes::radial_disc(dl, centre, radius, kPacerLight, kPacerDeep);
}

float bar(ImDrawList* dl, ImVec2 min, ImVec2 max, float volume, bool enabled) {
  using namespace palette;
  const float width = max.x - min.x;
  const float rounding = width * 0.5f;
  dl->AddRectFilled(min, max, with_alpha(kPacerRing, 0.06f), rounding);
  dl->AddRect(min, max, with_alpha(kPacerRing, kQuietAlpha), rounding, 0, 1.5f);
  if (!enabled) return max.y;
  // Empty lungs still show a round pebble at the bottom, so the bar never vanishes.
  const float inset = std::max(2.0f, width * 0.06f);
  const float lowest = max.y - inset - (width - 2.0f * inset);
  const float top = lowest + (min.y + inset - lowest) * std::clamp(volume, 0.0f, 1.0f);
  const ImVec2 fill_min(min.x + inset, top);
  const ImVec2 fill_max(max.x - inset, max.y - inset);
  // A soft halo around the body (two faint rounded layers, like the circle's glow), then
  // the body with a gentle light inside it.
  const float rounding_in = rounding - inset;
  for (const float halo : {inset * 1.6f, inset * 0.8f}) {
    dl->AddRectFilled(ImVec2(fill_min.x - halo, fill_min.y - halo),
                      ImVec2(fill_max.x + halo, fill_max.y + halo), with_alpha(kPacer, 0.10f),
                      rounding_in + halo);
  }
  dl->AddRectFilled(fill_min, fill_max, kPacerDeep, rounding_in);
  const float light_inset = (fill_max.x - fill_min.x) * 0.18f;
  if (fill_max.y - top > 2.0f * light_inset) {
    dl->AddRectFilled(ImVec2(fill_min.x + light_inset, top + light_inset * 0.7f),
                      ImVec2(fill_max.x - light_inset, fill_max.y - light_inset * 0.7f),
                      with_alpha(kPacerLight, 0.22f), rounding_in - light_inset);
  }
  return top;
}

ImVec2 wave(ImDrawList* dl, ImVec2 min, ImVec2 max, const PacerSegment& segment, double t_s,
            bool enabled) {
  using namespace palette;
  const float width = max.x - min.x;
  const float pad = std::max(6.0f, (max.y - min.y) * 0.08f);
  const float y_empty = max.y - pad;
  const float y_full = min.y + pad;
  auto y_of = [&](double volume) {
    return y_empty + (y_full - y_empty) * static_cast<float>(std::clamp(volume, 0.0, 1.0));
  };
  // Guides for empty and full lungs.
  dl->AddLine(ImVec2(min.x, y_full), ImVec2(max.x, y_full), with_alpha(kPacerRing, 0.12f), 1.0f);
  dl->AddLine(ImVec2(min.x, y_empty), ImVec2(max.x, y_empty), with_alpha(kPacerRing, 0.12f), 1.0f);
  const float now_x = min.x + width * kWaveNowAt;
  const PacerState now = pacer_state(segment, t_s);
  const ImVec2 dot(now_x, y_of(enabled ? now.volume : 0.0));
  dl->AddLine(ImVec2(now_x, y_full), ImVec2(now_x, y_empty), with_alpha(kPacerRing, kQuietAlpha),
              1.0f);
  if (!enabled) return dot;

  // The curve is the current settings' breath, before and after now (the pure function;
  // the part already gone is drawn as these settings would have drawn it).
  const double seconds_shown = kWaveCyclesShown * now.cycle_s;
  const int n = std::clamp(static_cast<int>(width / kWavePixelsPerPoint), 16, 1024);
  ImVector<ImVec2> pts;
  pts.resize(n + 1);
  int now_index = 0;
  for (int i = 0; i <= n; ++i) {
    const float x = min.x + width * static_cast<float>(i) / static_cast<float>(n);
    const double t = t_s + (static_cast<double>(x - now_x) / width) * seconds_shown;
    pts[i] = ImVec2(x, y_of(pacer_state(segment, t).volume));
    if (x <= now_x) now_index = i;
  }
  pts[now_index] = dot;  // the curve passes exactly through the dot
  fill_under(dl, pts.Data + now_index, n + 1 - now_index, y_empty, with_alpha(kPacer, kWaveFillAlpha));
  dl->AddPolyline(pts.Data, now_index + 1, with_alpha(kPacer, kWavePastAlpha), 0, 2.0f);
  dl->AddPolyline(pts.Data + now_index, n + 1 - now_index, kPacer, 0, 3.0f);
  const float dot_r = std::max(7.0f, pad * 0.9f);
  shapes::radial_ring(dl, dot, dot_r, dot_r * 2.2f, with_alpha(kPacer, 0.35f), with_alpha(kPacer, 0.0f));
  shapes::radial_disc(dl, dot, dot_r, kPacerLight, kPacerDeep);
  return dot;
}

WordPlace draw(PacerShape shape, const Frame& f, const engine::Snapshot& snap,
               PacerViewState& pv, ImDrawList* dl) {
  const float shape_h = 2.0f * f.max_radius;
  switch (shape) {
    case PacerShape::kCircle:
      pacer_shapes::circle(dl, f.centre, f.radius, f.max_radius, f.enabled);
      return {f.centre, palette::kPacerInk};
    case PacerShape::kBar: {
      const float half_w = 0.5f * std::max(shape_h * kBarWidthOfHeight, f.em * 2.5f);
      pv.bar_min = ImVec2(f.centre.x - half_w, f.centre.y - f.max_radius);
      pv.bar_max = ImVec2(f.centre.x + half_w, f.centre.y + f.max_radius);
      pv.bar_top_y = pacer_shapes::bar(dl, pv.bar_min, pv.bar_max, f.volume, f.enabled);
      // The word sits beside the bar, level with its middle.
      return {ImVec2(f.centre.x + half_w + f.em * 1.5f + 0.5f * f.word_w, f.centre.y),
              palette::kText};
    }
    case PacerShape::kWave: {
      const float half_w = 0.5f * std::min(f.avail_w - f.em * 2.0f, shape_h * kWaveWidthOfHeight);
      const float half_h = f.max_radius * kWaveHeightOfRadius;
      pv.wave_dot = pacer_shapes::wave(dl, ImVec2(f.centre.x - half_w, f.centre.y - half_h),
                                       ImVec2(f.centre.x + half_w, f.centre.y + half_h), snap.pacer,
                                       f.t_s, f.enabled);
      return {ImVec2(f.centre.x, f.centre.y - half_h - f.medium_px * 0.2f), palette::kText};
    }
  }
  return {f.centre, palette::kPacerInk};
}

void fade_vertices(ImDrawList* dl, int first, float alpha) {
  for (int i = first; i < dl->VtxBuffer.Size; ++i) {
    ImU32& c = dl->VtxBuffer[i].col;
    const auto a = static_cast<float>((c >> IM_COL32_A_SHIFT) & 0xFFu) * std::clamp(alpha, 0.0f, 1.0f);
    c = (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a + 0.5f) << IM_COL32_A_SHIFT);
  }
}

}  // namespace resonant::ui::pacer_shapes
