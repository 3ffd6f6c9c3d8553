// Heart rate and heart-rate variability, each explained in plain words.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "views/feedback_card.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

const char* channel_words(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kEcg: return "from ECG";
    case ChannelKind::kPpg: return "from pulse (PPG)";
    default: return "";
  }
}

// Text in the current font placed so that its baseline sits on the previous item's
// baseline (that item written in `font`), just right of it. The layout continues below the
// previous item as if this text were not there.
void unit_after_last_item(const char* text, ImFont* font) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  const ImVec2 next = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(max.x + ImGui::GetFontSize() * 0.35f,
                                   min.y + font->Ascent - ImGui::GetFont()->Ascent));
  text_coloured(palette::kTextMuted, text);
  ImGui::SetCursorScreenPos(next);
}

// One metric column: name (?) on the first line, "42 ms" below.
void metric(const char* name, const char* help, double value_ms, ImFont* medium) {
  ImGui::BeginGroup();
  text_coloured(palette::kTextMuted, name);
  help_marker(help);
  const std::string value = format_value(value_ms, 0);
  text_coloured(std::isfinite(value_ms) ? palette::kText : palette::kTextFaint, value.c_str(),
                medium);
  if (std::isfinite(value_ms)) unit_after_last_item("ms", medium);
  ImGui::EndGroup();
}

}  // namespace

float heart_view_height(const Fonts& fonts) {
  const float em = ImGui::GetFontSize();
  ImFont* medium = fonts.medium != nullptr ? fonts.medium : ImGui::GetFont();
  ImFont* large = fonts.large != nullptr ? fonts.large : medium;
  const ImGuiStyle& style = ImGui::GetStyle();
  // Title, number, metric names and values, window note, card padding.
  return em * 3.0f + large->FontSize + medium->FontSize + em * 0.3f + style.ItemSpacing.y * 5.0f +
         em * 2.0f;
}

float heart_view_compact_height(const Fonts& fonts) {
  const float em = ImGui::GetFontSize();
  ImFont* medium = fonts.medium != nullptr ? fonts.medium : ImGui::GetFont();
  const ImGuiStyle& style = ImGui::GetStyle();
  // Title, number (medium), metric names and values, card padding.
  return em * 2.0f + medium->FontSize * 2.0f + em * 0.3f + style.ItemSpacing.y * 4.0f + em * 2.0f;
}

void draw_heart_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  ImFont* large = state.fonts.large != nullptr ? state.fonts.large : medium;
  const float em = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  // A short card (small windows): the heart rate in the medium font and no window note, so
  // everything still fits.
  // (Card padding is 2 em; the threshold sits halfway between the two layouts' heights.)
  const bool compact = ImGui::GetContentRegionAvail().y + em * 2.0f <
                       0.5f * (heart_view_height(state.fonts) + heart_view_compact_height(state.fonts));
  if (compact) large = medium;

  const float left = ImGui::GetCursorPosX();

  // Title row, with where the beats come from at the right.
  text_coloured(kTextMuted, "Heart rate");
  help_marker(help::kHeartRate);
  const char* channel = channel_words(snap.beat_channel);
  if (*channel != '\0' && snap.beat_count > 0) {
    ImGui::SameLine(left + width - ImGui::CalcTextSize(channel).x);
    text_coloured(kTextFaint, channel);
  }

  // Paused (poor signal / no contact): no numbers at all, never a zero or a drop.
  if (snap.beat_count > 0 && feedback_paused(snap)) {
    state.feedback.paused = true;
    ImGui::Dummy(ImVec2(0.0f, em * 0.3f));
    draw_paused_note(snap);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    // What to do, then the reassurance: the guide carries on.
    const engine::SignalAdvice advice = paused_advice(snap);
    const std::string next = std::string(advice.action) +
                             (snap.live.pause.recovering
                                  ? " Keep breathing with the guide."
                                  : " Keep breathing with the guide; the numbers return with a "
                                    "good signal.");
    text_coloured(kTextFaint, next.c_str());
    ImGui::PopTextWrapPos();
    return;
  }

  // The big number and its unit on the same baseline.
  const std::string hr = format_value(snap.hr_bpm, 0);
  text_coloured(std::isfinite(snap.hr_bpm) ? kHeart : kTextFaint, hr.c_str(), large);
  if (std::isfinite(snap.hr_bpm)) unit_after_last_item("beats/min", large);

  if (snap.beat_count == 0) {
    ImGui::Dummy(ImVec2(0.0f, em * 0.2f));
    text_coloured(kTextMuted, "Listening for your heartbeat\xE2\x80\xA6");  // U+2026
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    text_coloured(kTextFaint,
                  "Sit comfortably and follow the circle; your numbers will appear after a "
                  "few beats.");
    ImGui::PopTextWrapPos();
    return;
  }

  ImGui::Dummy(ImVec2(0.0f, em * 0.3f));
  // RMSSD and SDNN side by side.
  const float column = std::max(width * 0.5f, em * 8.0f);
  metric("RMSSD", help::kRmssd, snap.rmssd_ms, medium);
  ImGui::SameLine(left + column);
  metric("SDNN", help::kSdnn, snap.sdnn_ms, medium);

  if (compact) return;
  char window[96];
  const bool settling = !std::isfinite(snap.rmssd_ms) &&
                        snap.hrv_window_span_s < dsp::kMinShownHrvSpanS;
  if (settling) {
    // The engine holds RMSSD and SDNN back until they rest on enough beats (dsp::hrv_is_settled).
    std::snprintf(window, sizeof window, "settling in: %.0f of %.0f s of beats",
                  std::floor(snap.hrv_window_span_s), dsp::kMinShownHrvSpanS);
  } else if (snap.rhythm_uneven) {
    // The window line gives way: the figures above are then mostly the jumps, not HRV.
    text_coloured(kTextMuted, "uneven rhythm just now: read these two with care");
    help_marker(help::kUnevenRhythm);
    return;
  } else if (snap.hrv_window_s > 0.0) {
    // Early in a session, or with beats left out for poor signal, the beats add up to less
    // than the window: say how much they hold, not a time they do not cover.
    const bool short_of_window = std::isfinite(snap.hrv_window_span_s) &&
                                 snap.hrv_window_span_s < snap.hrv_window_s - 1.0;
    if (short_of_window) {
      std::snprintf(window, sizeof window, "from %.0f s of beats  \xC2\xB7  %u beats",
                    std::floor(snap.hrv_window_span_s), static_cast<unsigned>(snap.hrv_window_beats));
    } else {
      std::snprintf(window, sizeof window, "over the last %.0f s  \xC2\xB7  %u beats",
                    snap.hrv_window_s, static_cast<unsigned>(snap.hrv_window_beats));
    }
  } else {
    std::snprintf(window, sizeof window, "%u beats so far",
                  static_cast<unsigned>(snap.hrv_window_beats));
  }
  text_coloured(kTextFaint, window);
}

}  // namespace resonant::ui
