// The top bar's "Settings" button and its popup. Changes apply at once where they can (theme,
// reduced motion) and go to state.settings.values for the app to save; a new font scale is
// applied when its slider is let go (the app rebuilds the fonts before the next frame).
#include <algorithm>
#include <cmath>
#include <string>

#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kButton = "Settings";
constexpr const char* kPopup = "settings_popup";

void theme_choice(ViewState& state) {
  SettingsViewState& s = state.settings;
  ImGui::TextUnformatted("Theme");
  for (Theme t : kThemes) {
    ImGui::SameLine();
    const std::string name(to_string(t));
    if (ImGui::RadioButton(name.c_str(), current_theme() == t)) {
      use_theme(t);
      s.values.theme = name;
      s.changed = true;
    }
  }
}

void font_scale_choice(ViewState& state) {
  SettingsViewState& s = state.settings;
  // Edited in a copy and applied when the slider is let go: each change rebuilds the fonts.
  if (!s.font_scale_dragging) s.font_scale_edit = static_cast<float>(s.values.font_scale);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  ImGui::SliderFloat("Text size", &s.font_scale_edit, kMinFontScale, kMaxFontScale, "%.2f\xC3\x97");
  s.font_scale_dragging = ImGui::IsItemActive();
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    s.values.font_scale = std::clamp(static_cast<double>(s.font_scale_edit),
                                     engine::kMinFontScaleSetting, engine::kMaxFontScaleSetting);
    s.changed = true;
  }
}

void motion_choice(ViewState& state) {
  SettingsViewState& s = state.settings;
  bool reduced = state.reduced_motion;
  if (ImGui::Checkbox("Reduce motion", &reduced)) {
    state.reduced_motion = reduced;
    s.values.reduced_motion = reduced;
    s.changed = true;
  }
  item_tooltip("The pacer still breathes; fades and eased movements happen at once.");
}

void bedtime_choice(ViewState& state) {
  SettingsViewState& s = state.settings;
  auto minutes = static_cast<float>(s.values.bedtime_minutes);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  if (ImGui::SliderFloat("Bedtime length", &minutes, static_cast<float>(engine::kMinBedtimeMinutes),
                         static_cast<float>(engine::kMaxBedtimeMinutes), "%.0f min")) {
    s.values.bedtime_minutes = std::round(minutes);
    s.changed = true;
  }
  if (ImGui::Button("Bedtime mode")) {
    state.screen = Screen::kBedtime;
    ImGui::CloseCurrentPopup();
  }
  item_tooltip("Dim and warm; the pacer slows, fades out and stops by itself.");
}

}  // namespace

void draw_settings_button(const engine::Snapshot& /*snapshot*/, ViewState& state) {
  // Just left of the last item drawn (the top bar's History button), on its line.
  const ImVec2 next = ImGui::GetCursorScreenPos();
  const float em = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_w = ImGui::CalcTextSize(kButton).x + style.FramePadding.x * 2.0f;
  const ImVec2 left_of = ImGui::GetItemRectMin();
  ImGui::SetCursorScreenPos(ImVec2(left_of.x - button_w - em * 0.6f, left_of.y));
  if (ImGui::Button(kButton)) ImGui::OpenPopup(kPopup);
  state.settings.open = ImGui::IsPopupOpen(kPopup);
  if (ImGui::BeginPopup(kPopup)) {
    theme_choice(state);
    ImGui::Spacing();
    font_scale_choice(state);
    ImGui::Spacing();
    motion_choice(state);
    ImGui::Separator();
    bedtime_choice(state);
    if (!state.settings.save_problem.empty()) {  // the settings writer's one failure
      ImGui::Separator();
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + em * 22.0f);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextMuted));
      ImGui::TextUnformatted(state.settings.save_problem.c_str());
      ImGui::PopStyleColor();
      ImGui::PopTextWrapPos();
    }
    ImGui::EndPopup();
  }
  ImGui::SetCursorScreenPos(next);
}

}  // namespace resonant::ui
