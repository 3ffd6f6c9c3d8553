#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

struct Display {
  int width;
  int height;
};
std::ostream& operator<<(std::ostream& os, const Display& d) {
  return os << d.width << "x" << d.height;
}

class DashboardSizes : public ::testing::TestWithParam<Display> {};

TEST_P(DashboardSizes, EverythingFitsOnScreen) {
  const ImVec2 display(static_cast<float>(GetParam().width),
                       static_cast<float>(GetParam().height));
  ImGuiHarness h(display);
  auto snap = make_snapshot(h.state.now);
  const ImDrawData* data = nullptr;
  for (int f = 0; f < 3; ++f) {
    data = h.frame([&] { draw_dashboard(*snap, h.state); }, false);
    h.tick();
  }
  ASSERT_GT(data->TotalVtxCount, 1000);
  for (const auto& v : testing::vertices(data)) {
    if (v.a == 0) continue;  // anti-aliasing fringes may poke out by a pixel
    EXPECT_GE(v.pos.x, -1.0f);
    EXPECT_GE(v.pos.y, -1.0f);
    EXPECT_LE(v.pos.x, display.x + 1.0f);
    EXPECT_LE(v.pos.y, display.y + 1.0f);
  }
  // The pacer sits on the left ~60 % and is big.
  EXPECT_LT(h.state.pacer.centre.x, display.x * 0.45f);
  EXPECT_GT(h.state.pacer.max_radius_px, display.y * 0.2f);
  EXPECT_TRUE(h.state.commands.empty());
}

INSTANTIATE_TEST_SUITE_P(Sizes, DashboardSizes,
                         ::testing::Values(Display{1024, 640}, Display{1280, 800},
                                           Display{1920, 1080}),
                         [](const ::testing::TestParamInfo<Display>& param_info) {
                           return std::to_string(param_info.param.width) + "x" +
                                  std::to_string(param_info.param.height);
                         });

}  // namespace
}  // namespace resonant::ui

TEST(Screen, EveryScreenHasANameThatParsesBack) {
  for (resonant::ui::Screen s : resonant::ui::kScreens) {
    const auto parsed = resonant::ui::parse_screen(resonant::ui::to_string(s));
    ASSERT_TRUE(parsed.has_value()) << resonant::ui::to_string(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_FALSE(resonant::ui::parse_screen("Main").has_value());
  EXPECT_FALSE(resonant::ui::parse_screen("").has_value());
}
