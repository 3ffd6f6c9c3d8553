// Arousal index on the simulated person (drivers/SIMULATED_PERSON.md §7): the same person
// (same seed) rests in the calm scenario for the baseline, then lives through the stress
// scenario's arousal episodes. The index must be higher inside the episodes than in the calm
// stretches between them, and its confidence must fall when the inputs degrade.
// Inputs come from the model's ground truth (beats, breathing phase, EDA), so this tests the
// index, not the detectors.
#include <resonant/drivers/sim/person_model.hpp>
#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/hrv_time.hpp>

#include <cmath>
#include <cstdio>
#include <deque>
#include <vector>

#include <gtest/gtest.h>

namespace resonant {
namespace {

using drivers::sim::ArtifactKind;
using drivers::sim::PersonModel;
using drivers::sim::Scenario;

constexpr std::uint64_t kSeed = 41;
constexpr int kTicksPerSecond = static_cast<int>(drivers::sim::kTickRateHz);
constexpr double kBreathWindowS = 30.0;

struct Second {
  dsp::ArousalInput input;
  double true_arousal = 0.0;  // mean over the second
};

// One ArousalInput per second from the model's truth: HR over 10 s and lnRMSSD over 64 s of
// true RR, breathing rate from the breathing phase over 30 s, SCL = mean EDA of the second.
std::vector<Second> run(Scenario scenario, double seconds) {
  PersonModel model(scenario, kSeed);
  dsp::SlidingTimeDomainHrv hr_window(10.0), rmssd_window(64.0);
  std::vector<drivers::sim::TruthBeat> beats;
  std::deque<double> cycles;  // breathing phase at each second's end
  double last_beat = NAN;
  std::vector<Second> out;
  for (int s = 0; s < static_cast<int>(seconds); ++s) {
    double eda = 0.0, arousal = 0.0;
    for (int k = 0; k < kTicksPerSecond; ++k) {
      const auto& tick = model.next();
      eda += tick.eda_us;
      arousal += tick.arousal;
      if (k == kTicksPerSecond - 1) cycles.push_back(tick.breath_cycles);
    }
    beats.clear();
    model.take_beats(beats);
    for (const auto& b : beats) {
      if (!std::isnan(last_beat)) {
        const dsp::RrInterval rr{b.t_s, (b.t_s - last_beat) * 1000.0, false};
        hr_window.push(rr);
        rmssd_window.push(rr);
      }
      last_beat = b.t_s;
    }
    Second sec;
    sec.input.t_s = s + 1.0;
    sec.input.hr_bpm = hr_window.current().mean_hr_bpm;
    const auto hrv = rmssd_window.current();
    sec.input.ln_rmssd = hrv.diff_count >= 30 ? std::log(hrv.rmssd_ms) : NAN;
    if (cycles.size() > static_cast<std::size_t>(kBreathWindowS)) {
      cycles.pop_front();
      sec.input.breathing_rate_bpm = (cycles.back() - cycles.front()) / (kBreathWindowS - 1.0) * 60.0;
    }
    sec.input.scl_us = eda / kTicksPerSecond;
    sec.true_arousal = arousal / kTicksPerSecond;
    out.push_back(sec);
  }
  return out;
}

TEST(ArousalSim, HigherInArousalEpisodesThanInCalmStretches) {
  // Baseline: 5 min of the calm scenario (the same person: person_for() depends on the seed).
  const auto rest = run(Scenario::kCalm, 300.0);
  dsp::ArousalEstimator estimator;
  estimator.begin_baseline();
  for (const auto& s : rest) {
    if (s.input.t_s > 64.0) estimator.update(s.input);  // lnRMSSD window full
  }
  estimator.end_baseline();
  const auto& b = estimator.baseline();
  std::printf("[ sim arousal ] baseline (calm, seed %llu): HR %.1f +- %.2f bpm, lnRMSSD %.2f +- "
              "%.2f, breathing %.1f +- %.2f /min, SCL %.2f +- %.2f uS\n",
              static_cast<unsigned long long>(kSeed), b.median[0], b.scale[0], b.median[1],
              b.scale[1], b.median[2], b.scale[2], b.median[3], b.scale[3]);

  const auto stress = run(Scenario::kStress, 900.0);
  estimator.reset();
  std::vector<dsp::ArousalEstimate> out;
  for (const auto& s : stress) out.push_back(estimator.update(s.input));

  // Aroused: true arousal >= 0.5. Calm: arousal 0 for the last 90 s (the 64-s lnRMSSD window
  // and the 20-s smoothing have forgotten the episode).
  double aroused_sum = 0.0, calm_sum = 0.0;
  std::size_t aroused_n = 0, calm_n = 0;
  double calm_since = 0.0;
  for (std::size_t k = 0; k < stress.size(); ++k) {
    const double t = stress[k].input.t_s;
    if (stress[k].true_arousal > 0.0) calm_since = t;
    if (t < 64.0 || std::isnan(out[k].index)) continue;
    if (stress[k].true_arousal >= 0.5) {
      aroused_sum += out[k].index;
      ++aroused_n;
    } else if (t - calm_since >= 90.0) {
      calm_sum += out[k].index;
      ++calm_n;
    }
  }
  ASSERT_GT(aroused_n, 60u);
  ASSERT_GT(calm_n, 60u);
  const double aroused = aroused_sum / static_cast<double>(aroused_n);
  const double calm = calm_sum / static_cast<double>(calm_n);
  std::printf("[ sim arousal ] stress scenario, 15 min: mean index %+.2f in %zu aroused seconds "
              "(truth >= 0.5), %+.2f in %zu calm seconds; margin %.2f baseline SD\n",
              aroused, aroused_n, calm, calm_n, aroused - calm);
  EXPECT_GT(aroused, calm + 1.0);
  EXPECT_LT(std::abs(calm), 1.0);  // the calm stretches look like the baseline

  // Degraded inputs: HR quality 0.6, EDA gone -> confidence falls; the index stays defined.
  dsp::ArousalEstimator degraded;
  degraded.set_baseline(estimator.baseline());
  double conf_full = 0.0, conf_degraded = 0.0;
  for (std::size_t k = 0; k < stress.size(); ++k) {
    auto in = stress[k].input;
    conf_full += out[k].confidence;
    in.hr_quality = 0.6;
    in.scl_us = NAN;
    const auto e = degraded.update(in);
    conf_degraded += e.confidence;
    if (k > 64) {
      EXPECT_TRUE(e.has(dsp::ArousalReason::kMissingInput));
    }
  }
  conf_full /= static_cast<double>(stress.size());
  conf_degraded /= static_cast<double>(stress.size());
  std::printf("[ sim arousal ] mean confidence %.2f with all inputs, %.2f with HR quality 0.6 "
              "and no EDA\n", conf_full, conf_degraded);
  EXPECT_LT(conf_degraded, conf_full - 0.3);
}

}  // namespace
}  // namespace resonant
