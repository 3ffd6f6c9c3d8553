#include "views/pacer_options.hpp"

#include <resonant/ui/views.hpp>

#include <algorithm>
#include <string>

#include <resonant/ui/theme.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kSavePopup = "Save pacer preset";
constexpr float kComboWidthEm = 8.0f;
constexpr float kVolumeWidthEm = 5.0f;

const char* shape_label(PacerShape shape) {
  switch (shape) {
    case PacerShape::kCircle: return "Circle";
    case PacerShape::kBar: return "Rising bar";
    case PacerShape::kWave: return "Wave";
  }
  return "Circle";
}

const char* sound_label(CueSound sound) {
  switch (sound) {
    case CueSound::kOff: return "Sound off";
    case CueSound::kTone: return "Soft tone";
    case CueSound::kChime: return "Soft chime";
  }
  return "Sound off";
}

void preset_combo(ViewState& state) {
  PacerViewState& pv = state.pacer;
  const char* preview = pv.preset_name.empty() ? "Presets" : pv.preset_name.c_str();
  if (!ImGui::BeginCombo("##preset", preview)) return;
  for (const PacerPreset& p : pv.presets) {
    const bool selected = p.name == pv.preset_name;
    if (ImGui::Selectable(p.name.c_str(), selected)) choose_pacer_preset(p, state);
    if (ImGui::IsItemHovered() && !p.description.empty()) ImGui::SetTooltip("%s", p.description.c_str());
  }
  ImGui::EndCombo();
}

void save_popup(const engine::Snapshot& snap, ViewState& state) {
  PacerViewState& pv = state.pacer;
  if (!ImGui::BeginPopup(kSavePopup)) return;
  ImGui::TextUnformatted("Save the current pacer as");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
  ImGui::InputText("##name", pv.typed_preset_name.data(), pv.typed_preset_name.size());
  const std::string name(pv.typed_preset_name.data());
  const std::string problem = preset_name_problem(name);
  if (!problem.empty() && !name.empty()) text_coloured(palette::kTextMuted, problem.c_str());
  ImGui::BeginDisabled(!problem.empty());
  if (ImGui::Button("Save")) {
    pv.save_request = PacerPreset{name, "", clamped(snap.pacer.settings), 0.0, false};
    pv.preset_name = name;
    pv.typed_preset_name.fill('\0');
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void choose_pacer_preset(const PacerPreset& preset, ViewState& state) {
  state.commands.emplace_back(engine::SetPacerCommand{preset.settings, true});
  if (preset.ramp_target_bpm > 0.0) {
    state.commands.emplace_back(engine::SetPacerRampCommand{preset.ramp_target_bpm, true});
  }
  state.pacer.preset_name = preset.name;
  state.pacer.requested_rate_bpm = 0.0;  // the preset's rate is what the engine will show
}

float pacer_options_height() { return ImGui::GetFrameHeight() + ImGui::GetFontSize() * 0.8f; }

void draw_pacer_options(const engine::Snapshot& snap, ViewState& state, ImVec2 top_centre) {
  PacerViewState& pv = state.pacer;
  const float em = ImGui::GetFontSize();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float combo_w = em * kComboWidthEm;
  const bool sound_on = pv.cues.sound != CueSound::kOff;
  const float save_w = ImGui::CalcTextSize("Save\xE2\x80\xA6").x + ImGui::GetStyle().FramePadding.x * 2.0f;
  const float volume_label_w = ImGui::CalcTextSize("Volume").x;
  const float row_w = combo_w * 3.0f + spacing * 3.0f + save_w +
                      (sound_on ? volume_label_w + em * kVolumeWidthEm + spacing * 2.0f : 0.0f);
  ImGui::SetCursorScreenPos(ImVec2(top_centre.x - row_w * 0.5f, top_centre.y));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextMuted));

  ImGui::SetNextItemWidth(combo_w);
  preset_combo(state);
  ImGui::SameLine();
  if (ImGui::Button("Save\xE2\x80\xA6")) ImGui::OpenPopup(kSavePopup);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the current rate, ratio and holds as a preset");
  save_popup(snap, state);

  ImGui::SameLine();
  ImGui::SetNextItemWidth(combo_w);
  if (ImGui::BeginCombo("##shape", shape_label(pv.shape))) {
    for (PacerShape shape : kPacerShapes) {
      if (ImGui::Selectable(shape_label(shape), shape == pv.shape)) pv.shape = shape;
    }
    ImGui::EndCombo();
  }

  ImGui::SameLine();
  ImGui::SetNextItemWidth(combo_w);
  if (ImGui::BeginCombo("##sound", sound_label(pv.cues.sound))) {
    for (CueSound sound : {CueSound::kOff, CueSound::kTone, CueSound::kChime}) {
      if (ImGui::Selectable(sound_label(sound), sound == pv.cues.sound)) pv.cues.sound = sound;
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Sound cues let you close your eyes: a tone that rises as you breathe in "
                      "and falls as you breathe out, or a soft chime at each turn");
  }
  if (sound_on) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Volume");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * kVolumeWidthEm);
    float percent = pv.cues.volume * 100.0f;
    // No number on the track: the grab alone shows the level, and nothing sits under it.
    if (ImGui::SliderFloat("##volume", &percent, 0.0f, 100.0f, " ")) {
      pv.cues.volume = std::clamp(percent / 100.0f, 0.0f, 1.0f);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Volume %.0f %%", static_cast<double>(percent));
  }
  ImGui::PopStyleColor();
}

}  // namespace resonant::ui
