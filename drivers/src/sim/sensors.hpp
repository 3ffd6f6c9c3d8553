#pragma once
// What the sensors add to the physiological signals: noise, baseline drift, 50 Hz mains,
// motion, lost contact. All of it draws from the noise stream, so none of it moves a beat.
//
// ECG (mV): + white noise + mains + respiratory baseline wander (noise scenarios)
//           + slow baseline drift (drift scenarios) + motion; electrode off: flat at the
//           amplifier rail, ecg_contact false.
// PPG (a.u.): + white noise + slow baseline drift + motion; finger out: flat at the ambient
//           level with a little noise, ppg_contact false.
// Belt (a.u.): lung volume + white noise + slow drift + motion.
// EDA (µS): + white noise + a little motion (electrode pressure).
// Motion: one low-pass (1.5 Hz, two poles) random process shared by all channels (the same
// movement), plus broadband noise on ECG and PPG, under a 0.3 s fade-in/out envelope.
#include <array>
#include <cstdint>

#include <resonant/drivers/sim/person_model.hpp>

#include "artifacts.hpp"
#include "random.hpp"
#include "scenario_config.hpp"
#include "slow_noise.hpp"

namespace resonant::drivers::sim::detail {

/// The signals before the sensors.
struct CleanChannels {
  double ecg_mv = 0.0;
  double ppg_au = 0.0;
  double lung_volume = 0.0;
  double eda_us = 0.0;
};

/// ECG value while an electrode is off (amplifier at its rail).
inline constexpr double kEcgRailMv = 5.0;
/// PPG value with no finger in the clip (ambient light only).
inline constexpr double kPpgAmbientAu = -1.0;
/// Mains interference frequency (Europe). The tick rate is a whole multiple of it, so one
/// mains cycle is a small fixed table instead of a sin() per tick.
inline constexpr double kMainsHz = 50.0;
inline constexpr auto kTicksPerMainsCycle = static_cast<std::size_t>(kTickRateHz / kMainsHz);
static_assert(static_cast<double>(kTicksPerMainsCycle) * kMainsHz == kTickRateHz);

class Sensors {
 public:
  Sensors(const ScenarioConfig& config, std::uint64_t seed, double tick_s);
  /// Writes the channel values and contact flags of tick `tick` into out.
  void render(std::int64_t tick, const CleanChannels& clean, const ArtifactState& artifacts,
              Tick& out);

 private:
  double motion_sample();

  ScenarioConfig config_;
  Rng rng_;
  std::array<double, kTicksPerMainsCycle> mains_mv_{};  // one mains cycle
  SmoothOu ecg_drift_mv_;
  SmoothDrift ppg_drift_au_;
  SmoothDrift belt_drift_au_;
  double motion_alpha_;
  double motion_norm_;
  double motion_stage1_ = 0.0;
  double motion_stage2_ = 0.0;
};

}  // namespace resonant::drivers::sim::detail
