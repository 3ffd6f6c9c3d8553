#pragma once
// Session time: the one time base DSP, plots, recordings and the pacer use (seconds since
// the session started). The engine's time mapper produces it; this small value type lets
// another thread (the UI) read "now" in session time from its own steady clock.
#include <chrono>

namespace resonant {

using SteadyClock = std::chrono::steady_clock;

/// Affine map from the host steady clock to session time.
/// Plain value; copied through the Snapshot, so no synchronisation is needed.
struct SessionClock {
  SteadyClock::time_point host_anchor{};
  double session_anchor_s = 0.0;
  double session_per_host_s = 1.0;  // 1 for live sensors; the speed factor for simulations

  double session_now(SteadyClock::time_point now) const {
    const double dt = std::chrono::duration<double>(now - host_anchor).count();
    return session_anchor_s + dt * session_per_host_s;
  }
};

}  // namespace resonant
