#include "heart.hpp"

#include <algorithm>
#include <cmath>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr double kVolumeMidpoint = 0.5;  // lung volume around which breathing drives HR
constexpr double kHrDriftSigmaBpm = 2.0;
constexpr double kHrDriftTauS = 60.0;
// Mayer waves: HR oscillations near 0.1 Hz from the baroreflex loop: RMS 1 bpm (~15 ms of
// RR at 64 bpm, ~220 ms^2 of LF power), peaks of 2-3 bpm.
constexpr double kMayerRmsBpm = 1.0;
constexpr double kArousalHrGainBpm = 15.0;  // HR rise at arousal 1
constexpr double kArousalRsaLoss = 0.6;     // RSA x (1 - 0.6 a): vagal withdrawal
// IPFM threshold jitter: 0.6 % beat-to-beat RR noise (~6 ms at 64 bpm) that the slow terms
// do not explain.
constexpr double kBeatThresholdSigma = 0.006;
constexpr double kBeatThresholdMaxDev = 0.05;
// HR is kept in a range where IPFM and the waveforms stay meaningful.
constexpr double kMinHrBpm = 30.0;
constexpr double kMaxHrBpm = 200.0;

}  // namespace

Heart::Heart(const PersonParams& params, std::uint64_t seed, double tick_s)
    : params_(params),
      rng_(seed, Stream::kHeart),
      tick_s_(tick_s),
      rsa_scale_(2.0 * params.rsa_gain_bpm / (1.0 + kDirectVagalShare)),
      rsa_(params.resonance_hz, kResonanceQ, tick_s),
      mayer_(params.resonance_hz, kResonanceQ, tick_s) {
  drift_bpm_ = SmoothDrift(kHrDriftSigmaBpm, kHrDriftTauS, tick_s, rng_);
  // White-noise drive held over kSlowBlockTicks: spectral density sigma^2 * hold time.
  const double hold_s = tick_s * kSlowBlockTicks;
  const double unit_variance =
      resonator_white_noise_variance(params.resonance_hz, kResonanceQ, hold_s);
  mayer_drive_sigma_ = kMayerRmsBpm / std::sqrt(unit_variance);
  hr_bpm_ = params.resting_hr_bpm;
  beat_phase_ = rng_.uniform();  // the first beat comes at a random point of the cycle
}

int Heart::step(double t_s, double lung_volume, double arousal) {
  if (mayer_hold_ == 0) {
    mayer_input_ = mayer_drive_sigma_ * rng_.gaussian();
    mayer_hold_ = kSlowBlockTicks;
  }
  --mayer_hold_;
  const double drive = lung_volume - kVolumeMidpoint;
  const double rsa = rsa_.step(drive) + kDirectVagalShare * drive;
  const double mayer = mayer_.step(mayer_input_);
  const double drift = drift_bpm_.tick(rng_);

  const double h0 = hr_bpm_;
  const double h1 = std::clamp(params_.resting_hr_bpm + drift + kArousalHrGainBpm * arousal +
                                   (1.0 - kArousalRsaLoss * arousal) * rsa_scale_ * rsa + mayer,
                               kMinHrBpm, kMaxHrBpm);
  hr_bpm_ = h1;

  // Beats accumulated since the tick start at offset x: I(x) = a*x^2 + b*x (HR linear).
  const double a = (h1 - h0) / (2.0 * tick_s_ * kSecondsPerMinute);
  const double b = h0 / kSecondsPerMinute;
  const double tick_total = a * tick_s_ * tick_s_ + b * tick_s_;
  const double t_tick_start = t_s - tick_s_;
  double used = 0.0;  // I at the last beat inside this tick
  int n = 0;
  while (beat_phase_ + (tick_total - used) >= beat_threshold_ && n < kMaxBeatsPerTick) {
    // Solve a*x^2 + b*x = target; the form 2c/(b + sqrt(b^2 + 4ac)) avoids cancellation.
    const double target = used + (beat_threshold_ - beat_phase_);
    const double root = std::sqrt(std::max(0.0, b * b + 4.0 * a * target));
    const double x = std::clamp(2.0 * target / (b + root), 0.0, tick_s_);
    beats_[static_cast<std::size_t>(n++)] = t_tick_start + x;
    used = target;
    beat_phase_ = 0.0;
    beat_threshold_ = 1.0 + std::clamp(kBeatThresholdSigma * rng_.gaussian(), -kBeatThresholdMaxDev,
                                       kBeatThresholdMaxDev);
  }
  beat_phase_ += tick_total - used;
  return n;
}

}  // namespace resonant::drivers::sim::detail
