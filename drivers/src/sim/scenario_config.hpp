#pragma once
// What each scenario switches on. The physiology (breathing, heart rate, Mayer waves,
// beat-to-beat jitter, skin-conductance responses) is the same in every scenario: for one
// seed the clean and calm scenarios have identical beats, breaths and heart rate.
#include <resonant/drivers/sim/person_model.hpp>

namespace resonant::drivers::sim::detail {

struct ScenarioConfig {
  bool sensor_noise = false;  // white noise, 50 Hz mains, respiratory ECG baseline wander
  bool baseline_drift =
      false;  // slow drift of the ECG, PPG and belt baselines and of EDA tonic level
  bool arousal_episodes = false;  // stress episodes (truth: TruthEvent kArousal)
  bool artifacts = false;         // ectopic and missed beats, motion, electrode off
  /// Multiplies the mean interval between artifacts of each kind (mixed has fewer).
  double artifact_interval_scale = 1.0;
};

ScenarioConfig config_for(Scenario scenario);

}  // namespace resonant::drivers::sim::detail
