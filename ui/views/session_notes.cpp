// Quiet notes at the bottom of the pacer area: the session is not being saved (and why),
// or a stored session is being reviewed (with a way back to the live source). Drawn over
// the region without taking layout space, so the pacer keeps its place.
#include <algorithm>
#include <string>
#include <string_view>

#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr std::string_view kNotSavedPrefix = "not being saved: ";

/// A rounded pill with wrapped text at the bottom of the current region, centred; returns
/// the pill's top so a second note can sit above it.
float note_pill(const std::string& text, ImU32 colour, float bottom_y, bool with_button,
                ViewState& state) {
  const float em = ImGui::GetFontSize();
  const ImVec2 region_min = ImGui::GetWindowPos();
  const float region_w = ImGui::GetWindowWidth();
  const float max_w = std::max(region_w - em * 2.0f, em * 10.0f);
  const char* button = "Back to live";
  const float button_w =
      with_button ? ImGui::CalcTextSize(button).x + ImGui::GetStyle().FramePadding.x * 2.0f + em
                  : 0.0f;
  const float wrap_w = max_w - em * 1.6f - button_w;
  const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap_w);
  const ImVec2 pad(em * 0.8f, em * 0.4f);
  const float height = std::max(text_size.y, with_button ? ImGui::GetFrameHeight() : 0.0f);
  const ImVec2 size(text_size.x + button_w + pad.x * 2.0f, height + pad.y * 2.0f);
  const ImVec2 min(region_min.x + (region_w - size.x) * 0.5f, bottom_y - size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y),
                    with_alpha(palette::kCard, 0.92f), size.y * 0.5f);
  dl->AddRect(min, ImVec2(min.x + size.x, min.y + size.y), with_alpha(colour, 0.6f),
              size.y * 0.5f);
  dl->AddText(nullptr, 0.0f, ImVec2(min.x + pad.x, min.y + pad.y + (height - text_size.y) * 0.5f),
              colour, text.c_str(), nullptr, wrap_w);
  if (with_button) {
    const ImVec2 next = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad.x + text_size.x + em,
                                     min.y + pad.y + (height - ImGui::GetFrameHeight()) * 0.5f));
    if (ImGui::SmallButton(button) && state.history.before_review) {
      state.commands.emplace_back(engine::ConnectCommand{*state.history.before_review});
      state.source = state.history.before_review;
      state.history.before_review.reset();
      state.history.reviewing.clear();
    }
    ImGui::SetCursorScreenPos(next);
  }
  return min.y;
}

}  // namespace

void draw_session_notes(const engine::Snapshot& snap, ViewState& state) {
  const float em = ImGui::GetFontSize();
  float bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - em * 0.4f;
  if (snap.source_kind != engine::SourceKind::kStoredSession) state.history.reviewing.clear();
  if (!state.history.reviewing.empty()) {
    bottom = note_pill(state.history.reviewing, palette::kPacerLight, bottom,
                       state.history.before_review.has_value(), state) - em * 0.4f;
  }
  if (snap.recording.state == engine::RecordingState::kNotSaving) {
    std::string reason(snap.recording.message.view());
    // The engine's message may already begin with the same words.
    if (reason.rfind(kNotSavedPrefix, 0) == 0) reason.erase(0, kNotSavedPrefix.size());
    note_pill("Not being saved \xE2\x80\x94 " +
                  (reason.empty() ? std::string("the session goes on, but is not stored") : reason),
              palette::kWaiting, bottom, false, state);
  }
}

}  // namespace resonant::ui
