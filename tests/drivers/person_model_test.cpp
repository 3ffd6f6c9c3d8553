// Tests of the simulated person (drivers/SIMULATED_PERSON.md): reproducibility, ground truth
// against the waveforms, the resonance behaviour, pacer following, arousal and artifacts.
// Every tolerance is written next to its assertion with the reason for it.
//
// [SECTION] index: names · reproducibility · truth hand-over · ECG · PPG and belt ·
// heart rate (incl. resonance) · breathing · arousal · artifacts · API details
#include <resonant/drivers/sim/person_model.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <numeric>
#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::drivers::sim {
namespace {

constexpr double kTickS = 1.0 / kTickRateHz;
constexpr double kSettleS = 30.0;  // transition skipped after a start or a pacer change

struct Recording {
  std::vector<Tick> ticks;
  std::vector<TruthBeat> beats;
  std::vector<TruthEvent> events;
};

void record(PersonModel& model, double duration_s, Recording& r) {
  const auto n = static_cast<std::size_t>(std::lround(duration_s * kTickRateHz));
  r.ticks.reserve(r.ticks.size() + n);
  for (std::size_t i = 0; i < n; ++i) r.ticks.push_back(model.next());
  model.take_beats(r.beats);
  model.take_events(r.events);
}

Recording record(PersonModel& model, double duration_s) {
  Recording r;
  record(model, duration_s, r);
  return r;
}

PacerSegment pacer_at(double rate_bpm, double t_start_s = 0.0, double inhale_fraction = 0.5) {
  PacerSettings s;
  s.rate_bpm = rate_bpm;
  s.inhale_fraction = inhale_fraction;
  return PacerSegment{t_start_s, s, 0.0};
}

std::size_t tick_index(double t_s) { return static_cast<std::size_t>(std::lround(t_s / kTickS)); }

/// Instantaneous heart rate from the beats: 60/RR placed at the middle of each interval.
struct HrPoint {
  double t_s;
  double hr_bpm;
};
std::vector<HrPoint> beat_hr(const std::vector<TruthBeat>& beats) {
  std::vector<HrPoint> hr;
  for (std::size_t k = 1; k < beats.size(); ++k) {
    const double rr_s = beats[k].t_s - beats[k - 1].t_s;
    hr.push_back({0.5 * (beats[k].t_s + beats[k - 1].t_s), 60.0 / rr_s});
  }
  return hr;
}

/// Times at which a new breath starts (breath_cycles crosses an integer).
std::vector<double> breath_starts(const std::vector<Tick>& ticks) {
  std::vector<double> starts;
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    if (std::floor(ticks[i].breath_cycles) > std::floor(ticks[i - 1].breath_cycles)) {
      starts.push_back(ticks[i].t_s);
    }
  }
  return starts;
}

/// HR peak-to-trough (max - min of the beat HR) of every breath accepted by `use`.
template <typename Pred>
std::vector<double> peak_to_trough_per_breath(const Recording& r, Pred use) {
  const std::vector<HrPoint> hr = beat_hr(r.beats);
  const std::vector<double> starts = breath_starts(r.ticks);
  std::vector<double> out;
  for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
    if (!use(starts[b], starts[b + 1])) continue;
    double lo = 1e9;
    double hi = -1e9;
    for (const HrPoint& p : hr) {
      if (p.t_s >= starts[b] && p.t_s < starts[b + 1]) {
        lo = std::min(lo, p.hr_bpm);
        hi = std::max(hi, p.hr_bpm);
      }
    }
    if (hi > lo) out.push_back(hi - lo);
  }
  return out;
}

double mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

/// Breathing rate (breaths/min) between two times, from the truth breath phase.
double breath_rate_bpm(const Recording& r, double t0_s, double t1_s) {
  const double c0 = r.ticks[tick_index(t0_s)].breath_cycles;
  const double c1 = r.ticks[tick_index(t1_s)].breath_cycles;
  return 60.0 * (c1 - c0) / (t1_s - t0_s);
}

bool inside(const std::vector<TruthEvent>& events, ArtifactKind kind, double t_s, double margin_s) {
  return std::any_of(events.begin(), events.end(), [&](const TruthEvent& e) {
    return e.kind == kind && t_s >= e.t_start_s - margin_s && t_s <= e.t_end_s + margin_s;
  });
}

// ---- names -------------------------------------------------------------------------------

TEST(PersonModelScenario, NamesRoundTripAndHelpListsEveryScenario) {
  for (Scenario s : {Scenario::kClean, Scenario::kCalm, Scenario::kStress, Scenario::kArtifacts,
                     Scenario::kMixed}) {
    const auto parsed = parse_scenario(to_string(s));
    ASSERT_TRUE(parsed.has_value()) << to_string(s);
    EXPECT_EQ(*parsed, s);
    EXPECT_NE(scenario_help().find(to_string(s)), std::string_view::npos) << to_string(s);
  }
  EXPECT_FALSE(parse_scenario("relaxed").has_value());
  EXPECT_EQ(to_string(ArtifactKind::kElectrodeOff), "electrode_off");
}

TEST(PersonModelScenario, PersonForVariesWithTheSeedWithinRanges) {
  std::set<double> resonances;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const PersonParams p = person_for(Scenario::kCalm, seed);
    EXPECT_GE(p.resonance_hz, 0.09);
    EXPECT_LE(p.resonance_hz, 0.11);
    EXPECT_GE(p.resting_hr_bpm, 45.0);
    EXPECT_LE(p.resting_hr_bpm, 100.0);
    EXPECT_GE(p.spontaneous_breath_rate_bpm, 8.0);
    EXPECT_LE(p.spontaneous_breath_rate_bpm, 20.0);
    resonances.insert(p.resonance_hz);
    // Same seed, same person (also across scenarios: the scenario is what happens to them).
    const PersonParams q = person_for(Scenario::kStress, seed);
    EXPECT_EQ(p.resting_hr_bpm, q.resting_hr_bpm);
    EXPECT_EQ(p.resonance_hz, q.resonance_hz);
  }
  EXPECT_EQ(resonances.size(), 20u);  // every seed a different person
}

// ---- reproducibility ---------------------------------------------------------------------

TEST(PersonModelReproducibility, SameSeedGivesIdenticalOutput) {
  PersonModel a(Scenario::kMixed, 42);
  PersonModel b(Scenario::kMixed, 42);
  a.set_pacer(pacer_at(6.0), true);
  b.set_pacer(pacer_at(6.0), true);
  const Recording ra = record(a, 240.0);
  const Recording rb = record(b, 240.0);
  ASSERT_EQ(ra.ticks.size(), rb.ticks.size());
  for (std::size_t i = 0; i < ra.ticks.size(); ++i) {
    const Tick& x = ra.ticks[i];
    const Tick& y = rb.ticks[i];
    ASSERT_TRUE(x.t_s == y.t_s && x.ecg_mv == y.ecg_mv && x.ppg_au == y.ppg_au &&
                x.resp_au == y.resp_au && x.eda_us == y.eda_us && x.ecg_contact == y.ecg_contact &&
                x.ppg_contact == y.ppg_contact && x.lung_volume == y.lung_volume &&
                x.breath_cycles == y.breath_cycles && x.hr_bpm == y.hr_bpm &&
                x.arousal == y.arousal)
        << "tick " << i;
  }
  ASSERT_EQ(ra.beats.size(), rb.beats.size());
  for (std::size_t k = 0; k < ra.beats.size(); ++k) {
    EXPECT_EQ(ra.beats[k].t_s, rb.beats[k].t_s);
    EXPECT_EQ(ra.beats[k].ectopic, rb.beats[k].ectopic);
    EXPECT_EQ(ra.beats[k].missing_in_ecg, rb.beats[k].missing_in_ecg);
  }
  ASSERT_EQ(ra.events.size(), rb.events.size());
  for (std::size_t k = 0; k < ra.events.size(); ++k) {
    EXPECT_EQ(ra.events[k].t_start_s, rb.events[k].t_start_s);
    EXPECT_EQ(ra.events[k].kind, rb.events[k].kind);
  }
}

TEST(PersonModelReproducibility, DifferentSeedGivesDifferentOutput) {
  PersonModel a(Scenario::kCalm, 1);
  PersonModel b(Scenario::kCalm, 2);
  const Recording ra = record(a, 30.0);
  const Recording rb = record(b, 30.0);
  ASSERT_GT(ra.beats.size(), 10u);
  ASSERT_GT(rb.beats.size(), 10u);
  EXPECT_NE(ra.beats[5].t_s, rb.beats[5].t_s);
  std::size_t same = 0;
  for (std::size_t i = 0; i < ra.ticks.size(); ++i) {
    same += ra.ticks[i].ecg_mv == rb.ticks[i].ecg_mv;
  }
  EXPECT_LT(same, ra.ticks.size() / 10);  // calm has noise: equal samples are rare
}

TEST(PersonModelReproducibility, SensorNoiseAndArtifactsDoNotMoveBeats) {
  // Separate random streams: clean and calm share every beat; the artifacts scenario only
  // adds premature beats and blocks the sinus beat after each of them.
  PersonModel clean(Scenario::kClean, 7);
  PersonModel calm(Scenario::kCalm, 7);
  PersonModel artifacts(Scenario::kArtifacts, 7);
  const Recording rc = record(clean, 300.0);
  const Recording rn = record(calm, 300.0);
  const Recording ra = record(artifacts, 300.0);
  ASSERT_EQ(rc.beats.size(), rn.beats.size());
  for (std::size_t k = 0; k < rc.beats.size(); ++k) EXPECT_EQ(rc.beats[k].t_s, rn.beats[k].t_s);
  std::set<double> clean_times;
  for (const TruthBeat& b : rc.beats) clean_times.insert(b.t_s);
  std::size_t ectopic = 0;
  for (const TruthBeat& b : ra.beats) {
    if (b.ectopic) {
      ++ectopic;
    } else {
      EXPECT_TRUE(clean_times.count(b.t_s)) << "sinus beat at " << b.t_s << " s moved";
    }
  }
  EXPECT_GT(ectopic, 0u);
  EXPECT_EQ(ra.beats.size(), rc.beats.size());  // one beat in, one blocked, per ectopic
}

// ---- truth hand-over ---------------------------------------------------------------------

TEST(PersonModelTruth, BeatsAndEventsAreHandedOverOnceAndOnlyWhenDue) {
  PersonModel m(Scenario::kMixed, 3);
  EXPECT_EQ(m.time_s(), 0.0);
  std::vector<TruthBeat> all;
  std::vector<TruthEvent> events;
  for (int block = 0; block < 600; ++block) {
    for (int i = 0; i < 250; ++i) m.next();
    const std::size_t before = all.size();
    m.take_beats(all);
    for (std::size_t k = before; k < all.size(); ++k) ASSERT_LE(all[k].t_s, m.time_s());
    const std::size_t events_before = events.size();
    m.take_events(events);
    for (std::size_t k = events_before; k < events.size(); ++k) {
      ASSERT_LE(events[k].t_start_s, m.time_s());
      ASSERT_LE(events[k].t_start_s, events[k].t_end_s);
    }
  }
  for (std::size_t k = 1; k < all.size(); ++k) {
    ASSERT_GT(all[k].t_s, all[k - 1].t_s);  // in order, no duplicates
  }
  EXPECT_NEAR(m.time_s(), 600.0 - kTickS, 1e-9);
  EXPECT_GT(events.size(), 5u);  // 10 minutes of the mixed scenario
}

// ---- ECG ---------------------------------------------------------------------------------

TEST(PersonModelEcg, RPeakSitsOnTheTruthBeatTime) {
  PersonModel m(Scenario::kClean, 5);
  const Recording r = record(m, 300.0);
  const auto window = static_cast<std::ptrdiff_t>(0.060 * kTickRateHz);  // +-60 ms
  double worst_sample_s = 0.0;
  double worst_refined_s = 0.0;
  std::size_t checked = 0;
  for (const TruthBeat& b : r.beats) {
    const auto c = static_cast<std::ptrdiff_t>(tick_index(b.t_s));
    if (c < window || c + window >= static_cast<std::ptrdiff_t>(r.ticks.size())) continue;
    std::ptrdiff_t best = c - window;
    for (std::ptrdiff_t i = c - window; i <= c + window; ++i) {
      if (r.ticks[static_cast<std::size_t>(i)].ecg_mv >
          r.ticks[static_cast<std::size_t>(best)].ecg_mv)
        best = i;
    }
    const auto at = [&](std::ptrdiff_t i) {
      return double{r.ticks[static_cast<std::size_t>(i)].ecg_mv};
    };
    worst_sample_s =
        std::max(worst_sample_s, std::abs(r.ticks[static_cast<std::size_t>(best)].t_s - b.t_s));
    // Parabola through the maximum and its neighbours (physiology doc §1.1).
    const double delta =
        0.5 * (at(best - 1) - at(best + 1)) / (at(best - 1) - 2.0 * at(best) + at(best + 1));
    const double refined_s = r.ticks[static_cast<std::size_t>(best)].t_s + delta * kTickS;
    worst_refined_s = std::max(worst_refined_s, std::abs(refined_s - b.t_s));
    ++checked;
  }
  EXPECT_GT(checked, 250u);
  // Half a sample (2 ms) plus 0.2 ms for the Q/S/P/T slopes at the R peak (designed to be 0).
  EXPECT_LE(worst_sample_s, 0.5 * kTickS + 0.0002);
  // The interpolated peak: the parabola's own bias on a 16-ms Gaussian is ~0.01 ms.
  EXPECT_LE(worst_refined_s, 0.0002);
}

TEST(PersonModelEcg, QrsAmplitudeFollowsRespiration) {
  // EDR: the R amplitude falls on inspiration (+-7 % over a breath).
  PersonModel m(Scenario::kClean, 9);
  m.set_pacer(pacer_at(6.0), true);
  const Recording r = record(m, 180.0);
  std::vector<double> amp;
  std::vector<double> vol;
  for (const TruthBeat& b : r.beats) {
    const std::size_t i = tick_index(b.t_s);
    if (b.t_s < kSettleS || i + 1 >= r.ticks.size()) continue;
    amp.push_back(r.ticks[i].ecg_mv);
    vol.push_back(r.ticks[i].lung_volume);
  }
  const double ma = mean(amp);
  const double mv = mean(vol);
  double sab = 0.0, saa = 0.0, svv = 0.0;
  for (std::size_t k = 0; k < amp.size(); ++k) {
    sab += (amp[k] - ma) * (vol[k] - mv);
    saa += (amp[k] - ma) * (amp[k] - ma);
    svv += (vol[k] - mv) * (vol[k] - mv);
  }
  // Sampling the peak at 4 ms loses up to 1 % of the amplitude at random: the correlation
  // stays strongly negative, below -0.8.
  EXPECT_LT(sab / std::sqrt(saa * svv), -0.8);
}

// ---- PPG and belt --------------------------------------------------------------------------

TEST(PersonModelPpg, PulsePeaksOneTransitTimeAfterEachBeat) {
  PersonModel m(Scenario::kClean, 11);
  const Recording r = record(m, 120.0);
  const double transit_s = m.params().pulse_transit_s;
  std::size_t checked = 0;
  for (const TruthBeat& b : r.beats) {
    const std::size_t lo = tick_index(b.t_s + 0.1);
    const std::size_t hi = tick_index(b.t_s + 0.5);
    if (hi >= r.ticks.size()) continue;
    std::size_t best = lo;
    for (std::size_t i = lo; i <= hi; ++i) {
      if (r.ticks[i].ppg_au > r.ticks[best].ppg_au) best = i;
    }
    // Transit varies +-10 ms with breathing; baseline slope and the previous pulse's tail
    // move the maximum by a few ms more: 25 ms.
    EXPECT_NEAR(r.ticks[best].t_s - b.t_s, transit_s, 0.025) << "beat at " << b.t_s;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

TEST(PersonModelBelt, CleanBeltIsTheLungVolume) {
  PersonModel m(Scenario::kClean, 12);
  const Recording r = record(m, 60.0);
  for (const Tick& t : r.ticks) {
    ASSERT_EQ(t.resp_au, static_cast<float>(t.lung_volume));
    ASSERT_GE(t.lung_volume, 0.0);
    ASSERT_LE(t.lung_volume, 1.0);
  }
}

// ---- heart rate ----------------------------------------------------------------------------

TEST(PersonModelHeart, RrPlausibleAndMeanHrNearRestingHr) {
  for (Scenario s : {Scenario::kClean, Scenario::kCalm}) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      PersonModel m(s, seed);
      const Recording r = record(m, 300.0);
      ASSERT_GT(r.beats.size(), 200u);
      for (std::size_t k = 1; k < r.beats.size(); ++k) {
        const double rr_ms = 1000.0 * (r.beats[k].t_s - r.beats[k - 1].t_s);
        ASSERT_GE(rr_ms, 300.0);
        ASSERT_LE(rr_ms, 2000.0);
      }
      const double mean_hr = 60.0 * static_cast<double>(r.beats.size() - 1) /
                             (r.beats.back().t_s - r.beats.front().t_s);
      // The slow HR drift has sigma 2 bpm: +-5 bpm is 2.5 sigma.
      EXPECT_NEAR(mean_hr, m.params().resting_hr_bpm, 5.0) << to_string(s) << " seed " << seed;
    }
  }
}

struct ResonanceRow {
  double rate_bpm;
  double peak_to_trough_bpm;
  double phase_deg;  // HR relative to lung volume at the breathing frequency, + = HR lags
};

/// Mean HR peak-to-trough per breath and HR-breath phase while breathing at rate_bpm:
/// paced up to the pacer's 10 /min limit, free breathing above it.
ResonanceRow resonance_row(double resonance_hz, double rate_bpm, std::uint64_t seed,
                           double duration_s) {
  PersonParams p;
  p.resonance_hz = resonance_hz;
  p.pacer_compliance = 1.0;  // no lapses: a lapse or two per block would blur the comparison
  const bool paced = rate_bpm <= kPacerMaxRateBpm;
  if (!paced) p.spontaneous_breath_rate_bpm = rate_bpm;
  PersonModel m(Scenario::kClean, seed, p);
  if (paced) m.set_pacer(pacer_at(rate_bpm), true);
  const Recording r = record(m, duration_s);
  const auto pts = peak_to_trough_per_breath(r, [](double t0, double) { return t0 >= kSettleS; });

  // Phase of the fundamental at the breathing frequency: beat HR at interval midpoints
  // against the lung volume at the same instants, means removed.
  const double f_hz = rate_bpm / 60.0;
  const std::vector<HrPoint> hr = beat_hr(r.beats);
  double mh = 0.0, mv = 0.0;
  std::size_t n = 0;
  for (const HrPoint& h : hr) {
    if (h.t_s < kSettleS) continue;
    mh += h.hr_bpm;
    mv += r.ticks[tick_index(h.t_s)].lung_volume;
    ++n;
  }
  mh /= static_cast<double>(n);
  mv /= static_cast<double>(n);
  double hc = 0.0, hs = 0.0, vc = 0.0, vs = 0.0;
  for (const HrPoint& h : hr) {
    if (h.t_s < kSettleS) continue;
    const double w = 2.0 * std::numbers::pi * f_hz * h.t_s;
    const double v = r.ticks[tick_index(h.t_s)].lung_volume - mv;
    hc += (h.hr_bpm - mh) * std::cos(w);
    hs += (h.hr_bpm - mh) * std::sin(w);
    vc += v * std::cos(w);
    vs += v * std::sin(w);
  }
  double phase = (std::atan2(hs, hc) - std::atan2(vs, vc)) * 180.0 / std::numbers::pi;
  phase = std::remainder(phase, 360.0);
  return {rate_bpm, mean(pts), phase};
}

void expect_resonance_at(double resonance_hz, double expected_rate_bpm) {
  // 10 minutes per rate: the per-breath peak-to-trough scatters by ~2 bpm (Mayer waves,
  // beat-to-beat jitter, pacing lapses), and neighbouring rates differ by only ~1.2 bpm.
  constexpr double kBlockS = 600.0;
  constexpr std::uint64_t kSeed = 7;
  const double rates[] = {4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 9.0, 12.0};
  std::vector<ResonanceRow> rows;
  for (double rate : rates) rows.push_back(resonance_row(resonance_hz, rate, kSeed, kBlockS));
  const auto best = std::max_element(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.peak_to_trough_bpm < b.peak_to_trough_bpm;
  });
  for (const auto& row : rows) {
    std::printf(
        "  resonance %.4f Hz, breathing %4.1f /min: HR peak-to-trough %5.2f bpm, phase %+5.0f "
        "deg\n",
        resonance_hz, row.rate_bpm, row.peak_to_trough_bpm, row.phase_deg);
  }
  EXPECT_DOUBLE_EQ(best->rate_bpm, expected_rate_bpm);
  const ResonanceRow& at_12 = rows.back();
  // Secondary sources: 4-10x from normal breathing to resonance breathing; we require 3x.
  EXPECT_GE(best->peak_to_trough_bpm, 3.0 * at_12.peak_to_trough_bpm);
  // At resonance HR and breathing are in phase (physiology doc §5.1): within +-45 degrees.
  EXPECT_NEAR(best->phase_deg, 0.0, 45.0);
}

TEST(PersonModelResonance, LargestHrSwingAtSixPerMinuteForTenthOfAHertz) {
  expect_resonance_at(0.1, 6.0);
}

TEST(PersonModelResonance, LargestHrSwingAtFivePerMinuteForTwelfthOfAHertz) {
  expect_resonance_at(1.0 / 12.0, 5.0);
}

TEST(PersonModelResonance, HrLeadsBelowAndLagsAboveResonance) {
  // The band-pass phase: +ve (HR lags) above the resonance, -ve (HR leads) below it.
  const ResonanceRow slow = resonance_row(0.1, 4.5, 3, 300.0);
  const ResonanceRow fast = resonance_row(0.1, 7.5, 3, 300.0);
  // Expected -56 and +44 degrees for Q = 2.5 with the small direct path; +-20 for pacing noise.
  EXPECT_NEAR(slow.phase_deg, -50.0, 20.0);
  EXPECT_NEAR(fast.phase_deg, 40.0, 20.0);
}

// ---- breathing -----------------------------------------------------------------------------

TEST(PersonModelBreathing, FollowsThePacerRate) {
  PersonParams p;
  p.pacer_compliance = 1.0;  // no lapses: the mean rate must be the pacer's
  PersonModel m(Scenario::kCalm, 21, p);
  m.set_pacer(pacer_at(6.0, 0.0, 0.4), true);
  const Recording r = record(m, 300.0);
  // Locked in phase, so the mean rate error is (phase error)/(duration): 0.1 /min is loose.
  EXPECT_NEAR(breath_rate_bpm(r, kSettleS, 300.0 - 1.0), 6.0, 0.1);
}

TEST(PersonModelBreathing, FollowsThePacerWithDefaultComplianceBreathByBreath) {
  PersonModel m(Scenario::kCalm, 22);  // compliance 0.9: occasional lapses
  m.set_pacer(pacer_at(5.5), true);
  const Recording r = record(m, 600.0);
  const std::vector<double> starts = breath_starts(r.ticks);
  std::vector<double> rates;
  for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
    if (starts[b] >= kSettleS) rates.push_back(60.0 / (starts[b + 1] - starts[b]));
  }
  ASSERT_GT(rates.size(), 40u);
  std::nth_element(rates.begin(), rates.begin() + static_cast<std::ptrdiff_t>(rates.size() / 2),
                   rates.end());
  // The median ignores the lapse breaths; per-breath timing scatters by ~2 %.
  EXPECT_NEAR(rates[rates.size() / 2], 5.5, 0.1);
}

TEST(PersonModelBreathing, FollowsAPacerRateChangeMidRun) {
  PersonParams p;
  p.pacer_compliance = 1.0;
  PersonModel m(Scenario::kCalm, 23, p);
  PacerSchedule schedule(PacerSettings{6.5, 0.4, 0.0, 0.0}, 0.0);
  m.set_pacer(schedule.current(), true);
  Recording r;
  record(m, 150.0, r);
  schedule.set(m.time_s(), PacerSettings{4.5, 0.4, 1.0, 0.0});  // slower, with a hold
  m.set_pacer(schedule.current(), true);
  record(m, 250.0, r);
  EXPECT_NEAR(breath_rate_bpm(r, kSettleS, 149.0), 6.5, 0.1);
  EXPECT_NEAR(breath_rate_bpm(r, 150.0 + kSettleS, 399.0), 4.5, 0.1);
  // The volume stays continuous through the change (no jump larger than a normal tick step).
  double worst_step = 0.0;
  for (std::size_t i = 1; i < r.ticks.size(); ++i) {
    worst_step =
        std::max(worst_step, std::abs(r.ticks[i].lung_volume - r.ticks[i - 1].lung_volume));
  }
  EXPECT_LT(worst_step, 0.01);  // a full breath at 20 /min moves ~0.002 per tick
}

TEST(PersonModelBreathing, BreathesNearTheSpontaneousRateWithoutPacer) {
  for (std::uint64_t seed : {31u, 32u}) {
    PersonModel m(Scenario::kCalm, seed);
    const Recording r = record(m, 330.0);
    // Slow rate drift sigma 4 %, tau 30 s, averages to ~2 % over 5 minutes: 10 % is loose.
    const double spont = m.params().spontaneous_breath_rate_bpm;
    EXPECT_NEAR(breath_rate_bpm(r, kSettleS, 329.0), spont, 0.1 * spont) << "seed " << seed;
  }
}

TEST(PersonModelBreathing, PacerDisabledReturnsToFreeBreathing) {
  PersonParams p;
  p.spontaneous_breath_rate_bpm = 14.0;
  p.pacer_compliance = 1.0;  // no lapses in the paced part
  PersonModel m(Scenario::kClean, 33, p);
  m.set_pacer(pacer_at(6.0), true);
  Recording r;
  record(m, 120.0, r);
  m.set_pacer(pacer_at(6.0), false);
  record(m, 240.0, r);
  EXPECT_NEAR(breath_rate_bpm(r, kSettleS, 119.0), 6.0, 0.1);
  EXPECT_NEAR(breath_rate_bpm(r, 120.0 + kSettleS, 359.0), 14.0, 1.4);
}

// ---- arousal -------------------------------------------------------------------------------

/// Skin-conductance responses counted on the EDA averaged over 0.2 s at 10 Hz, with
/// hysteresis: a response is a rise of at least 0.02 µS from the lowest point since the last
/// response (the usual minimum SCR amplitude, Boucsein 2012), confirmed once the signal has
/// fallen 0.01 µS from its top (so a slow tonic rise is not counted). Returns peak times.
std::vector<double> scr_peaks(const std::vector<Tick>& ticks) {
  constexpr std::size_t kStep = 25;  // 10 Hz
  constexpr double kMinRiseUs = 0.02;
  constexpr double kMinFallUs = 0.01;
  std::vector<double> peaks;
  bool rising = false;
  double low = 1e9;
  double high = -1e9;
  double high_t = 0.0;
  for (std::size_t i = 0; i + 2 * kStep < ticks.size(); i += kStep) {
    double sum = 0.0;
    for (std::size_t j = i; j < i + 2 * kStep; ++j) sum += ticks[j].eda_us;
    const double y = sum / (2 * kStep);
    const double t = ticks[i + kStep].t_s;
    if (!rising) {
      low = std::min(low, y);
      if (y - low >= kMinRiseUs) {
        rising = true;
        high = y;
        high_t = t;
      }
    } else if (y > high) {
      high = y;
      high_t = t;
    } else if (high - y >= kMinFallUs) {
      peaks.push_back(high_t);
      rising = false;
      low = y;
    }
  }
  return peaks;
}

TEST(PersonModelArousal, EpisodesRaiseHrLowerRsaAndAddScrs) {
  PersonModel m(Scenario::kStress, 41);
  m.set_pacer(pacer_at(6.0), true);  // paced: arousal does not change the breathing itself
  const Recording r = record(m, 900.0);
  const auto arousal_at = [&](double t_s) {
    return r.ticks[std::min(tick_index(t_s), r.ticks.size() - 1)].arousal;
  };
  const auto aroused = [&](double t_s) { return arousal_at(t_s) >= 0.5; };
  const auto calm = [&](double t_s) { return t_s >= kSettleS && arousal_at(t_s) == 0.0; };

  std::size_t episodes = 0;
  for (const TruthEvent& e : r.events) episodes += e.kind == ArtifactKind::kArousal;
  ASSERT_GE(episodes, 2u);

  std::vector<double> hr_aroused, hr_calm;
  for (const HrPoint& h : beat_hr(r.beats)) {
    if (aroused(h.t_s)) hr_aroused.push_back(h.hr_bpm);
    if (calm(h.t_s)) hr_calm.push_back(h.hr_bpm);
  }
  ASSERT_GT(hr_aroused.size(), 100u);
  ASSERT_GT(hr_calm.size(), 100u);
  // +15 bpm at arousal 1 (peaks 0.6-1): at least +5 bpm against a 2-bpm drift.
  EXPECT_GT(mean(hr_aroused), mean(hr_calm) + 5.0);

  const auto pt_aroused = peak_to_trough_per_breath(
      r, [&](double t0, double t1) { return aroused(t0) && aroused(t1); });
  const auto pt_calm =
      peak_to_trough_per_breath(r, [&](double t0, double t1) { return calm(t0) && calm(t1); });
  ASSERT_GE(pt_aroused.size(), 5u);
  ASSERT_GE(pt_calm.size(), 5u);
  // RSA x (1 - 0.6 a): at most 0.7x for a >= 0.5; 0.8x leaves room for noise.
  EXPECT_LT(mean(pt_aroused), 0.8 * mean(pt_calm));

  double aroused_s = 0.0, calm_s = 0.0;
  for (const Tick& t : r.ticks) {
    aroused_s += aroused(t.t_s) ? kTickS : 0.0;
    calm_s += calm(t.t_s) ? kTickS : 0.0;
  }
  std::size_t scr_aroused = 0, scr_calm = 0;
  for (double t : scr_peaks(r.ticks)) {
    scr_aroused += aroused(t);
    scr_calm += calm(t);
  }
  const double rate_aroused = 60.0 * static_cast<double>(scr_aroused) / aroused_s;
  const double rate_calm = 60.0 * static_cast<double>(scr_calm) / calm_s;
  // Calm: 2 /min by design; a Poisson count over the ~6 calm minutes here scatters by
  // +-0.6 /min, so 0.5-4 /min. Aroused: 2.8-4x the calm rate by design; 1.5x leaves room
  // for responses that overlap and are counted as one.
  EXPECT_GE(rate_calm, 0.5);
  EXPECT_LE(rate_calm, 4.0);
  EXPECT_GT(rate_aroused, 1.5 * rate_calm);
}

TEST(PersonModelArousal, FreeBreathingSpeedsUpWhenAroused) {
  PersonModel m(Scenario::kStress, 42);
  const Recording r = record(m, 900.0);
  const std::vector<double> starts = breath_starts(r.ticks);
  std::vector<double> aroused, calm;
  for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
    const double a = r.ticks[tick_index(starts[b])].arousal;
    const double rate = 60.0 / (starts[b + 1] - starts[b]);
    if (a >= 0.5) aroused.push_back(rate);
    if (a == 0.0 && starts[b] >= kSettleS) calm.push_back(rate);
  }
  ASSERT_GT(aroused.size(), 20u);
  // +30 % at arousal 1, so at least +15 % at arousal >= 0.5; +8 % leaves room for drift.
  EXPECT_GT(mean(aroused), 1.08 * mean(calm));
}

// ---- artifacts -----------------------------------------------------------------------------

TEST(PersonModelArtifacts, EveryKindOccursAndLinesUpWithTheSignals) {
  PersonModel m(Scenario::kArtifacts, 51);
  const Recording r = record(m, 600.0);
  std::set<ArtifactKind> kinds;
  for (const TruthEvent& e : r.events) kinds.insert(e.kind);
  for (ArtifactKind k : {ArtifactKind::kEctopic, ArtifactKind::kMissedBeat, ArtifactKind::kMotion,
                         ArtifactKind::kElectrodeOff}) {
    EXPECT_TRUE(kinds.count(k)) << to_string(k) << " missing in 10 minutes";
  }
  EXPECT_FALSE(kinds.count(ArtifactKind::kArousal));  // no arousal in this scenario

  const auto beat_at = [&](double t_s) {
    return std::find_if(r.beats.begin(), r.beats.end(),
                        [t_s](const TruthBeat& b) { return b.t_s == t_s; });
  };
  for (const TruthEvent& e : r.events) {
    if (e.kind == ArtifactKind::kEctopic) {
      const auto it = beat_at(e.t_start_s);
      ASSERT_NE(it, r.beats.end()) << "ectopic event without its beat at " << e.t_start_s;
      EXPECT_TRUE(it->ectopic);
      ASSERT_GE(it - r.beats.begin(), 2);
      ASSERT_NE(it + 1, r.beats.end());
      const double rr_before = (it - 1)->t_s - (it - 2)->t_s;
      const double premature = it->t_s - (it - 1)->t_s;
      const double pause = (it + 1)->t_s - it->t_s;
      // 60-70 % of the RR interval; the rate moves a little between beats: 0.55-0.75.
      EXPECT_GT(premature / rr_before, 0.55);
      EXPECT_LT(premature / rr_before, 0.75);
      // Full compensatory pause: premature + pause = two sinus intervals (+-10 %).
      EXPECT_NEAR((premature + pause) / rr_before, 2.0, 0.2);
    }
    if (e.kind == ArtifactKind::kMissedBeat) {
      const auto it = beat_at(e.t_start_s);
      ASSERT_NE(it, r.beats.end());
      EXPECT_TRUE(it->missing_in_ecg);
    }
  }

  // Missing beats have no R wave (5 % residue: ~0.07 mV with noise); the others have one.
  // R height = maximum over the median of +-60 ms.
  const auto r_height = [&](double t_s) {
    const std::size_t c = tick_index(t_s);
    const std::size_t w = tick_index(0.060);
    std::vector<double> v;
    for (std::size_t i = c - w; i <= c + w; ++i) v.push_back(r.ticks[i].ecg_mv);
    const double top = *std::max_element(v.begin(), v.end());
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return top - v[v.size() / 2];
  };
  std::size_t missing_checked = 0;
  for (const TruthBeat& b : r.beats) {
    if (b.t_s < 1.0 || b.t_s > 599.0) continue;
    if (inside(r.events, ArtifactKind::kMotion, b.t_s, 0.5) ||
        inside(r.events, ArtifactKind::kElectrodeOff, b.t_s, 0.5)) {
      continue;
    }
    if (b.missing_in_ecg) {
      EXPECT_LT(r_height(b.t_s), 0.25) << "missing beat at " << b.t_s << " s has an R wave";
      ++missing_checked;
    } else {
      // Normal R waves stand ~0.9 mV, the wide premature ones ~0.6 mV above the median.
      EXPECT_GT(r_height(b.t_s), 0.4) << "beat at " << b.t_s << " s has no R wave";
    }
  }
  EXPECT_GT(missing_checked, 0u);

  // Contact: lost exactly during electrode-off events, with a flat channel.
  for (const Tick& t : r.ticks) {
    if (!inside(r.events, ArtifactKind::kElectrodeOff, t.t_s, 0.0)) {
      ASSERT_TRUE(t.ecg_contact && t.ppg_contact) << "contact lost outside an event at " << t.t_s;
    }
  }
  std::size_t ecg_off_events = 0;
  for (const TruthEvent& e : r.events) {
    if (e.kind != ArtifactKind::kElectrodeOff || e.t_end_s > 599.0) continue;
    const std::size_t i0 = tick_index(e.t_start_s) + 1;
    const std::size_t i1 = tick_index(e.t_end_s) - 1;
    const bool ecg_off = !r.ticks[i0].ecg_contact;
    ecg_off_events += ecg_off;
    double lo = 1e9, hi = -1e9;
    for (std::size_t i = i0; i <= i1; ++i) {
      ASSERT_EQ(ecg_off ? r.ticks[i].ecg_contact : r.ticks[i].ppg_contact, false);
      const double x = ecg_off ? r.ticks[i].ecg_mv : r.ticks[i].ppg_au;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    // ECG: exactly flat at the rail; PPG: ambient level with 0.002 a.u. noise (< 0.05 span).
    EXPECT_LT(hi - lo, ecg_off ? 1e-9 : 0.05);
  }
  EXPECT_GT(ecg_off_events, 0u);

  // Motion: the belt departs from the true lung volume. Standard deviation of the residual
  // (the slow belt drift only shifts its mean): 0.3 a.u. in motion, ~0.005 otherwise; > 5x.
  const auto belt_residual_sd = [&](double t0, double t1) {
    std::vector<double> d;
    for (std::size_t i = tick_index(t0); i < tick_index(t1); ++i) {
      d.push_back(r.ticks[i].resp_au - r.ticks[i].lung_volume);
    }
    const double mu = mean(d);
    double s = 0.0;
    for (double x : d) s += (x - mu) * (x - mu);
    return std::sqrt(s / static_cast<double>(d.size()));
  };
  double quiet = 0.0;
  std::size_t quiet_n = 0;
  for (double t = 10.0; t + 10.0 < 600.0; t += 10.0) {
    if (!inside(r.events, ArtifactKind::kMotion, t, 10.0)) {
      quiet += belt_residual_sd(t, t + 10.0);
      ++quiet_n;
    }
  }
  quiet /= static_cast<double>(quiet_n);
  for (const TruthEvent& e : r.events) {
    if (e.kind != ArtifactKind::kMotion || e.t_end_s > 599.0) continue;
    EXPECT_GT(belt_residual_sd(e.t_start_s + 0.5, e.t_end_s - 0.5), 5.0 * quiet)
        << "motion at " << e.t_start_s;
  }
}

// ---- API details ---------------------------------------------------------------------------

TEST(PersonModelApi, MovedModelContinuesTheSameRun) {
  PersonModel a(Scenario::kCalm, 61);
  PersonModel b(Scenario::kCalm, 61);
  for (int i = 0; i < 1000; ++i) {
    a.next();
    b.next();
  }
  PersonModel moved(std::move(a));
  for (int i = 0; i < 1000; ++i) {
    const Tick x = moved.next();
    const Tick& y = b.next();
    ASSERT_EQ(x.ecg_mv, y.ecg_mv);
    ASSERT_EQ(x.t_s, y.t_s);
  }
  EXPECT_EQ(moved.scenario(), Scenario::kCalm);
}

TEST(PersonModelApi, OutOfRangeParametersAreClamped) {
  PersonParams p;
  p.resting_hr_bpm = 500.0;
  p.resonance_hz = std::nan("");
  p.pacer_compliance = -1.0;
  PersonModel m(Scenario::kClean, 62, p);
  EXPECT_EQ(m.params().resting_hr_bpm, 100.0);
  EXPECT_EQ(m.params().resonance_hz, PersonParams{}.resonance_hz);
  EXPECT_EQ(m.params().pacer_compliance, 0.0);
  const Recording r = record(m, 30.0);
  EXPECT_GT(r.beats.size(), 30u);
}

}  // namespace
}  // namespace resonant::drivers::sim
