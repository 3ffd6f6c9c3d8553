// The protocol step in progress: "Step 2 of 5 · Paced breathing · 3:12 left", the step's
// instruction and a small "Stop the guided session" button (StopProtocolCommand), in a soft
// card over the top of the current region (the pacer area), without taking layout space: the
// pacer makes room for it above the circle from the next frame (PacerViewState).
// Without a protocol, a refused start says why in the same place.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {

namespace {

constexpr const char* kStopLabel = "Stop the guided session";

/// A soft card centred at the top of the window: the heading muted, the body below it.
/// extra: room below the text for a button (width, height). Returns the card's rectangle
/// (min, max) so the button can go inside it.
std::pair<ImVec2, ImVec2> draw_card(const std::string& heading, const std::string& body,
                                    ImU32 body_colour, ImVec2 extra) {
  const float em = ImGui::GetFontSize();
  const ImVec2 win = ImGui::GetWindowPos();
  const float win_w = ImGui::GetWindowWidth();
  const float max_w = std::min(win_w - em * 2.0f, em * 36.0f);
  const ImVec2 pad(em * 0.9f, em * 0.5f);
  const float wrap_w = max_w - pad.x * 2.0f;
  const ImVec2 head = ImGui::CalcTextSize(heading.c_str(), nullptr, false, wrap_w);
  const ImVec2 text = body.empty() ? ImVec2(0.0f, 0.0f)
                                   : ImGui::CalcTextSize(body.c_str(), nullptr, false, wrap_w);
  const float gap = body.empty() ? 0.0f : em * 0.25f;
  const ImVec2 size(std::max({head.x, text.x, extra.x}) + pad.x * 2.0f,
                    head.y + gap + text.y + extra.y + pad.y * 2.0f);
  const ImVec2 min(win.x + (win_w - size.x) * 0.5f, win.y + em * 0.4f);
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, with_alpha(palette::kCard, 0.92f), em * 0.6f);
  dl->AddText(nullptr, 0.0f, ImVec2(min.x + pad.x, min.y + pad.y), palette::kTextMuted,
              heading.c_str(), nullptr, wrap_w);
  if (!body.empty()) {
    dl->AddText(nullptr, 0.0f, ImVec2(min.x + pad.x, min.y + pad.y + head.y + gap), body_colour,
                body.c_str(), nullptr, wrap_w);
  }
  return {min, max};
}

}  // namespace

void draw_protocol_step(const engine::Snapshot& snap, ViewState& state) {
  const engine::ProtocolProgress& p = snap.protocol;
  state.pacer.step_card_bottom_px = 0.0f;
  if (!p.active) {
    if (!p.refusal.empty()) {
      const auto card = draw_card("The guided session did not start",
                                  std::string(p.refusal.view()), palette::kWaiting,
                                  ImVec2(0.0f, 0.0f));
      state.pacer.step_card_bottom_px = card.second.y - ImGui::GetWindowPos().y;
    }
    return;
  }
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
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 button(ImGui::CalcTextSize(kStopLabel).x + style.FramePadding.x * 2.0f,
                      ImGui::GetFontSize() + style.FramePadding.y * 2.0f);
  const float button_gap = em * 0.35f;
  const auto [min, max] = draw_card(heading, instruction, palette::kText, ImVec2(button.x, button_gap + button.y));
  state.pacer.step_card_bottom_px = max.y - ImGui::GetWindowPos().y;
  // The button sits in the card's bottom-right corner; the cursor is put back so the card
  // still takes no layout space.
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(max.x - em * 0.9f - button.x, max.y - em * 0.5f - button.y));
  // Quiet, but still a button: a faint fill (transparent, it read as a line of text).
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(with_alpha(palette::kCardEdge, 0.6f)));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextMuted));
  if (ImGui::Button(kStopLabel)) state.commands.emplace_back(engine::StopProtocolCommand{});
  ImGui::PopStyleColor(2);
  ImGui::SetCursorScreenPos(cursor);
}

}  // namespace resonant::ui
