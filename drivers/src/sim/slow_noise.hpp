#pragma once
// Slow random processes: Ornstein–Uhlenbeck drifts (heart-rate drift, breathing-rate drift,
// baseline wander, tonic skin conductance).
//
// OU: dx = -x/tau dt + sigma*sqrt(2/tau) dW, stationary standard deviation sigma, correlation
// time tau. Discretised exactly (Gillespie 1996): x' = a*x + sigma*sqrt(1 - a^2)*g with
// a = exp(-step/tau), so any step size gives the same statistics and nothing drifts away.
#include <cmath>

#include "random.hpp"

namespace resonant::drivers::sim::detail {

/// Model ticks between updates of a slow process (10 Hz): these processes have correlation
/// times of seconds to minutes, so updating them at the full tick rate would only cost time.
inline constexpr int kSlowBlockTicks = 25;

class OuProcess {
 public:
  OuProcess() = default;
  /// Starts from the stationary distribution, so no warm-up is needed.
  OuProcess(double sigma, double tau_s, double step_s, Rng& rng)
      : sigma_(sigma),
        decay_(std::exp(-step_s / tau_s)),
        kick_(sigma * std::sqrt(1.0 - decay_ * decay_)),
        x_(sigma * rng.gaussian()) {}

  double step(Rng& rng) {
    x_ = decay_ * x_ + kick_ * rng.gaussian();
    return x_;
  }
  double value() const { return x_; }
  double sigma() const { return sigma_; }

 private:
  double sigma_ = 0.0;
  double decay_ = 0.0;
  double kick_ = 0.0;
  double x_ = 0.0;
};

/// An OU process updated every kSlowBlockTicks ticks and linearly interpolated in between,
/// so it has no steps at the tick rate (a step in an ECG baseline would look like a spike to
/// a derivative-based QRS detector). The output lags the process by one block (0.1 s).
class SmoothOu {
 public:
  SmoothOu() = default;
  SmoothOu(double sigma, double tau_s, double tick_s, Rng& rng)
      : ou_(sigma, tau_s, tick_s * kSlowBlockTicks, rng),
        from_(ou_.value()),
        to_(ou_.value()),
        value_(ou_.value()) {}

  /// Advances one tick and returns the value.
  double tick(Rng& rng) {
    if (k_ == kSlowBlockTicks) {
      from_ = to_;
      to_ = ou_.step(rng);
      k_ = 0;
    }
    ++k_;
    value_ = from_ + (to_ - from_) * (static_cast<double>(k_) / kSlowBlockTicks);
    return value_;
  }
  double value() const { return value_; }

 private:
  OuProcess ou_;
  double from_ = 0.0;
  double to_ = 0.0;
  double value_ = 0.0;
  int k_ = kSlowBlockTicks;
};

/// A smooth drift: an OU process (correlation time tau/2) through a first-order lag (time
/// constant tau/2), scaled so that its stationary standard deviation is sigma. A plain OU
/// process is rough at short time scales (its change over dt grows like sqrt(dt)): with
/// sigma = 2 bpm and tau = 60 s it would move heart rate by ~1.2 bpm within a 10-s breath,
/// which real slow HR trends do not do and which would blur the RSA amplitude. The lagged
/// OU changes like dt at short scales and has the same slow behaviour. Updated every
/// kSlowBlockTicks ticks and interpolated like SmoothOu.
class SmoothDrift {
 public:
  SmoothDrift() = default;
  SmoothDrift(double sigma, double tau_s, double tick_s, Rng& rng)
      // Stage variances: OU sigma1^2; lagged stage sigma1^2 * tau1/(tau1 + tau2) = sigma1^2/2.
      : ou_(std::sqrt(2.0) * sigma, 0.5 * tau_s, tick_s * kSlowBlockTicks, rng),
        lag_decay_(std::exp(-tick_s * kSlowBlockTicks / (0.5 * tau_s))) {
    // Start in the joint stationary state: cov(ou, lagged) = sigma1^2/2.
    lagged_ = 0.5 * ou_.value() + 0.5 * ou_.sigma() * rng.gaussian();
    from_ = to_ = value_ = lagged_;
  }

  double tick(Rng& rng) {
    if (k_ == kSlowBlockTicks) {
      from_ = to_;
      lagged_ = lag_decay_ * lagged_ + (1.0 - lag_decay_) * ou_.step(rng);
      to_ = lagged_;
      k_ = 0;
    }
    ++k_;
    value_ = from_ + (to_ - from_) * (static_cast<double>(k_) / kSlowBlockTicks);
    return value_;
  }

 private:
  OuProcess ou_;
  double lag_decay_ = 0.0;
  double lagged_ = 0.0;
  double from_ = 0.0;
  double to_ = 0.0;
  double value_ = 0.0;
  int k_ = kSlowBlockTicks;
};

}  // namespace resonant::drivers::sim::detail
