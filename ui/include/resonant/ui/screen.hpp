#pragma once
// Which screen the dashboard window shows. Each screen is one draw function (views.hpp),
// chosen in draw_screen() (ui/src/screens.cpp); `resonant --screen NAME` picks the first one
// (e.g. for a screenshot), the person moves between them with the screens' own controls.
//
// Threading contract: plain value, UI thread only.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace resonant::ui {

enum class Screen : std::uint8_t {
  kMain,     // pacer, heart figures and live feedback (draw_dashboard)
  kClient,   // office mode: the client's number-free view
  kBedtime,  // bedtime mode: dim, warm, large soft pacer, stops by itself
  kPrepare,  // session flow: sensor check and self-ratings before a session
  kDebrief,  // session flow: before/after figures and charts after a session
  kHistory,  // the client's sessions and trends
  kDevice,   // the main screen with the sensor panel's port and protocol choices open over it
};

inline constexpr std::array<Screen, 7> kScreens{Screen::kMain,    Screen::kClient,
                                                Screen::kBedtime, Screen::kPrepare,
                                                Screen::kDebrief, Screen::kHistory,
                                                Screen::kDevice};

/// "main", "client", "bedtime", "prepare", "debrief", "history", "device".
std::string_view to_string(Screen screen);
std::optional<Screen> parse_screen(std::string_view name);

}  // namespace resonant::ui
