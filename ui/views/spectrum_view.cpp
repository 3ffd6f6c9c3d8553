// The heart-rhythm spectrum of the last 64 s (the one the coherence ratio came from), 0-0.4 Hz,
// over the shaded VLF / LF / HF bands, with the resonance peak marked in breaths per minute.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "views/feedback_card.hpp"
#include "widgets/plot.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr double kShownMaxHz = 0.4;  // the HRV range ends here (HF band, physiology §3.2)
constexpr double kSecondsPerMinute = 60.0;

struct Band {
  double low_hz;
  double high_hz;
  const char* name;
  float alpha;
};
// Task Force 1996 bands (physiology-and-metrics.md §3.2).
constexpr std::array<Band, 3> kBands{{{0.0033, 0.04, "VLF", 0.05f},
                                      {0.04, 0.15, "LF", 0.10f},
                                      {0.15, 0.40, "HF", 0.05f}}};

}  // namespace

void draw_spectrum_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  FeedbackViewState& fv = state.feedback;
  fv.spectrum_peak_hz = std::numeric_limits<double>::quiet_NaN();
  fv.spectrum_max_hz = kShownMaxHz;
  if (!feedback_title(snap, state, "Heart-rhythm spectrum, last 64 s", help::kSpectrum)) return;

  const engine::LiveSpectrum& sp = snap.live.spectrum;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const float small = em * 0.85f;
  ImFont* font = ImGui::GetFont();
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  plot::Area area;
  area.min = ImVec2(top_left.x + em * 0.5f, top_left.y + em * 1.6f);
  area.max = ImVec2(top_left.x + avail.x - em * 0.5f,
                    top_left.y + std::max(avail.y - em * 1.6f, em * 5.0f));
  area.x = {0.0, kShownMaxHz};
  fv.spectrum_min = area.min;
  fv.spectrum_max = area.max;

  // Bands, shaded and named at the top.
  for (const Band& b : kBands) {
    const float x0 = area.to_screen_x(b.low_hz);
    const float x1 = area.to_screen_x(b.high_hz);
    dl->AddRectFilled(ImVec2(x0, area.min.y), ImVec2(x1, area.max.y), with_alpha(kPacerRing, b.alpha));
    const ImVec2 ts = font->CalcTextSizeA(small, 1e6f, 0.0f, b.name);
    // At the band's left edge: the resonance peak usually sits in the middle of LF.
    if (x1 - x0 > ts.x + em * 0.6f) {
      dl->AddText(font, small, ImVec2(x0 + em * 0.3f, area.min.y + em * 0.2f), kTextFaint, b.name);
    }
  }
  dl->AddLine(ImVec2(area.min.x, area.max.y), ImVec2(area.max.x, area.max.y), kGrid, 1.0f);
  // X labels in breaths per minute (what the person sets the pacer in).
  for (const double per_min : {3.0, 6.0, 9.0, 12.0, 18.0, 24.0}) {
    char label[16];
    std::snprintf(label, sizeof label, "%.0f/min", per_min);
    plot::draw_x_label(dl, area, per_min / kSecondsPerMinute, label, kTextFaint, font, small);
  }

  const std::size_t shown = sp.resolution_hz > 0.0
      ? std::min<std::size_t>(sp.size, static_cast<std::size_t>(kShownMaxHz / sp.resolution_hz) + 1)
      : 0;
  if (shown < 2) {
    dl->AddText(font, em, ImVec2(area.min.x + em, (area.min.y + area.max.y) * 0.5f - em * 0.5f),
                kTextFaint, "Needs about a minute of steady beats\xE2\x80\xA6");
    return;
  }
  std::vector<plot::Point> points(shown);
  double top = 0.0;
  for (std::size_t k = 0; k < shown; ++k) {
    const double d = sp.density_ms2_per_hz[k];
    points[k] = {static_cast<double>(k) * sp.resolution_hz, d, false};
    top = std::max(top, d);
  }
  area.y = {0.0, top > 0.0 ? top * 1.15 : 1.0};
  plot::draw_band(dl, area, points, 0.0, with_alpha(kHeart, 0.45f), with_alpha(kHeart, 0.05f));
  plot::draw_line(dl, area, points, {kHeart, std::max(1.5f, em * 0.1f), true});
  ++fv.values_drawn;

  // The resonance peak: the coherence peak (0.04-0.26 Hz, refined between bins).
  const double peak_hz = snap.live.coherence.peak_hz;
  if (std::isfinite(peak_hz) && peak_hz > 0.0 && peak_hz < kShownMaxHz) {
    const auto bin = static_cast<std::size_t>(std::lround(peak_hz / sp.resolution_hz));
    const double peak_d = bin < shown ? points[bin].y : top;
    const float x = area.to_screen_x(peak_hz);
    const float y = area.to_screen_y(peak_d);
    dl->AddLine(ImVec2(x, y), ImVec2(x, area.max.y), with_alpha(kText, 0.45f), 1.0f);
    dl->AddCircleFilled(ImVec2(x, y), em * 0.28f, kText);
    char label[48];
    std::snprintf(label, sizeof label, "%.1f breaths/min", peak_hz * kSecondsPerMinute);
    const ImVec2 ts = font->CalcTextSizeA(em, 1e6f, 0.0f, label);
    const float lx = std::clamp(x - ts.x * 0.5f, area.min.x, area.max.x - ts.x);
    dl->AddText(font, em, ImVec2(lx, std::max(area.min.y - em * 1.4f, y - em * 1.6f)), kText, label);
    fv.spectrum_peak_hz = peak_hz;
    fv.spectrum_peak_x_px = x;
    ++fv.values_drawn;
  }
}

}  // namespace resonant::ui
