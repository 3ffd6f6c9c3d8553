#include <algorithm>
#include <cmath>
#include <limits>
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

// Top (smallest y) of the vertices of exactly this colour; +inf when there are none.
float top_of_colour(const ImDrawData* data, ImU32 colour) {
  float top = std::numeric_limits<float>::infinity();
  for (const auto& v : testing::vertices(data)) {
    const ImU32 c = v.r | (v.g << 8) | (v.b << 16) | (v.a << 24);
    if (c == colour) top = std::min(top, v.pos.y);
  }
  return top;
}

// A missed beat's interval doubles (HR halves), an ectopic pair reads fast then slow: the
// corrector labels them 2 beats later. Labelled, they are faint spikes and the heart line
// joins across them; not yet labelled, they are drawn as the line.
TEST(TachogramView, LabelledArtifactsAreFaintSpikesAndTheLineJoinsAcrossThem) {
  ImGuiHarness h;
  auto clean = beats(h.state.now, false);
  const float clean_top = top_of_colour(h.frame([&] { draw_tachogram_view(*clean, h.state); }),
                                        palette::kHeart);
  ASSERT_TRUE(std::isfinite(clean_top));

  auto spiky = beats(h.state.now, false);
  spiky->tachogram[60].hr_bpm = 120.0f;  // early beat, then its compensatory pause
  spiky->tachogram[61].hr_bpm = 45.0f;
  spiky->tachogram[80].hr_bpm = 33.0f;   // a missed beat
  ImGuiHarness undecided;
  undecided.frame([&] { draw_tachogram_view(*spiky, undecided.state); });
  const float undecided_top = top_of_colour(
      undecided.frame([&] { draw_tachogram_view(*spiky, undecided.state); }), palette::kHeart);
  EXPECT_LT(undecided_top, clean_top - 5.0f) << "an undecided spike is the line until labelled";

  for (const std::size_t i : {60u, 61u}) {
    spiky->tachogram[i].artifact = dsp::BeatLabel::kEctopic;
    spiky->tachogram[i].artifact_decided = true;
  }
  spiky->tachogram[80].artifact = dsp::BeatLabel::kMissed;
  spiky->tachogram[80].artifact_decided = true;
  ImGuiHarness labelled;
  labelled.frame([&] { draw_tachogram_view(*clean, labelled.state); });  // same axis as clean
  const ImDrawData* data = labelled.frame([&] { draw_tachogram_view(*spiky, labelled.state); });
  EXPECT_EQ(labelled.state.tachogram.line_pieces, 1) << "the line joins across the spikes";
  EXPECT_EQ(labelled.state.tachogram.spike_pieces, 2);
  EXPECT_NEAR(top_of_colour(data, palette::kHeart), clean_top, 1.0f)
      << "the full-colour line stays on the rhythm";
  EXPECT_TRUE(std::isfinite(top_of_colour(data, with_alpha(palette::kHeart, 0.30f))))
      << "the spike is still drawn, faint";
}

TEST(TachogramView, ALabelledBeatAfterAGapDoesNotJoinTheGap) {
  ImGuiHarness h;
  auto snap = beats(h.state.now, true);  // beats 41..59 missing; beat 60 after the gap
  snap->tachogram[40].artifact = dsp::BeatLabel::kLong;  // beat 60, the first after the gap
  snap->tachogram[40].artifact_decided = true;
  const ImDrawData* data = h.frame([&] { draw_tachogram_view(*snap, h.state); });
  EXPECT_EQ(h.state.tachogram.line_pieces, 2);
  EXPECT_GT(largest_x_gap_of_heart_line(data), 120.0f);
  EXPECT_EQ(h.state.tachogram.spike_pieces, 1) << "the spike starts its own piece";
}

// The newest beat below the eased axis (the session's first seconds, a sudden fall in rate):
// its dot stays on the plot, never under the time labels.
TEST(TachogramView, TheNowDotStaysOnThePlotWhileTheAxisEases) {
  ImGuiHarness h;
  auto snap = beats(h.state.now, false);
  h.frame([&] { draw_tachogram_view(*snap, h.state); });  // axis set for 62-71 bpm
  snap->tachogram[snap->tachogram_size - 1].hr_bpm = 30.0f;  // far below it
  const ImDrawData* data = h.frame([&] { draw_tachogram_view(*snap, h.state); });
  float lowest_dot = -1.0f;
  for (const auto& v : testing::vertices(data)) {
    const ImU32 c = v.r | (v.g << 8) | (v.b << 16) | (v.a << 24);
    if (c == with_alpha(palette::kHeart, 0.25f)) lowest_dot = std::max(lowest_dot, v.pos.y);
  }
  ASSERT_GT(lowest_dot, 0.0f) << "the dot's halo is drawn";
  // The halo's radius is 5 design px: its lowest vertex is within that of the plot's bottom,
  // which lies above the "2 min ago" labels (before: about 40 px below it).
  EXPECT_LT(lowest_dot, h.state.tachogram.plot_bottom_px + 6.0f);
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
