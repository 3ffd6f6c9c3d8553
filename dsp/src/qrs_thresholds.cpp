#include "qrs_thresholds.hpp"

#include <algorithm>

namespace resonant::dsp::detail {
namespace {

// Smallest SPKI the decay may reach, in (mV/s)^2: far below any ECG (a 0.05 mV QRS gives
// about 1e2) but keeps repeated halving over a flat line out of denormal numbers.
constexpr double kMinSignalLevel = 1e-9;
constexpr double kPeakWeight = 0.125;
constexpr double kSearchBackWeight = 0.25;

}  // namespace

void QrsThresholds::initialise(double signal_level, double noise_level) {
  signal_ = signal_level;
  noise_ = noise_level;
}

void QrsThresholds::on_signal_peak(double peak) {
  // No signal level yet (the learning period saw no peak): take the first one as it is.
  signal_ = signal_ > 0.0 ? kPeakWeight * peak + (1.0 - kPeakWeight) * signal_ : peak;
}

void QrsThresholds::on_search_back_peak(double peak) {
  signal_ = kSearchBackWeight * peak + (1.0 - kSearchBackWeight) * signal_;
}

void QrsThresholds::on_noise_peak(double peak) {
  noise_ = kPeakWeight * peak + (1.0 - kPeakWeight) * noise_;
}

void QrsThresholds::decay() { signal_ = std::max(kMinSignalLevel, 0.5 * signal_); }

}  // namespace resonant::dsp::detail
