#pragma once
// The simulated person: a documented physiological model, reproducible from a seed, that
// produces ECG, finger PPG, respiration-belt and skin-conductance waveforms together with the
// exact ground truth (beat times, breathing phase, arousal, artifact labels).
//
// The model and its references are described in drivers/SIMULATED_PERSON.md.
//
// Time: model time t_s starts at 0 with the first tick and advances 1/kTickRateHz per tick.
// Every channel is evaluated on this tick grid; the device decimates PPG, belt and EDA.
//
// Threading contract: not synchronised; one owner thread (the simulated device's writer).
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <resonant/common/pacer.hpp>

namespace resonant::drivers::sim {

inline constexpr double kTickRateHz = 250.0;  // = ECG sample rate

enum class Scenario : std::uint8_t {
  kClean,      // no noise, no artifacts, no arousal episodes: for exact tests
  kCalm,       // realistic sensor noise, calm person, no artifacts (the default)
  kStress,     // calm with arousal episodes (HR up, RSA down, skin-conductance responses)
  kArtifacts,  // calm with labelled artifacts: ectopic and missed beats, motion, electrode off
  kMixed,      // arousal episodes and artifacts together
};
std::string_view to_string(Scenario scenario);
std::optional<Scenario> parse_scenario(std::string_view name);
/// One line per scenario for --help texts.
std::string_view scenario_help();
/// The scenario names, comma-separated ("clean, calm, ..."), for error messages.
std::string_view scenario_names();

/// Parameters of the person. Units in the names; valid ranges in the comments.
struct PersonParams {
  double resting_hr_bpm = 64.0;            // [45, 100]
  double resonance_hz = 0.1;               // baroreflex resonance, [0.075, 0.12] (4.5..7.2 /min)
  double spontaneous_breath_rate_bpm = 13; // free breathing rate, [8, 20] breaths/min
  double pacer_lag_s = 0.4;                // reaction lag to the pacer, [0, 2]
  double pacer_compliance = 0.9;           // [0, 1]: 1 follows perfectly, 0 ignores the pacer
  double rsa_gain_bpm = 7.0;               // HR swing (peak-to-trough/2) at resonance, [0, 20]
  double pulse_transit_s = 0.25;           // R peak to PPG systolic peak, [0.15, 0.4]
  double eda_tonic_us = 4.0;               // skin-conductance level at rest, [0.5, 20]
};

/// Default parameters for a scenario, varied slightly by the seed (a different person per
/// seed, the same person for the same seed).
PersonParams person_for(Scenario scenario, std::uint64_t seed);

/// One model tick: every channel's value at time t_s.
struct Tick {
  double t_s = 0.0;
  float ecg_mv = 0.0f;
  float ppg_au = 0.0f;
  float resp_au = 0.0f;   // belt: larger = more air in
  float eda_us = 0.0f;
  bool ecg_contact = true;   // false while an electrode-off artifact lasts
  bool ppg_contact = true;
  // Ground truth at t_s:
  double lung_volume = 0.0;       // [0, 1] normalised, before belt noise
  double breath_cycles = 0.0;     // breathing phase in cycles (integer part = breath count)
  double hr_bpm = 0.0;            // instantaneous heart rate
  double arousal = 0.0;           // [0, 1]
};

struct TruthBeat {
  double t_s = 0.0;             // time of the R peak (the ECG's R wave is centred exactly here)
  bool ectopic = false;         // a premature beat inserted by the artifact process
  bool missing_in_ecg = false;  // the beat happened but its QRS is absent from the ECG ("missed")
};

enum class ArtifactKind : std::uint8_t {
  kEctopic,       // a premature beat (TruthBeat::ectopic) and its compensatory pause
  kMissedBeat,    // a beat without QRS in the ECG (TruthBeat::missing_in_ecg)
  kMotion,        // movement noise on ECG, PPG, belt (and a little on EDA)
  kElectrodeOff,  // a lost contact: ECG electrodes (ecg_contact false) or, for about one in
                  // four, the PPG finger clip (ppg_contact false); the Tick flags say which
  kArousal,       // an arousal episode (Tick::arousal > 0 inside it)
};
std::string_view to_string(ArtifactKind kind);

/// A labelled stretch of time (artifacts and arousal episodes). Ectopic and missed-beat
/// events are instants: t_start_s == t_end_s == the beat's R-peak time.
struct TruthEvent {
  double t_start_s = 0.0;
  double t_end_s = 0.0;
  ArtifactKind kind = ArtifactKind::kMotion;
};

class PersonModel {
 public:
  PersonModel(Scenario scenario, std::uint64_t seed);
  PersonModel(Scenario scenario, std::uint64_t seed, const PersonParams& params);
  ~PersonModel();
  PersonModel(PersonModel&&) noexcept;
  PersonModel& operator=(PersonModel&&) noexcept;

  /// The pacer the person sees from now on (t_s in model time). Without a pacer (enabled
  /// false) the person breathes freely at the spontaneous rate. The person reads the pacer
  /// pacer_lag_s late; because the model runs 0.5 s ahead of its output (the ECG's P wave
  /// precedes the beat), a change reaches the breathing after max(pacer_lag_s, 0.5 s).
  void set_pacer(const PacerSegment& segment, bool enabled);

  /// Advances one tick (1/kTickRateHz) and returns all channels at the new time.
  /// The first call returns t_s = 0.
  const Tick& next();

  double time_s() const;
  const PersonParams& params() const;
  Scenario scenario() const;

  /// Ground truth up to time_s(), handed over once: beats whose R peak is at or before the
  /// current tick, and events that have started. Appends to out. Call regularly: truth not
  /// taken is kept (no allocation while taken at least hourly; beyond ~68 h of untaken
  /// beats the oldest are dropped).
  void take_beats(std::vector<TruthBeat>& out);
  void take_events(std::vector<TruthEvent>& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resonant::drivers::sim
