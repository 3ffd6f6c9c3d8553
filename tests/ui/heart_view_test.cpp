#include <limits>
#include <string>

#include <gtest/gtest.h>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string heart_text(ImGuiHarness& h, const engine::Snapshot& snap) {
  std::string log;
  h.frame([&] { draw_heart_view(snap, h.state); }, true, &log);
  return log;
}

TEST(HeartView, ShowsTheNumbers) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  const std::string text = heart_text(h, *snap);
  EXPECT_NE(text.find("65"), std::string::npos) << text;
  EXPECT_NE(text.find("beats/min"), std::string::npos) << text;
  EXPECT_NE(text.find("RMSSD"), std::string::npos) << text;
  EXPECT_NE(text.find("42"), std::string::npos) << text;
  EXPECT_NE(text.find("SDNN"), std::string::npos) << text;
  EXPECT_NE(text.find("52"), std::string::npos) << text;
  EXPECT_NE(text.find("64 s"), std::string::npos) << "the HRV window is named: " << text;
  EXPECT_NE(text.find("(?)"), std::string::npos) << "help is offered: " << text;
  EXPECT_EQ(text.find(kNoValue), std::string::npos) << text;
}

TEST(HeartView, NaNHeartRateShowsADash) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->hr_bpm = kNaN;  // e.g. right after a gap
  const std::string text = heart_text(h, *snap);
  EXPECT_NE(text.find(kNoValue), std::string::npos) << text;
  EXPECT_EQ(text.find("nan"), std::string::npos) << text;
}

TEST(HeartView, NaNVariabilityShowsADash) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->rmssd_ms = kNaN;
  snap->sdnn_ms = kNaN;
  const std::string text = heart_text(h, *snap);
  EXPECT_NE(text.find(kNoValue), std::string::npos) << text;
  EXPECT_NE(text.find("65"), std::string::npos) << text;
  EXPECT_EQ(text.find("nan"), std::string::npos) << text;
}

TEST(HeartView, VariabilityWaitsForThirtySecondsOfBeatsAndSaysSo) {
  // The engine holds RMSSD and SDNN back (NaN) until the window's beats span 30 s.
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->beat_count = 14;
  snap->hrv_window_beats = 12;
  snap->hrv_window_span_s = 11.6;
  snap->rmssd_ms = kNaN;
  snap->sdnn_ms = kNaN;
  const std::string text = heart_text(h, *snap);
  EXPECT_NE(text.find("65"), std::string::npos) << "heart rate is shown at once: " << text;
  EXPECT_NE(text.find("settling in: 11 of 30 s of beats"), std::string::npos) << text;
  EXPECT_EQ(text.find("64 s"), std::string::npos) << text;
  EXPECT_NE(text.find(kNoValue), std::string::npos) << text;
  // Settled: the figures and how many seconds of beats they rest on, until those fill the
  // window.
  snap->hrv_window_span_s = 30.2;
  snap->rmssd_ms = 42.0;
  snap->sdnn_ms = 52.0;
  const std::string settled = heart_text(h, *snap);
  EXPECT_EQ(settled.find("settling"), std::string::npos) << settled;
  EXPECT_NE(settled.find("from 30 s of beats"), std::string::npos) << settled;
  snap->hrv_window_span_s = 63.4;
  const std::string full = heart_text(h, *snap);
  EXPECT_NE(full.find("over the last 64 s"), std::string::npos) << full;
}

// Early beats or an uneven rhythm dominate the window (dsp's rhythm check): the figures stay,
// the line under them says to read them with care (in muted words, not a warning).
TEST(HeartView, AnUnevenRhythmIsSaidUnderTheFigures) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->hrv_window_span_s = 64.0;
  snap->rmssd_ms = 310.0;
  snap->sdnn_ms = 240.0;
  snap->rhythm_jump_share = 0.45;
  snap->rhythm_uneven = false;
  EXPECT_EQ(heart_text(h, *snap).find("uneven"), std::string::npos);
  snap->rhythm_uneven = true;
  const std::string text = heart_text(h, *snap);
  EXPECT_NE(text.find("310"), std::string::npos) << "the figures stay: " << text;
  EXPECT_NE(text.find("uneven rhythm just now: read these two with care"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("over the last 64 s"), std::string::npos) << text;
}

TEST(HeartView, BeforeTheFirstBeatsItListensCalmly) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->beat_count = 0;
  snap->tachogram_size = 0;
  snap->hr_bpm = kNaN;
  snap->rmssd_ms = kNaN;
  snap->sdnn_ms = kNaN;
  const std::string text = heart_text(h, *snap);
  EXPECT_NE(text.find("Listening for your heartbeat"), std::string::npos) << text;
  EXPECT_NE(text.find(kNoValue), std::string::npos) << text;
}

TEST(HeartView, HelpExplainsInPlainWordsOnHover) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.frame([&] { draw_heart_view(*snap, h.state); });
  // Find the first "(?)" by hovering along the title row until a tooltip appears.
  ImGuiIO& io = ImGui::GetIO();
  bool tooltip = false;
  for (float x = 0.0f; x < 300.0f && !tooltip; x += 4.0f) {
    io.MousePos = ImVec2(x, ImGui::GetStyle().WindowPadding.y + 6.0f);
    h.frame([&] { draw_heart_view(*snap, h.state); });
    h.frame([&] {
      draw_heart_view(*snap, h.state);
      tooltip = ImGui::FindWindowByName("##Tooltip_00") != nullptr &&
                ImGui::FindWindowByName("##Tooltip_00")->Active;
    });
  }
  EXPECT_TRUE(tooltip) << "hovering the (?) shows the explanation";
}

}  // namespace
}  // namespace resonant::ui
