// The "History" button in the main screen's top bar, just left of the session timer.
#include <resonant/ui/views.hpp>

namespace resonant::ui {

void draw_history_button(const engine::Snapshot& /*snapshot*/, ViewState& state) {
  const float em = ImGui::GetFontSize();
  const char* label = "History";
  const float width = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2.0f;
  const ImVec2 timer_min = ImGui::GetItemRectMin();
  const ImVec2 timer_max = ImGui::GetItemRectMax();
  const ImVec2 next = ImGui::GetCursorScreenPos();
  const float y = (timer_min.y + timer_max.y - ImGui::GetFrameHeight()) * 0.5f;
  ImGui::SetCursorScreenPos(ImVec2(timer_min.x - width - em * 1.2f, y));
  if (ImGui::Button(label)) {
    state.screen = Screen::kHistory;
    state.history.reload_requested = true;  // sessions may have been saved since
  }
  ImGui::SetCursorScreenPos(next);
}

}  // namespace resonant::ui
