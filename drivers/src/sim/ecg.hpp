#pragma once
// ECG morphology of one beat: five Gaussian waves (P, Q, R, S, T) around the R peak, after
// the ECGSYN model of McSharry et al. 2003 (IEEE TBME 50:289), expressed in time.
//
// ECGSYN writes each wave as an angle theta_i on the RR cycle with width b_i and weight a_i;
// the integrated wave has amplitude ~ a_i*b_i^2. At 60 bpm (RR = 1 s) the angle theta in
// degrees is theta/360 s and the width b in radians is b/(2*pi) s.
//
// Rate dependence: the QRS (Q, R, S) is kept at its 60-bpm timing (QRS duration does not
// depend on rate); P and T follow ECGSYN's scaling: centres ~ RR^(3/4) and widths ~ RR^(1/2)
// for a smoothed RR, so QT shortens as the rate rises.
//
// The R wave is centred exactly on the beat time. The S wave sits a little later than
// ECGSYN's 15 degrees (44.4 ms instead of 41.7 ms) so that the slopes of Q and S cancel at
// the R centre: the ECG maximum is then exactly at the beat time (P and T tails move it by
// less than 0.01 ms), for every rate, gain and widening, since all three scale together.
#include <array>

#include "beat_ring.hpp"

namespace resonant::drivers::sim::detail {

struct EcgBeat {
  double t_s = 0.0;       // R peak
  double rr_s = 1.0;      // smoothed RR interval for the P/T timing, clamped to [0.3, 2] s
  double qrs_gain = 1.0;  // respiratory modulation of the QRS amplitude (EDR)
  bool ectopic = false;   // premature ventricular beat: no P, wide QRS, inverted T
  bool missing = false;   // the QRS and the rest of the complex are lost (low residue)
};

std::array<Wave, kEcgWaves> ecg_waves(const EcgBeat& beat);

/// The R-wave amplitude of a normal beat at qrs_gain 1 (mV).
inline constexpr double kEcgRAmplitudeMv = 1.0;
/// Share of the complex left in a beat lost from the ECG ("missed beat").
inline constexpr double kEcgMissedResidualShare = 0.05;

}  // namespace resonant::drivers::sim::detail
