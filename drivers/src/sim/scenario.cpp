// Scenario names, the per-scenario switches and the seed-dependent person.
#include <array>
#include <string>

#include <resonant/drivers/sim/person_model.hpp>

#include "random.hpp"
#include "scenario_config.hpp"

namespace resonant::drivers::sim {
namespace {

struct ScenarioName {
  Scenario scenario;
  std::string_view name;
};
constexpr std::array<ScenarioName, 5> kScenarioNames{{
    {Scenario::kClean, "clean"},
    {Scenario::kCalm, "calm"},
    {Scenario::kStress, "stress"},
    {Scenario::kArtifacts, "artifacts"},
    {Scenario::kMixed, "mixed"},
}};

// Spread of person_for() around the PersonParams defaults (uniform, half-widths).
constexpr double kRestingHrSpreadBpm = 6.0;
constexpr double kResonanceMinHz = 0.09;  // 5.4 breaths/min
constexpr double kResonanceMaxHz = 0.11;  // 6.6 breaths/min
constexpr double kSpontaneousRateSpreadBpm = 2.0;
constexpr double kRsaGainRelSpread = 0.15;
constexpr double kPulseTransitSpreadS = 0.03;
constexpr double kEdaTonicMinFactor = 0.7;
constexpr double kEdaTonicMaxFactor = 1.4;
constexpr double kPacerLagSpreadS = 0.1;

}  // namespace

std::string_view to_string(Scenario scenario) {
  for (const auto& n : kScenarioNames) {
    if (n.scenario == scenario) return n.name;
  }
  return "calm";
}

std::string_view scenario_names() {
  static const std::string names = [] {
    std::string out;
    for (const auto& n : kScenarioNames) out += (out.empty() ? "" : ", ") + std::string(n.name);
    return out;
  }();
  return names;
}

std::optional<Scenario> parse_scenario(std::string_view name) {
  for (const auto& n : kScenarioNames) {
    if (n.name == name) return n.scenario;
  }
  return std::nullopt;
}

std::string_view scenario_help() {
  return "clean      no sensor noise, no baseline drift, no artifacts, no arousal (exact tests)\n"
         "calm       realistic sensor noise and drift, a calm person (default)\n"
         "stress     calm plus arousal episodes: heart rate up, RSA down, skin-conductance "
         "responses\n"
         "artifacts  calm plus labelled ectopic and missed beats, motion and electrode-off "
         "episodes\n"
         "mixed      arousal episodes and artifacts together\n";
}

std::string_view to_string(ArtifactKind kind) {
  switch (kind) {
    case ArtifactKind::kEctopic: return "ectopic";
    case ArtifactKind::kMissedBeat: return "missed_beat";
    case ArtifactKind::kMotion: return "motion";
    case ArtifactKind::kElectrodeOff: return "electrode_off";
    case ArtifactKind::kArousal: return "arousal";
  }
  return "motion";
}

PersonParams person_for(Scenario /*scenario*/, std::uint64_t seed) {
  // The scenario changes what happens to the person and the sensors, not who the person is:
  // the same seed gives the same person in every scenario.
  detail::Rng rng(seed, detail::Stream::kPerson);
  PersonParams p;
  p.resting_hr_bpm += rng.uniform(-kRestingHrSpreadBpm, kRestingHrSpreadBpm);
  p.resonance_hz = rng.uniform(kResonanceMinHz, kResonanceMaxHz);
  p.spontaneous_breath_rate_bpm +=
      rng.uniform(-kSpontaneousRateSpreadBpm, kSpontaneousRateSpreadBpm);
  p.rsa_gain_bpm *= 1.0 + rng.uniform(-kRsaGainRelSpread, kRsaGainRelSpread);
  p.pulse_transit_s += rng.uniform(-kPulseTransitSpreadS, kPulseTransitSpreadS);
  p.eda_tonic_us *= rng.uniform(kEdaTonicMinFactor, kEdaTonicMaxFactor);
  p.pacer_lag_s += rng.uniform(-kPacerLagSpreadS, kPacerLagSpreadS);
  return p;
}

namespace detail {

ScenarioConfig config_for(Scenario scenario) {
  // Mixed: half as many artifacts of each kind, so arousal episodes stay readable.
  constexpr double kMixedArtifactIntervalScale = 2.0;
  ScenarioConfig c;
  switch (scenario) {
    case Scenario::kClean: break;
    case Scenario::kCalm: c.sensor_noise = c.baseline_drift = true; break;
    case Scenario::kStress: c.sensor_noise = c.baseline_drift = c.arousal_episodes = true; break;
    case Scenario::kArtifacts: c.sensor_noise = c.baseline_drift = c.artifacts = true; break;
    case Scenario::kMixed:
      c.sensor_noise = c.baseline_drift = c.arousal_episodes = c.artifacts = true;
      c.artifact_interval_scale = kMixedArtifactIntervalScale;
      break;
  }
  return c;
}

}  // namespace detail
}  // namespace resonant::drivers::sim
