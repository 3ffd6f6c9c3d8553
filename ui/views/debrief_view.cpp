// Debrief: the "after" self-ratings, baseline against practice in plain words (each figure
// with a "(?)" and its usual range), the heart rate over the session with the baseline and
// practice shaded, the coherence history, and Done (back to prepare).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/plot.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {


struct FigureRow {
  const char* name;
  const char* help;  // plain words and usual ranges (physiology-and-metrics.md)
  double baseline;
  double practice;
  int decimals;
  // What the figure needs: nothing special, the live windows (unmeasurable in a phase shorter
  // than them), or 30 s of beat intervals (RMSSD).
  enum class Need { kBeats, kWindows, kThirtySeconds } need = Need::kBeats;
};

constexpr const char* kTooShort = "too short";
/// Below this window width (in lines of text) the figures and the charts do not fit side by
/// side: the figure table alone is about 28 em wide.
constexpr float kTwoColumnMinEm = 60.0f;
constexpr float kStackedChartEm = 12.0f;

/// The value, or "too short" where the phase was too short to measure it.
std::string cell(const FigureRow& r, double value, const engine::PhaseFigures& phase) {
  const bool too_short = (r.need == FigureRow::Need::kWindows && phase.too_short) ||
                         (r.need == FigureRow::Need::kThirtySeconds && phase.hrv_too_short);
  return too_short && !std::isfinite(value) ? kTooShort : format_value(value, r.decimals);
}

}  // namespace

void draw_debrief_figures(const engine::FlowProgress& f, float width) {
  const engine::PhaseFigures& b = f.baseline;
  const engine::PhaseFigures& p = f.practice;
  const FigureRow rows[] = {
      {"Heart rate (bpm)", "Beats per minute, averaged over the phase. At rest adults are usually 60-100; it often falls a little with slow breathing.",
       b.mean_hr_bpm, p.mean_hr_bpm, 0},
      {"RMSSD (ms)", "How much the heart rate changes from one beat to the next (beat-to-beat variability). Resting adults: roughly 20-70 ms, lower with age; higher usually means a more relaxed body. Slow breathing often raises it.",
       b.rmssd_ms, p.rmssd_ms, 0, FigureRow::Need::kThirtySeconds},
      {"lnRMSSD", "The natural log of RMSSD, a steadier scale for comparing days. Typical resting values 3.0-4.2.",
       b.ln_rmssd, p.ln_rmssd, 2, FigureRow::Need::kThirtySeconds},
      {"Coherence ratio", "How much of the heart rhythm swings at one steady, slow rhythm (HeartMath-style ratio). Below about 0.9 is low, above about 3 high (at the easiest level). Rises with steady slow breathing.",
       b.coherence_mean, p.coherence_mean, 1, FigureRow::Need::kWindows},
      {"Medium/high coherence (%)", "Share of the time the coherence was medium or high.",
       b.coherence_med_high_pct, p.coherence_med_high_pct, 0, FigureRow::Need::kWindows},
      {"Breathing rate (/min)", "Breaths per minute, from a belt or estimated from the heart rhythm. Without a belt only the clear estimates count; a dash means none was clear. At rest usually 12-20; resonance breathing is about 4.5-7.",
       b.breathing_rate_bpm, p.breathing_rate_bpm, 1, FigureRow::Need::kWindows},
      {"Heart-rate swing (bpm)", "How far the heart rate rises and falls with each breath (RSA, peak to trough). A few bpm at rest; often 10-20 or more when breathing slowly at your resonance rate.",
       b.rsa_bpm, p.rsa_bpm, 1, FigureRow::Need::kWindows},
  };
  const float col = std::max(width * 0.42f, ImGui::GetFontSize() * 14.0f);
  const float num = ImGui::GetFontSize() * 6.0f;
  const float x0 = ImGui::GetCursorPosX();
  text_coloured(palette::kTextFaint, "");
  ImGui::SameLine(x0 + col);
  text_coloured(palette::kTextMuted, "baseline");
  ImGui::SameLine(x0 + col + num);
  text_coloured(palette::kTextMuted, "practice");
  for (const FigureRow& r : rows) {
    text_coloured(palette::kText, r.name);
    help_marker(r.help);
    ImGui::SameLine(x0 + col);
    text_coloured(palette::kText, cell(r, r.baseline, b).c_str());
    ImGui::SameLine(x0 + col + num);
    text_coloured(palette::kAccent, cell(r, r.practice, p).c_str());
  }
  if (b.too_short || p.too_short || b.hrv_too_short || p.hrv_too_short) {
    ImGui::PushTextWrapPos(x0 + width);  // a sentence: it wraps within the table's column
    text_coloured(palette::kTextFaint, engine::kPhaseTooShortNote);
    ImGui::PopTextWrapPos();
  }
  if (const std::string note = engine::uneven_rhythm_note(b, p); !note.empty()) {
    ImGui::PushTextWrapPos(x0 + width);
    text_coloured(palette::kTextMuted, note.c_str());
    ImGui::PopTextWrapPos();
  }
  char len[96];
  std::snprintf(len, sizeof len, "%.1f min rest, %.1f min practice at %.1f breaths/min", b.duration_s / 60.0,
                p.duration_s / 60.0, f.settings.practice_pacer.rate_bpm);
  text_coloured(palette::kTextFaint, len);
  const engine::FlowRatings& g = f.ratings;
  if (!std::isfinite(g.calm_before) && !std::isfinite(g.calm_after) && !std::isfinite(g.tension_before) &&
      !std::isfinite(g.tension_after)) {
    text_coloured(palette::kTextFaint, "No self-ratings given (they are optional).");
    return;
  }
  char ratings[128];
  std::snprintf(ratings, sizeof ratings, "Calm %s -> %s, tension %s -> %s (your ratings, 0-10)",
                format_value(g.calm_before, 0).c_str(), format_value(g.calm_after, 0).c_str(),
                format_value(g.tension_before, 0).c_str(), format_value(g.tension_after, 0).c_str());
  text_coloured(palette::kTextMuted, ratings);
}

namespace {

/// A chart of one series on the flow's 5 s grid, baseline and practice shaded behind.
/// empty_note: said in the middle of a chart without a point.
void series_chart(const char* id, const engine::FlowProgress& f, const float* values, ImU32 colour, ImVec2 size,
                  double min_span, const char* empty_note) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), palette::kCard, ImGui::GetFontSize() * 0.4f);
  const std::size_t n = f.series_size;
  std::vector<double> ys;
  std::vector<plot::Point> pts;
  // A single empty step is timing jitter (an update every 5 s on a 5 s grid): joined over.
  // Longer stretches without a value are gaps in the line.
  constexpr std::size_t kMaxJoinedSteps = 2;
  std::size_t last = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double y = values[i];
    if (!std::isfinite(y)) continue;
    const double x = (static_cast<double>(i) + 0.5) * engine::kFlowSeriesStepS / 60.0;
    pts.push_back({x, y, pts.empty() || i - last > kMaxJoinedSteps});
    ys.push_back(y);
    last = i;
  }
  plot::Area area;
  const float em = ImGui::GetFontSize();
  const float pad = em * 0.6f;
  area.min = ImVec2(at.x + pad, at.y + em * 1.7f);
  area.max = ImVec2(at.x + size.x - pad, at.y + size.y - em * 1.5f);
  area.x = {0.0, std::max(1.0, static_cast<double>(n) * engine::kFlowSeriesStepS / 60.0)};
  area.y = plot::padded_range(ys, min_span, 0.1, {0.0, min_span});
  area.y.lo = std::max(0.0, area.y.lo);  // heart rate and coherence are never negative
  dl->AddText(ImVec2(at.x + pad, at.y + em * 0.35f), palette::kTextMuted, id);
  // The baseline shaded; each phase named under its stretch of the time axis.
  const double base_end = (f.practice_start_s - f.flow_start_s) / 60.0;
  const float label_y = area.max.y + em * 0.2f;
  if (std::isfinite(base_end) && base_end > 0.0) {
    dl->AddRectFilled(ImVec2(area.to_screen_x(0.0), area.min.y), ImVec2(area.to_screen_x(base_end), area.max.y),
                      palette::kGrid);
    dl->AddText(ImVec2(area.to_screen_x(0.0) + pad * 0.5f, label_y), palette::kTextFaint, "rest");
  }
  if (std::isfinite(base_end)) {
    dl->AddText(ImVec2(area.to_screen_x(std::max(0.0, base_end)) + pad * 0.5f, label_y), palette::kTextFaint,
                "practice");
  }
  char lo[16], hi[16];
  std::snprintf(lo, sizeof lo, "%.0f", area.y.lo);
  std::snprintf(hi, sizeof hi, "%.0f", area.y.hi);
  dl->AddText(ImVec2(area.max.x - ImGui::CalcTextSize(hi).x, area.min.y), palette::kTextFaint, hi);
  dl->AddText(ImVec2(area.max.x - ImGui::CalcTextSize(lo).x, area.max.y - em), palette::kTextFaint, lo);
  char minutes[32];
  std::snprintf(minutes, sizeof minutes, "%.0f min", area.x.hi);
  dl->AddText(ImVec2(area.max.x - ImGui::CalcTextSize(minutes).x, label_y), palette::kTextFaint, minutes);
  plot::draw_line(dl, area, pts, plot::LineStyle{colour, 2.0f, true});
  if (pts.empty()) {  // said, rather than an empty frame that looks broken
    const ImVec2 text = ImGui::CalcTextSize(empty_note);
    dl->AddText(ImVec2((area.min.x + area.max.x - text.x) * 0.5f, (area.min.y + area.max.y - text.y) * 0.5f),
                palette::kTextFaint, empty_note);
  }
}

}  // namespace

void draw_debrief_screen(const engine::Snapshot& snap, ViewState& state) {
  const FlowScreenFrame frame = begin_flow_screen("Debrief", snap, state);
  const engine::FlowProgress& f = snap.flow;
  const float em = ImGui::GetFontSize();
  const ImVec2 size = frame.size;
  const float margin = frame.margin_px;
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  // Two columns (figures, charts) when they fit; with large text or a narrow window the charts
  // go below the figures and the screen scrolls.
  const bool stacked = size.x < em * kTwoColumnMinEm;
  const float left_w = stacked ? size.x - margin * 2.0f : (size.x - margin * 3.0f) * 0.5f;

  ImGui::SetCursorPos(ImVec2(margin, margin));
  ImGui::BeginGroup();
  text_coloured(palette::kAccent, "How it went", medium);
  if (f.phase == engine::FlowPhase::kBaseline || f.phase == engine::FlowPhase::kPractice) {
    text_coloured(palette::kWaiting, "The session is still running: these are the figures so far.");
  } else if (f.phase == engine::FlowPhase::kPrepare) {
    text_coloured(palette::kTextMuted, "No session yet: start one from Prepare.");
  }
  ImGui::Dummy(ImVec2(0.0f, em * 0.5f));
  draw_debrief_figures(f, left_w);
  ImGui::Dummy(ImVec2(0.0f, em));
  text_coloured(palette::kTextMuted, "How do you feel now? (0 = not at all, 10 = very)");
  draw_rating_sliders(f.ratings, engine::RatingWhen::kAfter, state);
  ImGui::Dummy(ImVec2(0.0f, em));
  if (ImGui::Button("Done", ImVec2(em * 8.0f, em * 2.2f))) {
    if (f.phase == engine::FlowPhase::kDebrief) state.commands.emplace_back(engine::FinishFlowCommand{});
    state.screen = Screen::kPrepare;
  }
  ImGui::EndGroup();

  const float chart_x = stacked ? margin : margin * 2.0f + left_w;
  // In content coordinates (as SetCursorPos takes them), so scrolling moves the charts with
  // the figures.
  const float chart_top = stacked ? ImGui::GetCursorPosY() + margin : margin;
  // The content area ends above the footer (begin_flow_screen's child).
  const float chart_h = stacked ? em * kStackedChartEm
                                : (ImGui::GetWindowHeight() - margin * 3.0f - em) * 0.5f;
  ImGui::SetCursorPos(ImVec2(chart_x, chart_top));
  series_chart("Heart rate (bpm)", f, f.hr_bpm.data(), palette::kHeart,
               ImVec2(left_w, chart_h), 10.0, "no heart rate: no beats timed");
  ImGui::SetCursorPos(ImVec2(chart_x, chart_top + margin + chart_h));
  series_chart("Coherence ratio", f, f.coherence.data(), palette::kPacer, ImVec2(left_w, chart_h), 2.0,
               "no coherence: it needs a minute of beats");
  end_flow_screen(frame);
}

}  // namespace resonant::ui
