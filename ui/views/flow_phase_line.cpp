// The flow's line on the main screen ("Resting baseline  1:12 left  ·  space stops") and
// following the flow: the debrief is shown when it begins. Also the frame both flow screens share.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {

namespace {
constexpr const char* kFooter = "Resonant is a training aid, not a medical device.";

/// Where the footer line starts: one line and a little margin above the window's bottom.
float footer_top(const FlowScreenFrame& frame) {
  return frame.size.y - frame.margin_px * 0.8f - ImGui::GetTextLineHeight();
}

}  // namespace

FlowScreenFrame begin_flow_screen(const char* id, const engine::Snapshot& snap, ViewState& state) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin(id, nullptr,
               // No background: the renderer clears to the same colour, and a full-window blended
               // fill costs milliseconds on software renderers (as the dashboard).
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoBringToFrontOnFocus);
  state.flow.last_phase = snap.flow.phase;
  const float em = ImGui::GetFontSize();
  const ImVec2 size = vp->WorkSize;
  const FlowScreenFrame frame{size, std::clamp(std::min(size.x, size.y) * 0.04f, em, em * 3.0f)};
  // The content scrolls above the footer and wraps at the margin, so large text or a small
  // window never runs it off the side or under the footer.
  ImGui::SetCursorPos(ImVec2(0.0f, 0.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
  ImGui::BeginChild("flow content", ImVec2(size.x, footer_top(frame)), false,
                    ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar();
  ImGui::PushTextWrapPos(size.x - frame.margin_px);
  return frame;
}

void end_flow_screen(const FlowScreenFrame& frame) {
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  const ImVec2 fs = ImGui::CalcTextSize(kFooter);
  ImGui::SetCursorPos(
      ImVec2((frame.size.x - fs.x) * 0.5f, footer_top(frame) + frame.margin_px * 0.2f));
  text_coloured(palette::kTextFaint, kFooter);
  ImGui::End();
}

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
  // At the top of the window it is drawn in (the pacer column, above the circle): the header
  // row is full (status chip, source, buttons), and the line is about the breathing. A narrow
  // column gets the phase and the time only. The link banner ("Waiting for the signal…") takes
  // the same place: while it shows, it is the more urgent line, and this one fades for it.
  const float em = ImGui::GetFontSize();
  const float shown = 1.0f - std::clamp(state.status.banner_alpha, 0.0f, 1.0f);
  if (shown <= 0.0f) return;
  const ImVec2 win = ImGui::GetWindowPos();
  const float width = ImGui::GetWindowSize().x;
  ImVec2 ts = ImGui::CalcTextSize(text);
  if (ts.x > width - em) {
    std::snprintf(text, sizeof text, "%s   %s left", name, format_session_time(left_s).c_str());
    ts = ImGui::CalcTextSize(text);
  }
  ImGui::GetWindowDrawList()->AddText(ImVec2(win.x + std::max(0.0f, (width - ts.x) * 0.5f),
                                             win.y + em * 0.3f),
                                      with_alpha(palette::kTextMuted, shown), text);
}

}  // namespace resonant::ui
