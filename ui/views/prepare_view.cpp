// Prepare: a sensor check (link, signal quality per channel, beats arriving), the optional
// 0..10 "before" self-ratings, the lengths, and Start (space). The flow then shows the main
// screen for the baseline and the practice.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <resonant/engine/signal_advice.hpp>
#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr double kBeatFreshS = 3.0;  // a beat this recent counts as "beats arriving"
constexpr float kCheckWidthEm = 40.0f;  // advice lines wrap here: a comfortable reading width

ImU32 quality_colour(dsp::QualityLevel level) {
  switch (level) {
    case dsp::QualityLevel::kGood: return palette::kStreaming;
    case dsp::QualityLevel::kFair: return palette::kWaiting;
    default: return palette::kFailed;
  }
}

void sensor_check(const engine::Snapshot& snap, const ViewState& state) {
  text_coloured(palette::kTextMuted, "Sensor");
  const bool streaming = snap.link_state == LinkState::kStreaming && snap.data_flowing;
  const double since_beat_s = session_now_s(snap, state) - snap.last_beat_t_s;
  const bool beats = std::isfinite(since_beat_s) && since_beat_s < kBeatFreshS;
  if (!streaming) {
    text_coloured(palette::kWaiting, "Waiting for your sensor. Put it on and make sure it is switched on.");
  } else {
    const std::string link = std::string(link_state_label(snap.link_state)) + "  " +
                             std::string(snap.source_description.view());
    text_coloured(palette::kStreaming, link.c_str());
  }
  // "Heart (ECG): good"; a poor channel says what is wrong and what to do, wrapped.
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * kCheckWidthEm);
  for (std::size_t ch = 0; ch < snap.live.quality.size(); ++ch) {
    const engine::ChannelQuality& q = snap.live.quality[ch];
    if (!q.present) continue;
    const bool no_contact =
        q.no_contact || (q.kind == snap.beat_channel && snap.live.pause.no_contact);
    const dsp::QualityLevel shown = no_contact ? dsp::QualityLevel::kUnusable : q.level;
    text_coloured(quality_colour(shown), sensor_check_line(q, no_contact).c_str());
  }
  ImGui::PopTextWrapPos();
  if (beats) {
    char line[64];
    std::snprintf(line, sizeof line, "Beats arriving  (%s bpm)", format_value(snap.hr_bpm, 0).c_str());
    text_coloured(palette::kHeart, line);
  } else if (streaming) {
    text_coloured(palette::kTextMuted, "No beats yet: sit still for a few seconds.");
  }
}

/// A 0..10 slider; posts a RateCommand when let go.
void rating_slider(const char* label, int& value, engine::RatingScale scale, engine::RatingWhen when,
                   double given, ViewState& state) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
  ImGui::SliderInt(label, &value, 0, 10);
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    state.commands.emplace_back(engine::RateCommand{scale, when, static_cast<double>(value)});
  }
  ImGui::SameLine();
  text_coloured(palette::kTextFaint, std::isfinite(given) ? "saved" : "optional");
}

}  // namespace

void draw_rating_sliders(const engine::FlowRatings& given, engine::RatingWhen when, ViewState& state) {
  const bool before = when == engine::RatingWhen::kBefore;
  int& calm = before ? state.flow.calm_before : state.flow.calm_after;
  int& tension = before ? state.flow.tension_before : state.flow.tension_after;
  rating_slider(before ? "calm##before" : "calm##after", calm, engine::RatingScale::kCalm, when,
                given.get(engine::RatingScale::kCalm, when), state);
  rating_slider(before ? "tension##before" : "tension##after", tension, engine::RatingScale::kTension,
                when, given.get(engine::RatingScale::kTension, when), state);
}

std::string sensor_check_line(const engine::ChannelQuality& q, bool no_contact) {
  return engine::sensor_check_line(q.kind, q.level, q.reasons, no_contact);
}

engine::FlowSettings prepare_flow_settings(const engine::Snapshot& snap, const FlowViewState& v) {
  engine::FlowSettings s;
  s.baseline_s = static_cast<double>(v.baseline_min) * 60.0;
  s.practice_s = static_cast<double>(v.practice_min) * 60.0;
  s.practice_pacer = snap.pacer.settings;  // the rate and preset chosen on the main screen
  return s;
}

void draw_prepare_screen(const engine::Snapshot& snap, ViewState& state) {
  const FlowScreenFrame frame = begin_flow_screen("Prepare", snap, state);
  if (snap.flow.phase == engine::FlowPhase::kBaseline || snap.flow.phase == engine::FlowPhase::kPractice) {
    state.screen = Screen::kMain;  // started: the main screen shows the pacer and the heart
  }
  const float em = ImGui::GetFontSize();
  const float margin = frame.margin_px;
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  ImGui::SetCursorPos(ImVec2(margin, margin));
  ImGui::BeginGroup();
  text_coloured(palette::kAccent, "Prepare", medium);
  text_coloured(palette::kTextMuted,
                "A short rest to measure your own baseline, then breathing practice, then a look at how it went.");
  ImGui::Dummy(ImVec2(0.0f, em));
  sensor_check(snap, state);
  ImGui::Dummy(ImVec2(0.0f, em));
  text_coloured(palette::kTextMuted, "How do you feel right now? (0 = not at all, 10 = very)");
  help_marker("Optional. Rating how calm and how tense you feel before and after lets you see what the "
              "practice did for you. The ratings are saved with the session.");
  draw_rating_sliders(snap.flow.ratings, engine::RatingWhen::kBefore, state);
  ImGui::Dummy(ImVec2(0.0f, em));
  text_coloured(palette::kTextMuted, "Lengths");
  ImGui::SetNextItemWidth(em * 14.0f);
  ImGui::SliderFloat("resting baseline (min)", &state.flow.baseline_min, 0.0f, 10.0f, "%.0f");
  ImGui::SetNextItemWidth(em * 14.0f);
  ImGui::SliderFloat("practice (min)", &state.flow.practice_min, 1.0f, 30.0f, "%.0f");
  char pacer[96];
  std::snprintf(pacer, sizeof pacer,
                "Practice pacer: %.*f breaths/min (change it on the main screen)",
                rate_decimals(snap.pacer.settings.rate_bpm), snap.pacer.settings.rate_bpm);
  text_coloured(palette::kTextFaint, pacer);
  ImGui::Dummy(ImVec2(0.0f, em));
  // One guide at a time: a running protocol sets the pacer itself (the engine refuses too).
  const bool can_start = snap.flow.phase == engine::FlowPhase::kPrepare &&
                         !snap.flow.waiting_for_data && !snap.protocol.active;
  if (snap.flow.waiting_for_data) {
    text_coloured(palette::kWaiting, "Starting with the first data from your sensor...");
  }
  ImGui::BeginDisabled(!can_start);
  const bool clicked = ImGui::Button("Start  (space)", ImVec2(em * 10.0f, em * 2.2f));
  ImGui::EndDisabled();
  if (can_start && (clicked || flow_space_pressed())) {
    state.commands.emplace_back(engine::StartFlowCommand{prepare_flow_settings(snap, state.flow)});
  }
  ImGui::EndGroup();
  end_flow_screen(frame);
}

}  // namespace resonant::ui
