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
  text_coloured(palette::kAccent, label.c_str());
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
    begin_wrapped_tooltip();
    ImGui::Text("%s: %s", label.c_str(), office_card_line(card).c_str());
    ImGui::Text("Compared with the %.0f s before the block (%zu beats, %zu breaths);",
                c.block.start_s - c.baseline_start_s, c.baseline_beats, c.baseline_breaths);
    ImGui::Text("the block had %zu beats and %zu breaths. RSA: heart-rate rise and fall per breath.",
                c.block_beats, c.block_breaths);
    ImGui::Text("Back to baseline: the next 15 s of heart rate average within the baseline's +-1 SD.");
    end_wrapped_tooltip();
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

float side_margin() { return ImGui::GetFontSize() * 0.8f; }

// Before the strip has been drawn at this width and text size: full width, one row of
// buttons over the cards; docked, two rows and room for the cards' sideways scrollbar.
float estimated_height(bool dock) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float rows = dock ? 2.0f : 1.0f;
  return ImGui::GetFrameHeight() * rows + style.ItemSpacing.y * (rows - 1.0f) + card_height() +
         (dock ? style.ScrollbarSize : 0.0f) + style.WindowPadding.y * 2.0f + style.ItemSpacing.y * 2.0f;
}

float strip_width(const ViewState& state, bool dock) {
  return dock ? state.office.dock_width_px
              : ImGui::GetMainViewport()->WorkSize.x - side_margin() * 2.0f;
}

// The height the strip's rows take, as measured when it was last drawn at this width and text
// size (its buttons wrap with large text), else estimated.
float natural_height(const ViewState& state, bool dock) {
  const OfficeViewState::StripMeasure& m = state.office.measured[dock ? 1 : 0];
  const bool measured = m.height_px > 0.0f && m.width_px == strip_width(state, dock) &&
                        m.em_px == ImGui::GetFontSize();
  return measured ? m.height_px : estimated_height(dock);
}

// The panel's bottom edge sits this far above the window's bottom: clear of the footer line
// at any window size (the dashboard's margin is at most 2 em).
float bottom_clearance() { return ImGui::GetFontSize() * 2.4f; }

// The strip is never shorter than one row of buttons, whatever the pacer asks for.
float least_height() {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f;
}

}  // namespace

float office_panel_top_if(const ViewState& state, bool dock) {
  const float height = ImGui::GetMainViewport()->WorkSize.y;
  if (!state.office.enabled) return height;
  return height - bottom_clearance() - natural_height(state, dock);
}

float office_panel_top(const ViewState& state) {
  const float natural = office_panel_top_if(state, state.office.dock_width_px > 0.0f);
  if (!state.office.enabled) return natural;
  const float lowest = ImGui::GetMainViewport()->WorkSize.y - bottom_clearance() - least_height();
  return std::min(std::max(natural, state.office.min_top_px), lowest);
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
  const float top = office_panel_top(state);
  const float height = vp->WorkSize.y - bottom_clearance() - top;
  const float width = strip_width(state, dock);
  // Where the pacer needs the room (large text on a small window) the strip scrolls.
  const bool scrolls = natural_height(state, dock) > height + 0.5f;
  // Along the bottom, above the footer line, in the room the dashboard leaves for it: the
  // full width, or docked under the pacer on a short window.
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + side_margin(), vp->WorkPos.y + top));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(with_alpha(palette::kBackground, 0.94f)));
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoFocusOnAppearing;
  const ImGuiWindowFlags still = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::Begin("Office", nullptr, fixed | (scrolls ? 0 : still));
  ImGui::PopStyleColor();

  // The buttons wrap onto further rows where they do not fit (large text, the docked strip).
  const float spacing = style.ItemSpacing.x;
  ImGui::AlignTextToFramePadding();
  text_coloured(palette::kTextMuted, "Mark (M)");
  for (const char* label : kOfficeLabels) {
    same_line_if_fits(button_width(label), spacing);
    if (ImGui::Button(label)) start_office_block(label, state);
  }
  const std::string custom = std::string("custom") + kEllipsis;
  same_line_if_fits(button_width(custom.c_str()), spacing);
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
  same_line_if_fits(button_width("end block"), spacing);
  const bool running = block_running(snap);
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("end block")) post_mark(engine::MarkKind::kBlockEnd, "", state);
  ImGui::EndDisabled();
  std::string status;
  if (running) {
    const engine::ExerciseCard& now = snap.response_cards[snap.response_card_count - 1];
    status = std::string(now.label.view()) + " since " +
             format_session_time(now.card.block.start_s);
  } else {
    status = "M starts: " + office.last_label;
  }
  if (!same_line_if_fits(ImGui::CalcTextSize(status.c_str()).x, em * 1.5f)) {
    ImGui::AlignTextToFramePadding();
  }
  text_coloured(running ? palette::kAccent : palette::kTextFaint, status.c_str());
  // At the right end of the row when it fits there, else at the start of the next.
  const char* client = office.client_window_wanted ? "Close client window" : "Client window";
  const float client_w = button_width(client);
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + em * 1.5f + client_w <= right) {
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - client_w);
  }
  if (ImGui::Button(client)) office.client_window_wanted = !office.client_window_wanted;

  // The newest cards, newest on the left: sharing the width, or docked at a readable width
  // in a strip that scrolls sideways.
  const std::size_t shown = std::min<std::size_t>(snap.response_card_count, kCardsShown);
  const float card_w = dock ? em * kDockedCardEm
                            : (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * (kCardsShown - 1)) /
                                  static_cast<float>(kCardsShown);
  // The cards' room is kept while there are none yet, so the first card moves nothing.
  const float cards_top = ImGui::GetCursorPosY();
  const float cards_h = card_h + (dock ? style.ScrollbarSize : 0.0f);
  if (shown == 0) {
    text_coloured_wrapped(palette::kTextFaint,
                          "Each marked block gets a card: heart rate and RSA against the minute before, "
                          "and the time back to baseline.");
    const float used = ImGui::GetCursorPosY() - style.ItemSpacing.y - cards_top;
    const float rest = cards_h - used - style.ItemSpacing.y;
    if (rest > 0.0f) ImGui::Dummy(ImVec2(0.0f, rest));
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
  // The height the rows took this frame, the next frame's layout leaves room for it.
  // GetCursorPosY counts from the window's top (its top padding included) and goes on below a
  // scrolled-away part, so only the bottom padding is added. A new width, text size or
  // scrolling (its bar narrows the rows) starts afresh, so the strip can shrink again.
  const float content_h = ImGui::GetCursorPosY() - style.ItemSpacing.y + style.WindowPadding.y;
  OfficeViewState::StripMeasure& m = office.measured[dock ? 1 : 0];
  if (m.width_px != width || m.em_px != em || m.scrolled != scrolls) {
    m = {content_h, width, em, scrolls};
  } else {
    m.height_px = std::max(m.height_px, content_h);
  }
  ImGui::End();
}

}  // namespace resonant::ui
