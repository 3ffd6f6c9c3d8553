// Quiet notes at the bottom of the pacer area: the session is not being saved (and why),
// or a stored session is being reviewed (with a way back to the live source). Drawn at the
// bottom of the region; the pacer leaves room for them (session_notes_height), so they never
// cover its controls.
#include <algorithm>
#include <string>
#include <string_view>

#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr std::string_view kNotSavedPrefix = "not being saved: ";

constexpr const char* kBackButton = "Back to live";

/// A pill's measures in the current window: its text wrapped to fit, with or without the
/// button. One function for drawing and for the room the pacer leaves (session_notes_height).
struct PillLayout {
  float wrap_w = 0.0f;
  float button_w = 0.0f;
  ImVec2 text_size;
  ImVec2 pad;
  float height = 0.0f;  // inside the padding
  ImVec2 size;
};

PillLayout pill_layout(const std::string& text, bool with_button) {
  const float em = ImGui::GetFontSize();
  PillLayout l;
  const float max_w = std::max(ImGui::GetWindowWidth() - em * 2.0f, em * 10.0f);
  l.button_w = with_button ? ImGui::CalcTextSize(kBackButton).x +
                                 ImGui::GetStyle().FramePadding.x * 2.0f + em
                           : 0.0f;
  l.wrap_w = max_w - em * 1.6f - l.button_w;
  l.text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, l.wrap_w);
  l.pad = ImVec2(em * 0.8f, em * 0.4f);
  l.height = std::max(l.text_size.y, with_button ? ImGui::GetFrameHeight() : 0.0f);
  l.size = ImVec2(l.text_size.x + l.button_w + l.pad.x * 2.0f, l.height + l.pad.y * 2.0f);
  return l;
}

bool reviewing(const engine::Snapshot& snap, const ViewState& state) {
  return snap.source_kind == engine::SourceKind::kStoredSession &&
         !state.history.reviewing.empty();
}

std::string not_saved_text(const engine::Snapshot& snap) {
  std::string reason(snap.recording.message.view());
  // The engine's message may already begin with the same words.
  if (reason.rfind(kNotSavedPrefix, 0) == 0) reason.erase(0, kNotSavedPrefix.size());
  return "Not being saved \xE2\x80\x94 " +
         (reason.empty() ? std::string("the session goes on, but is not stored") : reason);
}

/// A rounded pill with wrapped text at the bottom of the current region, centred; returns
/// the pill's top so a second note can sit above it.
float note_pill(const std::string& text, ImU32 colour, float bottom_y, bool with_button,
                ViewState& state) {
  const ImVec2 region_min = ImGui::GetWindowPos();
  const float region_w = ImGui::GetWindowWidth();
  const PillLayout l = pill_layout(text, with_button);
  const float em = ImGui::GetFontSize();
  const char* button = kBackButton;
  const float wrap_w = l.wrap_w;
  const ImVec2 text_size = l.text_size;
  const ImVec2 pad = l.pad;
  const float height = l.height;
  const ImVec2 size = l.size;
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

float session_notes_height(const engine::Snapshot& snap, const ViewState& state) {
  const float gap = ImGui::GetFontSize() * 0.4f;
  float h = 0.0f;
  if (reviewing(snap, state)) {
    h += pill_layout(state.history.reviewing, state.history.before_review.has_value()).size.y +
         gap;
  }
  if (snap.recording.state == engine::RecordingState::kNotSaving) {
    h += pill_layout(not_saved_text(snap), false).size.y + gap;
  }
  return h > 0.0f ? h + gap : 0.0f;
}

void draw_session_notes(const engine::Snapshot& snap, ViewState& state) {
  const float em = ImGui::GetFontSize();
  float bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - em * 0.4f;
  if (snap.source_kind != engine::SourceKind::kStoredSession) state.history.reviewing.clear();
  if (!state.history.reviewing.empty()) {
    bottom = note_pill(state.history.reviewing, palette::kPacerLight, bottom,
                       state.history.before_review.has_value(), state) - em * 0.4f;
  }
  if (snap.recording.state == engine::RecordingState::kNotSaving) {
    note_pill(not_saved_text(snap), palette::kWaiting, bottom, false, state);
  }
}

}  // namespace resonant::ui
