// The top bar's "Guided" button: a popup listing the session protocols (shipped and the
// person's own, parsed by the app at start through the engine), each with its description
// and length. Choosing one runs it (StartProtocolCommand); the step card then shows its
// instructions. Files with errors are listed with their "file:line" message.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kButton = "Guided";
constexpr const char* kPopup = "##guided_protocols";
constexpr double kSecondsPerMinute = 60.0;

std::string length_text(const engine::Protocol& p) {
  const double min = p.duration_s() / kSecondsPerMinute;
  char text[32];
  std::snprintf(text, sizeof text, "%.0f min", std::max(1.0, std::round(min)));
  return text;
}

void draw_menu_contents(const engine::Snapshot& snapshot, ViewState& state) {
  const float em = ImGui::GetFontSize();
  ImGui::PushTextWrapPos(em * 26.0f);
  text_coloured(palette::kTextMuted, "Guided sessions: the pacer and the instructions follow the steps.");
  if (snapshot.protocol.active) {
    text_coloured(palette::kAccent,
                  ("Running now: " + std::string(snapshot.protocol.protocol_name.view()) +
                   ". Choosing another replaces it.")
                      .c_str());
  }
  // One guide at a time: the guided flow's baseline and practice set the pacer themselves.
  const bool guided_flow = snapshot.flow.phase == engine::FlowPhase::kBaseline ||
                           snapshot.flow.phase == engine::FlowPhase::kPractice;
  if (guided_flow) {
    text_coloured(palette::kTextMuted, "A guided session is running: these can start after it.");
  }
  ImGui::Separator();
  if (state.protocols.available.empty() && state.protocols.problems.empty()) {
    text_coloured(palette::kTextMuted, "No protocol files were found.");
  }
  for (std::size_t i = 0; i < state.protocols.available.size(); ++i) {
    const auto& p = state.protocols.available[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string label = p->name + "  \xC2\xB7  " + length_text(*p);
    if (ImGui::Selectable(label.c_str(), false,
                          guided_flow ? ImGuiSelectableFlags_Disabled : ImGuiSelectableFlags_None)) {
      choose_protocol(p, state);
      ImGui::CloseCurrentPopup();
    }
    if (!p->description.empty()) text_coloured(palette::kTextFaint, p->description.c_str());
    ImGui::Spacing();
    ImGui::PopID();
  }
  for (const std::string& problem : state.protocols.problems) {
    text_coloured(palette::kWaiting, ("Cannot use " + problem).c_str());
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

void choose_protocol(const std::shared_ptr<const engine::Protocol>& protocol, ViewState& state) {
  if (!protocol) return;
  engine::StartProtocolCommand start;
  start.protocol = protocol;
  // The app looked the client's rate up (pacer_presets_glue); NaN: they have none stored.
  start.client_resonance_rate_bpm = state.pacer.assessed_resonance_bpm.value_or(engine::kNaN);
  state.commands.emplace_back(std::move(start));
  state.protocols.chosen = protocol->name;
}

void draw_protocol_button(const engine::Snapshot& snapshot, ViewState& state) {
  // Just left of the last item drawn (the top bar's Settings button), on its line.
  const ImVec2 next = ImGui::GetCursorScreenPos();
  const float em = ImGui::GetFontSize();
  const float button_w =
      ImGui::CalcTextSize(kButton).x + ImGui::GetStyle().FramePadding.x * 2.0f;
  const ImVec2 left_of = ImGui::GetItemRectMin();
  ImGui::SetCursorScreenPos(ImVec2(left_of.x - button_w - em * 0.6f, left_of.y));
  if (ImGui::Button(kButton) || state.protocols.open_requested) ImGui::OpenPopup(kPopup);
  state.protocols.open_requested = false;
  state.protocols.open = ImGui::BeginPopup(kPopup);
  if (state.protocols.open) {
    draw_menu_contents(snapshot, state);
    ImGui::EndPopup();
  }
  ImGui::SetCursorScreenPos(next);
}

}  // namespace resonant::ui
