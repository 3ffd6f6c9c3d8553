#pragma once
// Finger PPG pulse of one beat: a systolic wave (steeper rise than fall) peaking at
// beat + pulse transit time, and a smaller dicrotic wave after it, whose delay shortens with
// the RR interval like the ejection time does. Amplitude in a.u. (1 = a normal pulse).
#include <array>

#include "beat_ring.hpp"

namespace resonant::drivers::sim::detail {

struct PpgBeat {
  double t_s = 0.0;         // R peak of the beat that ejects this pulse
  double transit_s = 0.25;  // R peak to systolic peak
  double amplitude = 1.0;
  double rr_s = 1.0;  // smoothed RR interval
};

std::array<Wave, kPpgWaves> ppg_waves(const PpgBeat& beat);

}  // namespace resonant::drivers::sim::detail
