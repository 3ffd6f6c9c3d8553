// Bedtime mode: the night palette, one large soft pacer in the middle of a dark window, a
// faint remaining time, nothing bright or sudden. The engine runs the bedtime wind-down
// protocol (it slows the pacer, lengthens the exhale and decides when breathing has settled);
// this screen only follows its Snapshot: the circle fades with the protocol's guidance while
// the window fades to black, then a faint "Good night" stays.
#include <algorithm>
#include <cmath>
#include <string>

#include <resonant/ui/views.hpp>

#include "pacer_shapes.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr float kMaxRadiusOfSide = 0.34f;   // the full breath, as a share of the short side
constexpr float kMinRadiusOfMax = 0.38f;    // empty lungs, as a share of the full breath
constexpr float kCircleAlpha = 0.8f;        // soft even at full guidance
constexpr float kRestingAlpha = 0.5f;      // the still circle while the pacer is off
// Remaining time, instruction, "Leave" in the muted text colour at this alpha: dim for a dark
// room and still readable, 2.9:1 on the night background (the faint colour at 0.55 was 1.45:1,
// and "Leave", the only way out, was hard to find).
constexpr float kTextAlpha = 0.85f;
constexpr double kSecondsPerMinute = 60.0;

/// "14 min left", "1 min left", "" when not known.
std::string remaining_text(const engine::ProtocolProgress& p, double now_s) {
  if (!p.started || !std::isfinite(p.protocol_end_s)) return "";
  const double left_s = std::max(p.protocol_end_s - now_s, 0.0);
  const int minutes = static_cast<int>(std::ceil(left_s / kSecondsPerMinute));
  return std::to_string(std::max(minutes, 1)) + " min left";
}

/// Centred at y; wrapped into lines at most max_w wide (0 = the window's width), so large text
/// keeps clear of the Leave button in the corner.
void centred_text(ImU32 colour, const std::string& text, float y, ImFont* font = nullptr,
                  float max_w = 0.0f) {
  ImFont* f = font != nullptr ? font : ImGui::GetFont();
  const float window_w = ImGui::GetWindowSize().x;
  const float room = max_w > 0.0f ? std::min(max_w, window_w) : window_w;
  const float full_w = f->CalcTextSizeA(f->FontSize, 1e6f, 0.0f, text.c_str()).x;
  const float w = std::min(full_w, room);
  const float x = (window_w - w) * 0.5f;
  ImGui::SetCursorPos(ImVec2(x, y));
  ImGui::PushTextWrapPos(full_w > room ? x + w : -1.0f);  // -1: one line, as measured
  text_coloured(colour, text.c_str(), font);
  ImGui::PopTextWrapPos();
}

void enter(ViewState& state) {
  BedtimeViewState& b = state.bedtime;
  if (b.theme_before) return;
  b.theme_before = current_theme();
  b.reduced_motion_before = state.reduced_motion;
  use_theme(Theme::kNight);
  state.reduced_motion = true;
  if (!b.started) b.start_requested = true;
}

}  // namespace

void leave_bedtime(ViewState& state) {
  BedtimeViewState& b = state.bedtime;
  // Leaving ends the wind-down too (the engine records its end; the pacer keeps its rate).
  if (b.started) state.commands.emplace_back(engine::StopProtocolCommand{});
  b.started = false;
  b.start_requested = false;
  if (b.theme_before) use_theme(*b.theme_before);
  state.reduced_motion = b.reduced_motion_before;
  b.theme_before.reset();
  b.dark_alpha = 0.0f;
  state.screen = Screen::kMain;
}

void draw_bedtime_screen(const engine::Snapshot& snap, ViewState& state) {
  enter(state);
  BedtimeViewState& b = state.bedtime;
  const engine::ProtocolProgress& p = snap.protocol;
  const double t_s = session_now_s(snap, state);
  const bool finished = p.started && !p.active;

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
  ImGui::Begin("Bedtime", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 size = vp->WorkSize;
  const ImVec2 origin = vp->WorkPos;
  const float em = ImGui::GetFontSize();
  const float margin = std::max(em, std::min(size.x, size.y) * 0.04f);

  // The window darkens as the protocol's guidance falls (its fade_out step lasts minutes,
  // at least 30 s); it never lightens again.
  const float target_dark = finished ? 1.0f : (p.started ? 1.0f - static_cast<float>(p.guidance) : 0.0f);
  b.dark_alpha = std::max(b.dark_alpha, std::clamp(target_dark, 0.0f, 1.0f));

  if (!finished) {
    const float max_radius = std::min(size.x, size.y) * kMaxRadiusOfSide;
    const float min_radius = max_radius * kMinRadiusOfMax;
    const PacerState ps = pacer_state(snap.pacer, t_s);
    const float volume = snap.pacer_enabled ? static_cast<float>(std::clamp(ps.volume, 0.0, 1.0)) : 0.0f;
    const float radius = min_radius + (max_radius - min_radius) * volume;
    const ImVec2 centre(origin.x + size.x * 0.5f, origin.y + size.y * 0.5f);
    const int first = dl->VtxBuffer.Size;
    // With the pacer off (the first minutes: breathing is measured) a still, fainter circle
    // at rest keeps the screen from being empty without asking for a rhythm.
    pacer_shapes::circle(dl, centre, radius, max_radius, true);
    const float rest = snap.pacer_enabled ? 1.0f : kRestingAlpha;
    pacer_shapes::fade_vertices(dl, first, kCircleAlpha * rest * (1.0f - b.dark_alpha));
    state.pacer.centre = centre;
    state.pacer.radius_px = radius;
    state.pacer.max_radius_px = max_radius;

    const ImU32 faint = with_alpha(palette::kTextMuted, kTextAlpha * (1.0f - b.dark_alpha));
    // The words at the top keep clear of "Leave" in the top-left corner, on both sides.
    const float leave_w = ImGui::CalcTextSize("Leave").x + ImGui::GetStyle().FramePadding.x * 2.0f;
    const float words_w = std::max(size.x - (margin + leave_w + em) * 2.0f, em * 8.0f);
    if (!snap.pacer_enabled && p.started) {
      centred_text(faint, std::string(p.instruction.view()), margin, nullptr, words_w);
    } else if (!p.refusal.empty()) {
      centred_text(faint, "The wind-down could not start: " + std::string(p.refusal.view()), margin,
                   nullptr, words_w);
    } else if (!p.started) {
      centred_text(faint, "Lie or sit comfortably. The circle starts in a moment.", margin, nullptr,
                   words_w);
    }
    centred_text(faint, remaining_text(p, t_s), size.y - margin - em);

    ImGui::SetCursorPos(ImVec2(margin, margin));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(faint));
    if (ImGui::SmallButton("Leave")) leave_bedtime(state);
    ImGui::PopStyleColor(2);
  }
  // Black over everything drawn so far, then the last words on top.
  dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                    with_alpha(rgba(0, 0, 0), b.dark_alpha));
  if (finished) {
    centred_text(with_alpha(palette::kTextFaint, 0.5f), "Good night", size.y * 0.5f - em, state.fonts.medium);
  }
  ImGui::End();
}

}  // namespace resonant::ui
