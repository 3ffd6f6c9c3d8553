// Quiet notes at the bottom of the pacer area: the session is not being saved (and why), a
// stored session is being reviewed (with a way back to the live source), or an earlier
// session was interrupted and kept (until the person closes the note). Drawn at the bottom of
// the region; the pacer leaves room for them (session_notes_height), so they never cover its
// controls.
#include <algorithm>
#include <string>
#include <string_view>

#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr std::string_view kNotSavedPrefix = "not being saved: ";

constexpr const char* kBackButton = "Back to live";
constexpr const char* kCloseButton = "OK";

/// A pill's measures in the current window: its text wrapped to fit, with or without a
/// button. One function for drawing and for the room the pacer leaves (session_notes_height).
struct PillLayout {
  float wrap_w = 0.0f;
  float button_w = 0.0f;
  ImVec2 text_size;
  ImVec2 pad;
  float height = 0.0f;  // inside the padding
  ImVec2 size;
};

PillLayout pill_layout(const std::string& text, const char* button) {
  const float em = ImGui::GetFontSize();
  PillLayout l;
  const float max_w = std::max(ImGui::GetWindowWidth() - em * 2.0f, em * 10.0f);
  l.button_w = button ? ImGui::CalcTextSize(button).x + ImGui::GetStyle().FramePadding.x * 2.0f + em
                      : 0.0f;
  l.wrap_w = max_w - em * 1.6f - l.button_w;
  l.text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, l.wrap_w);
  l.pad = ImVec2(em * 0.8f, em * 0.4f);
  l.height = std::max(l.text_size.y, button ? ImGui::GetFrameHeight() : 0.0f);
  l.size = ImVec2(l.text_size.x + l.button_w + l.pad.x * 2.0f, l.height + l.pad.y * 2.0f);
  return l;
}

bool reviewing(const engine::Snapshot& snap, const ViewState& state) {
  return snap.source_kind == engine::SourceKind::kStoredSession &&
         !state.history.reviewing.empty();
}

const char* review_button(const ViewState& state) {
  return state.history.before_review.has_value() ? kBackButton : nullptr;
}

std::string not_saved_text(const engine::Snapshot& snap) {
  std::string reason(snap.recording.message.view());
  // The engine's message may already begin with the same words.
  if (reason.rfind(kNotSavedPrefix, 0) == 0) reason.erase(0, kNotSavedPrefix.size());
  return "Not being saved \xE2\x80\x94 " +
         (reason.empty() ? std::string("the session goes on, but is not stored") : reason);
}

/// An earlier run stopped while recording (a crash, a power cut): what it saved is kept. Said
/// once a run, until closed, in the same words as resonant-cli session.
bool shows_recovered(const engine::Snapshot& snap, const ViewState& state) {
  return snap.recording.recovered_count > 0 &&
         snap.recording.recovered_last_id != state.history.recovered_note_closed_id;
}

std::string recovered_text(const engine::Snapshot& snap) {
  const std::uint32_t older = snap.recording.recovered_count - 1;
  return "Session " + std::to_string(snap.recording.recovered_last_id) +
         " was interrupted (the program stopped while recording). It is kept, complete up to "
         "its last saved second" +
         (older == 0 ? std::string()
                     : " (with " + std::to_string(older) + " older one" + (older > 1 ? "s" : "") +
                           ")") +
         ", in History.";
}

/// A rounded pill with wrapped text at the bottom of the current region, centred, and an
/// optional button after the text; returns whether the button was pressed. top_y: the pill's
/// top, so a second note can sit above it; button_min/max: where the button was drawn.
bool note_pill(const std::string& text, ImU32 colour, float bottom_y, const char* button,
               float& top_y, ImVec2* button_min = nullptr, ImVec2* button_max = nullptr) {
  const ImVec2 region_min = ImGui::GetWindowPos();
  const float region_w = ImGui::GetWindowWidth();
  const PillLayout l = pill_layout(text, button);
  const float em = ImGui::GetFontSize();
  const ImVec2 min(region_min.x + (region_w - l.size.x) * 0.5f, bottom_y - l.size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, ImVec2(min.x + l.size.x, min.y + l.size.y),
                    with_alpha(palette::kCard, 0.92f), l.size.y * 0.5f);
  dl->AddRect(min, ImVec2(min.x + l.size.x, min.y + l.size.y), with_alpha(colour, 0.6f),
              l.size.y * 0.5f);
  dl->AddText(nullptr, 0.0f,
              ImVec2(min.x + l.pad.x, min.y + l.pad.y + (l.height - l.text_size.y) * 0.5f), colour,
              text.c_str(), nullptr, l.wrap_w);
  top_y = min.y;
  if (!button) return false;
  const ImVec2 next = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(min.x + l.pad.x + l.text_size.x + em,
                                   min.y + l.pad.y + (l.height - ImGui::GetFrameHeight()) * 0.5f));
  ImGui::PushID(text.c_str());
  const bool pressed = ImGui::SmallButton(button);
  if (button_min) *button_min = ImGui::GetItemRectMin();
  if (button_max) *button_max = ImGui::GetItemRectMax();
  ImGui::PopID();
  ImGui::SetCursorScreenPos(next);
  return pressed;
}

}  // namespace

float session_notes_height(const engine::Snapshot& snap, const ViewState& state) {
  const float gap = ImGui::GetFontSize() * 0.4f;
  float h = 0.0f;
  if (reviewing(snap, state)) {
    h += pill_layout(state.history.reviewing, review_button(state)).size.y + gap;
  }
  if (snap.recording.state == engine::RecordingState::kNotSaving) {
    h += pill_layout(not_saved_text(snap), nullptr).size.y + gap;
  }
  if (shows_recovered(snap, state)) {
    h += pill_layout(recovered_text(snap), kCloseButton).size.y + gap;
  }
  return h > 0.0f ? h + gap : 0.0f;
}

void draw_session_notes(const engine::Snapshot& snap, ViewState& state) {
  const float em = ImGui::GetFontSize();
  float bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - em * 0.4f;
  float top = bottom;
  if (snap.source_kind != engine::SourceKind::kStoredSession) state.history.reviewing.clear();
  if (!state.history.reviewing.empty()) {
    if (note_pill(state.history.reviewing, palette::kAccent, bottom, review_button(state),
                  top) &&
        state.history.before_review) {
      state.commands.emplace_back(engine::ConnectCommand{*state.history.before_review});
      state.source = state.history.before_review;
      state.history.before_review.reset();
      state.history.reviewing.clear();
    }
    bottom = top - em * 0.4f;
  }
  if (snap.recording.state == engine::RecordingState::kNotSaving) {
    note_pill(not_saved_text(snap), palette::kWaiting, bottom, nullptr, top);
    bottom = top - em * 0.4f;
  }
  if (shows_recovered(snap, state) &&
      note_pill(recovered_text(snap), palette::kAccent, bottom, kCloseButton, top,
                &state.history.recovered_ok_min, &state.history.recovered_ok_max)) {
    state.history.recovered_note_closed_id = snap.recording.recovered_last_id;
  }
}

}  // namespace resonant::ui
