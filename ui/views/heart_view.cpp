// Heart rate and heart-rate variability, each explained in plain words.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr const char* kHeartRateHelp =
    "How many times your heart beats in a minute, from the time between your last two "
    "beats. It rises a little as you breathe in and falls as you breathe out; that gentle "
    "swing is healthy and is what this training works with.\n\n"
    "Resonant is a training aid, not a medical device.";

constexpr const char* kRmssdHelp =
    "RMSSD: how much the time between one heartbeat and the next changes, beat to beat "
    "(root mean square of successive differences). It mostly reflects the calming "
    "(parasympathetic) side of the nervous system.\n\n"
    "In healthy adults at rest it is roughly 20\xE2\x80\x93" "60 ms; it is naturally lower with age, "
    "stress, poor sleep or illness, and differs a lot between people. Compare yourself with "
    "yourself, not with others.\n\n"
    "Resonant is a training aid, not a medical device.";

constexpr const char* kSdnnHelp =
    "SDNN: how widely the times between heartbeats spread overall (standard deviation of "
    "normal-to-normal intervals). Slow, even breathing usually makes it larger.\n\n"
    "Over 5 minutes at rest it is typically about 30\xE2\x80\x93" "70 ms in healthy adults; shorter "
    "windows give smaller numbers, so compare values over the same window.\n\n"
    "Resonant is a training aid, not a medical device.";

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
  text_coloured(palette::kText, value.c_str(), medium);
  if (std::isfinite(value_ms)) unit_after_last_item("ms", medium);
  ImGui::EndGroup();
}

}  // namespace

void draw_heart_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  ImFont* large = state.fonts.large != nullptr ? state.fonts.large : medium;
  const float em = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;

  const float left = ImGui::GetCursorPosX();

  // Title row, with where the beats come from at the right.
  text_coloured(kTextMuted, "Heart rate");
  help_marker(kHeartRateHelp);
  const char* channel = channel_words(snap.beat_channel);
  if (*channel != '\0' && snap.beat_count > 0) {
    ImGui::SameLine(left + width - ImGui::CalcTextSize(channel).x);
    text_coloured(kTextFaint, channel);
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
  metric("RMSSD", kRmssdHelp, snap.rmssd_ms, medium);
  ImGui::SameLine(left + column);
  metric("SDNN", kSdnnHelp, snap.sdnn_ms, medium);

  char window[96];
  if (snap.hrv_window_s > 0.0) {
    std::snprintf(window, sizeof window, "over the last %.0f s  \xC2\xB7  %u beats",
                  snap.hrv_window_s, static_cast<unsigned>(snap.hrv_window_beats));
  } else {
    std::snprintf(window, sizeof window, "%u beats so far",
                  static_cast<unsigned>(snap.hrv_window_beats));
  }
  text_coloured(kTextFaint, window);
}

}  // namespace resonant::ui
