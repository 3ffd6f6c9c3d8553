#include <resonant/ui/cue_generator.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace resonant::ui {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kMinSampleRateHz = 8000.0;
constexpr double kMaxSampleRateHz = 192000.0;
constexpr double kToneSwellShare = 0.15;    // share of a part over which the tone swells in / out
constexpr double kChimeOvertoneRatio = 2.0; // a soft octave above the fundamental
constexpr double kChimeOvertoneLevel = 0.2;
constexpr double kChimeNorm = 1.0 / (1.0 + kChimeOvertoneLevel);
constexpr float kSilenceFloor = 1e-5f;      // a fading gain below this is silence

double smoothstep01(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3.0 - 2.0 * x);
}

bool is_breathing(BreathPart part) {
  return part == BreathPart::kInhale || part == BreathPart::kExhale;
}

// One-pole glide toward target; settles on exactly 0 so silence is silent.
float glide(float value, float target, double coefficient) {
  value += static_cast<float>(coefficient) * (target - value);
  if (target == 0.0f && std::abs(value) < kSilenceFloor) value = 0.0f;
  return value;
}

double advance(double phase_cycles, double hz, double sample_rate_hz) {
  phase_cycles += hz / sample_rate_hz;
  return phase_cycles - std::floor(phase_cycles);
}

}  // namespace

std::string_view to_string(CueSound sound) {
  switch (sound) {
    case CueSound::kOff: return "off";
    case CueSound::kTone: return "tone";
    case CueSound::kChime: return "chime";
  }
  return "off";
}

CueGenerator::CueGenerator(double sample_rate_hz)
    : sample_rate_hz_(std::clamp(sample_rate_hz, kMinSampleRateHz, kMaxSampleRateHz)),
      smoothing_per_sample_(1.0 - std::exp(-1.0 / (sample_rate_hz_ * kGainSmoothingS))) {}

double CueGenerator::max_sample_step() const {
  // A sine of amplitude A at f changes by at most 2*pi*f/rate*A per sample; each
  // glided gain adds at most its coefficient times the level it scales (the master gain
  // scales tone + chime, up to twice full level while one sound fades into the other).
  const double tone = kTwoPi * kToneHighHz / sample_rate_hz_;
  const double chime = kTwoPi * kChimeHighHz * (1.0 + kChimeOvertoneLevel * kChimeOvertoneRatio) *
                       kChimeNorm / sample_rate_hz_;
  return kFullLevel * (tone + chime + 4.0 * smoothing_per_sample_);
}

float CueGenerator::tone_sample(const PacerState& st, float target_gain) {
  const double swell = is_breathing(st.part)
                           ? smoothstep01(st.part_progress / kToneSwellShare) *
                                 smoothstep01((1.0 - st.part_progress) / kToneSwellShare)
                           : 0.0;
  tone_gain_ = glide(tone_gain_, target_gain * static_cast<float>(swell), smoothing_per_sample_);
  const double hz = kToneLowHz + (kToneHighHz - kToneLowHz) * std::clamp(st.volume, 0.0, 1.0);
  tone_phase_ = advance(tone_phase_, hz, sample_rate_hz_);
  return tone_gain_ * static_cast<float>(std::sin(kTwoPi * tone_phase_));
}

float CueGenerator::chime_sample(const PacerState& st, float target_gain) {
  if (have_part_ && st.part != last_part_) {
    // A turn: the inhale ending (top of the breath) or the exhale ending (bottom).
    if (last_part_ == BreathPart::kInhale || last_part_ == BreathPart::kExhale) {
      chime_hz_ = last_part_ == BreathPart::kInhale ? kChimeHighHz : kChimeLowHz;
      chime_envelope_ = 1.0;
    }
  }
  chime_envelope_ *= std::exp(-1.0 / (sample_rate_hz_ * kChimeDecayS));
  chime_gain_ = glide(chime_gain_, target_gain * static_cast<float>(chime_envelope_),
                      smoothing_per_sample_);
  chime_phase_ = advance(chime_phase_, chime_hz_, sample_rate_hz_);
  const double bell = (std::sin(kTwoPi * chime_phase_) +
                       kChimeOvertoneLevel * std::sin(kTwoPi * kChimeOvertoneRatio * chime_phase_)) *
                      kChimeNorm;
  return chime_gain_ * static_cast<float>(bell);
}

void CueGenerator::render(std::span<float> out, const CueInput& input, double t_start_s,
                          double session_per_sample_s) {
  const CueSettings& s = input.settings;
  const bool audible = input.pacer_enabled && s.sound != CueSound::kOff;
  const float master_target =
      audible ? kFullLevel * std::clamp(s.volume, 0.0f, 1.0f) : 0.0f;
  const float tone_target = s.sound == CueSound::kTone ? 1.0f : 0.0f;
  const float chime_target = s.sound == CueSound::kChime ? 1.0f : 0.0f;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double t_s = t_start_s + static_cast<double>(i) * session_per_sample_s;
    const PacerState st = pacer_state(input.segment, t_s);
    output_gain_ = glide(output_gain_, master_target, smoothing_per_sample_);
    const float mix = tone_sample(st, tone_target) +
                      chime_sample(st, chime_target);
    out[i] = output_gain_ * mix;
    last_part_ = st.part;
    have_part_ = true;
  }
}

}  // namespace resonant::ui
