#include "qrs_thresholds.hpp"

#include <algorithm>

namespace resonant::dsp::detail {
namespace {

// Smallest SPKI the decay may reach, in (mV/s)^2: far below any ECG (a 0.05 mV QRS gives
// about 1e2) but keeps repeated halving over a flat line out of denormal numbers.
constexpr double kMinSignalLevel = 1e-9;
constexpr double kPeakWeight = 0.125;
constexpr double kSearchBackWeight = 0.25;
// A peak moves SPKI as if it were at most this many times SPKI (in the squared domain, about
// 2.8 x the QRS slope). A burst of electrode pops or motion artefact, 10-40 x the QRS, otherwise
// lifts SPKI and the thresholds so far that the clean beats after it are missed for seconds
// (Challenge 2015 a103l, lead V). A real rise in QRS size is still followed, by up to
// 1.875 x per beat. Measured plateau: 6-8 (a103l V and MIT-BIH; 5 adds false beats in 203, 10
// misses again): dsp/docs/ecg.md.
constexpr double kMaxPeakToSignal = 8.0;

double capped(double peak, double signal_level) {
  return signal_level > 0.0 ? std::min(peak, kMaxPeakToSignal * signal_level) : peak;
}

}  // namespace

void QrsThresholds::initialise(double signal_level, double noise_level) {
  signal_ = signal_level;
  noise_ = noise_level;
}

void QrsThresholds::on_signal_peak(double peak) {
  // No signal level yet (the learning period saw no peak): take the first one as it is.
  signal_ = signal_ > 0.0 ? kPeakWeight * capped(peak, signal_) + (1.0 - kPeakWeight) * signal_
                          : peak;
}

void QrsThresholds::on_search_back_peak(double peak) {
  signal_ = kSearchBackWeight * capped(peak, signal_) + (1.0 - kSearchBackWeight) * signal_;
}

void QrsThresholds::on_noise_peak(double peak) {
  noise_ = kPeakWeight * peak + (1.0 - kPeakWeight) * noise_;
}

void QrsThresholds::decay() { signal_ = std::max(kMinSignalLevel, 0.5 * signal_); }

}  // namespace resonant::dsp::detail
