#include "views/pacer_options.hpp"

#include <resonant/ui/views.hpp>

#include <algorithm>
#include <string>

#include <resonant/ui/theme.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kSavePopup = "Save pacer preset";
constexpr const char* kBreathPopup = "Breath shape";
constexpr float kSliderWidthEm = 12.0f;
constexpr float kComboWidthEm = 7.5f;
constexpr float kMinComboWidthEm = 3.5f;  // the arrow and a few letters
constexpr float kVolumeWidthEm = 9.0f;

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

// The presets, then "Save current as..." (true when chosen: the caller opens the dialog,
// which must live outside the combo's own popup).
bool preset_combo(ViewState& state) {
  PacerViewState& pv = state.pacer;
  const char* preview = pv.preset_name.empty() ? "Presets" : pv.preset_name.c_str();
  if (!ImGui::BeginCombo("##preset", preview)) return false;
  for (const PacerPreset& p : pv.presets) {
    const bool selected = p.name == pv.preset_name;
    if (ImGui::Selectable(p.name.c_str(), selected)) choose_pacer_preset(p, state);
    if (ImGui::IsItemHovered() && !p.description.empty()) ImGui::SetTooltip("%s", p.description.c_str());
  }
  ImGui::Separator();
  const bool save = ImGui::Selectable("Save current as\xE2\x80\xA6");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the current rate, ratio and holds as a preset");
  ImGui::EndCombo();
  return save;
}

// Off / tone / chime, and the volume inside the same drop-down: the row stays short.
void sound_combo(ViewState& state) {
  PacerViewState& pv = state.pacer;
  const bool open = ImGui::BeginCombo("##sound", sound_label(pv.cues.sound));
  if (!open) {
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Sound cues let you close your eyes: a tone that rises as you breathe "
                        "in and falls as you breathe out, or a soft chime at each turn");
    }
    return;
  }
  for (CueSound sound : {CueSound::kOff, CueSound::kTone, CueSound::kChime}) {
    if (ImGui::Selectable(sound_label(sound), sound == pv.cues.sound)) pv.cues.sound = sound;
  }
  ImGui::Separator();
  ImGui::BeginDisabled(pv.cues.sound == CueSound::kOff);
  ImGui::TextUnformatted("Volume");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * kVolumeWidthEm);
  float percent = pv.cues.volume * 100.0f;
  if (ImGui::SliderFloat("##volume", &percent, 0.0f, 100.0f, "%.0f %%")) {
    pv.cues.volume = std::clamp(percent / 100.0f, 0.0f, 1.0f);
  }
  ImGui::EndDisabled();
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

// Inhale share and holds. A change is sent when the slider is let go, so one drag makes
// one pacer change (each change starts a schedule segment), and the breath continues
// smoothly from where it is.
void breath_popup(const engine::Snapshot& snap, ViewState& state) {
  if (!ImGui::BeginPopup(kBreathPopup)) return;
  PacerViewState& pv = state.pacer;
  if (!pv.breath_edit_active) pv.breath_edit = snap.pacer.settings;
  PacerSettings& e = pv.breath_edit;
  float inhale_percent = static_cast<float>(e.inhale_fraction * 100.0);
  float hold_in_s = static_cast<float>(e.hold_after_inhale_s);
  float hold_out_s = static_cast<float>(e.hold_after_exhale_s);
  bool released = false;
  bool active = false;
  const float width = ImGui::GetFontSize() * kSliderWidthEm;
  ImGui::SetNextItemWidth(width);
  if (ImGui::SliderFloat("in : out", &inhale_percent, kPacerMinInhaleFraction * 100.0f,
                         kPacerMaxInhaleFraction * 100.0f, "%.0f %% in")) {
    e.inhale_fraction = inhale_percent / 100.0;
  }
  active |= ImGui::IsItemActive();
  released |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SetNextItemWidth(width);
  if (ImGui::SliderFloat("hold after in", &hold_in_s, 0.0f, static_cast<float>(kPacerMaxHoldS),
                         "%.1f s")) {
    e.hold_after_inhale_s = hold_in_s;
  }
  active |= ImGui::IsItemActive();
  released |= ImGui::IsItemDeactivatedAfterEdit();
  ImGui::SetNextItemWidth(width);
  if (ImGui::SliderFloat("hold after out", &hold_out_s, 0.0f, static_cast<float>(kPacerMaxHoldS),
                         "%.1f s")) {
    e.hold_after_exhale_s = hold_out_s;
  }
  active |= ImGui::IsItemActive();
  released |= ImGui::IsItemDeactivatedAfterEdit();
  pv.breath_edit_active = active;
  if (released) {
    e.rate_bpm = snap.pacer.settings.rate_bpm;
    state.commands.emplace_back(engine::SetPacerCommand{clamped(e), true});
    pv.preset_name.clear();
  }
  text_coloured(palette::kTextFaint, "Holds take at most half of each breath.");
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
  const float pad_x = ImGui::GetStyle().FramePadding.x * 2.0f;
  const float breath_w = ImGui::CalcTextSize("Breath\xE2\x80\xA6").x + pad_x;
  // The combos narrow to fit the pacer's column (large text, a small window); their labels
  // are clipped, their lists keep full width.
  const float room = ImGui::GetWindowWidth() - em;
  const float combo_w = std::clamp((room - breath_w - spacing * 3.0f) / 3.0f,
                                   em * kMinComboWidthEm, em * kComboWidthEm);
  const float row_w = combo_w * 3.0f + spacing * 3.0f + breath_w;
  ImGui::SetCursorScreenPos(ImVec2(top_centre.x - row_w * 0.5f, top_centre.y));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextMuted));

  ImGui::SetNextItemWidth(combo_w);
  if (preset_combo(state)) ImGui::OpenPopup(kSavePopup);
  save_popup(snap, state);

  ImGui::SameLine();
  if (ImGui::Button("Breath\xE2\x80\xA6")) ImGui::OpenPopup(kBreathPopup);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("In : out ratio and holds after each part");
  breath_popup(snap, state);

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
  sound_combo(state);
  ImGui::PopStyleColor();
}

}  // namespace resonant::ui
