#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

// Biggest horizontal spacing between successive heart-coloured vertices (the HR line).
float largest_x_gap_of_heart_line(const ImDrawData* data) {
  std::vector<float> xs;
  for (const auto& v : testing::vertices(data)) {
    const ImU32 c = v.r | (v.g << 8) | (v.b << 16) | (v.a << 24);
    if (c == palette::kHeart) xs.push_back(v.pos.x);
  }
  if (xs.size() < 2) return 0.0f;
  std::sort(xs.begin(), xs.end());
  float gap = 0.0f;
  for (std::size_t i = 1; i < xs.size(); ++i) gap = std::max(gap, xs[i] - xs[i - 1]);
  return gap;
}

// One beat a second from 1 to 100 s; no beats in (40, 60) when with_gap.
std::unique_ptr<engine::Snapshot> beats(SteadyClock::time_point now, bool with_gap) {
  auto s = make_snapshot(now, 100.0);
  std::uint32_t n = 0;
  for (int i = 1; i <= 100; ++i) {
    if (with_gap && i > 40 && i < 60) continue;
    const float hr = 62.0f + static_cast<float>(i % 10);
    s->tachogram[n++] = {static_cast<double>(i), 60000.0f / hr, hr, with_gap && i == 60};
  }
  s->tachogram_size = n;
  return s;
}

TEST(TachogramView, OneUnbrokenLineWithoutGaps) {
  ImGuiHarness h;
  auto snap = beats(h.state.now, false);
  const ImDrawData* data = h.frame([&] { draw_tachogram_view(*snap, h.state); });
  EXPECT_EQ(h.state.tachogram.line_pieces, 1);
  EXPECT_LT(largest_x_gap_of_heart_line(data), 12.0f);
}

TEST(TachogramView, BreaksTheLineAtGaps) {
  ImGuiHarness h;
  auto snap = beats(h.state.now, true);
  const ImDrawData* data = h.frame([&] { draw_tachogram_view(*snap, h.state); });
  EXPECT_EQ(h.state.tachogram.line_pieces, 2);
  // 20 s of 120 s in a ~1240 px wide plot: ~200 px without any heart-coloured vertex.
  EXPECT_GT(largest_x_gap_of_heart_line(data), 120.0f);
}

TEST(TachogramView, NaNHeartRateAlsoBreaksTheLine) {
  ImGuiHarness h;
  auto snap = beats(h.state.now, false);
  snap->tachogram[50].hr_bpm = std::numeric_limits<float>::quiet_NaN();
  h.frame([&] { draw_tachogram_view(*snap, h.state); });
  EXPECT_EQ(h.state.tachogram.line_pieces, 2);
}

TEST(TachogramView, AxisEasesInsteadOfJumping) {
  ImGuiHarness h;
  auto snap = beats(h.state.now, false);
  h.frame([&] { draw_tachogram_view(*snap, h.state); });
  const double lo0 = h.state.tachogram.y_lo_bpm;
  const double hi0 = h.state.tachogram.y_hi_bpm;
  // Heart rate suddenly much higher: the axis moves toward it a little each frame.
  for (std::uint32_t i = 0; i < snap->tachogram_size; ++i) snap->tachogram[i].hr_bpm += 40.0f;
  double prev_hi = hi0;
  for (int f = 0; f < 5; ++f) {
    h.state.dt_s = 1.0f / 60.0f;
    h.frame([&] { draw_tachogram_view(*snap, h.state); });
    EXPECT_GT(h.state.tachogram.y_hi_bpm, prev_hi);
    EXPECT_LT(h.state.tachogram.y_hi_bpm - prev_hi, 2.0) << "no jump in one frame";
    prev_hi = h.state.tachogram.y_hi_bpm;
  }
  for (int f = 0; f < 600; ++f) h.frame([&] { draw_tachogram_view(*snap, h.state); });
  EXPECT_GT(h.state.tachogram.y_lo_bpm, lo0 + 30.0) << "and gets there";
}

TEST(TachogramView, EmptyBeforeTheFirstBeats) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now, 5.0);
  snap->tachogram_size = 0;
  snap->beat_count = 0;
  const ImDrawData* data = h.frame([&] { draw_tachogram_view(*snap, h.state); });
  EXPECT_EQ(h.state.tachogram.line_pieces, 0);
  EXPECT_GT(data->TotalVtxCount, 0) << "the breath wave and the axis are drawn";
}

}  // namespace
}  // namespace resonant::ui
