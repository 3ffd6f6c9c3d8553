#include "sensors.hpp"

#include <cmath>
#include <numbers>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kMainsMv = 0.015;
constexpr double kEcgWhiteMv = 0.01;
constexpr double kEcgRespWanderMv = 0.1;  // per unit lung volume (chest movement)
constexpr double kEcgDriftMv = 0.05;
constexpr double kEcgDriftTauS = 8.0;
constexpr double kPpgWhiteAu = 0.005;
constexpr double kPpgDriftAu = 0.05;
constexpr double kPpgDriftTauS = 20.0;
constexpr double kPpgAmbientNoiseAu = 0.002;
constexpr double kBeltWhiteAu = 0.005;
constexpr double kBeltDriftAu = 0.05;
constexpr double kBeltDriftTauS = 60.0;
constexpr double kEdaWhiteUs = 0.002;
constexpr double kVolumeMidpoint = 0.5;

constexpr double kMotionCutoffHz = 1.5;
constexpr double kMotionEcgMv = 0.8;  // RMS of the low-frequency part
constexpr double kMotionEcgWhiteMv = 0.15;
constexpr double kMotionPpgAu = 1.0;
constexpr double kMotionPpgWhiteAu = 0.05;
constexpr double kMotionBeltAu = 0.3;
constexpr double kMotionEdaUs = 0.03;

}  // namespace

Sensors::Sensors(const ScenarioConfig& config, std::uint64_t seed, double tick_s)
    : config_(config), rng_(seed, Stream::kNoise) {
  for (std::size_t i = 0; i < kTicksPerMainsCycle; ++i) {
    mains_mv_[i] = kMainsMv * std::sin(kTwoPi * static_cast<double>(i) /
                                       static_cast<double>(kTicksPerMainsCycle));
  }
  ecg_drift_mv_ = SmoothOu(kEcgDriftMv, kEcgDriftTauS, tick_s, rng_);
  ppg_drift_au_ = SmoothDrift(kPpgDriftAu, kPpgDriftTauS, tick_s, rng_);
  belt_drift_au_ = SmoothDrift(kBeltDriftAu, kBeltDriftTauS, tick_s, rng_);
  // Two identical one-pole stages y += alpha*(x - y): for unit white input the output
  // variance is alpha^4 (1 + rho^2) / (1 - rho^2)^3 with rho = 1 - alpha.
  motion_alpha_ = 1.0 - std::exp(-kTwoPi * kMotionCutoffHz * tick_s);
  const double rho = 1.0 - motion_alpha_;
  const double variance =
      std::pow(motion_alpha_, 4) * (1.0 + rho * rho) / std::pow(1.0 - rho * rho, 3);
  motion_norm_ = 1.0 / std::sqrt(variance);
}

double Sensors::motion_sample() {
  motion_stage1_ += motion_alpha_ * (rng_.gaussian() - motion_stage1_);
  motion_stage2_ += motion_alpha_ * (motion_stage1_ - motion_stage2_);
  return motion_norm_ * motion_stage2_;
}

void Sensors::render(std::int64_t tick, const CleanChannels& clean, const ArtifactState& artifacts,
                     Tick& out) {
  double ecg = clean.ecg_mv;
  double ppg = clean.ppg_au;
  double belt = clean.lung_volume;
  double eda = clean.eda_us;

  if (config_.baseline_drift) {
    ecg += ecg_drift_mv_.tick(rng_);
    ppg += ppg_drift_au_.tick(rng_);
    belt += belt_drift_au_.tick(rng_);
  }
  if (config_.sensor_noise) {
    const double mains = mains_mv_[static_cast<std::size_t>(tick) % kTicksPerMainsCycle];
    ecg += kEcgRespWanderMv * (clean.lung_volume - kVolumeMidpoint) +
           kEcgWhiteMv * rng_.gaussian() + mains;
    ppg += kPpgWhiteAu * rng_.gaussian();
    belt += kBeltWhiteAu * rng_.gaussian();
    eda += kEdaWhiteUs * rng_.gaussian();
  }
  if (artifacts.motion > 0.0) {
    const double m = artifacts.motion * motion_sample();
    ecg += kMotionEcgMv * m + artifacts.motion * kMotionEcgWhiteMv * rng_.gaussian();
    ppg += kMotionPpgAu * m + artifacts.motion * kMotionPpgWhiteAu * rng_.gaussian();
    belt += kMotionBeltAu * m;
    eda += kMotionEdaUs * m;
  } else {
    motion_stage1_ = motion_stage2_ = 0.0;  // each movement starts from rest
  }
  if (artifacts.ecg_off) ecg = kEcgRailMv;
  if (artifacts.ppg_off) ppg = kPpgAmbientAu + kPpgAmbientNoiseAu * rng_.gaussian();

  out.ecg_mv = static_cast<float>(ecg);
  out.ppg_au = static_cast<float>(ppg);
  out.resp_au = static_cast<float>(belt);
  out.eda_us = static_cast<float>(eda);
  out.ecg_contact = !artifacts.ecg_off;
  out.ppg_contact = !artifacts.ppg_off;
}

}  // namespace resonant::drivers::sim::detail
