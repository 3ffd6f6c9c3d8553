// Tooltips with long help text wrap: at large text sizes an unwrapped line ran off the screen's
// edge (the pacer's sound cue help at 1.5x in office mode, seen under Xvfb, 2026-11-24).
#include <imgui_internal.h>

#include <gtest/gtest.h>

#include "view_test_support.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;

constexpr const char* kLongHelp =
    "Sound cues let you close your eyes: a tone that rises as you breathe in and falls as you "
    "breathe out, or a soft chime at each turn";

const ImGuiWindow* tooltip_window() {
  for (const ImGuiWindow* w : GImGui->Windows) {
    if (w->Active && (w->Flags & ImGuiWindowFlags_Tooltip) != 0) return w;
  }
  return nullptr;
}

TEST(WrappedTooltip, StaysOnTheScreenAtAnyTextSize) {
  for (const float scale : {1.0f, 1.5f, 2.0f}) {
    const ImVec2 display(800.0f, 600.0f);
    ImGuiHarness h(display, scale);
    ImGuiIO& io = ImGui::GetIO();
    // The item sits near the right edge, where a wide tooltip would be pushed off the screen.
    io.MousePos = ImVec2(display.x - 60.0f, 100.0f);
    const ImGuiWindow* tip = nullptr;
    for (int frame = 0; frame < 3; ++frame) {
      h.frame([&] {
        ImGui::SetCursorScreenPos(ImVec2(display.x - 120.0f, 80.0f));
        ImGui::Button("Sound", ImVec2(110.0f, 40.0f));
        item_tooltip(kLongHelp);
        tip = tooltip_window();
      });
    }
    ASSERT_NE(tip, nullptr) << scale;
    const float em = ImGui::GetFontSize();
    EXPECT_GE(tip->Pos.x, 0.0f) << scale;
    EXPECT_LE(tip->Pos.x + tip->Size.x, display.x) << scale;
    EXPECT_LE(tip->Size.x, em * 28.0f + em * 2.0f) << "wraps at about 28 em, scale " << scale;
    EXPECT_GT(tip->Size.y, em * 2.0f) << "more than one line, scale " << scale;
  }
}

TEST(WrappedTooltip, ShowsOnlyWhileHovered) {
  ImGuiHarness h;
  ImGui::GetIO().MousePos = ImVec2(700.0f, 700.0f);
  const ImGuiWindow* tip = nullptr;
  for (int frame = 0; frame < 2; ++frame) {
    h.frame([&] {
      ImGui::SetCursorScreenPos(ImVec2(10.0f, 10.0f));
      ImGui::Button("Sound");
      item_tooltip(kLongHelp);
      tip = tooltip_window();
    });
  }
  EXPECT_EQ(tip, nullptr);
}

}  // namespace
}  // namespace resonant::ui
