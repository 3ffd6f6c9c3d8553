// Coherence, compact: the latest ratio with its level in words, the session's points, and a
// sparkline of the last 15 minutes (one value every 5 s; gaps where a window was unusable).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "views/feedback_card.hpp"
#include "widgets/plot.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr double kSparkMinTop = 3.0;  // ratio axis at least 0..3 (high starts at 1.8)
// The sparkline spans at least 5 minutes of values (one per 5 s), up to the whole history
// (15 min): early in a session the first values are not squeezed into one corner.
constexpr std::size_t kSparkMinValues = 60;

const char* level_words(dsp::CoherenceLevel level) {
  switch (level) {
    case dsp::CoherenceLevel::kLow: return "low";
    case dsp::CoherenceLevel::kMedium: return "medium";
    case dsp::CoherenceLevel::kHigh: return "high";
    case dsp::CoherenceLevel::kUnknown: break;
  }
  return "settling in\xE2\x80\xA6";  // the first 64 s, or a window with too many gaps
}

ImU32 level_colour(dsp::CoherenceLevel level) {
  switch (level) {
    case dsp::CoherenceLevel::kHigh: return palette::kAccent;
    case dsp::CoherenceLevel::kMedium: return mix(palette::kAccent, palette::kText, 0.35f);
    default: return palette::kTextMuted;
  }
}

void sparkline(const engine::CoherenceFigures& c, ImVec2 min, ImVec2 max) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::size_t n = std::min<std::size_t>(c.history_size, engine::kCoherenceHistoryCapacity);
  plot::Area area;
  area.min = min;
  area.max = max;
  const std::size_t span = std::max(n, kSparkMinValues);
  area.x = {0.0, static_cast<double>(span - 1)};
  double top = kSparkMinTop;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(c.history[i])) top = std::max(top, static_cast<double>(c.history[i]));
  }
  area.y = {0.0, top * 1.1};
  // The medium->high threshold as a faint guide line.
  const float y_high = area.to_screen_y(1.8);
  dl->AddLine(ImVec2(min.x, y_high), ImVec2(max.x, y_high), palette::kGrid, 1.0f);
  std::vector<plot::Point> points;
  points.reserve(n);
  const double x0 = static_cast<double>(span - n);
  bool gap = false;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = c.history[i];
    if (!std::isfinite(v)) {
      gap = true;
      continue;
    }
    points.push_back({x0 + static_cast<double>(i), v, gap});
    gap = false;
  }
  plot::draw_band(dl, area, points, 0.0, with_alpha(palette::kPacer, 0.25f),
                  with_alpha(palette::kPacer, 0.03f));
  plot::draw_line(dl, area, points, {palette::kPacer, std::max(1.5f, ImGui::GetFontSize() * 0.1f), true});
}

}  // namespace

void draw_coherence_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  const engine::CoherenceFigures& c = snap.live.coherence;
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  const float em = ImGui::GetFontSize();
  const float left = ImGui::GetCursorPosX();
  const float width = ImGui::GetContentRegionAvail().x;

  const bool live = feedback_title(snap, state, "Coherence", help::kCoherence);
  if (live) {
    char score[48];
    std::snprintf(score, sizeof score, c.score == 1 ? "%lld point" : "%lld points", c.score);
    const float score_w = ImGui::CalcTextSize(score).x + em * 1.6f;
    ImGui::SameLine(left + width - score_w);
    text_coloured(kTextFaint, score);
    help_marker(help::kCoherenceScore);
  }
  if (!live) return;

  // The number and its level, then the sparkline in the rest of the row.
  const ImVec2 row = ImGui::GetCursorScreenPos();
  ImGui::BeginGroup();
  const std::string ratio = format_value(c.ratio, 1);
  text_coloured(std::isfinite(c.ratio) ? kText : kTextFaint, ratio.c_str(), medium);
  text_coloured(level_colour(c.level), level_words(c.level));
  ImGui::EndGroup();
  ++state.feedback.values_drawn;
  const float text_w = std::max(ImGui::GetItemRectSize().x, em * 5.5f);
  const float row_h = ImGui::GetItemRectSize().y;
  const ImVec2 spark_min(row.x + text_w + em * 0.8f, row.y + em * 0.2f);
  const ImVec2 spark_max(row.x + width, row.y + row_h - em * 0.1f);
  if (spark_max.x - spark_min.x > em * 3.0f && c.history_size > 0) {
    sparkline(c, spark_min, spark_max);
    ++state.feedback.values_drawn;
  }
}

}  // namespace resonant::ui
