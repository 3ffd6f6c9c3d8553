#include "views/pacer_options.hpp"

#include <resonant/ui/views.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include <resonant/ui/theme.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kSavePopup = "Save pacer preset";
constexpr const char* kBreathPopup = "Breath shape";
// Opens kBreathPopup: the inhale : exhale ratio and the holds ("Breath…" read as cut short).
constexpr const char* kBreathButton = "In : out\xE2\x80\xA6";
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

// What a narrowed combo shows when the full label would be clipped (large text): "Sound off"
// clipped reads "Sound of", and "Rising b" says little.
const char* brief_shape_label(PacerShape shape) {
  return shape == PacerShape::kBar ? "Bar" : shape_label(shape);
}

// Each cue sound's label, and the brief one a narrowed combo shows (clipped, "Sound off" read
// "Sound of"), in CueSound's order.
struct SoundLabel {
  CueSound sound;
  const char* full;
  const char* brief;
};
constexpr std::array<SoundLabel, 3> kSoundLabels{{{CueSound::kOff, "Sound off", "Silent"},
                                                  {CueSound::kTone, "Soft tone", "Tone"},
                                                  {CueSound::kChime, "Soft chime", "Chime"}}};

const SoundLabel& sound_label(CueSound sound) {
  return kSoundLabels[std::min(static_cast<std::size_t>(sound), kSoundLabels.size() - 1)];
}

// The presets, then "Save current as..." (true when chosen: the caller opens the dialog,
// which must live outside the combo's own popup).
bool preset_combo(ViewState& state) {
  PacerViewState& pv = state.pacer;
  const char* name = pv.preset_name.empty() ? "Presets" : pv.preset_name.c_str();
  const ComboFit fit = fit_combo_preview(name, name);
  if (!ImGui::BeginCombo("##preset", fit.preview, fit.flags)) return false;
  for (const PacerPreset& p : pv.presets) {
    const bool selected = p.name == pv.preset_name;
    if (ImGui::Selectable(p.name.c_str(), selected)) choose_pacer_preset(p, state);
    if (!p.description.empty()) item_tooltip(p.description.c_str());
  }
  ImGui::Separator();
  const bool save = ImGui::Selectable("Save current as\xE2\x80\xA6");
  item_tooltip("Keep the current rate, ratio and holds as a preset");
  ImGui::EndCombo();
  return save;
}

// Off / tone / chime, and the volume inside the same drop-down: the row stays short.
void sound_combo(ViewState& state) {
  PacerViewState& pv = state.pacer;
  const SoundLabel& label = sound_label(pv.cues.sound);
  const ComboFit fit = fit_combo_preview(label.full, label.brief);
  const bool open = ImGui::BeginCombo("##sound", fit.preview, fit.flags);
  if (!open) {
    item_tooltip("Sound cues let you close your eyes: a tone that rises as you breathe in and "
                 "falls as you breathe out, or a soft chime at each turn");
    return;
  }
  for (const SoundLabel& s : kSoundLabels) {
    if (ImGui::Selectable(s.full, s.sound == pv.cues.sound)) pv.cues.sound = s.sound;
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

namespace {

// One row (preset, breath, shape, sound) while its combos can show their full labels; else two
// rows (preset and breath; shape and sound), whose combos are wider, where the caller has the
// height for them. Narrowed combos show brief labels.
struct OptionsLayout {
  bool two_rows = false;
  float combo_w = 0.0f;
  float breath_w = 0.0f;
};

OptionsLayout options_layout(bool two_rows_allowed) {
  const float em = ImGui::GetFontSize();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float pad_x = ImGui::GetStyle().FramePadding.x * 2.0f;
  OptionsLayout l;
  l.breath_w = ImGui::CalcTextSize(kBreathButton).x + pad_x;
  const float room = ImGui::GetWindowWidth() - em;
  float label_w = ImGui::CalcTextSize("Presets").x;
  for (PacerShape shape : kPacerShapes) {
    label_w = std::max(label_w, ImGui::CalcTextSize(shape_label(shape)).x);
  }
  for (const SoundLabel& s : kSoundLabels) {
    label_w = std::max(label_w, ImGui::CalcTextSize(s.full).x);
  }
  const float full_w = std::min(label_w + ImGui::GetFrameHeight() + pad_x, em * kComboWidthEm);
  const float one_row_w = (room - l.breath_w - spacing * 3.0f) / 3.0f;
  l.two_rows = two_rows_allowed && one_row_w < full_w;
  const float fit_w = l.two_rows ? std::min(room - l.breath_w, room * 0.5f) - spacing : one_row_w;
  l.combo_w = std::clamp(fit_w, em * kMinComboWidthEm, em * kComboWidthEm);
  return l;
}

}  // namespace

float pacer_options_height(bool two_rows_allowed) {
  const float rows = options_layout(two_rows_allowed).two_rows ? 2.0f : 1.0f;
  return rows * ImGui::GetFrameHeight() + (rows - 1.0f) * ImGui::GetStyle().ItemSpacing.y +
         ImGui::GetFontSize() * 0.8f;
}

void draw_pacer_options(const engine::Snapshot& snap, ViewState& state, ImVec2 top_centre,
                        bool two_rows_allowed) {
  PacerViewState& pv = state.pacer;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const OptionsLayout l = options_layout(two_rows_allowed);
  pv.options_rows = l.two_rows ? 2 : 1;
  const float combo_w = l.combo_w;
  const float first_w = combo_w + spacing + l.breath_w;
  const float second_w = combo_w * 2.0f + spacing;
  const float row_w = l.two_rows ? first_w : first_w + spacing + second_w;
  ImGui::SetCursorScreenPos(ImVec2(top_centre.x - row_w * 0.5f, top_centre.y));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextMuted));

  ImGui::SetNextItemWidth(combo_w);
  if (preset_combo(state)) ImGui::OpenPopup(kSavePopup);
  save_popup(snap, state);

  ImGui::SameLine();
  if (ImGui::Button(kBreathButton)) ImGui::OpenPopup(kBreathPopup);
  item_tooltip("In : out ratio and holds after each part");
  breath_popup(snap, state);

  if (l.two_rows) {
    const float next_y = top_centre.y + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::SetCursorScreenPos(ImVec2(top_centre.x - second_w * 0.5f, next_y));
  } else {
    ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(combo_w);
  const ComboFit shape_fit = fit_combo_preview(shape_label(pv.shape), brief_shape_label(pv.shape));
  if (ImGui::BeginCombo("##shape", shape_fit.preview, shape_fit.flags)) {
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
