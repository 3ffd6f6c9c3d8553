// The protocol step in progress: "Step 2 of 5 · Paced breathing · 3:12 left" and the
// step's instruction, in a soft card over the top of the current region (the pacer area),
// without taking layout space.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {

void draw_protocol_step(const engine::Snapshot& snap, ViewState& state) {
  const engine::ProtocolProgress& p = snap.protocol;
  if (!p.active) return;
  const float em = ImGui::GetFontSize();
  std::string heading;
  if (!p.started) {
    heading = std::string(p.protocol_name.view()) + " starts with the first heartbeat data";
  } else {
    const double left_s = p.step_end_s - session_now_s(snap, state);
    char buf[200];
    std::snprintf(buf, sizeof buf, "Step %u of %u  \xC2\xB7  %s  \xC2\xB7  %s left",
                  static_cast<unsigned>(p.step_index + 1), static_cast<unsigned>(p.step_count),
                  std::string(p.step_name.view()).c_str(),
                  format_session_time(std::isfinite(left_s) ? std::max(left_s, 0.0) : 0.0).c_str());
    heading = buf;
  }
  const std::string instruction(p.started ? p.instruction.view() : std::string_view());

  const ImVec2 win = ImGui::GetWindowPos();
  const float win_w = ImGui::GetWindowWidth();
  const float max_w = std::min(win_w - em * 2.0f, em * 36.0f);
  const ImVec2 pad(em * 0.9f, em * 0.5f);
  const float wrap_w = max_w - pad.x * 2.0f;
  const ImVec2 head = ImGui::CalcTextSize(heading.c_str(), nullptr, false, wrap_w);
  const ImVec2 body = instruction.empty()
                          ? ImVec2(0.0f, 0.0f)
                          : ImGui::CalcTextSize(instruction.c_str(), nullptr, false, wrap_w);
  const float gap = instruction.empty() ? 0.0f : em * 0.25f;
  const ImVec2 size(std::max(head.x, body.x) + pad.x * 2.0f, head.y + gap + body.y + pad.y * 2.0f);
  const ImVec2 min(win.x + (win_w - size.x) * 0.5f, win.y + em * 0.4f);
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, with_alpha(palette::kCard, 0.92f), em * 0.6f);
  dl->AddText(nullptr, 0.0f, ImVec2(min.x + pad.x, min.y + pad.y), palette::kTextMuted,
              heading.c_str(), nullptr, wrap_w);
  if (!instruction.empty()) {
    dl->AddText(nullptr, 0.0f, ImVec2(min.x + pad.x, min.y + pad.y + head.y + gap),
                palette::kText, instruction.c_str(), nullptr, wrap_w);
  }
}

}  // namespace resonant::ui
