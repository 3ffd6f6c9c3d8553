#include <algorithm>
#include <cmath>
#include <variant>

#include <gtest/gtest.h>

#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

// Session time (within the first breath) where the pacer's volume is closest to target
// while breathing in.
double time_of_inhale_volume(const PacerSegment& seg, double target) {
  double best_t = 0.0;
  double best_err = 1e9;
  for (double t = 0.0; t < 10.0; t += 0.001) {
    const PacerState s = pacer_state(seg, t);
    if (s.part != BreathPart::kInhale) continue;
    if (std::abs(s.volume - target) < best_err) {
      best_err = std::abs(s.volume - target);
      best_t = t;
    }
  }
  return best_t;
}

// Largest distance from the circle's centre among the teal (pacer-coloured) vertices.
float teal_extent(const ImDrawData* data, ImVec2 centre) {
  float extent = 0.0f;
  for (const auto& v : testing::vertices(data)) {
    if (v.a <= 10 || v.g < v.r + 40 || v.b < v.r + 40) continue;
    extent = std::max(extent, std::hypot(v.pos.x - centre.x, v.pos.y - centre.y));
  }
  return extent;
}

std::vector<double> requested_rates(const ViewState& state) {
  std::vector<double> rates;
  for (const auto& c : state.commands) {
    if (const auto* set = std::get_if<engine::SetPacerCommand>(&c)) {
      rates.push_back(set->settings.rate_bpm);
    }
  }
  return rates;
}

// Presses and releases the left mouse button over the centre of [min, max].
void click(ImGuiHarness& h, const engine::Snapshot& snap, ImVec2 min, ImVec2 max) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(0.5f * (min.x + max.x), 0.5f * (min.y + max.y));
  h.frame([&] { draw_pacer_view(snap, h.state); });  // hover
  io.MouseDown[0] = true;
  h.frame([&] { draw_pacer_view(snap, h.state); });  // press
  io.MouseDown[0] = false;
  h.frame([&] { draw_pacer_view(snap, h.state); });  // release: clicked
}

void press_key(ImGuiHarness& h, const engine::Snapshot& snap, int key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key] = true;
  h.frame([&] { draw_pacer_view(snap, h.state); });
  io.KeysDown[key] = false;
  h.frame([&] { draw_pacer_view(snap, h.state); });
}

TEST(PacerView, DrawsACircleAndControls) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  const ImDrawData* data = h.frame([&] { draw_pacer_view(*snap, h.state); });
  EXPECT_GT(data->TotalVtxCount, 500);
  EXPECT_GT(data->TotalIdxCount, 500);
  EXPECT_GT(h.state.pacer.radius_px, 10.0f);
  EXPECT_LE(h.state.pacer.radius_px, h.state.pacer.max_radius_px + 0.01f);
  EXPECT_TRUE(h.state.commands.empty()) << "no input, no commands";
}

// A short column (large text on a small window, office mode's strip below): the circle shrinks
// to its least area, the controls still fit under it, and the words become brief ("Out", not
// "Breathe out") so they stay inside the circle. In a tall column the words are whole.
TEST(PacerView, AShortColumnKeepsItsControlsAndSaysBriefWords) {
  for (const float column_em : {15.0f, 30.0f}) {
    ImGuiHarness h;
    auto snap = make_snapshot(h.state.now);
    const float em = h.state.fonts.body->FontSize;
    const float column_h = em * column_em;
    const ImGuiWindow* child = nullptr;
    h.frame([&] {
      ImGui::BeginChild("column", ImVec2(em * 20.0f, column_h));
      draw_pacer_view(*snap, h.state);
      child = GImGui->CurrentWindow;
      ImGui::EndChild();
    });
    ASSERT_NE(child, nullptr);
    EXPECT_LE(child->ContentSize.y, column_h + 0.5f) << column_em << " em";
    EXPECT_LE(h.state.pacer.min_column_height_px, column_h) << column_em << " em";
    EXPECT_LE(h.state.pacer.faster_max.y, child->Pos.y + column_h) << column_em << " em";
    EXPECT_EQ(h.state.pacer.brief_words, column_em < 20.0f) << column_em << " em";
  }
}

// Large text in a narrow column: four combos in one row would clip their labels ("Sound of"),
// so the options take two rows where the column is tall enough, and everything stays inside
// it. A short column (office mode's strip below) keeps one row; a wide one needs no second.
TEST(PacerView, ANarrowColumnPutsTheOptionsOnTwoRowsWhereTheyFit) {
  struct Case {
    float width_em, height_em;
    int rows;
  };
  for (const Case c : {Case{17.0f, 40.0f, 2}, Case{17.0f, 15.0f, 1}, Case{40.0f, 40.0f, 1}}) {
    ImGuiHarness h(ImVec2(1280.0f, 800.0f), 2.0f);
    auto snap = make_snapshot(h.state.now);
    const float em = h.state.fonts.body->FontSize;
    const ImVec2 column(em * c.width_em, std::min(em * c.height_em, 780.0f));
    const ImGuiWindow* child = nullptr;
    h.frame([&] {
      ImGui::BeginChild("column", column);
      draw_pacer_view(*snap, h.state);
      child = GImGui->CurrentWindow;
      ImGui::EndChild();
    });
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(h.state.pacer.options_rows, c.rows) << c.width_em << " x " << c.height_em << " em";
    EXPECT_LE(child->ContentSize.y, column.y + 0.5f) << c.width_em << " x " << c.height_em;
    EXPECT_LE(h.state.pacer.min_column_height_px, column.y) << c.width_em << " x " << c.height_em;
  }
}

TEST(PacerView, CircleGrowsWithVolume) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->clock.session_anchor_s = time_of_inhale_volume(snap->pacer, 0.1);
  ASSERT_NEAR(pacer_state(snap->pacer, snap->clock.session_anchor_s).volume, 0.1, 0.01);
  const ImDrawData* small = h.frame([&] { draw_pacer_view(*snap, h.state); });
  const float small_extent = teal_extent(small, h.state.pacer.centre);
  const float small_radius = h.state.pacer.radius_px;

  snap->clock.session_anchor_s = time_of_inhale_volume(snap->pacer, 0.9);
  ASSERT_NEAR(pacer_state(snap->pacer, snap->clock.session_anchor_s).volume, 0.9, 0.01);
  const ImDrawData* big = h.frame([&] { draw_pacer_view(*snap, h.state); });
  const float big_extent = teal_extent(big, h.state.pacer.centre);
  const float big_radius = h.state.pacer.radius_px;

  EXPECT_GT(small_extent, 20.0f);
  EXPECT_GT(big_extent, small_extent * 1.5f) << "small " << small_extent << " big " << big_extent;
  EXPECT_GT(big_radius, small_radius);
  // The circle (with its glow) stays inside the region given to the view.
  EXPECT_LT(big_extent, 400.0f);
}

TEST(PacerView, RadiusFollowsThePureFunctionOnly) {
  // Same snapshot and same clock: same picture, whatever happened in earlier frames.
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->clock.session_anchor_s = 3.0;
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  const float first = h.state.pacer.radius_px;
  snap->clock.session_anchor_s = 7.0;
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  snap->clock.session_anchor_s = 3.0;
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  EXPECT_FLOAT_EQ(h.state.pacer.radius_px, first);
}

TEST(PacerView, PlusButtonAsksForOneTenthFaster) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->pacer.settings.inhale_fraction = 0.45;
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  click(h, *snap, h.state.pacer.faster_min, h.state.pacer.faster_max);
  ASSERT_EQ(h.state.commands.size(), 1u);
  const auto* set = std::get_if<engine::SetPacerCommand>(&h.state.commands[0]);
  ASSERT_NE(set, nullptr);
  EXPECT_NEAR(set->settings.rate_bpm, 6.1, 1e-9);
  EXPECT_DOUBLE_EQ(set->settings.inhale_fraction, 0.45) << "other settings are kept";
  EXPECT_TRUE(set->enabled);
}

TEST(PacerView, MinusButtonAsksForOneTenthSlower) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  click(h, *snap, h.state.pacer.slower_min, h.state.pacer.slower_max);
  EXPECT_EQ(requested_rates(h.state), std::vector<double>{5.9});
}

TEST(PacerView, RepeatedPressesStepFromTheRequestedRate) {
  // The engine confirms a new rate only with its next Snapshot; two quick presses must
  // still mean +0.2.
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  click(h, *snap, h.state.pacer.faster_min, h.state.pacer.faster_max);
  click(h, *snap, h.state.pacer.faster_min, h.state.pacer.faster_max);
  const auto rates = requested_rates(h.state);
  ASSERT_EQ(rates.size(), 2u);
  EXPECT_NEAR(rates[0], 6.1, 1e-9);
  EXPECT_NEAR(rates[1], 6.2, 1e-9);
}

TEST(PacerView, ArrowKeysStepTheRate) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  struct Case {
    int key;
    double expected;
  };
  for (const Case c : {Case{testing::kKeyRight, 6.1}, Case{testing::kKeyUp, 6.1},
                       Case{testing::kKeyLeft, 5.9}, Case{testing::kKeyDown, 5.9}}) {
    h.state.commands.clear();
    h.state.pacer.requested_rate_bpm = 0.0;
    press_key(h, *snap, c.key);
    const auto rates = requested_rates(h.state);
    ASSERT_EQ(rates.size(), 1u) << "key " << c.key;
    EXPECT_NEAR(rates[0], c.expected, 1e-9) << "key " << c.key;
  }
}

TEST(PacerView, RateNeverLeavesThreeToTen) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);

  snap->pacer.settings.rate_bpm = 9.9;
  for (int i = 0; i < 4; ++i) press_key(h, *snap, testing::kKeyRight);
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  click(h, *snap, h.state.pacer.faster_min, h.state.pacer.faster_max);
  auto rates = requested_rates(h.state);
  ASSERT_EQ(rates.size(), 1u) << "9.9 -> 10.0, then nothing more";
  EXPECT_NEAR(rates[0], 10.0, 1e-9);

  h.state.commands.clear();
  h.state.pacer.requested_rate_bpm = 0.0;
  snap->pacer.settings.rate_bpm = 3.0;
  for (int i = 0; i < 3; ++i) press_key(h, *snap, testing::kKeyLeft);
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  click(h, *snap, h.state.pacer.slower_min, h.state.pacer.slower_max);
  EXPECT_TRUE(requested_rates(h.state).empty());

  // Every rate ever requested, from anywhere in the range, stays inside it.
  for (double start = 3.0; start <= 10.0; start += 0.7) {
    h.state.commands.clear();
    h.state.pacer.requested_rate_bpm = 0.0;
    snap->pacer.settings.rate_bpm = start;
    press_key(h, *snap, testing::kKeyRight);
    press_key(h, *snap, testing::kKeyLeft);
    for (double r : requested_rates(h.state)) {
      EXPECT_GE(r, kPacerMinRateBpm);
      EXPECT_LE(r, kPacerMaxRateBpm);
    }
  }
}

TEST(PacerView, KeysAreIgnoredWhileADialogIsOpen) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[testing::kKeyRight] = true;
  h.frame([&] {
    ImGui::OpenPopup("dialog");
    if (ImGui::BeginPopupModal("dialog")) ImGui::EndPopup();
    draw_pacer_view(*snap, h.state);
  });
  io.KeysDown[testing::kKeyRight] = false;
  EXPECT_TRUE(h.state.commands.empty());
}

}  // namespace
}  // namespace resonant::ui

namespace resonant::ui {
namespace {

// Draws the view at the moment of the first inhale when the lungs are at `volume`.
const ImDrawData* draw_at_inhale_volume(ImGuiHarness& h, engine::Snapshot& snap, double volume) {
  snap.clock.session_anchor_s = time_of_inhale_volume(snap.pacer, volume);
  return h.frame([&] { draw_pacer_view(snap, h.state); });
}

TEST(PacerViewShapes, ShapeNamesRoundTrip) {
  for (PacerShape shape : kPacerShapes) EXPECT_EQ(parse_pacer_shape(to_string(shape)), shape);
  EXPECT_FALSE(parse_pacer_shape("triangle"));
}

TEST(PacerViewShapes, BarRisesWithVolumeInsideItsFrame) {
  ImGuiHarness h;
  h.state.pacer.shape = PacerShape::kBar;
  auto snap = testing::make_snapshot(h.state.now);
  draw_at_inhale_volume(h, *snap, 0.1);
  const float low_top = h.state.pacer.bar_top_y;
  draw_at_inhale_volume(h, *snap, 0.9);
  const float high_top = h.state.pacer.bar_top_y;
  const float frame_h = h.state.pacer.bar_max.y - h.state.pacer.bar_min.y;
  EXPECT_GT(frame_h, 100.0f);
  EXPECT_LT(high_top, low_top - 0.5f * frame_h) << "0.1 -> 0.9 of a breath rises most of the bar";
  EXPECT_GT(high_top, h.state.pacer.bar_min.y);
  EXPECT_LT(low_top, h.state.pacer.bar_max.y);
}

TEST(PacerViewShapes, WaveDotRidesTheBreathAtAFixedPlace) {
  ImGuiHarness h;
  h.state.pacer.shape = PacerShape::kWave;
  auto snap = testing::make_snapshot(h.state.now);
  draw_at_inhale_volume(h, *snap, 0.1);
  const ImVec2 low = h.state.pacer.wave_dot;
  const ImDrawData* data = draw_at_inhale_volume(h, *snap, 0.9);
  const ImVec2 high = h.state.pacer.wave_dot;
  EXPECT_FLOAT_EQ(low.x, high.x) << "the wave travels; the dot stays";
  EXPECT_LT(high.y, low.y - 50.0f) << "fuller lungs, higher dot";
  EXPECT_GT(data->TotalVtxCount, 500) << "a curve, its soft fill and the dot";
}

// Teal vertices (the pacer's colours) and the largest alpha among them.
struct TealInk {
  int count = 0;
  int max_alpha = 0;
};
TealInk teal_ink(const ImDrawData* data) {
  TealInk t;
  for (const auto& v : testing::vertices(data)) {
    if (v.a == 0 || v.g < v.r + 40 || v.b < v.r + 40) continue;
    ++t.count;
    t.max_alpha = std::max(t.max_alpha, static_cast<int>(v.a));
  }
  return t;
}

TEST(PacerViewShapes, ANewShapeFadesInOverTheOld) {
  ImGuiHarness h;
  auto snap = testing::make_snapshot(h.state.now);
  h.state.dt_s = 0.1f;
  draw_at_inhale_volume(h, *snap, 0.5);  // the circle, settled
  const int circle_only = h.frame([&] { draw_pacer_view(*snap, h.state); })->TotalVtxCount;

  h.state.pacer.shape = PacerShape::kBar;
  const ImDrawData* mixed = h.frame([&] { draw_pacer_view(*snap, h.state); });
  const int mixed_count = mixed->TotalVtxCount;
  const TealInk mixed_ink = teal_ink(mixed);
  for (int i = 0; i < 10; ++i) h.frame([&] { draw_pacer_view(*snap, h.state); });  // 1 s
  const ImDrawData* settled = h.frame([&] { draw_pacer_view(*snap, h.state); });
  const TealInk settled_ink = teal_ink(settled);

  EXPECT_GT(mixed_count, circle_only) << "both shapes are drawn while they cross-fade";
  EXPECT_GT(mixed_count, settled->TotalVtxCount);
  EXPECT_LT(mixed_ink.max_alpha, settled_ink.max_alpha)
      << "nothing is at full strength in the middle of a cross-fade";
  EXPECT_EQ(settled_ink.max_alpha, 255) << "the new shape ends fully drawn";
}

TEST(PacerViewShapes, EveryShapeIsAPureFunctionOfTheClock) {
  for (PacerShape shape : kPacerShapes) {
    ImGuiHarness h;
    h.state.pacer.shape = shape;
    auto snap = testing::make_snapshot(h.state.now);
    snap->clock.session_anchor_s = 3.0;
    const int first = h.frame([&] { draw_pacer_view(*snap, h.state); })->TotalVtxCount;
    const ImVec2 dot = h.state.pacer.wave_dot;
    const float bar_top = h.state.pacer.bar_top_y;
    snap->clock.session_anchor_s = 7.0;
    h.frame([&] { draw_pacer_view(*snap, h.state); });
    snap->clock.session_anchor_s = 3.0;
    EXPECT_EQ(h.frame([&] { draw_pacer_view(*snap, h.state); })->TotalVtxCount, first);
    EXPECT_FLOAT_EQ(h.state.pacer.wave_dot.y, dot.y) << to_string(shape);
    EXPECT_FLOAT_EQ(h.state.pacer.bar_top_y, bar_top) << to_string(shape);
  }
}

}  // namespace
}  // namespace resonant::ui

namespace resonant::ui {
namespace {

TEST(PacerViewPresets, ChoosingAPresetAsksTheEngineForItsSettings) {
  ViewState state;
  const auto box = find_pacer_preset(builtin_pacer_presets(), "box");
  ASSERT_TRUE(box);
  choose_pacer_preset(*box, state);
  ASSERT_EQ(state.commands.size(), 1u) << "no ramp for box breathing";
  const auto* set = std::get_if<engine::SetPacerCommand>(&state.commands[0]);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->settings, box->settings);
  EXPECT_TRUE(set->enabled);
  EXPECT_EQ(state.pacer.preset_name, "box");
}

TEST(PacerViewPresets, BedtimeAlsoStartsTheRamp) {
  ViewState state;
  const auto bedtime = find_pacer_preset(builtin_pacer_presets(), "bedtime");
  ASSERT_TRUE(bedtime);
  choose_pacer_preset(*bedtime, state);
  ASSERT_EQ(state.commands.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<engine::SetPacerCommand>(state.commands[0]))
      << "settings first: the ramp keeps their ratio";
  const auto* ramp = std::get_if<engine::SetPacerRampCommand>(&state.commands[1]);
  ASSERT_NE(ramp, nullptr);
  EXPECT_DOUBLE_EQ(ramp->target_bpm, bedtime->ramp_target_bpm);
  EXPECT_TRUE(ramp->enabled);
}

}  // namespace
}  // namespace resonant::ui
