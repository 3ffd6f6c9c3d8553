#include "eda.hpp"

#include <cmath>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr double kArousalTonicGain = 0.5;  // tonic level +50 % at arousal 1
constexpr double kArousalLagS = 10.0;
constexpr double kTonicDriftShare = 0.08;  // drift sigma as a share of the tonic level
constexpr double kTonicDriftTauS = 120.0;
constexpr double kScrRateAtRestPerMin = 2.0;
constexpr double kArousalScrRateGain = 3.0;  // 4x as many SCRs at arousal 1
constexpr double kScrMedianUs = 0.08;
constexpr double kScrLogSigma = 0.5;
constexpr double kArousalScrAmpGain = 2.0;  // 3x larger at arousal 1
constexpr double kRiseTauS = 0.75;
constexpr double kFallTauS = 3.0;

}  // namespace

Eda::Eda(const PersonParams& params, bool tonic_drift, std::uint64_t seed, double tick_s)
    : tonic_us_(params.eda_tonic_us),
      tonic_drift_(tonic_drift),
      tick_s_(tick_s),
      rng_(seed, Stream::kEda),
      arousal_lag_alpha_(1.0 - std::exp(-tick_s / kArousalLagS)),
      rise_decay_(std::exp(-tick_s / kRiseTauS)),
      fall_decay_(std::exp(-tick_s / kFallTauS)) {
  drift_ = SmoothDrift(kTonicDriftShare * params.eda_tonic_us, kTonicDriftTauS, tick_s, rng_);
  const double t_peak =
      std::log(kFallTauS / kRiseTauS) * kRiseTauS * kFallTauS / (kFallTauS - kRiseTauS);
  bateman_peak_ = std::exp(-t_peak / kFallTauS) - std::exp(-t_peak / kRiseTauS);
  next_hazard_ = rng_.exponential();
}

double Eda::step(double arousal) {
  arousal_lag_ += arousal_lag_alpha_ * (arousal - arousal_lag_);
  const double drift = drift_.tick(rng_);  // drawn in every scenario: same SCRs for one seed
  hazard_ +=
      kScrRateAtRestPerMin / kSecondsPerMinute * (1.0 + kArousalScrRateGain * arousal) * tick_s_;
  if (hazard_ >= next_hazard_) {
    hazard_ = 0.0;
    next_hazard_ = rng_.exponential();
    const double amplitude_us = kScrMedianUs * std::exp(kScrLogSigma * rng_.gaussian()) *
                                (1.0 + kArousalScrAmpGain * arousal);
    rise_ += amplitude_us / bateman_peak_;
    fall_ += amplitude_us / bateman_peak_;
  }
  rise_ *= rise_decay_;
  fall_ *= fall_decay_;
  return tonic_us_ * (1.0 + kArousalTonicGain * arousal_lag_) + (tonic_drift_ ? drift : 0.0) +
         (fall_ - rise_);
}

}  // namespace resonant::drivers::sim::detail
