#include "qrs_thresholds.hpp"

#include <algorithm>

namespace resonant::dsp::detail {
namespace {

// Smallest SPKI the decay may reach, in (mV/s)^2: far below any ECG (a 0.05 mV QRS gives
// about 1e2) but keeps repeated halving over a flat line out of denormal numbers.
constexpr double kMinSignalLevel = 1e-9;
constexpr double kPeakWeight = 0.125;
constexpr double kSearchBackWeight = 0.25;
// A search-back beat whose peak is under this fraction of SPKI (half the QRS slope: the
// integrator squares it) shows that SPKI no longer describes the QRS: a burst of artefact
// accepted as beats lifted it, or the QRS shrank. SPKI then moves halfway to the beat instead
// of a quarter. After bursts clipped at 2 mV on a 0.4 mV QRS (Challenge 2015 a103l lead V),
// SPKI stayed high enough for clean beats to be missed, and the misses alternating with found
// beats held the RR averages at 1.5 x the true RR, so that the search-back never looked for a
// single missed beat again. Measured plateau: 0.2-0.5 (at 0.125 a103l still misses); weight 0.5
// (at 0.35 MIT-BIH gains nothing). dsp/docs/ecg.md.
constexpr double kFarBelowSignalLevel = 0.25;
constexpr double kFarBelowWeight = 0.5;

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
  const double weight =
      peak < kFarBelowSignalLevel * signal_ ? kFarBelowWeight : kSearchBackWeight;
  signal_ = weight * peak + (1.0 - weight) * signal_;
}

void QrsThresholds::on_noise_peak(double peak) {
  noise_ = kPeakWeight * peak + (1.0 - kPeakWeight) * noise_;
}

void QrsThresholds::decay() { signal_ = std::max(kMinSignalLevel, 0.5 * signal_); }

}  // namespace resonant::dsp::detail
