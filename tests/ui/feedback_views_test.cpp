// The live-feedback views of the main screen: confidence gating (paused, no values), the
// spectrum's peak marker, the arousal gauge's confidence threshold, the tabs.
#include <cmath>
#include <numbers>
#include <string>

#include <gtest/gtest.h>

#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

constexpr double kPeakHz = 0.1;

/// Live figures of a calm person breathing at 6/min: coherence, spectrum peaked at 0.1 Hz,
/// RSA bars, a belt trace and a confident arousal estimate.
void fill_live(engine::Snapshot& s, double now_s) {
  engine::LiveFigures& f = s.live;
  f.feedback_ok = true;
  f.quality[0].present = true;
  f.quality[0].kind = ChannelKind::kEcg;
  f.quality[0].level = dsp::QualityLevel::kGood;
  f.coherence.ratio = 2.4;
  f.coherence.level = dsp::CoherenceLevel::kHigh;
  f.coherence.peak_hz = kPeakHz;
  f.coherence.score = 57;
  f.coherence.history_size = 30;
  for (std::uint32_t i = 0; i < 30; ++i) f.coherence.history[i] = 0.5f + 0.07f * static_cast<float>(i);
  f.spectrum.t_s = now_s - 1.0;
  f.spectrum.resolution_hz = 2.0 / 1024.0;
  f.spectrum.size = engine::kLiveSpectrumBins;
  for (std::size_t k = 0; k < engine::kLiveSpectrumBins; ++k) {
    const double hz = static_cast<double>(k) * f.spectrum.resolution_hz;
    f.spectrum.density_ms2_per_hz[k] =
        static_cast<float>(20000.0 * std::exp(-0.5 * std::pow((hz - kPeakHz) / 0.006, 2.0)) + 50.0);
  }
  f.resonance.last_peak_to_trough_bpm = 13.0;
  f.resonance.mean_peak_to_trough_bpm = 12.0;
  f.resonance.breaths = f.resonance.valid_breaths = 6;
  f.rsa_breaths.size = 6;
  for (std::uint32_t i = 0; i < 6; ++i) {
    const double start = now_s - 60.0 + 10.0 * i;
    f.rsa_breaths.breaths[i] = {start, start + 10.0, true, 11.0 + 0.4 * i};
  }
  f.respiration.rate_bpm = 6.1;
  f.respiration.quality = 0.9;
  f.respiration.clear = true;
  f.respiration.source = dsp::RespirationSource::kBelt;
  f.respiration.has_belt = true;
  f.respiration_trace.size = 300;
  for (std::uint32_t i = 0; i < 300; ++i) {
    const double t = now_s - 60.0 + 0.2 * i;
    f.respiration_trace.points[i] = {t, static_cast<float>(std::sin(2.0 * std::numbers::pi * 0.1 * t)), false};
  }
  f.arousal.index = 1.2;
  f.arousal.band = dsp::ArousalBand::kMuchMoreActivated;
  f.arousal.confidence = 0.8;
}

using ViewFn = void (*)(const engine::Snapshot&, ViewState&);
struct NamedView {
  const char* name;
  ViewFn draw;
};
constexpr NamedView kFeedbackViews[] = {{"coherence", draw_coherence_view},
                                        {"spectrum", draw_spectrum_view},
                                        {"rsa", draw_rsa_view},
                                        {"breathing", draw_breathing_view},
                                        {"arousal", draw_arousal_view}};

struct Drawn {
  bool paused = false;
  int values = 0;
  std::string text;
};

Drawn draw_once(ImGuiHarness& h, const engine::Snapshot& s, ViewFn view) {
  h.state.feedback = FeedbackViewState{};
  Drawn d;
  h.frame([&] { view(s, h.state); }, true, &d.text);
  d.paused = h.state.feedback.paused;
  d.values = h.state.feedback.values_drawn;
  return d;
}

TEST(FeedbackViews, EveryViewDrawsValuesWhileTheSignalIsGood) {
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  EXPECT_FALSE(feedback_paused(*s));
  for (const NamedView& v : kFeedbackViews) {
    const Drawn d = draw_once(h, *s, v.draw);
    EXPECT_FALSE(d.paused) << v.name;
    EXPECT_GT(d.values, 0) << v.name;
    EXPECT_EQ(d.text.find("paused"), std::string::npos) << v.name << ": " << d.text;
  }
}

TEST(FeedbackViews, LostContactPausesEveryViewAndDrawsNoValues) {
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  s->live.feedback_ok = false;  // the engine's gate: poor signal for 2 s, or no contact
  s->live.pause.no_contact = true;
  EXPECT_TRUE(feedback_paused(*s));
  for (const NamedView& v : kFeedbackViews) {
    const Drawn d = draw_once(h, *s, v.draw);
    EXPECT_TRUE(d.paused) << v.name;
    EXPECT_EQ(d.values, 0) << v.name;
    // What is wrong, in the person's words (engine/signal_advice.hpp).
    EXPECT_NE(d.text.find("paused \xE2\x80\x94 the electrodes have no skin contact"),
              std::string::npos)
        << v.name << ": " << d.text;
    EXPECT_EQ(d.text.find("2.4"), std::string::npos) << v.name;  // no coherence number
    EXPECT_EQ(d.text.find("breaths/min"), std::string::npos) << v.name;
  }
  // The heart numbers pause too: no heart rate, no RMSSD (never a zero or a drop).
  const Drawn heart = draw_once(h, *s, draw_heart_view);
  EXPECT_TRUE(heart.paused);
  EXPECT_EQ(heart.text.find("65"), std::string::npos) << heart.text;
  EXPECT_EQ(heart.text.find("42"), std::string::npos) << heart.text;
  EXPECT_NE(heart.text.find("paused"), std::string::npos) << heart.text;
  // ... and the heart card says what to do about it.
  EXPECT_NE(heart.text.find("Check that the strap or electrodes sit against the skin"),
            std::string::npos)
      << heart.text;
}

// The note follows the cause: a flat pulse line asks for the finger, movement for stillness;
// once the signal is good again it says feedback is coming back, and when.
TEST(FeedbackViews, ThePausedNoteNamesTheCauseAndWhatToDo) {
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  s->beat_channel = ChannelKind::kPpg;
  s->live.feedback_ok = false;
  s->live.pause.reasons = static_cast<std::uint8_t>(dsp::QualityReason::kFlat);
  Drawn heart = draw_once(h, *s, draw_heart_view);
  EXPECT_NE(heart.text.find("paused \xE2\x80\x94 no pulse signal"), std::string::npos)
      << heart.text;
  EXPECT_NE(heart.text.find("Rest a fingertip gently on the sensor"), std::string::npos)
      << heart.text;
  EXPECT_NE(heart.text.find("Keep breathing with the guide"), std::string::npos) << heart.text;

  s->live.pause.reasons = static_cast<std::uint8_t>(dsp::QualityReason::kNoise);
  const Drawn coherence = draw_once(h, *s, draw_coherence_view);
  EXPECT_NE(coherence.text.find("paused \xE2\x80\x94 the pulse signal is disturbed by movement"),
            std::string::npos)
      << coherence.text;

  s->live.pause.recovering = true;
  heart = draw_once(h, *s, draw_heart_view);
  EXPECT_NE(heart.text.find("paused \xE2\x80\x94 the signal is back"), std::string::npos)
      << heart.text;
  EXPECT_NE(heart.text.find("Feedback returns after 5 s of steady signal."), std::string::npos)
      << heart.text;
  EXPECT_EQ(heart.text.find("disturbed"), std::string::npos) << heart.text;
}

// Without a belt the rate is an estimate from the heart rhythm: shown with its source when
// clear, and when not clear the view says so instead of showing a number (a Mayer wave read
// as ~6 /min would otherwise look like resonance breathing).
TEST(FeedbackViews, AnEstimatedBreathingRateIsShownOnlyWhenClear) {
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  engine::RespirationFigures& r = s->live.respiration;
  r.has_belt = false;
  r.source = dsp::RespirationSource::kFused;
  r.rate_bpm = 15.2;
  s->live.respiration_trace.size = 0;
  r.quality = 0.7;
  r.clear = true;
  const Drawn clear = draw_once(h, *s, draw_breathing_view);
  EXPECT_NE(clear.text.find("You: 15.2 breaths/min"), std::string::npos) << clear.text;
  EXPECT_NE(clear.text.find("Estimated from several heart signals agreeing."), std::string::npos)
      << clear.text;
  EXPECT_EQ(clear.values, 1);
  r.quality = 0.3;
  r.clear = false;
  const Drawn unclear = draw_once(h, *s, draw_breathing_view);
  EXPECT_EQ(unclear.text.find("15.2"), std::string::npos) << unclear.text;
  EXPECT_NE(unclear.text.find("Your own rate is not clear from your heart rhythm just now."),
            std::string::npos) << unclear.text;
  EXPECT_EQ(unclear.values, 0);
  EXPECT_FALSE(unclear.paused) << "an unclear estimate is not a signal problem";
}

TEST(FeedbackViews, APoorBeatChannelPausesEvenBeforeTheEngineGateCloses) {
  auto s = make_snapshot(SteadyClock::now(), 400.0);
  fill_live(*s, 400.0);
  s->live.quality[0].level = dsp::QualityLevel::kPoor;
  EXPECT_TRUE(feedback_paused(*s));
  s->live.quality[0].level = dsp::QualityLevel::kFair;
  EXPECT_FALSE(feedback_paused(*s));
  // Another channel's poor quality (the belt) does not pause heart feedback.
  s->live.quality[2].present = true;
  s->live.quality[2].kind = ChannelKind::kResp;
  s->live.quality[2].level = dsp::QualityLevel::kUnusable;
  EXPECT_FALSE(feedback_paused(*s));
}

TEST(FeedbackViews, PausedDashboardKeepsThePacerGoing) {
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  s->live.feedback_ok = false;
  float radius_before = 0.0f;
  for (int f = 0; f < 40; ++f) {
    h.frame([&] { draw_dashboard(*s, h.state); }, false);
    if (f == 0) radius_before = h.state.pacer.radius_px;
    h.tick();
  }
  EXPECT_TRUE(h.state.feedback.paused);
  EXPECT_EQ(h.state.feedback.values_drawn, 0);
  EXPECT_GT(h.state.pacer.radius_px, 0.0f);
  EXPECT_NE(h.state.pacer.radius_px, radius_before) << "the pacer keeps breathing";
}

TEST(FeedbackViews, SpectrumMarksThePeakAtItsFrequency) {
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  std::string text;
  h.state.feedback = FeedbackViewState{};
  h.frame([&] { draw_spectrum_view(*s, h.state); }, true, &text);
  const FeedbackViewState& fv = h.state.feedback;
  EXPECT_DOUBLE_EQ(fv.spectrum_peak_hz, kPeakHz);
  const float expected_x = fv.spectrum_min.x + static_cast<float>(kPeakHz / fv.spectrum_max_hz) *
                                                   (fv.spectrum_max.x - fv.spectrum_min.x);
  EXPECT_NEAR(fv.spectrum_peak_x_px, expected_x, 0.5f);
  // The marker is drawn there: light (text-coloured) vertices near that x in the plot's upper half.
  int marker = 0;
  for (const auto& v : testing::vertices(ImGui::GetDrawData())) {
    if (v.a > 200 && v.r > 200 && v.g > 200 && v.b > 200 && std::abs(v.pos.x - expected_x) < 8.0f &&
        v.pos.y < (fv.spectrum_min.y + fv.spectrum_max.y) * 0.5f) {
      ++marker;
    }
  }
  EXPECT_GT(marker, 4);
  // ... labelled in breaths per minute (0.1 Hz = 6/min).
  s->live.coherence.peak_hz = 0.075;
  h.frame([&] { draw_spectrum_view(*s, h.state); });
  EXPECT_NEAR(h.state.feedback.spectrum_peak_x_px,
              fv.spectrum_min.x + 0.075f / 0.4f * (fv.spectrum_max.x - fv.spectrum_min.x), 0.5f);
  // No scored window: no spectrum and no marker.
  s->live.spectrum.size = 0;
  h.frame([&] { draw_spectrum_view(*s, h.state); });
  EXPECT_TRUE(std::isnan(h.state.feedback.spectrum_peak_hz));
}

TEST(FeedbackViews, ArousalGaugeIsHiddenBelowTheConfidenceThreshold) {
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  Drawn d = draw_once(h, *s, draw_arousal_view);
  EXPECT_TRUE(h.state.feedback.arousal_shown);
  EXPECT_NE(d.text.find("much more activated than your baseline"), std::string::npos) << d.text;

  s->live.arousal.confidence = dsp::kMinShownArousalConfidence - 0.01;
  d = draw_once(h, *s, draw_arousal_view);
  EXPECT_FALSE(h.state.feedback.arousal_shown);
  EXPECT_EQ(d.values, 0);
  EXPECT_EQ(d.text.find("activated than"), std::string::npos) << d.text;
  EXPECT_NE(d.text.find("Hidden"), std::string::npos) << d.text;

  // During the first 3 minutes: the baseline is being learned.
  auto early = make_snapshot(h.state.now, 100.0);
  fill_live(*early, 100.0);
  early->live.arousal.confidence = 0.0;
  d = draw_once(h, *early, draw_arousal_view);
  EXPECT_FALSE(h.state.feedback.arousal_shown);
  EXPECT_NE(d.text.find("Baseline being learned"), std::string::npos) << d.text;

  s->live.arousal.confidence = dsp::kMinShownArousalConfidence;
  draw_once(h, *s, draw_arousal_view);
  EXPECT_TRUE(h.state.feedback.arousal_shown);
}

TEST(FeedbackViews, TheChosenTabIsShownAndEveryTabNameParses) {
  for (FeedbackTab tab : kFeedbackTabs) {
    const auto parsed = parse_feedback_tab(to_string(tab));
    ASSERT_TRUE(parsed.has_value()) << to_string(tab);
    EXPECT_EQ(*parsed, tab);
  }
  EXPECT_FALSE(parse_feedback_tab("Spectrum").has_value());
  ImGuiHarness h;
  auto s = make_snapshot(h.state.now, 400.0);
  fill_live(*s, 400.0);
  h.state.feedback.tab = FeedbackTab::kSpectrum;
  for (int f = 0; f < 2; ++f) h.frame([&] { draw_dashboard(*s, h.state); }, false);
  EXPECT_EQ(h.state.feedback.tab, FeedbackTab::kSpectrum);
  EXPECT_DOUBLE_EQ(h.state.feedback.spectrum_peak_hz, kPeakHz);
}

}  // namespace
}  // namespace resonant::ui
