// Office mode, therapist side: a strip of one-key exercise markers and the blocks' response
// cards (engine: exercise_blocks.hpp, dsp/response_card.hpp), in a window along the bottom of
// the main screen. Marking is a MarkCommand; the cards come from the Snapshot.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kMinus = "\xE2\x88\x92";  // U+2212, the font has it
constexpr const char* kEllipsis = "\xE2\x80\xA6";
constexpr std::size_t kCardsShown = 4;          // newest first; older ones stay in the engine
constexpr float kDockedCardEm = 16.0f;          // a docked card's width: its two lines fit

std::string signed_bpm(double v) {
  if (std::isnan(v)) return "--";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f bpm", std::abs(v));
  return std::string(v < -0.05 ? kMinus : "+") + buf;
}

std::string return_text(const dsp::ResponseCard& c) {
  if (!c.ended) return "in progress";
  if (!std::isnan(c.return_s)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "back to baseline in %.0f s", c.return_s);
    return buf;
  }
  return c.return_final ? "not back within 5 min" : "not back yet";
}

bool block_running(const engine::Snapshot& snap) {
  return snap.response_card_count > 0 &&
         !snap.response_cards[snap.response_card_count - 1].card.ended;
}

void post_mark(engine::MarkKind kind, std::string_view text, ViewState& state) {
  engine::MarkCommand c;
  c.kind = kind;
  c.text.assign(text);
  state.commands.emplace_back(c);
}

void draw_card(const engine::ExerciseCard& card, ImVec2 size) {
  if (!ImGui::IsRectVisible(size)) {  // scrolled out of the docked strip: keep its room only
    ImGui::Dummy(size);
    return;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const float em = ImGui::GetFontSize();
  shapes::card(dl, min, max, em * 0.5f);
  ImGui::PushID(&card);
  ImGui::BeginGroup();
  ImGui::SetCursorScreenPos(ImVec2(min.x + em * 0.7f, min.y + em * 0.4f));
  const std::string label(card.label.view());
  const dsp::ResponseCard& c = card.card;
  text_coloured(palette::kPacerLight, label.c_str());
  ImGui::SameLine(0.0f, em * 0.8f);
  text_coloured(palette::kTextMuted, return_text(c).c_str());
  const std::string hr = "HR " + signed_bpm(c.delta_hr_bpm);
  const std::string rsa = "RSA " + signed_bpm(c.delta_rsa_bpm);
  ImGui::SetCursorScreenPos(ImVec2(min.x + em * 0.7f, ImGui::GetCursorScreenPos().y));
  text_coloured(palette::kHeart, hr.c_str());
  ImGui::SameLine(0.0f, em * 1.0f);
  text_coloured(palette::kText, rsa.c_str());
  ImGui::EndGroup();
  ImGui::SetCursorScreenPos(min);
  ImGui::InvisibleButton("card", size);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::Text("%s: %s", label.c_str(), office_card_line(card).c_str());
    ImGui::Text("Compared with the %.0f s before the block (%zu beats, %zu breaths);",
                c.block.start_s - c.baseline_start_s, c.baseline_beats, c.baseline_breaths);
    ImGui::Text("the block had %zu beats and %zu breaths. RSA: heart-rate rise and fall per breath.",
                c.block_beats, c.block_breaths);
    ImGui::Text("Back to baseline: the next 15 s of heart rate average within the baseline's +-1 SD.");
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

}  // namespace

void start_office_block(std::string_view label, ViewState& state) {
  post_mark(engine::MarkKind::kBlockStart, label, state);
  state.office.last_label = std::string(label);
}

std::string office_card_line(const engine::ExerciseCard& card) {
  const dsp::ResponseCard& c = card.card;
  return "HR " + signed_bpm(c.delta_hr_bpm) + ", RSA " + signed_bpm(c.delta_rsa_bpm) + ", " +
         return_text(c);
}

namespace {

float card_height() {
  return ImGui::GetTextLineHeightWithSpacing() * 2.0f + ImGui::GetFontSize() * 0.8f;
}

// Full width: one row of buttons over the cards. Docked: two rows, and room for the cards'
// sideways scrollbar.
float panel_height(bool dock) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float rows = dock ? 2.0f : 1.0f;
  return ImGui::GetFrameHeight() * rows + style.ItemSpacing.y * (rows - 1.0f) + card_height() +
         (dock ? style.ScrollbarSize : 0.0f) + style.WindowPadding.y * 2.0f + style.ItemSpacing.y * 2.0f;
}

// The panel's bottom edge sits this far above the window's bottom: clear of the footer line
// at any window size (the dashboard's margin is at most 2 em).
float bottom_clearance() { return ImGui::GetFontSize() * 2.4f; }

}  // namespace

float office_panel_top_if(const ViewState& state, bool dock) {
  const float height = ImGui::GetMainViewport()->WorkSize.y;
  if (!state.office.enabled) return height;
  return height - bottom_clearance() - panel_height(dock);
}

float office_panel_top(const ViewState& state) {
  return office_panel_top_if(state, state.office.dock_width_px > 0.0f);
}

void draw_office_panel(const engine::Snapshot& snap, ViewState& state) {
  OfficeViewState& office = state.office;
  if (!office.enabled) return;
  const ImGuiIO& io = ImGui::GetIO();
  // M starts a block with the last label; never while a text field takes the keys.
  if (!io.WantTextInput && ImGui::IsKeyPressed(kKeyM, false)) {
    start_office_block(office.last_label, state);
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float card_h = card_height();
  const bool dock = office.dock_width_px > 0.0f;
  const float height = panel_height(dock);
  const float margin = em * 0.8f;
  // Along the bottom, above the footer line, in the room the dashboard leaves for it: the
  // full width, or docked under the pacer on a short window.
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + margin, vp->WorkPos.y + office_panel_top(state)));
  ImGui::SetNextWindowSize(ImVec2(dock ? office.dock_width_px : vp->WorkSize.x - margin * 2.0f, height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(with_alpha(palette::kBackground, 0.94f)));
  ImGui::Begin("Office", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PopStyleColor();

  ImGui::AlignTextToFramePadding();
  text_coloured(palette::kTextMuted, "Mark (M)");
  ImGui::SameLine();
  for (const char* label : kOfficeLabels) {
    if (ImGui::Button(label)) start_office_block(label, state);
    ImGui::SameLine();
  }
  const std::string custom = std::string("custom") + kEllipsis;
  if (ImGui::Button(custom.c_str())) {
    office.custom_open = true;
    ImGui::OpenPopup("custom label");
  }
  if (ImGui::BeginPopup("custom label")) {
    if (office.custom_open) ImGui::SetKeyboardFocusHere();
    office.custom_open = false;
    ImGui::SetNextItemWidth(em * 14.0f);
    const bool entered = ImGui::InputText("##label", office.custom_label.data(), office.custom_label.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Start") || entered) && office.custom_label[0] != '\0') {
      start_office_block(office.custom_label.data(), state);
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  if (!dock) ImGui::SameLine();  // docked: end block and the status start the second row
  const bool running = block_running(snap);
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("end block")) post_mark(engine::MarkKind::kBlockEnd, "", state);
  ImGui::EndDisabled();
  ImGui::SameLine(0.0f, em * 1.5f);
  if (running) {
    const engine::ExerciseCard& now = snap.response_cards[snap.response_card_count - 1];
    const std::string since = std::string(now.label.view()) + " since " +
                              format_session_time(now.card.block.start_s);
    text_coloured(palette::kPacer, since.c_str());
  } else {
    text_coloured(palette::kTextFaint, ("M starts: " + office.last_label).c_str());
  }
  const char* client = office.client_window_wanted ? "Close client window" : "Client window";
  ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(client).x - style.FramePadding.x * 2.0f);
  if (ImGui::Button(client)) office.client_window_wanted = !office.client_window_wanted;

  // The newest cards, newest on the left: sharing the width, or docked at a readable width
  // in a strip that scrolls sideways.
  const std::size_t shown = std::min<std::size_t>(snap.response_card_count, kCardsShown);
  const float card_w = dock ? em * kDockedCardEm
                            : (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * (kCardsShown - 1)) /
                                  static_cast<float>(kCardsShown);
  if (shown == 0) {
    text_coloured_wrapped(palette::kTextFaint,
                          "Each marked block gets a card: heart rate and RSA against the minute before, "
                          "and the time back to baseline.");
  }
  if (dock && shown > 0) {  // EndChild() below whatever BeginChild() returns
    ImGui::BeginChild("cards", ImVec2(0.0f, card_h + style.ScrollbarSize), false,
                      ImGuiWindowFlags_HorizontalScrollbar);
  }
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) ImGui::SameLine();
    draw_card(snap.response_cards[snap.response_card_count - 1 - i], ImVec2(card_w, card_h));
  }
  if (dock && shown > 0) ImGui::EndChild();
  ImGui::End();
}

}  // namespace resonant::ui
