// Heart-rate swing per breath (RSA, peak to trough) over the last minute: one bar per breath,
// the newest on the right, with the latest and the mean written above.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "views/feedback_card.hpp"
#include "widgets/plot.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr double kMinTopBpm = 10.0;   // axis at least 0..10 bpm so small swings look small
constexpr std::size_t kMinSlots = 8;  // bar width as if at least this many breaths

}  // namespace

void draw_rsa_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  if (!feedback_title(snap, state, "Heart-rate swing per breath", help::kRsaPerBreath)) return;
  const engine::RsaBreaths& r = snap.live.rsa_breaths;
  const engine::ResonanceFigures& res = snap.live.resonance;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const float small = em * 0.85f;
  ImFont* font = ImGui::GetFont();

  char line[96];
  if (std::isfinite(res.last_peak_to_trough_bpm)) {
    std::snprintf(line, sizeof line, "last breath %.1f  \xC2\xB7  mean %.1f beats/min",
                  res.last_peak_to_trough_bpm, res.mean_peak_to_trough_bpm);
    text_coloured(kText, line);
    ++state.feedback.values_drawn;
  } else {
    text_coloured(kTextFaint, "Needs a few whole breaths with steady beats\xE2\x80\xA6");
  }

  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gutter = plot::y_label_width("%.0f", 88.0, font, small);
  plot::Area area;
  area.min = ImVec2(top_left.x + gutter, top_left.y + em * 0.5f);
  area.max = ImVec2(top_left.x + avail.x, top_left.y + std::max(avail.y - em * 0.5f, em * 4.0f));
  const std::size_t n = std::min<std::size_t>(r.size, engine::kRsaBreathCapacity);
  double top = kMinTopBpm;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(r.breaths[i].peak_to_trough_bpm)) top = std::max(top, r.breaths[i].peak_to_trough_bpm);
  }
  area.y = {0.0, top * 1.15};
  const std::size_t slots = std::max(n, kMinSlots);
  area.x = {0.0, static_cast<double>(slots)};
  const std::vector<double> ticks = plot::nice_ticks(area.y.lo, area.y.hi, 3);
  plot::draw_y_grid(dl, area, ticks, "%.0f", kGrid, kTextFaint, font, small);
  if (n == 0) return;

  const float slot_w = area.width() / static_cast<float>(slots);
  const float bar_w = slot_w * 0.6f;
  const float round = std::min(bar_w * 0.3f, em * 0.3f);
  for (std::size_t i = 0; i < n; ++i) {
    const engine::RsaBreath& b = r.breaths[i];
    // Right-aligned: the newest breath in the last slot.
    const float cx = area.to_screen_x(static_cast<double>(slots - n + i) + 0.5);
    if (!b.valid || !std::isfinite(b.peak_to_trough_bpm)) {
      // Not measured (too few beats): an outline stub, never a zero bar.
      dl->AddRect(ImVec2(cx - bar_w * 0.5f, area.max.y - em * 0.6f), ImVec2(cx + bar_w * 0.5f, area.max.y),
                  with_alpha(kTextFaint, 0.5f), round);
      continue;
    }
    const float y = area.to_screen_y(b.peak_to_trough_bpm);
    const bool newest = i + 1 == n;
    dl->AddRectFilled(ImVec2(cx - bar_w * 0.5f, y), ImVec2(cx + bar_w * 0.5f, area.max.y),
                      with_alpha(kHeart, newest ? 0.95f : 0.6f), round, ImDrawFlags_RoundCornersTop);
  }
  ++state.feedback.values_drawn;
}

}  // namespace resonant::ui
