// Themes (palette and ImGui style follow use_theme), reduced motion (no cross-fade, no eased
// range, banner at once) and the bedtime screen (night palette, asks for the wind-down,
// darkens with the protocol's guidance, "Good night" at the end, theme restored on leaving).
#include <algorithm>

#include <cmath>

#include <gtest/gtest.h>

#include <resonant/ui/theme.hpp>
#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;

/// Brightness 0..255 of an ImU32 (mean of r, g, b).
float brightness(ImU32 c) {
  return (static_cast<float>(c & 0xFFu) + static_cast<float>((c >> 8) & 0xFFu) +
          static_cast<float>((c >> 16) & 0xFFu)) / 3.0f;
}

class ThemeTest : public ::testing::Test {
 protected:
  void TearDown() override { use_theme(Theme::kDark); }  // other tests expect the default
};

TEST_F(ThemeTest, UseThemeChangesThePaletteAndTheImGuiStyle) {
  ImGuiHarness h;
  const ImU32 dark_bg = palette::kBackground;
  EXPECT_EQ(dark_bg, theme_colours(Theme::kDark).background);
  const ImVec4 dark_style_bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];

  use_theme(Theme::kNight);
  EXPECT_EQ(current_theme(), Theme::kNight);
  EXPECT_EQ(palette::kBackground, theme_colours(Theme::kNight).background);
  EXPECT_EQ(palette::kPacer, theme_colours(Theme::kNight).pacer);
  EXPECT_NE(palette::kBackground, dark_bg);
  const ImVec4 night_bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  EXPECT_EQ(ImGui::ColorConvertFloat4ToU32(night_bg), palette::kBackground);
  EXPECT_NE(night_bg.x, dark_style_bg.x);

  use_theme(Theme::kLight);
  EXPECT_GT(brightness(palette::kBackground), 200.0f) << "light is light";
  EXPECT_LT(brightness(palette::kText), 80.0f) << "with dark text";
  use_theme(Theme::kDark);
  EXPECT_EQ(palette::kBackground, dark_bg);
  const ImVec4 back = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  EXPECT_EQ(ImGui::ColorConvertFloat4ToU32(back), ImGui::ColorConvertFloat4ToU32(dark_style_bg));
  for (Theme t : kThemes) EXPECT_EQ(parse_theme(to_string(t)), t);
  EXPECT_FALSE(parse_theme("sepia"));
}

TEST_F(ThemeTest, NightIsDimAndWarmNothingBright) {
  const ThemeColours& n = theme_colours(Theme::kNight);
  for (ImU32 c : {n.background, n.card, n.text, n.text_muted, n.pacer, n.pacer_light, n.heart}) {
    EXPECT_LT(brightness(c), 130.0f) << std::hex << c;
  }
  // Warm: red above blue in the background and the pacer.
  for (ImU32 c : {n.background, n.pacer, n.pacer_light}) {
    EXPECT_GT(c & 0xFFu, (c >> 16) & 0xFFu) << std::hex << c;
  }
  EXPECT_LT(brightness(n.text) - brightness(n.background), 130.0f) << "low-contrast text";
}

/// WCAG 2 contrast ratio of two sRGB colours (1 to 21).
double contrast(ImU32 a, ImU32 b) {
  const auto luminance = [](ImU32 c) {
    const auto channel = [](unsigned v) {
      const double x = v / 255.0;
      return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c & 0xFFu) + 0.7152 * channel((c >> 8) & 0xFFu) +
           0.0722 * channel((c >> 16) & 0xFFu);
  };
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Every colour words are written in, on the background, a card and a popup, at least: body text
// 4.5 (WCAG AA); muted text 4.0 (the night theme keeps its text dim: its brightest words
// stay under 130 of 255, above); the pacer's hue in words 4.0; faint hints, status words and
// the heart's colour 3.0 (AA for large text and for graphics). Before, the light theme's
// titles (the pacer's light centre) read at 1.65 and the night theme's hints at 2.2.
TEST_F(ThemeTest, WordsAreReadableInEveryTheme) {
  for (Theme theme : kThemes) {
    const ThemeColours& t = theme_colours(theme);
    const std::pair<ImU32, double> words[] = {
        {t.text, 4.5},      {t.text_muted, 4.0}, {t.accent, 4.0},   {t.text_faint, 3.0},
        {t.heart, 3.0},     {t.streaming, 3.0},  {t.waiting, 3.0},  {t.failed, 3.0},
        {t.idle, 3.0}};
    for (const auto& [colour, least] : words) {
      for (ImU32 ground : {t.background, t.card, t.popup}) {
        EXPECT_GE(contrast(colour, ground), least)
            << to_string(theme) << ": " << std::hex << colour << " on " << ground;
      }
    }
  }
}

TEST(ReducedMotion, ANewPacerShapeAppearsAtOnce) {
  ImGuiHarness h;
  auto snap = testing::make_snapshot(h.state.now);
  h.state.dt_s = 0.1f;
  h.state.reduced_motion = true;
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  h.state.pacer.shape = PacerShape::kBar;
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  EXPECT_FLOAT_EQ(h.state.pacer.shape_blend, 1.0f) << "no cross-fade";

  h.state.reduced_motion = false;
  h.state.pacer.shape = PacerShape::kWave;
  h.frame([&] { draw_pacer_view(*snap, h.state); });
  EXPECT_LT(h.state.pacer.shape_blend, 1.0f) << "the cross-fade without reduced motion";
}

TEST(ReducedMotion, TheBannerAppearsAtOnce) {
  ImGuiHarness h;
  auto snap = testing::make_snapshot(h.state.now);
  snap->link_state = LinkState::kReconnecting;
  h.state.reduced_motion = true;
  h.frame([&] { draw_link_banner(*snap, h.state); });
  EXPECT_FLOAT_EQ(h.state.status.banner_alpha, 1.0f);
}

class BedtimeTest : public ::testing::Test {
 protected:
  void TearDown() override { use_theme(Theme::kDark); }
};

TEST_F(BedtimeTest, TheScreenUsesTheNightThemeAsksForTheWindDownAndRestoresOnLeaving) {
  ImGuiHarness h;
  auto snap = testing::make_snapshot(h.state.now);
  h.state.screen = Screen::kBedtime;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_EQ(current_theme(), Theme::kNight);
  EXPECT_TRUE(h.state.bedtime.start_requested);
  EXPECT_TRUE(h.state.reduced_motion);
  EXPECT_GT(h.state.pacer.max_radius_px, 800.0f * 0.3f) << "a large pacer";
  EXPECT_FLOAT_EQ(h.state.bedtime.dark_alpha, 0.0f);

  leave_bedtime(h.state);
  EXPECT_EQ(h.state.screen, Screen::kMain);
  EXPECT_EQ(current_theme(), Theme::kDark);
  EXPECT_FALSE(h.state.reduced_motion);
}

TEST_F(BedtimeTest, LeavingBedtimeModeStopsTheWindDown) {
  ImGuiHarness h;
  auto snap = testing::make_snapshot(h.state.now);
  h.state.screen = Screen::kBedtime;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  ASSERT_TRUE(h.state.bedtime.start_requested);
  h.state.bedtime.start_requested = false;  // as the app does when it posts the start
  h.state.bedtime.started = true;
  h.state.commands.clear();
  leave_bedtime(h.state);
  ASSERT_EQ(h.state.commands.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<engine::StopProtocolCommand>(h.state.commands[0]));
  EXPECT_FALSE(h.state.bedtime.started);
  // Coming back starts a new wind-down.
  h.state.screen = Screen::kBedtime;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_TRUE(h.state.bedtime.start_requested);
}

TEST_F(BedtimeTest, TheWindowDarkensWithTheFadeAndEndsBlackWithGoodNight) {
  ImGuiHarness h;
  auto snap = testing::make_snapshot(h.state.now);
  h.state.screen = Screen::kBedtime;
  snap->protocol.active = true;
  snap->protocol.started = true;
  snap->protocol.protocol_end_s = 160.0;
  snap->protocol.guidance = 0.25;  // three quarters through the fade
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_NEAR(h.state.bedtime.dark_alpha, 0.75f, 1e-6f);
  snap->protocol.guidance = 1.0;  // never lightens again
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_NEAR(h.state.bedtime.dark_alpha, 0.75f, 1e-6f);

  snap->protocol.active = false;  // the protocol has ended
  const ImDrawData* data = h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_FLOAT_EQ(h.state.bedtime.dark_alpha, 1.0f);
  // Fully black cover, and only faint glyphs (Good night) above it.
  int opaque_black = 0;
  unsigned brightest_text = 0;
  for (const auto& v : testing::vertices(data)) {
    if (v.r == 0 && v.g == 0 && v.b == 0 && v.a == 255) ++opaque_black;
    if (v.a > 0 && !(v.r == 0 && v.g == 0 && v.b == 0)) brightest_text = std::max(brightest_text, v.a);
  }
  EXPECT_EQ(opaque_black, 4) << "one black rectangle over the window";
  EXPECT_GT(brightest_text, 0u) << "Good night is drawn";
  EXPECT_LT(brightest_text, 160u) << "and faint";
}

}  // namespace
}  // namespace resonant::ui
