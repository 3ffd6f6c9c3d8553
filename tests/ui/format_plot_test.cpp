#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/ui/app_window.hpp>
#include <resonant/ui/format.hpp>

#include "widgets/plot.hpp"

namespace resonant::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Format, ValuesAndDashes) {
  EXPECT_EQ(format_value(65.4, 0), "65");
  EXPECT_EQ(format_value(6.05, 1), "6.0");  // binary 6.05 is just below: printf rounds down
  EXPECT_EQ(format_value(kNaN, 0), std::string(kNoValue));
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity(), 1), std::string(kNoValue));
}

TEST(Format, SessionTime) {
  EXPECT_EQ(format_session_time(0.0), "00:00");
  EXPECT_EQ(format_session_time(59.99), "00:59");
  EXPECT_EQ(format_session_time(222.7), "03:42");
  EXPECT_EQ(format_session_time(3725.0), "1:02:05");
  EXPECT_EQ(format_session_time(-3.0), "00:00");
  EXPECT_EQ(format_session_time(kNaN), "00:00");
}

TEST(FrameTimes, MedianAndP99) {
  std::vector<double> ms;
  for (int i = 1; i <= 100; ++i) ms.push_back(i);
  const FrameTimeStats s = frame_time_stats(ms);
  EXPECT_EQ(s.frames, 100u);
  EXPECT_DOUBLE_EQ(s.median_ms, 50.5);
  EXPECT_DOUBLE_EQ(s.p99_ms, 99.0);
  EXPECT_EQ(frame_time_stats({}).frames, 0u);
}

TEST(Plot, NiceTicks) {
  EXPECT_EQ(plot::nice_ticks(58.0, 77.0, 4), (std::vector<double>{60.0, 65.0, 70.0, 75.0}));
  EXPECT_EQ(plot::nice_ticks(0.0, 1.0, 2), (std::vector<double>{0.0, 0.5, 1.0}));
  EXPECT_TRUE(plot::nice_ticks(5.0, 5.0, 4).empty());
  EXPECT_TRUE(plot::nice_ticks(kNaN, 5.0, 4).empty());
}

TEST(Plot, PaddedRangeHasAMinimumSpanAndIgnoresNaN) {
  const std::vector<double> flat{70.0, 70.5, kNaN, 71.0};
  const plot::Range r = plot::padded_range(flat, 12.0, 0.1, {0.0, 1.0});
  EXPECT_NEAR(r.hi - r.lo, 12.0, 1e-9);
  EXPECT_NEAR(0.5 * (r.lo + r.hi), 70.5, 1e-9);
  const std::vector<double> none{kNaN};
  EXPECT_EQ(plot::padded_range(none, 12.0, 0.1, {1.0, 2.0}).lo, 1.0);
}

TEST(Plot, EaseRangeMovesSmoothlyToTheTarget) {
  plot::Range r{60.0, 80.0};
  const plot::Range target{100.0, 120.0};
  for (int i = 0; i < 10; ++i) {
    const plot::Range next = plot::ease_range(r, target, 1.0 / 60.0, 1.0);
    EXPECT_GT(next.lo, r.lo);
    EXPECT_LT(next.lo - r.lo, 1.0);
    r = next;
  }
  for (int i = 0; i < 1000; ++i) r = plot::ease_range(r, target, 1.0 / 60.0, 1.0);
  EXPECT_NEAR(r.lo, 100.0, 1e-3);
}

/// An ImGui context with one frame open (400 x 300), for drawing plots into; closed and
/// destroyed at scope end.
class PlotFrame {
 public:
  PlotFrame() : ctx_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(400, 300);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* px = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    ImGui::NewFrame();
  }
  ~PlotFrame() {
    ImGui::EndFrame();
    ImGui::DestroyContext(ctx_);
  }
  PlotFrame(const PlotFrame&) = delete;
  PlotFrame& operator=(const PlotFrame&) = delete;

 private:
  ImGuiContext* ctx_;
};

TEST(Plot, LineBreaksAtGapsAndNaN) {
  const PlotFrame frame;
  plot::Area area{ImVec2(0, 0), ImVec2(400, 300), {0.0, 10.0}, {0.0, 1.0}};
  const std::vector<plot::Point> pts{{0, 0.1}, {1, 0.5},       {2, 0.3}, {3, 0.4, true},
                                     {4, 0.2}, {5, kNaN},      {6, 0.9}, {7, 0.8},
                                     {8, 0.2}};
  const plot::LineStats s =
      plot::draw_line(ImGui::GetForegroundDrawList(), area, pts, {0xFFFFFFFFu, 2.0f, true});
  EXPECT_EQ(s.pieces, 3);
  EXPECT_EQ(s.points, 8);
}

// A filled band (the coherence sparkline, the spectrum) never spans a gap or a missing value:
// a block there would show data that is not.
TEST(Plot, BandLeavesGapsAndNaNUnfilled) {
  const PlotFrame frame;
  plot::Area area{ImVec2(0, 0), ImVec2(400, 300), {0.0, 10.0}, {0.0, 1.0}};
  const std::vector<plot::Point> pts{{0, 0.1}, {1, 0.5},  {2, 0.3}, {3, 0.4, true}, {4, 0.2},
                                     {5, kNaN}, {6, 0.9}, {7, 0.8}, {8, 0.2}};
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const int before = dl->VtxBuffer.Size;
  plot::draw_band(dl, area, pts, 0.0, 0xFFFFFFFFu, 0x00FFFFFFu);
  // Joined pairs: 0-1, 1-2, 3-4, 6-7, 7-8 (not 2-3: a gap; not 4-5, 5-6: NaN): 5 strips.
  EXPECT_EQ(dl->VtxBuffer.Size - before, 5 * 4);
}

}  // namespace
}  // namespace resonant::ui

namespace resonant::ui {
namespace {

TEST(Plot, QuantileRangeIgnoresAFewOutliers) {
  std::vector<double> hr;
  for (int i = 0; i < 100; ++i) hr.push_back(60.0 + (i % 10));  // 60..69
  hr.push_back(20.0);   // a missed beat
  hr.push_back(150.0);  // an extra beat
  const plot::Range r = plot::quantile_range(hr, 0.02, 0.98, 5.0, 0.0, {0.0, 1.0});
  EXPECT_NEAR(r.lo, 60.0, 1e-9);
  EXPECT_NEAR(r.hi, 69.0, 1e-9);
  const plot::Range all = plot::padded_range(hr, 5.0, 0.0, {0.0, 1.0});
  EXPECT_NEAR(all.lo, 20.0, 1e-9);
  const std::vector<double> none;
  EXPECT_EQ(plot::quantile_range(none, 0.02, 0.98, 5.0, 0.0, {1.0, 2.0}).hi, 2.0);
}

}  // namespace
}  // namespace resonant::ui
