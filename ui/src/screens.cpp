// The screen dispatch: one draw function per Screen (screen.hpp).
#include <resonant/ui/screen.hpp>
#include <resonant/ui/views.hpp>

namespace resonant::ui {

std::string_view to_string(Screen screen) {
  switch (screen) {
    case Screen::kMain: return "main";
    case Screen::kClient: return "client";
    case Screen::kBedtime: return "bedtime";
    case Screen::kPrepare: return "prepare";
    case Screen::kDebrief: return "debrief";
    case Screen::kHistory: return "history";
    case Screen::kDevice: return "device";
  }
  return "main";
}

std::optional<Screen> parse_screen(std::string_view name) {
  for (Screen s : kScreens) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

void draw_screen(const engine::Snapshot& snapshot, ViewState& state) {
  switch (state.screen) {
    // Each screen's case calls its own draw function (views.hpp) once it exists.
    case Screen::kBedtime: draw_bedtime_screen(snapshot, state); return;
    case Screen::kPrepare: draw_prepare_screen(snapshot, state); return;
    case Screen::kDebrief: draw_debrief_screen(snapshot, state); return;
    case Screen::kClient: draw_client_view(snapshot, state); return;
    case Screen::kMain:
      draw_dashboard(snapshot, state);
      return;
    case Screen::kHistory:
      draw_history_view(snapshot, state);
      return;
    case Screen::kDevice:  // opens the sensor panel once (its port and protocol choices shown;
                           // nothing connects until Connect); then it is the main screen
      state.devices.open = true;
      state.devices.serial = true;
      state.screen = Screen::kMain;
      draw_dashboard(snapshot, state);
      return;
  }
}

}  // namespace resonant::ui
