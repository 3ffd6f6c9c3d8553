// Sound cues (ui/cue_generator.hpp) checked on their samples: pitch follows the breath, no
// clicks, silence when off.
#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/ui/cue_generator.hpp>

namespace resonant::ui {
namespace {

constexpr double kRateHz = 48000.0;
constexpr double kDt = 1.0 / kRateHz;

// 6 breaths/min, 40:60: inhale 0-4 s, exhale 4-10 s; with holds when asked.
CueInput input(CueSound sound, float volume = 1.0f, double hold_in_s = 0.0) {
  CueInput in;
  in.segment.settings = clamped(PacerSettings{6.0, 0.4, hold_in_s, 0.0});
  in.settings = CueSettings{sound, volume};
  return in;
}

std::vector<float> render(CueGenerator& g, const CueInput& in, double from_s, double to_s) {
  std::vector<float> out(static_cast<std::size_t>((to_s - from_s) * kRateHz));
  // In blocks, as the audio callback does.
  constexpr std::size_t kBlock = 1024;
  for (std::size_t i = 0; i < out.size(); i += kBlock) {
    const std::size_t n = std::min(kBlock, out.size() - i);
    g.render(std::span<float>(out.data() + i, n), in, from_s + static_cast<double>(i) * kDt, kDt);
  }
  return out;
}

// Frequency from rising zero crossings in samples [from_s, to_s) of a buffer starting at 0 s.
double frequency_hz(const std::vector<float>& s, double from_s, double to_s) {
  const auto a = static_cast<std::size_t>(from_s * kRateHz);
  const auto b = static_cast<std::size_t>(to_s * kRateHz);
  int crossings = 0;
  for (std::size_t i = a + 1; i < b; ++i) crossings += (s[i - 1] < 0.0f && s[i] >= 0.0f);
  return crossings / (to_s - from_s);
}

double rms(const std::vector<float>& s, double from_s, double to_s) {
  const auto a = static_cast<std::size_t>(from_s * kRateHz);
  const auto b = static_cast<std::size_t>(to_s * kRateHz);
  double sum = 0.0;
  for (std::size_t i = a; i < b; ++i) sum += static_cast<double>(s[i]) * s[i];
  return std::sqrt(sum / static_cast<double>(b - a));
}

double max_step(const std::vector<float>& s) {
  double m = 0.0;
  for (std::size_t i = 1; i < s.size(); ++i) m = std::max(m, std::abs(double{s[i]} - s[i - 1]));
  return m;
}

TEST(CueGenerator, TonePitchRisesOnTheInhaleAndFallsOnTheExhale) {
  CueGenerator g(kRateHz);
  const std::vector<float> s = render(g, input(CueSound::kTone), 0.0, 10.0);
  const double early_in = frequency_hz(s, 0.8, 1.6);
  const double late_in = frequency_hz(s, 2.4, 3.2);
  const double early_out = frequency_hz(s, 5.0, 6.0);
  const double late_out = frequency_hz(s, 8.0, 9.0);
  EXPECT_GT(late_in, early_in + 20.0) << early_in << " -> " << late_in;
  EXPECT_LT(late_out, early_out - 20.0) << early_out << " -> " << late_out;
  // Inside the tone's range (G3 to D4), within 5 Hz of counting error.
  for (double f : {early_in, late_in, early_out, late_out}) {
    EXPECT_GT(f, kToneLowHz - 5.0);
    EXPECT_LT(f, kToneHighHz + 5.0);
  }
}

TEST(CueGenerator, ToneIsQuietAtTheTurnsAndDuringHolds) {
  CueGenerator g(kRateHz);
  // 6/min with a 2 s hold after the inhale: inhale 0-3.2 s, hold 3.2-5.2 s, exhale 5.2-10 s.
  const std::vector<float> s = render(g, input(CueSound::kTone, 1.0f, 2.0), 0.0, 10.0);
  EXPECT_GT(rms(s, 1.0, 2.2), 0.05);
  EXPECT_LT(rms(s, 3.6, 4.8), 1e-4) << "silent in the hold";
  EXPECT_GT(rms(s, 6.5, 8.5), 0.05);
  EXPECT_LE(*std::max_element(s.begin(), s.end()), kFullLevel + 1e-6f);
}

TEST(CueGenerator, ChimeRingsAtEachTurnAndFades) {
  CueGenerator g(kRateHz);
  const std::vector<float> s = render(g, input(CueSound::kChime), 0.0, 20.0);
  // Turns at 4 s (in -> out), 10 s (out -> in), 14 s, ...
  EXPECT_LT(rms(s, 3.5, 3.95), 1e-3) << "quiet before the first turn";
  const double ring = rms(s, 4.05, 4.4);
  EXPECT_GT(ring, 0.05);
  EXPECT_LT(rms(s, 9.5, 9.95), ring / 20.0) << "faded by the next turn (1.2 s time constant)";
  EXPECT_GT(rms(s, 10.05, 10.4), 0.05);
  // The top of the breath chimes higher than the bottom.
  EXPECT_GT(frequency_hz(s, 4.05, 4.8), frequency_hz(s, 10.05, 10.8) + 50.0);
}

TEST(CueGenerator, NoClicksEvenWhenTheSoundOrVolumeChanges) {
  CueGenerator g(kRateHz);
  std::vector<float> all;
  const CueSound order[] = {CueSound::kTone, CueSound::kChime, CueSound::kOff, CueSound::kTone};
  double t = 3.0;  // starts mid-inhale: the tone is loud at once
  for (CueSound sound : order) {
    for (float volume : {1.0f, 0.2f, 1.0f}) {
      const std::vector<float> part = render(g, input(sound, volume), t, t + 1.5);
      all.insert(all.end(), part.begin(), part.end());
      t += 1.5;
    }
  }
  const double observed = max_step(all);
  EXPECT_LE(observed, g.max_sample_step());
  // A click would be a jump of the order of the full level (0.25): the steps stay those of
  // a soft sine at a few hundred hertz (2 pi 523 Hz / 48 kHz * 0.25 = 0.017).
  EXPECT_LT(observed, 0.025);
  EXPECT_LT(g.max_sample_step(), 0.04);
}

TEST(CueGenerator, SilentWhenOffAtZeroVolumeOrWhenThePacerIsPaused) {
  for (const CueInput& in : {input(CueSound::kOff), input(CueSound::kTone, 0.0f),
                             input(CueSound::kChime, 0.0f)}) {
    CueGenerator g(kRateHz);
    const std::vector<float> s = render(g, in, 0.0, 12.0);
    EXPECT_TRUE(std::all_of(s.begin(), s.end(), [](float x) { return x == 0.0f; }));
  }
  CueGenerator g(kRateHz);
  CueInput paused = input(CueSound::kTone);
  paused.pacer_enabled = false;
  const std::vector<float> s = render(g, paused, 0.0, 12.0);
  EXPECT_TRUE(std::all_of(s.begin(), s.end(), [](float x) { return x == 0.0f; }));
}

TEST(CueGenerator, TurningOffFadesToExactSilence) {
  CueGenerator g(kRateHz);
  render(g, input(CueSound::kTone), 1.0, 2.0);
  const std::vector<float> s = render(g, input(CueSound::kOff), 2.0, 3.0);
  EXPECT_GT(std::abs(s.front()), 0.0f) << "fades rather than stopping dead";
  EXPECT_EQ(s.back(), 0.0f);
}

}  // namespace
}  // namespace resonant::ui
