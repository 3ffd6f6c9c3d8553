#pragma once
// One interface for everything that produces sensor data: serial devices (one decoder per
// protocol), the simulated person on a pty, and (later) replay of recordings.
#include <memory>
#include <string>

#include <resonant/common/link_status.hpp>
#include <resonant/common/pacer.hpp>
#include <resonant/common/session_clock.hpp>
#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

/// Threading contract: start(), stop() and on_pacer_changed() are called from one owner
/// thread (the engine). The source runs its own I/O thread(s) between start() and stop()
/// and is the single producer of the queue it was given. state() and counters() may be
/// called from any thread. The destructor stops and joins.
class SensorSource {
 public:
  virtual ~SensorSource() = default;

  /// Begins connecting; returns at once. Progress and errors arrive as LinkEvents.
  virtual void start() = 0;
  /// Closes the link and joins the source's threads; idempotent.
  virtual void stop() = 0;

  virtual LinkState state() const = 0;
  virtual LinkCounters counters() const = 0;
  /// A short human description, e.g. "simulated person (seed 1, x20)" or "/dev/ttyUSB0 (resonant)".
  virtual std::string description() const = 0;

  /// The pacer the person sees changed (segment in session time; clock maps host time to
  /// session time). Real sensors ignore it; the simulated person follows it as shown on
  /// screen, i.e. in host time.
  virtual void on_pacer_changed(const PacerSegment& /*segment*/, bool /*enabled*/,
                                const SessionClock& /*clock*/) {}
};

}  // namespace resonant::drivers
