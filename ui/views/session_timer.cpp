// Session time as mm:ss, the time base every number on screen refers to.
#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {

void draw_session_timer(const engine::Snapshot& snap, ViewState& state) {
  const std::string text = format_session_time(session_now_s(snap, state));
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  ImGui::BeginGroup();
  const float y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(y + medium->Ascent - ImGui::GetFont()->Ascent);
  text_coloured(palette::kTextMuted, "Session");
  ImGui::SameLine(0.0f, ImGui::GetFontSize() * 0.6f);
  ImGui::SetCursorPosY(y);
  text_coloured(palette::kText, text.c_str(), medium);
  ImGui::EndGroup();
}

}  // namespace resonant::ui
