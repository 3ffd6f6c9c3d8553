// The dashboard layout: top bar (wordmark, status chip, source, session timer), the pacer
// big on the left (~60 %), heart numbers and the tachogram on the right, a quiet footer.
// Sizes derive from the font size and the window, so it scales from 1024x640 to HiDPI.
#include <algorithm>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr float kPacerShare = 0.60f;
constexpr const char* kFooter = "Resonant is a breathing trainer, not a medical device.";

bool begin_card(const char* id, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(palette::kCard));
  const float em = ImGui::GetFontSize();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.3f, em * 1.0f));
  const bool open = ImGui::BeginChild(id, size, false,
                                      ImGuiWindowFlags_AlwaysUseWindowPadding |
                                          ImGuiWindowFlags_NoScrollbar |
                                          ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  return open;
}

float timer_width(const engine::Snapshot& snap, const ViewState& state) {
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  const std::string t = format_session_time(session_now_s(snap, state));
  return ImGui::CalcTextSize("Session").x + ImGui::GetFontSize() * 0.6f +
         medium->CalcTextSizeA(medium->FontSize, 1e6f, 0.0f, t.c_str()).x;
}

}  // namespace

void draw_dashboard(const engine::Snapshot& snap, ViewState& state) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("Resonant", nullptr,
               // No background: the renderer clears to the same colour, and skipping a
               // full-window blended fill saves milliseconds on software renderers.
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBackground |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);

  const float em = ImGui::GetFontSize();
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  ImFont* large = state.fonts.large != nullptr ? state.fonts.large : medium;
  const ImVec2 size = vp->WorkSize;
  const float margin = std::clamp(std::min(size.x, size.y) * 0.028f, em * 0.8f, em * 2.0f);
  const float gap = margin * 0.9f;

  // [Top bar]
  const float bar_h = std::max(medium->FontSize, em * 1.75f);
  const float timer_w = timer_width(snap, state);
  const float wordmark_w =
      medium->CalcTextSizeA(medium->FontSize, 1e6f, 0.0f, "Resonant").x + em * 1.4f;
  state.status.chip_max_width_px =
      std::max(size.x - margin * 2.0f - timer_w - wordmark_w - em * 2.0f, em * 6.0f);
  ImGui::SetCursorPos(ImVec2(margin, margin));
  ImGui::BeginGroup();
  {
    const float y = ImGui::GetCursorPosY();
    text_coloured(palette::kPacerLight, "Resonant", medium);
    ImGui::SameLine(0.0f, em * 1.4f);
    ImGui::SetCursorPosY(y + (bar_h - em * 1.75f) * 0.5f);
    draw_status_chip(snap, state);
  }
  ImGui::EndGroup();
  ImGui::SetCursorPos(ImVec2(size.x - margin - timer_w, margin));
  draw_session_timer(snap, state);

  // [Footer]
  const float footer_h = em * 1.2f;
  {
    const ImVec2 fs = ImGui::CalcTextSize(kFooter);
    ImGui::SetCursorPos(ImVec2((size.x - fs.x) * 0.5f, size.y - margin * 0.6f - footer_h));
    text_coloured(palette::kTextFaint, kFooter);
  }

  // [Main area]
  const float top = margin + bar_h + gap;
  const float bottom = std::min(size.y - margin * 0.6f - footer_h, office_panel_top(state)) - gap * 0.6f;
  const float main_h = std::max(bottom - top, em * 10.0f);
  const float inner_w = size.x - margin * 2.0f - gap;
  const float pacer_w = inner_w * kPacerShare;
  const float right_w = inner_w - pacer_w;

  ImGui::SetCursorPos(ImVec2(margin, top));
  if (ImGui::BeginChild("pacer", ImVec2(pacer_w, main_h), false,
                        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
    draw_link_banner(snap, state);
    draw_pacer_view(snap, state);
  }
  ImGui::EndChild();

  // Heart card: tall enough for the title, the big number, the two metrics and a note.
  const ImGuiStyle& style = ImGui::GetStyle();
  // Title, number, metric names and values, window note, card padding.
  const float heart_h = em * 3.0f + large->FontSize + medium->FontSize + em * 0.3f +
                        style.ItemSpacing.y * 5.0f + em * 2.0f;
  const float x_right = margin + pacer_w + gap;
  ImGui::SetCursorPos(ImVec2(x_right, top));
  if (begin_card("heart", ImVec2(right_w, std::min(heart_h, main_h * 0.5f)))) {
    draw_heart_view(snap, state);
  }
  ImGui::EndChild();

  const float tacho_top = top + std::min(heart_h, main_h * 0.5f) + gap;
  ImGui::SetCursorPos(ImVec2(x_right, tacho_top));
  if (begin_card("tachogram", ImVec2(right_w, top + main_h - tacho_top))) {
    draw_tachogram_view(snap, state);
  }
  ImGui::EndChild();

  draw_failed_modal(snap, state);
  ImGui::End();
  draw_device_panel(snap, state);
  draw_office_panel(snap, state);
}

}  // namespace resonant::ui
