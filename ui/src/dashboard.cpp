// The dashboard layout: top bar (wordmark, status chip, source, session timer), the pacer
// big on the left (~56 %), and on the right three cards: heart numbers, a compact coherence
// card, and one feedback card whose tabs show one plot at a time (heart rate with the pacer
// by default; spectrum, RSA per breath, breathing vs the guide, calm <-> activated), so a
// person breathing at 6/min sees a calm screen. A quiet footer.
// Sizes derive from the font size and the window, so it scales from 1024x640 to HiDPI.
#include <algorithm>
#include <cmath>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/gl_textures.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr float kPacerShare = 0.56f;
constexpr float kMinFeedbackEm = 15.0f;  // the feedback card's plots need about this much height
// ...and can be read down to this; below it, the right column scrolls.
constexpr float kSqueezedFeedbackEm = 8.0f;
// Narrower than this, the cards cut their words ("beats/mi", tabs "Spectru..."): one column.
constexpr float kMinCardsEm = 20.0f;
// The feedback views' list (where the tabs do not fit): as wide as its longest name needs.
constexpr float kViewListEm = 12.0f;
constexpr const char* kFooter = "Resonant is a training aid, not a medical device.";

struct TabEntry {
  FeedbackTab tab;
  const char* label;
  void (*draw)(const engine::Snapshot&, ViewState&);
};
constexpr TabEntry kTabEntries[] = {
    {FeedbackTab::kHeartRate, "Heart", draw_tachogram_view},
    {FeedbackTab::kSpectrum, "Spectrum", draw_spectrum_view},
    {FeedbackTab::kPerBreath, "Per breath", draw_rsa_view},
    {FeedbackTab::kBreathing, "Breathing", draw_breathing_view},
    {FeedbackTab::kArousal, "Calm \xE2\x86\x94 active", draw_arousal_view},
};

// One tab bar; the selected tab's view fills the rest of the card.
void feedback_tabs(const engine::Snapshot& snap, ViewState& state) {
  FeedbackViewState& fv = state.feedback;
  const float em = ImGui::GetFontSize();
  // Compact, quiet tabs: the card's colours, the active one a soft teal.
  const auto colour = [](ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); };
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(em * 0.4f, em * 0.3f));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemInnerSpacing, ImVec2(em * 0.25f, em * 0.3f));
  ImGui::PushStyleColor(ImGuiCol_Tab, colour(palette::kCardEdge));
  ImGui::PushStyleColor(ImGuiCol_TabHovered, colour(palette::kGrid));
  ImGui::PushStyleColor(ImGuiCol_TabActive, colour(with_alpha(palette::kPacer, 0.45f)));
  ImGui::PushStyleColor(ImGuiCol_Separator, colour(palette::kCardEdge));
  // Where the labels do not all fit (large text), a list names the view in whole words
  // instead of tabs cut to a few letters ("Spe...", "Per...").
  const ImGuiStyle& style = ImGui::GetStyle();
  float labels_w = 0.0f;
  for (const TabEntry& e : kTabEntries) {
    labels_w += ImGui::CalcTextSize(e.label).x + style.FramePadding.x * 2.0f +
                style.ItemInnerSpacing.x;
  }
  fv.tabs_as_list = labels_w > ImGui::GetContentRegionAvail().x;
  if (fv.tabs_as_list) {
    fv.select_tab = true;  // back to tabs (a wider window), they open on this list's choice
    const TabEntry* shown = &kTabEntries[0];
    for (const TabEntry& e : kTabEntries) {
      if (e.tab == fv.tab) shown = &e;
    }
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, em * kViewListEm));
    if (ImGui::BeginCombo("##feedback view", shown->label)) {
      for (const TabEntry& e : kTabEntries) {
        if (ImGui::Selectable(e.label, e.tab == fv.tab)) fv.tab = e.tab;
      }
      ImGui::EndCombo();
    }
    // The view is drawn in the same style as under a tab.
    ImGui::Dummy(ImVec2(0.0f, em * 0.2f));
    for (const TabEntry& e : kTabEntries) {
      if (e.tab == fv.tab) e.draw(snap, state);
    }
    ImGui::PopStyleColor(4);
    ImGui::PopStyleVar(2);
    return;
  }
  const bool open = ImGui::BeginTabBar("feedback_tabs", ImGuiTabBarFlags_FittingPolicyResizeDown);
  if (!open) {
    ImGui::PopStyleColor(4);
    ImGui::PopStyleVar(2);
    return;
  }
  // The wanted tab is read before any tab reports itself selected (this frame's first tab
  // may still be the open one).
  const bool select = fv.select_tab;
  const FeedbackTab wanted = fv.tab;
  fv.select_tab = false;
  for (const TabEntry& e : kTabEntries) {
    const ImGuiTabItemFlags flags = select && e.tab == wanted ? ImGuiTabItemFlags_SetSelected : 0;
    if (ImGui::BeginTabItem(e.label, nullptr, flags)) {
      fv.tab = e.tab;
      ImGui::Dummy(ImVec2(0.0f, ImGui::GetFontSize() * 0.2f));
      e.draw(snap, state);
      ImGui::EndTabItem();
    }
  }
  ImGui::EndTabBar();
  ImGui::PopStyleColor(4);
  ImGui::PopStyleVar(2);
}

bool begin_card(const char* id, ImVec2 size) {
  // The card's fill is drawn here, where ImGui would draw the child's background (the
  // parent's draw list, same rect and rounding), but with the solid texture: the right
  // column's cards are a third of the screen and cost less that way in software GL.
  {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 min(std::floor(pos.x), std::floor(pos.y));
    const gl_textures::SolidFill solid(dl);
    dl->AddRectFilled(min, ImVec2(min.x + std::floor(size.x), min.y + std::floor(size.y)),
                      palette::kCard, ImGui::GetStyle().ChildRounding);
  }
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.0f, 0.0f, 0.0f, 0.0f));
  const float em = ImGui::GetFontSize();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.3f, em * 1.0f));
  const bool open = ImGui::BeginChild(id, size, false,
                                      ImGuiWindowFlags_AlwaysUseWindowPadding |
                                          ImGuiWindowFlags_NoScrollbar |
                                          ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  return open;
}

float timer_width(const engine::Snapshot& snap, const ViewState& state) {
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  const std::string t = format_session_time(session_now_s(snap, state));
  return ImGui::CalcTextSize("Session").x + ImGui::GetFontSize() * 0.6f +
         medium->CalcTextSizeA(medium->FontSize, 1e6f, 0.0f, t.c_str()).x;
}

/// The pacer and what goes with it (link banner, flow line, protocol step, notes) in a child
/// of this size at the cursor.
void pacer_column(const engine::Snapshot& snap, ViewState& state, ImVec2 size) {
  if (ImGui::BeginChild("pacer", size, false,
                        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
    draw_link_banner(snap, state);
    draw_flow_phase_line(snap, state);
    draw_pacer_view(snap, state);
    draw_protocol_step(snap, state);
    draw_session_notes(snap, state);
  }
  ImGui::EndChild();
}

/// Heart card, coherence card and feedback card stacked from at, card_w wide, in column_h:
/// the feedback card keeps kMinFeedbackEm where it can, the heart card goes compact first.
void cards(const engine::Snapshot& snap, ViewState& state, ImVec2 at, float card_w,
           float column_h, float coherence_h, float gap) {
  const float em = ImGui::GetFontSize();
  const float heart_room = column_h - coherence_h - gap * 2.0f - em * kMinFeedbackEm;
  const float heart_card_h = std::max(std::min(heart_view_height(state.fonts), heart_room),
                                      heart_view_compact_height(state.fonts));
  ImGui::SetCursorPos(at);
  if (begin_card("heart", ImVec2(card_w, heart_card_h))) {
    draw_heart_view(snap, state);
  }
  ImGui::EndChild();

  const float coherence_top = at.y + heart_card_h + gap;
  ImGui::SetCursorPos(ImVec2(at.x, coherence_top));
  if (begin_card("coherence", ImVec2(card_w, coherence_h))) {
    draw_coherence_view(snap, state);
  }
  ImGui::EndChild();

  const float tabs_top = coherence_top + coherence_h + gap;
  ImGui::SetCursorPos(ImVec2(at.x, tabs_top));
  if (begin_card("feedback", ImVec2(card_w, std::max(at.y + column_h - tabs_top,
                                                     em * kSqueezedFeedbackEm)))) {
    feedback_tabs(snap, state);
  }
  ImGui::EndChild();
}

}  // namespace

void draw_dashboard(const engine::Snapshot& snap, ViewState& state) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("Resonant", nullptr,
               // No background: the renderer clears to the same colour, and skipping a
               // full-window blended fill saves milliseconds on software renderers.
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBackground |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);

  state.feedback.paused = false;
  state.feedback.values_drawn = 0;
  const float em = ImGui::GetFontSize();
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  const ImVec2 size = vp->WorkSize;
  const float margin = std::clamp(std::min(size.x, size.y) * 0.028f, em * 0.8f, em * 2.0f);
  const float gap = margin * 0.9f;

  // [Top bar]
  const float bar_h = std::max(medium->FontSize, em * 1.75f);
  const float timer_w = timer_width(snap, state);
  const float wordmark_w =
      medium->CalcTextSizeA(medium->FontSize, 1e6f, 0.0f, "Resonant").x + em * 1.4f;
  // The top bar's buttons (History, Settings, Guided) sit left of the timer: keep the chip clear.
  const float pad_x = ImGui::GetStyle().FramePadding.x * 2.0f;
  const float buttons_w = ImGui::CalcTextSize("History").x + ImGui::CalcTextSize("Settings").x +
                          ImGui::CalcTextSize("Guided").x + pad_x * 3.0f + em * 2.4f;
  // Large text in a small window: the wordmark gives way first, so the chip's dot (the link's
  // state) and the buttons never overlap it.
  const float beside_buttons = size.x - margin * 2.0f - timer_w - buttons_w;
  const bool wordmark = beside_buttons >= wordmark_w + em * 2.0f;
  state.status.wordmark_shown = wordmark;
  state.status.chip_max_width_px =
      std::max(beside_buttons - (wordmark ? wordmark_w : 0.0f) - em * 2.0f, em * 2.0f);
  ImGui::SetCursorPos(ImVec2(margin, margin));
  ImGui::BeginGroup();
  {
    const float y = ImGui::GetCursorPosY();
    if (wordmark) {
      text_coloured(palette::kAccent, "Resonant", medium);
      ImGui::SameLine(0.0f, em * 1.4f);
    }
    ImGui::SetCursorPosY(y + (bar_h - em * 1.75f) * 0.5f);
    draw_status_chip(snap, state);
  }
  ImGui::EndGroup();
  ImGui::SetCursorPos(ImVec2(size.x - margin - timer_w, margin));
  draw_session_timer(snap, state);
  draw_history_button(snap, state);   // left of the timer
  draw_settings_button(snap, state);  // left of History
  draw_protocol_button(snap, state);  // left of Settings

  // [Footer]
  const float footer_h = em * 1.2f;
  {
    const ImVec2 fs = ImGui::CalcTextSize(kFooter);
    ImGui::SetCursorPos(ImVec2((size.x - fs.x) * 0.5f, size.y - margin * 0.6f - footer_h));
    text_coloured(palette::kTextFaint, kFooter);
  }

  // [Main area]
  const float top = margin + bar_h + gap;
  const float inner_w = size.x - margin * 2.0f - gap;
  const float pacer_w = inner_w * kPacerShare;
  const float right_w = inner_w - pacer_w;
  const ImGuiStyle& style = ImGui::GetStyle();
  // Coherence card: title row, the number (medium font) and its level word, padding.
  const float coherence_h = em * 2.2f + medium->FontSize + style.ItemSpacing.y * 3.0f + em * 2.0f;
  // Office mode on a short window: a full-width markers strip would squeeze the feedback
  // card, so the strip docks under the pacer and the right column keeps the full height.
  const float footer_top = size.y - margin * 0.6f - footer_h;
  const float right_needs = heart_view_compact_height(state.fonts) + coherence_h + gap * 2.0f +
                            em * kMinFeedbackEm;
  // Large text in a small window: side by side, the cards would be too narrow for their
  // words (tabs cut to "Spectru...", "beats/mi"). Then one column scrolls instead: the pacer
  // as tall as leaves the heart card's compact form in view (never below its smallest
  // circle), and the cards below it at the full width; office mode's strip stays full width.
  const bool one_column = right_w < em * kMinCardsEm;
  state.main_one_column = one_column;
  const bool dock = !one_column && state.office.enabled &&
                    std::min(footer_top, office_panel_top_if(state, false)) - gap * 0.6f - top < right_needs;
  state.office.dock_width_px = dock ? pacer_w : 0.0f;
  // The strip leaves the pacer the room for its smallest circle and its controls (as measured
  // last frame); where it then needs more (large text on a small window), it scrolls.
  state.office.min_top_px = state.pacer.min_column_height_px > 0.0f
                                ? top + state.pacer.min_column_height_px + gap * 0.6f
                                : 0.0f;
  const float bottom = std::min(footer_top, dock ? footer_top : office_panel_top(state)) - gap * 0.6f;
  const float pacer_bottom = std::min(footer_top, office_panel_top(state)) - gap * 0.6f;
  const float main_h = std::max(bottom - top, em * 10.0f);
  const float pacer_h = std::max(pacer_bottom - top, em * 10.0f);

  if (one_column) {
    const float column_w = size.x - margin * 2.0f;
    ImGui::SetCursorPos(ImVec2(margin, top));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
    ImGui::BeginChild("main column", ImVec2(column_w, pacer_h), false,
                      ImGuiWindowFlags_AlwaysVerticalScrollbar);
    ImGui::PopStyleVar();
    const float inner = column_w - style.ScrollbarSize - em * 0.4f;
    const float one_pacer_h = std::max(pacer_h - heart_view_compact_height(state.fonts) - gap,
                                       state.pacer.min_column_height_px);
    ImGui::SetCursorPos(ImVec2(0.0f, 0.0f));
    pacer_column(snap, state, ImVec2(inner, one_pacer_h));
    const float cards_h =
        heart_view_height(state.fonts) + coherence_h + gap * 2.0f + em * kMinFeedbackEm;
    cards(snap, state, ImVec2(0.0f, one_pacer_h + gap), inner, cards_h, coherence_h, gap);
    ImGui::EndChild();
    state.right_column_scrolls = false;
  } else {
    ImGui::SetCursorPos(ImVec2(margin, top));
    pacer_column(snap, state, ImVec2(pacer_w, pacer_h));

    // Right column: heart card, coherence card, feedback card. The feedback card keeps at
    // least kMinFeedbackEm of height; on short windows the heart card goes compact to make
    // room. When even that does not fit (large text, a small window), the column scrolls
    // with each card at its full height, instead of running past the window.
    const float x_right = margin + pacer_w + gap;
    const bool scroll = main_h < heart_view_compact_height(state.fonts) + coherence_h +
                                     gap * 2.0f + em * kSqueezedFeedbackEm;
    state.right_column_scrolls = scroll;
    if (scroll) {
      ImGui::SetCursorPos(ImVec2(x_right, top));
      ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
      ImGui::BeginChild("right column", ImVec2(right_w, main_h), false,
                        ImGuiWindowFlags_AlwaysVerticalScrollbar);
      ImGui::PopStyleVar();
      cards(snap, state, ImVec2(0.0f, 0.0f), right_w - style.ScrollbarSize - em * 0.4f,
            heart_view_height(state.fonts) + coherence_h + gap * 2.0f + em * kMinFeedbackEm,
            coherence_h, gap);
      ImGui::EndChild();
    } else {
      cards(snap, state, ImVec2(x_right, top), right_w, main_h, coherence_h, gap);
    }
  }

  draw_failed_modal(snap, state);
  ImGui::End();
  draw_device_panel(snap, state);
  draw_office_panel(snap, state);
}

}  // namespace resonant::ui
