#include "breathing.hpp"

#include <algorithm>
#include <cmath>

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kSecondsPerMinute = 60.0;

// Free breathing. Resting breath duration varies by about 10-20 % from breath to breath and
// inspiration takes about 40 % of the cycle (Tobin et al. 1983, Chest 84:202).
constexpr double kFreeRateDriftSigma = 0.04;  // relative, slow
constexpr double kFreeRateDriftTauS = 30.0;
constexpr double kBreathRateJitterSigma = 0.08;  // relative, per breath
constexpr double kBreathRateJitterMax = 0.25;
constexpr double kFreeInhaleFraction = 0.42;
constexpr double kFreeInhaleFractionSigma = 0.03;
constexpr double kFreeInhaleFractionMin = 0.3;
constexpr double kFreeInhaleFractionMax = 0.55;
constexpr double kFreeDepthMean = 0.8;    // resting tidal breaths are shallower than paced ones
constexpr double kFreeDepthSigma = 0.12;  // relative: tidal volume +-10-15 % breath to breath
constexpr double kFreeDepthMin = 0.3;
// Arousal: faster, shallower breathing.
constexpr double kArousalRateGain = 0.3;   // +30 % rate at arousal 1
constexpr double kArousalDepthLoss = 0.2;  // -20 % depth at arousal 1

// Paced breathing.
constexpr double kPacedDepthMean = 0.95;
constexpr double kPacedDepthSigma = 0.04;  // relative
constexpr double kPacedDepthMin = 0.5;
constexpr double kPacedRateErrorSigma = 0.02;  // relative timing error while following
constexpr double kPacedRateErrorTauS = 10.0;
constexpr double kMaxCouplingPerS = 0.5;     // phase pull at compliance 1: 1/k = 2 s
constexpr double kMaxCorrectionShare = 0.5;  // rate stays within 0.5..1.5 x the pacer rate
constexpr double kLapseProbabilityAtZeroCompliance = 0.25;  // per breath
constexpr double kMaxDepth = 1.0;

double wrap_cycles(double x) { return x - std::floor(x + 0.5); }  // into [-0.5, 0.5)

}  // namespace

Breathing::Breathing(const PersonParams& params, std::uint64_t seed, double tick_s)
    : params_(params), rng_(seed, Stream::kBreathing), tick_s_(tick_s) {
  free_rate_drift_ = SmoothOu(kFreeRateDriftSigma, kFreeRateDriftTauS, tick_s, rng_);
  paced_rate_error_ = SmoothOu(kPacedRateErrorSigma, kPacedRateErrorTauS, tick_s, rng_);
  phi_ = rng_.uniform();
  start_breath(nullptr, 0.0);
  volume_ = depth_ * pacer_volume(shape_, phi_);
}

void Breathing::start_breath(const PacerSegment* pacer, double arousal) {
  const bool pacer_on = pacer != nullptr && params_.pacer_compliance > 0.0;
  if (!pacer_on) {
    lapse_breaths_left_ = 0;
  } else if (lapse_breaths_left_ > 0) {
    --lapse_breaths_left_;  // a lapse breath just ended
  } else {
    const double p_lapse = kLapseProbabilityAtZeroCompliance * (1.0 - params_.pacer_compliance);
    if (rng_.uniform() < p_lapse) lapse_breaths_left_ = rng_.uniform() < 0.5 ? 1 : 2;
  }
  const bool follow = pacer_on && lapse_breaths_left_ == 0;
  rate_jitter_ = std::clamp(kBreathRateJitterSigma * rng_.gaussian(), -kBreathRateJitterMax,
                            kBreathRateJitterMax);
  const double g = rng_.gaussian();
  if (follow) {
    shape_ = pacer->settings;
    depth_ = std::clamp(kPacedDepthMean * (1.0 + kPacedDepthSigma * g), kPacedDepthMin, kMaxDepth);
  } else {
    shape_ = PacerSettings{};
    shape_.inhale_fraction =
        std::clamp(kFreeInhaleFraction + kFreeInhaleFractionSigma * rng_.gaussian(),
                   kFreeInhaleFractionMin, kFreeInhaleFractionMax);
    const double mean = kFreeDepthMean * (1.0 - kArousalDepthLoss * arousal);
    depth_ = std::clamp(mean * (1.0 + kFreeDepthSigma * g), kFreeDepthMin, kMaxDepth);
  }
}

void Breathing::step(const PacerSegment* pacer, double lagged_t_s, double arousal) {
  const double drift = free_rate_drift_.tick(rng_);
  const double paced_error = paced_rate_error_.tick(rng_);
  const bool pacer_on = pacer != nullptr && params_.pacer_compliance > 0.0;
  following_ = pacer_on && lapse_breaths_left_ == 0;

  double rate_hz = 0.0;
  if (following_) {
    const PacerState st = pacer_state(*pacer, lagged_t_s);
    const double pacer_hz = st.rate_bpm / kSecondsPerMinute;
    const double pacer_cycles = static_cast<double>(st.breath_index) + st.cycle_phase;
    const double pull_hz =
        kMaxCouplingPerS * params_.pacer_compliance * wrap_cycles(pacer_cycles - phi_);
    const double max_pull_hz = kMaxCorrectionShare * pacer_hz;
    rate_hz = pacer_hz * (1.0 + paced_error) + std::clamp(pull_hz, -max_pull_hz, max_pull_hz);
  } else {
    rate_hz = params_.spontaneous_breath_rate_bpm / kSecondsPerMinute * (1.0 + drift) *
              (1.0 + rate_jitter_) * (1.0 + kArousalRateGain * arousal);
  }

  const double previous = phi_;
  phi_ += rate_hz * tick_s_;
  if (std::floor(phi_) > std::floor(previous)) start_breath(pacer, arousal);
  volume_ = depth_ * pacer_volume(shape_, phi_ - std::floor(phi_));
}

}  // namespace resonant::drivers::sim::detail
