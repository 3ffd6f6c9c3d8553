// The breathing pacer: a soft circle that grows on the inhale and shrinks on the exhale (or
// a rising bar, or a travelling wave: ViewState::pacer.shape), the rate row, and the
// options row (presets, shape, sound; pacer_options.cpp).
//
// The shape comes only from pacer_state(snapshot.pacer, session now): the same pure
// function the engine scores adherence with, so the picture and the scoring cannot drift,
// and rate changes stay smooth because the engine's schedule keeps the phase continuous.
// Nothing here animates the shape on its own.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <resonant/ui/views.hpp>

#include "views/pacer_options.hpp"
#include "views/pacer_shapes.hpp"

namespace resonant::ui {
namespace {

constexpr double kRequestTimeoutS = 1.0;  // forget an unconfirmed rate request after this
using pacer_shapes::kGlowReach;
constexpr float kShapeFadeS = 0.6f;         // a new shape fades in over the old one this long
constexpr float kWordFade = 0.10f;        // fraction of a part over which its word fades
constexpr float kNotesRoomTauS = 0.5f;    // time constant of the room for the session notes
// The circle's area is never shorter than this (large text on a small window, office mode's
// strip below): the smallest circle, glow included, still fits it.
constexpr float kMinCircleEm = 4.5f;
// How much more than the smallest circle the column must hold before the options take two rows.
constexpr float kTwoRowMarginEm = 1.0f;

// brief: the words for a circle too small for "Breathe out" (large text on a small window);
// "Paused" is the longest of them.
const char* breath_word(BreathPart part, bool brief) {
  switch (part) {
    case BreathPart::kInhale: return brief ? "In" : "Breathe in";
    case BreathPart::kHoldIn: return "Hold";
    case BreathPart::kExhale: return brief ? "Out" : "Breathe out";
    case BreathPart::kHoldOut: return "Rest";
  }
  return "";
}

constexpr float kMinWordScale = 0.6f;  // smaller than this, the brief words are used

float smoothstep01(float x) {
  x = std::clamp(x, 0.0f, 1.0f);
  return x * x * (3.0f - 2.0f * x);
}

// The rate the person last asked for if the engine has not confirmed it yet, else the
// engine's rate.
double current_rate(const engine::Snapshot& snap, ViewState& state) {
  const double engine_rate = snap.pacer.settings.rate_bpm;
  PacerViewState& pv = state.pacer;
  if (pv.requested_rate_bpm > 0.0) {
    const double age_s = std::chrono::duration<double>(state.now - pv.requested_at).count();
    if (std::abs(pv.requested_rate_bpm - engine_rate) < 1e-6 || age_s > kRequestTimeoutS ||
        age_s < 0.0) {
      pv.requested_rate_bpm = 0.0;
    } else {
      return pv.requested_rate_bpm;
    }
  }
  return engine_rate;
}

// Asks the engine for rate + steps * 0.1 breaths/min, kept inside [3, 10].
void request_rate_step(const engine::Snapshot& snap, ViewState& state, double from_rate,
                       int steps) {
  const double wanted =
      std::round((from_rate + steps * kPacerRateStepBpm) / kPacerRateStepBpm) * kPacerRateStepBpm;
  const double rate = std::clamp(wanted, kPacerMinRateBpm, kPacerMaxRateBpm);
  if (std::abs(rate - from_rate) < 1e-9) return;  // already at the limit: nothing to ask
  PacerSettings settings = snap.pacer.settings;
  settings.rate_bpm = rate;
  state.commands.emplace_back(engine::SetPacerCommand{clamped(settings), true});
  state.pacer.requested_rate_bpm = clamped(settings).rate_bpm;
  state.pacer.requested_at = state.now;
}

bool key_pressed(ImGuiKey key) {
  const int index = ImGui::GetKeyIndex(key);
  return index >= 0 && ImGui::IsKeyPressed(index, true);
}

}  // namespace

void draw_pacer_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // The session notes ("reviewing…", "not being saved…") sit below the controls, never on
  // them; the room for them eases in and out, so the circle resizes gently.
  {
    const float target = session_notes_height(snap, state);
    float& room = state.pacer.notes_room_px;
    room = state.reduced_motion
               ? target
               : target + (room - target) * std::exp(-state.dt_s / kNotesRoomTauS);
    if (std::abs(room - target) < 0.5f) room = target;
  }
  const ImVec2 avail = [&] {
    ImVec2 a = ImGui::GetContentRegionAvail();
    a.y -= state.pacer.notes_room_px;
    return a;
  }();
  const float em = ImGui::GetFontSize();
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  const float medium_px = medium->FontSize;

  // Room below the circle for the rate row (its buttons are `button` high), its hint and the
  // options: exactly what they take (0.4 em above the row, 2.2 em from it to the options).
  const float button = medium_px * 1.45f;
  // Room above for the link banner, so it never covers the circle (the circle's size must
  // not depend on whether the banner shows), and for a guided step's card while one shows:
  // the circle eases smaller rather than go under it.
  float banner_h = em * 1.4f;
  {
    const float card_below_origin =
        state.pacer.step_card_bottom_px - (origin.y - ImGui::GetWindowPos().y) + em * 0.3f;
    const float target = state.pacer.step_card_bottom_px > 0.0f
                             ? std::max(banner_h, card_below_origin)
                             : banner_h;
    float& room = state.pacer.top_room_px;
    room = state.reduced_motion || room <= 0.0f
               ? target
               : target + (room - target) * std::exp(-state.dt_s / kNotesRoomTauS);
    if (std::abs(room - target) < 0.5f) room = target;
    banner_h = room;
  }
  // The options take a second row (large text in a narrow column) only where the smallest
  // circle still fits with a margin; else they stay one row with brief labels (office mode's
  // strip below a short column). The margin keeps the choice from flipping frame to frame.
  const float two_rows_h = button + em * 2.6f + pacer_options_height(true);
  const bool two_rows =
      avail.y - two_rows_h - banner_h >= em * (kMinCircleEm + kTwoRowMarginEm);
  const float controls_h = two_rows ? two_rows_h : button + em * 2.6f + pacer_options_height(false);
  const float circle_h = std::max(avail.y - controls_h - banner_h, em * kMinCircleEm);
  state.pacer.min_column_height_px = origin.y - ImGui::GetWindowPos().y + banner_h +
                                     em * kMinCircleEm + controls_h + state.pacer.notes_room_px;
  const ImVec2 centre(origin.x + avail.x * 0.5f, origin.y + banner_h + circle_h * 0.5f);
  const float max_radius = 0.5f * std::max(std::min(avail.x, circle_h), em * kMinCircleEm) /
                           (1.0f + kGlowReach + 0.04f);
  // The smallest circle must still hold the longest word; where the circle cannot grow to
  // it (a small window, office mode's docked strip), the word gets smaller instead.
  const float long_word_w = medium->CalcTextSizeA(medium_px, 1e6f, 0.0f, "Breathe out").x;
  const float min_radius =
      std::min(std::max(0.36f * max_radius, 0.5f * long_word_w + em * 0.9f), 0.8f * max_radius);
  const float word_room = 2.0f * min_radius - em * 1.8f;
  // Brief words only where even the smallest long word would not fit the smallest circle: at
  // 60 % it may take part of the 1.8 em margin word_room keeps (as it always has), but stays
  // 0.3 em inside the circle's edge.
  const bool brief_words = long_word_w * kMinWordScale > 2.0f * min_radius - em * 0.6f;
  const float full_word_w =
      brief_words ? medium->CalcTextSizeA(medium_px, 1e6f, 0.0f, "Paused").x : long_word_w;
  const float word_scale = std::clamp(word_room / full_word_w, kMinWordScale, 1.0f);
  const float word_px = medium_px * word_scale;
  const float word_w = full_word_w * word_scale;

  const double t_s = session_now_s(snap, state);
  const PacerState ps = pacer_state(snap.pacer, t_s);
  const bool enabled = snap.pacer_enabled;
  const float volume = enabled ? static_cast<float>(std::clamp(ps.volume, 0.0, 1.0)) : 0.0f;
  const float radius = min_radius + (max_radius - min_radius) * volume;
  const pacer_shapes::Frame frame{centre, max_radius, radius, volume, em, word_w, avail.x, medium_px,
                         t_s, enabled};
  // A new shape fades in over the old one (no sudden change on screen).
  PacerViewState& pv = state.pacer;
  if (!pv.shown_shape) pv.shown_shape = pv.shape;
  if (*pv.shown_shape != pv.shape) {
    pv.fading_shape = *pv.shown_shape;
    pv.shown_shape = pv.shape;
    pv.shape_blend = 0.0f;
  }
  pv.shape_blend = state.reduced_motion ? 1.0f : std::min(1.0f, pv.shape_blend + state.dt_s / kShapeFadeS);
  const float blend = smoothstep01(pv.shape_blend);
  pacer_shapes::WordPlace old_word{};
  if (blend < 1.0f) {
    const int first = dl->VtxBuffer.Size;
    old_word = pacer_shapes::draw(pv.fading_shape, frame, snap, pv, dl);
    pacer_shapes::fade_vertices(dl, first, 1.0f - blend);
  }
  const int first = dl->VtxBuffer.Size;
  const pacer_shapes::WordPlace word_place = pacer_shapes::draw(pv.shape, frame, snap, pv, dl);
  if (blend < 1.0f) pacer_shapes::fade_vertices(dl, first, blend);

  state.pacer.centre = centre;
  state.pacer.radius_px = enabled ? radius : 0.0f;
  state.pacer.max_radius_px = max_radius;
  state.pacer.brief_words = brief_words;

  // The word, fading in at the start of each part and out at its end.
  {
    const char* word = enabled       ? breath_word(ps.part, brief_words)
                       : brief_words ? "Paused"
                                     : "Pacer paused";
    const float p = static_cast<float>(ps.part_progress);
    const float alpha =
        enabled ? smoothstep01(p / kWordFade) * smoothstep01((1.0f - p) / kWordFade) : 1.0f;
    const ImVec2 size = medium->CalcTextSizeA(word_px, 1e6f, 0.0f, word);
    auto write = [&](const pacer_shapes::WordPlace& place, float fade) {
      const ImU32 ink = enabled ? place.ink : kTextMuted;
      dl->AddText(medium, word_px, ImVec2(place.at.x - size.x * 0.5f, place.at.y - size.y * 0.5f),
                  with_alpha(ink, (0.25f + 0.75f * alpha) * fade), word);
    };
    if (blend < 1.0f) write(old_word, 1.0f - blend);
    write(word_place, blend);
  }

  // Rate row: [-]  6.0 breaths/min  [+]
  const double rate = current_rate(snap, state);
  char rate_text[48];
  std::snprintf(rate_text, sizeof rate_text, "%.*f breaths/min", rate_decimals(rate), rate);
  const ImVec2 rate_size = medium->CalcTextSizeA(medium_px, 1e6f, 0.0f, rate_text);
  // The slot fits the widest rate, so the buttons stay put while the number changes.
  const float slot_w = medium->CalcTextSizeA(medium_px, 1e6f, 0.0f, "10.0 breaths/min").x;
  const float gap = em * 1.1f;
  const float row_w = button * 2.0f + gap * 2.0f + slot_w;
  const float row_y = origin.y + banner_h + circle_h + em * 0.4f;
  float x = centre.x - row_w * 0.5f;

  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, button * 0.5f);
  ImGui::PushFont(medium);
  const bool can_slow = rate > kPacerMinRateBpm + 1e-9;
  const bool can_speed = rate < kPacerMaxRateBpm - 1e-9;
  int steps = 0;

  ImGui::SetCursorScreenPos(ImVec2(x, row_y));
  ImGui::BeginDisabled(!can_slow);
  if (ImGui::Button("\xE2\x88\x92##slower", ImVec2(button, button))) steps -= 1;  // U+2212
  ImGui::EndDisabled();
  state.pacer.slower_min = ImGui::GetItemRectMin();
  state.pacer.slower_max = ImGui::GetItemRectMax();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::PopFont();
    ImGui::SetTooltip("Slower breathing (Left or Down arrow)");
    ImGui::PushFont(medium);
  }
  x += button + gap;

  dl->AddText(medium, medium_px,
              ImVec2(x + (slot_w - rate_size.x) * 0.5f, row_y + (button - rate_size.y) * 0.5f),
              kText, rate_text);
  x += slot_w + gap;

  ImGui::SetCursorScreenPos(ImVec2(x, row_y));
  ImGui::BeginDisabled(!can_speed);
  if (ImGui::Button("+##faster", ImVec2(button, button))) steps += 1;
  ImGui::EndDisabled();
  state.pacer.faster_min = ImGui::GetItemRectMin();
  state.pacer.faster_max = ImGui::GetItemRectMax();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::PopFont();
    ImGui::SetTooltip("Faster breathing (Right or Up arrow)");
    ImGui::PushFont(medium);
  }
  ImGui::PopFont();
  ImGui::PopStyleVar();

  // Arrow keys do the same, unless a text field or a dialog has the keyboard.
  const bool keyboard_free = !ImGui::GetIO().WantTextInput &&
                             !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
  if (keyboard_free) {
    if (key_pressed(ImGuiKey_RightArrow) || key_pressed(ImGuiKey_UpArrow)) steps += 1;
    if (key_pressed(ImGuiKey_LeftArrow) || key_pressed(ImGuiKey_DownArrow)) steps -= 1;
  }
  if (steps != 0) request_rate_step(snap, state, rate, steps);

  // Hint: how long each breath part lasts, in seconds.
  {
    const CycleLayout layout = cycle_layout(snap.pacer.settings);
    const double cycle_s = 60.0 / std::clamp(rate, kPacerMinRateBpm, kPacerMaxRateBpm);
    char hint[224];
    int n = std::snprintf(hint, sizeof hint, "in %.1f s", layout.inhale * cycle_s);
    if (layout.hold_in > 0.0) {
      n += std::snprintf(hint + n, sizeof hint - static_cast<std::size_t>(n),
                         "  \xC2\xB7  hold %.1f s", layout.hold_in * cycle_s);
    }
    n += std::snprintf(hint + n, sizeof hint - static_cast<std::size_t>(n),
                       "  \xC2\xB7  out %.1f s", layout.exhale * cycle_s);
    if (layout.hold_out > 0.0) {
      n += std::snprintf(hint + n, sizeof hint - static_cast<std::size_t>(n),
                         "  \xC2\xB7  rest %.1f s", layout.hold_out * cycle_s);
    }
    if (!enabled) {
      // The circle says "Pacer paused" (a resting baseline, a protocol's free step): the rate
      // and its parts are what the guide will do when it comes back.
      std::snprintf(hint + n, sizeof hint - static_cast<std::size_t>(n),
                    "      when the guide resumes");
    } else if (snap.pacer_ramp_active) {
      std::snprintf(hint + n, sizeof hint - static_cast<std::size_t>(n),
                    "      slowing toward %.1f as you keep up", snap.pacer_ramp_target_bpm);
    } else {
      std::snprintf(hint + n, sizeof hint - static_cast<std::size_t>(n),
                    "      \xE2\x86\x90 \xE2\x86\x92 to adjust");
    }
    const ImVec2 size = ImGui::CalcTextSize(hint);
    dl->AddText(ImVec2(centre.x - size.x * 0.5f, row_y + button + em * 0.6f), kTextFaint, hint);
  }

  draw_pacer_options(snap, state, ImVec2(centre.x, row_y + button + em * 2.2f), two_rows);

  // Claim the whole region so the parent's layout continues below it.
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(avail.x, std::max(avail.y, banner_h + circle_h + controls_h)));
}

}  // namespace resonant::ui
