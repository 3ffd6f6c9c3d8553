// Breathing against the guide, last minute: the pacer's target volume (the same pure function
// the circle uses) as a soft teal band, and the belt's signal scaled onto it. Without a belt,
// the target only and the breathing rate estimated from the heart rhythm / pulse, shown only
// when the estimate is clear (RespirationFigures::clear).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "views/feedback_card.hpp"
#include "widgets/plot.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr double kWindowS = 60.0;
constexpr double kPadding = 0.08;  // of the 0..1 volume range, above and below

/// Where an estimate without a belt comes from, in the same words as resonant-cli analyze.
const char* estimate_words(dsp::RespirationSource s) {
  using S = dsp::RespirationSource;
  switch (s) {
    case S::kRsa: return "Estimated from your heart rhythm.";
    case S::kEdrAmplitude:
    case S::kEdrArea:
    case S::kEdrPca: return "Estimated from the shape of your ECG.";
    case S::kPpgIntensity:
    case S::kPpgAmplitude:
    case S::kPpgFrequency: return "Estimated from your pulse.";
    default: return "Estimated from several heart signals agreeing.";
  }
}

}  // namespace

void draw_breathing_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  if (!feedback_title(snap, state, "Breathing and the guide, last minute", help::kBreathing)) return;
  const engine::RespirationFigures& rf = snap.live.respiration;
  const engine::RespirationTrace& tr = snap.live.respiration_trace;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const float px = em / kBodyFontPx;

  char line[128];
  if (rf.clear && rf.source == dsp::RespirationSource::kBelt) {
    std::snprintf(line, sizeof line, "You: %.1f breaths/min from the belt  \xC2\xB7  guide %.1f",
                  rf.rate_bpm, snap.pacer.settings.rate_bpm);
    text_coloured(kText, line);
    ++state.feedback.values_drawn;
  } else if (rf.clear) {
    // An estimate: where it comes from on its own muted line (the panel is narrow).
    std::snprintf(line, sizeof line, "You: %.1f breaths/min  \xC2\xB7  guide %.1f", rf.rate_bpm,
                  snap.pacer.settings.rate_bpm);
    text_coloured(kText, line);
    text_coloured_wrapped(kTextMuted, estimate_words(rf.source));
    ++state.feedback.values_drawn;
  } else if (std::isfinite(rf.rate_bpm)) {
    // An estimate too uncertain to show (dsp::kMinShownBreathingQuality): say so, no number;
    // wrapped, as the panel is narrow on small screens.
    std::snprintf(line, sizeof line, "Guide %.1f breaths/min", snap.pacer.settings.rate_bpm);
    text_coloured(kText, line);
    // With a belt worn, an unclear rate may still come from the heart rhythm: no source named.
    text_coloured_wrapped(kTextMuted, rf.has_belt ? "Your own rate is not clear just now."
                                                  : "Your own rate is not clear from your heart rhythm just now.");
  } else {
    std::snprintf(line, sizeof line, "Guide %.1f breaths/min  \xC2\xB7  your rate needs about a minute",
                  snap.pacer.settings.rate_bpm);
    text_coloured(kText, line);
  }

  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  plot::Area area;
  area.min = ImVec2(top_left.x, top_left.y + em * 0.5f);
  area.max = ImVec2(top_left.x + avail.x, top_left.y + std::max(avail.y - em * 0.3f, em * 4.0f));
  const double now = session_now_s(snap, state);
  area.x = {now - kWindowS, now};
  area.y = {-kPadding, 1.0 + kPadding};

  // The guide's target (the current pacer segment; earlier segments are continuous with it).
  if (snap.pacer_enabled) {
    const double t0 = std::max(area.x.lo, snap.pacer.t_start_s);
    const int samples = std::clamp(static_cast<int>(area.width() / (3.0f * px)), 2, 600);
    std::vector<plot::Point> target(static_cast<std::size_t>(samples) + 1);
    for (int i = 0; i <= samples; ++i) {
      const double t = t0 + (area.x.hi - t0) * i / samples;
      target[static_cast<std::size_t>(i)] = {t, pacer_state(snap.pacer, t).volume, false};
    }
    plot::draw_band(dl, area, target, area.y.lo, with_alpha(kPacer, 0.20f), with_alpha(kPacer, 0.03f));
    plot::draw_line(dl, area, target, {with_alpha(kPacer, 0.7f), 2.0f * px, false});
  }

  // The belt, scaled so its range over the minute spans the target's 0..1.
  const std::size_t n = std::min<std::size_t>(tr.size, engine::kRespirationTraceCapacity);
  if (n < 2) return;
  float lo = tr.points[0].value;
  float hi = lo;
  for (std::size_t i = 0; i < n; ++i) {
    lo = std::min(lo, tr.points[i].value);
    hi = std::max(hi, tr.points[i].value);
  }
  if (!(hi > lo)) return;
  std::vector<plot::Point> belt(n);
  for (std::size_t i = 0; i < n; ++i) {
    const engine::RespirationTracePoint& p = tr.points[i];
    belt[i] = {p.t_s, (p.value - lo) / (hi - lo), p.after_gap};
  }
  plot::draw_line(dl, area, belt, {kText, 2.0f * px, true});
  ++state.feedback.values_drawn;
}

}  // namespace resonant::ui
