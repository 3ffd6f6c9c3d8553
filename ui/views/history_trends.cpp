// A client's progress in four small charts, oldest session left: resting lnRMSSD,
// coherence (line) with time in coherence (bars), resonance rate, practice minutes per week.
// Each has a "(?)" saying in plain words what it is and which way is "better".
#include "views/history_trends.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <span>
#include <string>
#include <vector>

#include <resonant/common/local_time.hpp>
#include <resonant/ui/format.hpp>
#include <resonant/ui/theme.hpp>

#include "widgets/plot.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr int kCharts = 4;
constexpr int kMaxTicks = 3;
constexpr double kPercentMax = 100.0;
constexpr double kHeadroom = 1.2;  // room above the highest value
constexpr std::int64_t kUsPerSecond = 1'000'000;

constexpr const char* kRestingHelp =
    "Your heart-rate variability at rest: the natural log of RMSSD from the quiet part at "
    "the start of each session (the baseline, or the first 2 minutes; none from a rest of "
    "under 30 s of beats, nor from a rest whose heart rhythm was uneven: with frequent early "
    "beats RMSSD measures those, not HRV). Over weeks of "
    "practice it often rises slowly; day-to-day ups and downs (sleep, stress, illness) are "
    "normal. Compare yourself with yourself.";
constexpr const char* kCoherenceHelp =
    "Line: the mean coherence of each session, how smooth and wave-like your heart rhythm "
    "was while breathing (higher is smoother). Bars: the share of the session spent in "
    "medium or high coherence (0 to 100 %).";
constexpr const char* kResonanceHelp =
    "Your resonance rate: the breathing rate (breaths per minute) at which your heart "
    "rhythm swings most, from each resonance assessment. It tends to stay within about one "
    "breath per minute over time.";
constexpr const char* kPracticeHelp =
    "Minutes of paced breathing per week (Monday to Sunday; each bar is named by its "
    "Monday), from the sessions recorded here with the pacer on. Imported recordings are "
    "not counted: they are no practice. A few short sessions most days help more than one "
    "long one.";

struct Series {
  std::vector<plot::Point> points;
  std::vector<double> values;
};

/// skip: sessions whose value is left out (nullptr: none).
Series series_of(const std::vector<engine::SessionTrend>& sessions,
                 double engine::SessionTrend::*field,
                 bool engine::SessionTrend::*skip = nullptr) {
  Series s;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const double v = sessions[i].*field;
    if (!std::isfinite(v) || (skip != nullptr && sessions[i].*skip)) continue;
    s.points.push_back({static_cast<double>(i), v, false});
    s.values.push_back(v);
  }
  return s;
}

/// Title (?) and the newest value at the right; returns the plot area below.
plot::Area chart_frame(const char* title, const char* help, const std::string& newest,
                       float height, const char* y_format, double widest) {
  const float em = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  const float left = ImGui::GetCursorPosX();
  text_coloured(palette::kTextMuted, title);
  help_marker(help);
  ImGui::SameLine(left + width - ImGui::CalcTextSize(newest.c_str()).x);
  text_coloured(palette::kText, newest.c_str());
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const float small = em * 0.85f;
  const float gutter = plot::y_label_width(y_format, widest, ImGui::GetFont(), small);
  const float plot_h = std::max(height - ImGui::GetFrameHeightWithSpacing() - em * 0.6f, em * 2.0f);
  plot::Area area;
  area.min = ImVec2(top_left.x + gutter, top_left.y + em * 0.2f);
  area.max = ImVec2(top_left.x + width, top_left.y + plot_h);
  ImGui::Dummy(ImVec2(width, plot_h + em * 0.6f));
  return area;
}

void grid(ImDrawList* dl, const plot::Area& area, const char* format) {
  const float em = ImGui::GetFontSize();
  const std::vector<double> ticks = plot::nice_ticks(area.y.lo, area.y.hi, kMaxTicks);
  plot::draw_y_grid(dl, area, ticks, format, with_alpha(palette::kGrid, 0.8f),
                    palette::kTextFaint, ImGui::GetFont(), em * 0.85f);
}

void bars(ImDrawList* dl, const plot::Area& area, std::span<const plot::Point> points,
          ImU32 colour) {
  const float slot = area.width() / static_cast<float>(std::max(area.x.hi - area.x.lo, 1.0));
  const float half = std::clamp(slot * 0.3f, 1.5f, ImGui::GetFontSize() * 0.8f);
  for (const plot::Point& p : points) {
    const float x = area.to_screen_x(p.x);
    dl->AddRectFilled(ImVec2(x - half, area.to_screen_y(p.y)),
                      ImVec2(x + half, area.to_screen_y(area.y.lo)), colour,
                      half * 0.4f, ImDrawFlags_RoundCornersTop);
  }
}

/// x spans the sessions (or weeks) with half a slot of room at each end.
plot::Range index_range(std::size_t count) {
  return {-0.5, static_cast<double>(std::max<std::size_t>(count, 1)) - 0.5};
}

/// A quiet sentence in the middle of an empty chart.
void empty_chart(ImDrawList* dl, const plot::Area& area, const char* text) {
  const float em = ImGui::GetFontSize();
  const float wrap = area.width() - em;
  const ImVec2 size = ImGui::CalcTextSize(text, nullptr, false, wrap);
  dl->AddRectFilled(ImVec2(area.min.x, area.min.y), area.max, palette::kCard);
  dl->AddText(nullptr, 0.0f,
              ImVec2(area.min.x + (area.width() - size.x) * 0.5f,
                     area.min.y + (area.height() - size.y) * 0.5f),
              palette::kTextFaint, text, nullptr, wrap);
}

void line_chart(const char* title, const char* help, const Series& s, std::size_t count,
                const char* format, int decimals, const char* unit, double min_span,
                float height, ImU32 colour, const char* empty_text) {
  const std::string newest =
      s.values.empty() ? std::string(kNoValue) : format_value(s.values.back(), decimals) + unit;
  plot::Area area = chart_frame(title, help, newest, height, format, 99.9);
  area.x = index_range(count);
  area.y = plot::padded_range(s.values, min_span, 0.15, {0.0, 1.0});
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (s.points.empty()) {
    empty_chart(dl, area, empty_text);
    return;
  }
  grid(dl, area, format);
  plot::draw_line(dl, area, s.points, {colour, std::max(2.0f, ImGui::GetFontSize() * 0.12f), true});
  for (const plot::Point& p : s.points) {
    dl->AddCircleFilled(area.to_screen(p.x, p.y), ImGui::GetFontSize() * 0.18f, colour);
  }
}

void coherence_chart(const std::vector<engine::SessionTrend>& sessions, float height) {
  const Series ratio = series_of(sessions, &engine::SessionTrend::mean_coherence_ratio);
  const Series share = series_of(sessions, &engine::SessionTrend::time_in_coherence_pct);
  std::string newest(kNoValue);
  if (!ratio.values.empty() && !share.values.empty()) {
    newest = format_value(ratio.values.back(), 1) + "  \xC2\xB7  " +
             format_value(share.values.back(), 0) + " % in coherence";
  }
  plot::Area area = chart_frame("Coherence", kCoherenceHelp, newest, height, "%.1f", 9.9);
  area.x = index_range(sessions.size());
  const double top = ratio.values.empty() ? 0.0 : *std::max_element(ratio.values.begin(), ratio.values.end());
  area.y = {0.0, std::max(top * kHeadroom, 1.0)};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (ratio.points.empty() && share.points.empty()) {
    empty_chart(dl, area, "No coherence stored for these sessions yet.");
    return;
  }
  grid(dl, area, "%.1f");
  // The bars use the same height for 0..100 % whatever the line's scale.
  plot::Area pct = area;
  pct.y = {0.0, kPercentMax};
  bars(dl, pct, share.points, with_alpha(palette::kPacer, 0.30f));
  plot::draw_line(dl, area, ratio.points,
                  {palette::kPacerLight, std::max(2.0f, ImGui::GetFontSize() * 0.12f), true});
}

void practice_chart(const std::vector<engine::WeeklyPractice>& weeks, float height) {
  std::vector<plot::Point> points;
  std::vector<double> values{0.0};
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    points.push_back({static_cast<double>(i), weeks[i].practice_min, false});
    values.push_back(weeks[i].practice_min);
  }
  const auto now_unix_us = static_cast<std::int64_t>(std::time(nullptr)) * kUsPerSecond;
  const std::string newest = practice_headline(weeks, now_unix_us);
  plot::Area area = chart_frame("Practice per week", kPracticeHelp, newest, height, "%.0f", 999.0);
  area.x = index_range(weeks.size());
  area.y = plot::padded_range(values, 10.0, 0.1, {0.0, 10.0});
  area.y.lo = 0.0;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  grid(dl, area, "%.0f");
  bars(dl, area, points, with_alpha(palette::kHeart, 0.75f));
  if (!weeks.empty()) {
    plot::draw_x_label(dl, area, area.x.lo + 0.5, week_label(weeks.front(), now_unix_us).c_str(),
                       palette::kTextFaint, ImGui::GetFont(), ImGui::GetFontSize() * 0.85f);
    if (weeks.size() > 1) {
      plot::draw_x_label(dl, area, area.x.hi - 0.5, week_label(weeks.back(), now_unix_us).c_str(),
                         palette::kTextFaint, ImGui::GetFont(), ImGui::GetFontSize() * 0.85f);
    }
  }
}

}  // namespace

std::string practice_headline(const std::vector<engine::WeeklyPractice>& weeks,
                              std::int64_t now_unix_us) {
  if (weeks.empty()) return "no live sessions yet";
  if (weeks.back().iso_week != engine::iso_week_of(now_unix_us)) return "none this week";
  return format_value(weeks.back().practice_min, 0) + " min this week";
}

std::string week_label(const engine::WeeklyPractice& week, std::int64_t now_unix_us) {
  const bool this_year =
      format_local_time(week.monday_unix_us, "%Y") == format_local_time(now_unix_us, "%Y");
  std::string s = format_local_time(week.monday_unix_us, this_year ? "%e %b" : "%e %b %Y");
  s.erase(0, s.find_first_not_of(' '));  // %e pads a one-digit day with a space
  return s;
}

void draw_history_trends(const engine::ClientTrends* trends, ViewState& /*state*/) {
  text_coloured(palette::kTextMuted, "Trends");
  if (trends == nullptr) {
    text_coloured(palette::kTextFaint, "Loading\xE2\x80\xA6");
    return;
  }
  if (trends->sessions.empty()) {
    text_coloured_wrapped(palette::kTextFaint,
                          "No trends yet \xE2\x80\x94 after a few sessions you will see here how your "
                          "resting heart-rate variability, coherence and practice change over time.");
    return;
  }
  const float height = ImGui::GetContentRegionAvail().y / static_cast<float>(kCharts);
  const auto& s = trends->sessions;
  const bool any_rest = std::any_of(s.begin(), s.end(), [](const engine::SessionTrend& t) {
    return std::isfinite(t.resting_ln_rmssd);
  });
  line_chart("Resting lnRMSSD", kRestingHelp,
             series_of(s, &engine::SessionTrend::resting_ln_rmssd,
                       &engine::SessionTrend::resting_rhythm_uneven),
             s.size(), "%.1f", 2, "", 0.5, height, palette::kHeart,
             any_rest ? "The heart rhythm at rest was uneven in every session, so there is no "
                        "resting heart-rate variability to show."
                      : "Not enough resting heartbeats stored yet to show this.");
  coherence_chart(s, height);
  line_chart("Resonance rate", kResonanceHelp,
             series_of(s, &engine::SessionTrend::resonance_rate_bpm), s.size(), "%.1f", 1,
             " /min", 1.0, height, palette::kPacer,
             "No resonance assessment yet \xE2\x80\x94 run the resonance assessment protocol "
             "to find the breathing rate that suits you.");
  practice_chart(trends->weeks, height);
}

}  // namespace resonant::ui
