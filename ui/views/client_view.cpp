// Office mode, client side: what the person sees on the second monitor. Number-free: a large
// soft pacer filling the window and one gentle feedback glyph below it, a small glow whose
// warmth follows the coherence level (cool teal when low, warm apricot when high). The glyph
// fades out while feedback is paused (poor signal, or a protocol step without feedback) and
// before the first coherence value. No numbers, no words, no traces.
#include <algorithm>
#include <cmath>

#include <resonant/ui/views.hpp>

#include "pacer_shapes.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr float kEaseS = 1.5f;          // glyph warmth and visibility ease over this long
constexpr float kGlyphShare = 0.045f;   // glyph radius as a share of the window's short side
constexpr float kPacerShare = 0.40f;    // the pacer's largest radius, same share

float warmth_of(dsp::CoherenceLevel level) {
  switch (level) {
    case dsp::CoherenceLevel::kLow: return 0.2f;
    case dsp::CoherenceLevel::kMedium: return 0.6f;
    case dsp::CoherenceLevel::kHigh: return 1.0f;
    case dsp::CoherenceLevel::kUnknown: break;
  }
  return 0.0f;
}

float ease_toward(float value, float target, float dt_s) {
  const float k = 1.0f - std::exp(-dt_s / (kEaseS / 3.0f));
  return value + (target - value) * k;
}

void draw_glyph(ImDrawList* dl, ImVec2 centre, float radius, float warmth, float alpha) {
  if (alpha <= 0.01f) return;
  const ImU32 core = mix(palette::kPacerLight, palette::kHeart, warmth);
  const ImU32 rim = mix(palette::kPacerDeep, palette::kHeart, warmth);
  shapes::radial_ring(dl, centre, radius * 0.8f, radius * (1.6f + 0.8f * warmth),
                      with_alpha(rim, 0.35f * alpha), with_alpha(rim, 0.0f));
  shapes::radial_disc(dl, centre, radius, with_alpha(core, alpha), with_alpha(rim, 0.8f * alpha));
}

}  // namespace

void draw_client_view(const engine::Snapshot& snap, ViewState& state) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("Client", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoInputs);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 size = vp->WorkSize;
  const float short_side = std::min(size.x, size.y);
  const float glyph_r = short_side * kGlyphShare;
  // The pacer sits a little above the middle so the glyph has room below it.
  const ImVec2 centre(vp->WorkPos.x + size.x * 0.5f, vp->WorkPos.y + size.y * 0.45f);
  const float max_radius = short_side * kPacerShare / (1.0f + pacer_shapes::kGlowReach);
  const float min_radius = 0.4f * max_radius;
  const bool enabled = snap.pacer_enabled;
  const PacerState ps = pacer_state(snap.pacer, session_now_s(snap, state));
  const float volume = enabled ? static_cast<float>(std::clamp(ps.volume, 0.0, 1.0)) : 0.0f;
  const float radius = min_radius + (max_radius - min_radius) * volume;
  pacer_shapes::circle(dl, centre, radius, max_radius, enabled);

  OfficeViewState& office = state.office;
  const bool paused = !snap.live.feedback_ok || (snap.protocol.active && !snap.protocol.feedback);
  const float warmth = warmth_of(snap.live.coherence.level);
  const float target_alpha =
      paused || snap.live.coherence.level == dsp::CoherenceLevel::kUnknown ? 0.0f : 1.0f;
  office.client_glow = ease_toward(office.client_glow, warmth, state.dt_s);
  office.client_glow_alpha = ease_toward(office.client_glow_alpha, target_alpha, state.dt_s);
  const float glyph_y = std::min(centre.y + max_radius * (1.0f + pacer_shapes::kGlowReach) + glyph_r * 2.2f,
                                 vp->WorkPos.y + size.y - glyph_r * 2.0f);
  draw_glyph(dl, ImVec2(centre.x, glyph_y), glyph_r, office.client_glow, office.client_glow_alpha);
  ImGui::End();
}

}  // namespace resonant::ui
