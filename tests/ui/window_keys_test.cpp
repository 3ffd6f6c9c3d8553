// F toggles full screen and Esc leaves it (app_window.cpp acts on window_key_action()); a
// text field with the keys gets them instead. GLFW key codes, as the GLFW backend fills them.
#include <gtest/gtest.h>

#include "src/window_modes.hpp"
#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

constexpr int kGlfwKeyF = 70;        // GLFW_KEY_F
constexpr int kGlfwKeyEscape = 256;  // GLFW_KEY_ESCAPE

detail::WindowKeyAction key_action_after(testing::ImGuiHarness& h, int key, bool typing) {
  detail::WindowKeyAction action = detail::WindowKeyAction::kNone;
  ImGui::GetIO().KeysDown[key] = true;
  h.frame([&] {
    ImGui::GetIO().WantTextInput = typing;
    action = detail::window_key_action();
  });
  ImGui::GetIO().KeysDown[key] = false;
  h.frame([] {});
  return action;
}

TEST(WindowKeys, FTogglesFullScreenAndEscLeavesIt) {
  testing::ImGuiHarness h;
  h.frame([] {});
  EXPECT_EQ(key_action_after(h, kGlfwKeyF, false), detail::WindowKeyAction::kToggleFullScreen);
  EXPECT_EQ(key_action_after(h, kGlfwKeyEscape, false), detail::WindowKeyAction::kLeaveFullScreen);
  EXPECT_EQ(key_action_after(h, kGlfwKeyF, true), detail::WindowKeyAction::kNone) << "typing an F";
  detail::WindowKeyAction idle = detail::WindowKeyAction::kToggleFullScreen;
  h.frame([&] { idle = detail::window_key_action(); });
  EXPECT_EQ(idle, detail::WindowKeyAction::kNone) << "no key, no change";
}

}  // namespace
}  // namespace resonant::ui
