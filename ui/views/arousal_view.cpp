// Calm <-> activated, relative to this person's own baseline (dsp/arousal.hpp): a soft marker
// on a gentle gradient, with the band in words and the confidence. Hidden below
// dsp::kMinShownArousalConfidence; during the first 3 minutes the baseline is being learned.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <resonant/dsp/arousal.hpp>
#include <resonant/ui/views.hpp>

#include "src/help_texts.hpp"
#include "views/feedback_card.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr double kGaugeSpan = 2.0;         // the gauge shows -2..+2 baseline SD units
constexpr double kBaselineLearnS = 180.0;  // the estimator's automatic baseline (3 min)

}  // namespace

void draw_arousal_view(const engine::Snapshot& snap, ViewState& state) {
  using namespace palette;
  FeedbackViewState& fv = state.feedback;
  fv.arousal_shown = false;
  if (!feedback_title(snap, state, "Calm \xE2\x86\x94 active", help::kArousal)) return;  // as its tab
  const engine::ArousalFigures& a = snap.live.arousal;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const bool shown = a.confidence >= dsp::kMinShownArousalConfidence && std::isfinite(a.index);

  // The gauge: a rounded track, calm (teal) to activated (apricot), middle band marked.
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float track_h = em * 0.7f;
  const ImVec2 t0(p.x + em * 0.6f, p.y + em * 1.6f);
  const ImVec2 t1(p.x + width - em * 0.6f, t0.y + track_h);
  const float alpha = shown ? 0.55f : 0.18f;
  dl->AddRectFilledMultiColor(t0, t1, with_alpha(kPacer, alpha), with_alpha(kHeart, alpha),
                              with_alpha(kHeart, alpha), with_alpha(kPacer, alpha));
  const auto x_of = [&](double z) {
    const double f = (std::clamp(z, -kGaugeSpan, kGaugeSpan) + kGaugeSpan) / (2.0 * kGaugeSpan);
    return t0.x + static_cast<float>(f) * (t1.x - t0.x);
  };
  for (const double z : {-0.3, 0.3}) {
    dl->AddLine(ImVec2(x_of(z), t0.y - em * 0.2f), ImVec2(x_of(z), t1.y + em * 0.2f), kGrid, 1.0f);
  }
  ImFont* font = ImGui::GetFont();
  dl->AddText(ImVec2(t0.x, t0.y - em * 1.3f), kTextFaint, "calm");
  const ImVec2 act = font->CalcTextSizeA(em, 1e6f, 0.0f, "activated");
  dl->AddText(ImVec2(t1.x - act.x, t0.y - em * 1.3f), kTextFaint, "activated");
  const ImVec2 base = font->CalcTextSizeA(em, 1e6f, 0.0f, "your baseline");
  dl->AddText(ImVec2((t0.x + t1.x - base.x) * 0.5f, t0.y - em * 1.3f), kTextFaint, "your baseline");
  ImGui::Dummy(ImVec2(width, em * 2.8f));

  if (shown) {
    const ImVec2 c(x_of(a.index), (t0.y + t1.y) * 0.5f);
    shapes::radial_ring(dl, c, em * 0.45f, em * 1.1f, with_alpha(kText, 0.35f), with_alpha(kText, 0.0f));
    shapes::radial_disc(dl, c, em * 0.5f, kText, with_alpha(kText, 0.8f));
    fv.arousal_shown = true;
    ++fv.values_drawn;
    const std::string band(dsp::to_string(a.band));
    char words[160];
    std::snprintf(words, sizeof words, "You are %s  \xC2\xB7  confidence %.0f %%", band.c_str(),
                  a.confidence * 100.0);
    text_coloured(kText, words);
  } else if (session_now_s(snap, state) < kBaselineLearnS) {
    text_coloured(kTextMuted, "Baseline being learned (the first 3 minutes)\xE2\x80\xA6");
  } else {
    char words[96];
    std::snprintf(words, sizeof words, "Hidden: confidence %.0f %% is too low right now",
                  a.confidence * 100.0);
    text_coloured(kTextMuted, words);
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  text_coloured(kTextFaint, "Experimental: compared with your own resting baseline, not a stress measure.");
  ImGui::PopTextWrapPos();
}

}  // namespace resonant::ui
