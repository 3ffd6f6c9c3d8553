// PersonModel: runs the physiology ahead of the output by a look-ahead (the ECG needs the
// next beat before its R peak: the P wave comes first), keeps the physiological samples in
// a delay line, and renders the sensor channels at the output time. See
// drivers/SIMULATED_PERSON.md for the model.
#include <resonant/drivers/sim/person_model.hpp>

#include <algorithm>
#include <array>
#include <cmath>

#include "arousal.hpp"
#include "artifacts.hpp"
#include "beat_builder.hpp"
#include "beat_ring.hpp"
#include "breathing.hpp"
#include "eda.hpp"
#include "heart.hpp"
#include "pacer_history.hpp"
#include "scenario_config.hpp"
#include "sensors.hpp"
#include "truth_queue.hpp"

namespace resonant::drivers::sim {
namespace {

constexpr double kTickS = 1.0 / kTickRateHz;
/// How far the physiology runs ahead of the output: a P wave starts up to ~0.45 s before its
/// R peak (at 45 bpm), so the beat must already exist then.
constexpr double kLookAheadS = 0.5;
constexpr auto kLookAheadTicks = static_cast<std::int64_t>(kLookAheadS * kTickRateHz + 0.5);
/// Physiology simulated before t = 0 so that the resonators and the heart are in their
/// steady state at t = 0 (the RSA resonator's envelope settles with tau = 2Q/w0 ~ 8 s).
constexpr double kWarmUpS = 30.0;
constexpr auto kWarmUpTicks = static_cast<std::int64_t>(kWarmUpS * kTickRateHz + 0.5);
constexpr std::size_t kPhysioRingSize = 256;  // power of two > kLookAheadTicks
static_assert(kPhysioRingSize > static_cast<std::size_t>(kLookAheadTicks));
static_assert((kPhysioRingSize & (kPhysioRingSize - 1)) == 0);
constexpr double kVolumeMidpoint = 0.5;
constexpr double kPpgRiivAu = 0.1;  // PPG baseline falls by this over a full inspiration

/// Valid parameter ranges, as documented in person_model.hpp.
struct Range {
  double lo;
  double hi;
};
constexpr Range kRestingHrBpm{45.0, 100.0};
constexpr Range kResonanceHz{0.075, 0.12};
constexpr Range kSpontaneousRateBpm{8.0, 20.0};
constexpr Range kPacerLagS{0.0, 2.0};
constexpr Range kCompliance{0.0, 1.0};
constexpr Range kRsaGainBpm{0.0, 20.0};
constexpr Range kPulseTransitS{0.15, 0.4};
constexpr Range kEdaTonicUs{0.5, 20.0};

/// x clamped into r; the default when x is not a number.
double clamp_or(double x, Range r, double fallback) {
  return std::isfinite(x) ? std::clamp(x, r.lo, r.hi) : fallback;
}

PersonParams sanitized(const PersonParams& p) {
  const PersonParams d;
  PersonParams s;
  s.resting_hr_bpm = clamp_or(p.resting_hr_bpm, kRestingHrBpm, d.resting_hr_bpm);
  s.resonance_hz = clamp_or(p.resonance_hz, kResonanceHz, d.resonance_hz);
  s.spontaneous_breath_rate_bpm =
      clamp_or(p.spontaneous_breath_rate_bpm, kSpontaneousRateBpm, d.spontaneous_breath_rate_bpm);
  s.pacer_lag_s = clamp_or(p.pacer_lag_s, kPacerLagS, d.pacer_lag_s);
  s.pacer_compliance = clamp_or(p.pacer_compliance, kCompliance, d.pacer_compliance);
  s.rsa_gain_bpm = clamp_or(p.rsa_gain_bpm, kRsaGainBpm, d.rsa_gain_bpm);
  s.pulse_transit_s = clamp_or(p.pulse_transit_s, kPulseTransitS, d.pulse_transit_s);
  s.eda_tonic_us = clamp_or(p.eda_tonic_us, kEdaTonicUs, d.eda_tonic_us);
  return s;
}

/// Ground truth of one tick, kept from the look-ahead clock until the output reaches it.
struct PhysioSample {
  double lung_volume = 0.0;
  double breath_cycles = 0.0;
  double hr_bpm = 0.0;
  double arousal = 0.0;
};

}  // namespace

struct PersonModel::Impl {
  Impl(Scenario s, std::uint64_t seed, const PersonParams& p)
      : scenario(s),
        params(sanitized(p)),
        config(detail::config_for(s)),
        arousal(config.arousal_episodes, seed),
        breathing(params, seed, kTickS),
        heart(params, seed, kTickS),
        artifacts(config, seed),
        builder(params),
        eda(params, config.baseline_drift, seed, kTickS),
        sensors(config, seed, kTickS) {}

  double sim_time_s() const { return static_cast<double>(sim_tick) * kTickS; }
  double out_time_s() const {
    return static_cast<double>(std::max<std::int64_t>(out_tick, 0)) * kTickS;
  }

  void simulate_one() {
    const double t = sim_time_s();
    const double a = arousal.step(t, events);
    const double lagged_t = t - params.pacer_lag_s;
    breathing.step(pacer.at(lagged_t), lagged_t, a);
    const double v = breathing.volume();
    artifacts.step(t, events);
    const detail::BeatContext ctx{v, a};
    builder.on_tick(t, ctx, ring, events);
    const int n = heart.step(t, v, a);
    for (int i = 0; i < n; ++i) {
      builder.on_sinus_beat(heart.beat_time(i), ctx, artifacts, ring, events);
    }
    physio[static_cast<std::size_t>(sim_tick) & (kPhysioRingSize - 1)] =
        PhysioSample{v, breathing.cycles(), heart.hr_bpm(), a};
    ++sim_tick;
  }

  const Tick& next() {
    if (out_tick < 0) {
      sim_tick = -kWarmUpTicks;
      while (sim_tick <= kLookAheadTicks) simulate_one();
      out_tick = 0;
    } else {
      ++out_tick;
      simulate_one();
    }
    const double t = out_time_s();
    const PhysioSample& p = physio[static_cast<std::size_t>(out_tick) & (kPhysioRingSize - 1)];

    ring.prune(t);
    double ecg = 0.0;
    double ppg = 0.0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      detail::BeatRecord& b = ring[i];
      if (!b.reported && b.truth.t_s <= t) {
        beats_out.push(b.truth);
        b.reported = true;
      }
      for (const detail::Wave& w : b.ecg) ecg += w.value(t);
      for (const detail::Wave& w : b.ppg) ppg += w.value(t);
    }
    events.release_until(t, events_out);

    detail::CleanChannels clean;
    clean.ecg_mv = ecg;
    clean.ppg_au = ppg - kPpgRiivAu * (p.lung_volume - kVolumeMidpoint);
    clean.lung_volume = p.lung_volume;
    clean.eda_us = eda.step(p.arousal);

    tick.t_s = t;
    tick.lung_volume = p.lung_volume;
    tick.breath_cycles = p.breath_cycles;
    tick.hr_bpm = p.hr_bpm;
    tick.arousal = p.arousal;
    sensors.render(out_tick, clean, artifacts.state_at(t), tick);
    return tick;
  }

  Scenario scenario;
  PersonParams params;
  detail::ScenarioConfig config;
  detail::PacerHistory pacer;
  detail::EventSchedule events;
  detail::Arousal arousal;
  detail::Breathing breathing;
  detail::Heart heart;
  detail::ArtifactScheduler artifacts;
  detail::BeatBuilder builder;
  detail::Eda eda;
  detail::Sensors sensors;
  detail::BeatRing ring;
  std::array<PhysioSample, kPhysioRingSize> physio{};
  detail::PendingTruth<TruthBeat> beats_out;
  detail::PendingTruth<TruthEvent> events_out;
  std::int64_t sim_tick = 0;
  std::int64_t out_tick = -1;  // -1: next() not called yet
  Tick tick;
};

PersonModel::PersonModel(Scenario scenario, std::uint64_t seed)
    : PersonModel(scenario, seed, person_for(scenario, seed)) {}

PersonModel::PersonModel(Scenario scenario, std::uint64_t seed, const PersonParams& params)
    : impl_(std::make_unique<Impl>(scenario, seed, params)) {}

PersonModel::~PersonModel() = default;
PersonModel::PersonModel(PersonModel&&) noexcept = default;
PersonModel& PersonModel::operator=(PersonModel&&) noexcept = default;

void PersonModel::set_pacer(const PacerSegment& segment, bool enabled) {
  impl_->pacer.add(impl_->out_time_s(), segment, enabled);
}

const Tick& PersonModel::next() { return impl_->next(); }
double PersonModel::time_s() const { return impl_->out_time_s(); }
const PersonParams& PersonModel::params() const { return impl_->params; }
Scenario PersonModel::scenario() const { return impl_->scenario; }
void PersonModel::take_beats(std::vector<TruthBeat>& out) { impl_->beats_out.take(out); }
void PersonModel::take_events(std::vector<TruthEvent>& out) { impl_->events_out.take(out); }

}  // namespace resonant::drivers::sim
