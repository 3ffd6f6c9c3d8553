#include <cmath>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>

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

// Text at twice the size (Settings allows 0.8-2): the cards would be too narrow beside the
// pacer, so the screen is one scrolling column (the cards under the pacer, at the full
// width), and nothing is drawn beyond the window's sides (the status chip becomes its dot).
TEST(DashboardLargeText, OneScrollingColumnAndNothingRunsOffTheSides) {
  const ImVec2 display(1280.0f, 800.0f);
  for (const float scale : {1.0f, 2.0f}) {
    ImGuiHarness h(display, scale);
    auto snap = make_snapshot(h.state.now);
    const ImDrawData* data = nullptr;
    for (int f = 0; f < 3; ++f) {
      data = h.frame([&] { draw_dashboard(*snap, h.state); }, false);
      h.tick();
    }
    EXPECT_EQ(h.state.main_one_column, scale > 1.5f) << "scale " << scale;
    EXPECT_FALSE(h.state.right_column_scrolls) << "scale " << scale;
    EXPECT_EQ(h.state.status.chip_compact, scale > 1.5f) << "the chip gives way to the buttons";
    for (const auto& v : testing::vertices(data)) {
      if (v.a == 0) continue;
      EXPECT_GE(v.pos.x, -1.0f) << "scale " << scale;
      EXPECT_LE(v.pos.x, display.x + 1.0f) << "scale " << scale;
    }
  }
}

// Where the words would not fit, the screen gives way in steps rather than cutting them: the
// feedback tabs become a list naming the view in whole words (1024x640, or 1.5x text on
// 1280x800); with 2x text on 1024x640 the cards go under the pacer (where the tabs have the
// full width again), and the wordmark leaves the top bar to the link's dot and the buttons.
// At the usual size all stays side by side.
TEST(DashboardLargeText, WordsAreNeverCutTheScreenGivesWayInSteps) {
  struct Case {
    ImVec2 display;
    float scale;
    bool tabs_as_list, one_column, wordmark;
  };
  for (const Case& c : {Case{{1280.0f, 800.0f}, 1.0f, false, false, true},
                        Case{{1024.0f, 640.0f}, 1.0f, true, false, true},
                        Case{{1280.0f, 800.0f}, 1.5f, true, false, true},
                        Case{{1024.0f, 640.0f}, 2.0f, false, true, false}}) {
    ImGuiHarness h(c.display, c.scale);
    auto snap = make_snapshot(h.state.now);
    h.state.feedback.tab = FeedbackTab::kBreathing;
    for (int f = 0; f < 3; ++f) {
      h.frame([&] { draw_dashboard(*snap, h.state); }, false);
      h.tick();
    }
    const std::string at = std::to_string(c.display.x) + " x" + std::to_string(c.scale);
    EXPECT_EQ(h.state.feedback.tabs_as_list, c.tabs_as_list) << at;
    EXPECT_EQ(h.state.main_one_column, c.one_column) << at;
    EXPECT_EQ(h.state.status.wordmark_shown, c.wordmark) << at;
    EXPECT_EQ(h.state.feedback.tab, FeedbackTab::kBreathing) << at << ": the chosen view stays";
  }
}

// In one column the mouse wheel scrolls to the cards from anywhere, the pacer too (its own
// child takes no wheel and passes it on).
TEST(DashboardLargeText, TheWheelOverThePacerScrollsTheOneColumn) {
  ImGuiHarness h(ImVec2(1024.0f, 640.0f), 2.0f);
  auto snap = make_snapshot(h.state.now);
  for (int f = 0; f < 3; ++f) {
    h.frame([&] { draw_dashboard(*snap, h.state); }, false);
    h.tick();
  }
  ASSERT_TRUE(h.state.main_one_column);
  ImGuiWindow* column = nullptr;
  for (ImGuiWindow* w : GImGui->Windows) {
    const std::string_view name(w->Name);  // "Resonant/main column_<id>", not its cards
    if (name.starts_with("Resonant/main column") && name.rfind('/') == 8) column = w;
  }
  ASSERT_NE(column, nullptr);
  EXPECT_EQ(column->Scroll.y, 0.0f);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = h.state.pacer.centre;
  for (int f = 0; f < 3; ++f) {
    io.MouseWheel = f == 1 ? -3.0f : 0.0f;
    h.frame([&] { draw_dashboard(*snap, h.state); }, false);
    h.tick();
  }
  EXPECT_GT(column->Scroll.y, 0.0f) << "the wheel over the pacer moved the column";
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

namespace resonant::ui {
namespace {

std::shared_ptr<const engine::Protocol> test_protocol(const char* name) {
  return std::make_shared<const engine::Protocol>(engine::parse_protocol(
      std::string("[protocol]\nname = \"") + name +
          "\"\ndescription = \"Two minutes of rest.\"\n\n[[step]]\nname = \"Rest\"\n"
          "duration_min = 2\npacer = \"off\"\ninstruction = \"Sit comfortably.\"\n",
      "test.toml"));
}

TEST(GuidedMenu, ListsTheProtocolsAndChoosingOneRunsIt) {
  ImGuiHarness h;
  h.state.protocols.available = {test_protocol("Quiet rest"), test_protocol("Other")};
  h.state.protocols.problems = {"mine.toml:3: unknown field 'rat'"};
  h.state.protocols.open_requested = true;
  auto snap = std::make_unique<engine::Snapshot>();
  std::string log;
  for (int frame = 0; frame < 3; ++frame) {
    h.frame([&] { draw_dashboard(*snap, h.state); }, false);
    h.tick();
  }
  EXPECT_TRUE(h.state.protocols.open);
  ASSERT_TRUE(h.state.commands.empty());
  choose_protocol(h.state.protocols.available[0], h.state);
  ASSERT_EQ(h.state.commands.size(), 1u);
  const auto* start = std::get_if<engine::StartProtocolCommand>(&h.state.commands[0]);
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->protocol->name, "Quiet rest");
  // The app looked the client's rate up (none stored here): NaN, never "not looked up".
  ASSERT_TRUE(start->client_resonance_rate_bpm.has_value());
  EXPECT_TRUE(std::isnan(*start->client_resonance_rate_bpm));
  EXPECT_EQ(h.state.protocols.chosen, "Quiet rest");
}

}  // namespace
}  // namespace resonant::ui
