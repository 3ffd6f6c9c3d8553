// The flow's line on the main screen ("Resting baseline  1:12 left  ·  space stops") and
// following the flow: the debrief is shown when it begins.
#include <cmath>
#include <cstdio>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {

bool flow_space_pressed() {
  const int index = ImGui::GetKeyIndex(ImGuiKey_Space);
  return index >= 0 && !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(index, false);
}

void draw_flow_phase_line(const engine::Snapshot& snap, ViewState& state) {
  const engine::FlowProgress& flow = snap.flow;
  if (flow.phase != state.flow.last_phase) {
    state.flow.last_phase = flow.phase;
    if (flow.phase == engine::FlowPhase::kDebrief) state.screen = Screen::kDebrief;
  }
  const bool running = flow.phase == engine::FlowPhase::kBaseline || flow.phase == engine::FlowPhase::kPractice;
  if (!running) return;
  if (flow_space_pressed()) state.commands.emplace_back(engine::StopFlowCommand{});
  const double left_s = std::max(0.0, flow.phase_end_s - session_now_s(snap, state));
  const char* name = flow.phase == engine::FlowPhase::kBaseline ? "Resting baseline: breathe as you like"
                                                                 : "Practice: breathe with the circle";
  char text[160];
  std::snprintf(text, sizeof text, "%s   %s left   \xC2\xB7   space stops", name,
                format_session_time(left_s).c_str());
  const ImVec2 win = ImGui::GetWindowPos();
  const float width = ImGui::GetWindowSize().x;
  const ImVec2 ts = ImGui::CalcTextSize(text);
  const float y = ImGui::GetItemRectMin().y + (ImGui::GetItemRectSize().y - ts.y) * 0.5f;
  ImGui::GetWindowDrawList()->AddText(ImVec2(win.x + (width - ts.x) * 0.5f, y), palette::kTextMuted, text);
}

}  // namespace resonant::ui
