#pragma once
// Sound cues for the pacer, so the eyes can close: pure sample generation (no SDL here).
//
//   tone   a soft sine whose pitch follows the breath's volume: rising through the inhale,
//          falling through the exhale, silent during holds; its loudness swells in and out
//          within each part so nothing starts or stops abruptly.
//   chime  a soft bell at each turn (a higher one when the inhale turns to the exhale, a
//          lower one when the exhale turns to the inhale), decaying exponentially.
//
// No clicks: the oscillators keep their phase from sample to sample and every gain change
// is smoothed (time constant kGainSmoothingS), so the sample-to-sample difference stays
// below a bound (max_sample_step()). Volume 0 or kOff gives exact silence.
//
// Threading contract: one instance per thread (the audio callback owns its own); render()
// allocates nothing and takes no locks.
#include <cstdint>
#include <span>
#include <string_view>

#include <resonant/common/pacer.hpp>

namespace resonant::ui {

enum class CueSound : std::uint8_t { kOff, kTone, kChime };
std::string_view to_string(CueSound sound);

struct CueSettings {
  CueSound sound = CueSound::kOff;
  float volume = 0.5f;  // [0, 1], loudness relative to the (already soft) full level
};

inline constexpr double kToneLowHz = 196.0;    // G3 at empty lungs
inline constexpr double kToneHighHz = 293.66;  // D4 at full lungs: a fifth above
inline constexpr double kChimeHighHz = 523.25;  // C5, when the inhale turns to the exhale
inline constexpr double kChimeLowHz = 392.0;    // G4, when the exhale turns to the inhale
inline constexpr double kChimeDecayS = 1.2;     // time constant of the bell's fade
inline constexpr double kGainSmoothingS = 0.02; // gain changes glide over about this long
inline constexpr float kFullLevel = 0.25f;      // peak amplitude at volume 1 (soft)

/// What the generator needs to know about the pacer (a plain copy; see CuePlayer).
struct CueInput {
  PacerSegment segment{};
  bool pacer_enabled = true;
  CueSettings settings{};
};

class CueGenerator {
 public:
  explicit CueGenerator(double sample_rate_hz);  // [8000, 192000]

  /// Fills out (mono) for session time starting at t_start_s, advancing session_per_sample_s
  /// per sample (1 / sample rate at real time; more for a sped-up simulation).
  void render(std::span<float> out, const CueInput& input, double t_start_s,
              double session_per_sample_s);

  double sample_rate_hz() const { return sample_rate_hz_; }
  /// The largest sample-to-sample change render() can produce (for "no clicks" checks).
  double max_sample_step() const;

 private:
  float tone_sample(const PacerState& st, float target_gain);
  float chime_sample(const PacerState& st, float target_gain);

  double sample_rate_hz_;
  double smoothing_per_sample_;  // one-pole coefficient for gains
  double tone_phase_ = 0.0;      // cycles, [0, 1)
  float tone_gain_ = 0.0f;
  double chime_phase_ = 0.0;
  double chime_hz_ = kChimeHighHz;
  double chime_envelope_ = 0.0;  // decaying bell amplitude (before the attack glide)
  float chime_gain_ = 0.0f;      // smoothed envelope actually applied
  float output_gain_ = 0.0f;     // smoothed master gain (volume, on/off)
  bool have_part_ = false;
  BreathPart last_part_ = BreathPart::kInhale;
};

}  // namespace resonant::ui
