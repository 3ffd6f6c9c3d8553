#include <resonant/ui/view_state.hpp>

#include <algorithm>

namespace resonant::ui {

void ViewState::begin_frame(SteadyClock::time_point frame_now) {
  if (now != SteadyClock::time_point{}) {
    const double dt = std::chrono::duration<double>(frame_now - now).count();
    dt_s = static_cast<float>(std::clamp(dt, 0.0, 0.25));
  }
  now = frame_now;
}

double session_now_s(const engine::Snapshot& snapshot, const ViewState& state) {
  // Before the engine has anchored its clock there is no session yet: time stands at the
  // anchor instead of counting the host's uptime.
  if (snapshot.clock.host_anchor == SteadyClock::time_point{}) {
    return snapshot.clock.session_anchor_s;
  }
  return snapshot.clock.session_now(state.now);
}

}  // namespace resonant::ui

namespace resonant::ui {

std::string_view to_string(PacerShape shape) {
  switch (shape) {
    case PacerShape::kCircle: return "circle";
    case PacerShape::kBar: return "bar";
    case PacerShape::kWave: return "wave";
  }
  return "circle";
}

std::optional<PacerShape> parse_pacer_shape(std::string_view name) {
  for (PacerShape shape : kPacerShapes) {
    if (to_string(shape) == name) return shape;
  }
  return std::nullopt;
}

std::string_view to_string(FeedbackTab tab) {
  switch (tab) {
    case FeedbackTab::kHeartRate: return "heart-rate";
    case FeedbackTab::kSpectrum: return "spectrum";
    case FeedbackTab::kPerBreath: return "per-breath";
    case FeedbackTab::kBreathing: return "breathing";
    case FeedbackTab::kArousal: return "arousal";
  }
  return "heart-rate";
}

std::optional<FeedbackTab> parse_feedback_tab(std::string_view name) {
  for (FeedbackTab tab : kFeedbackTabs) {
    if (to_string(tab) == name) return tab;
  }
  return std::nullopt;
}

}  // namespace resonant::ui
