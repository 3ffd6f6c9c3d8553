#pragma once
// The simulated person as a serial device: a pseudo-terminal whose far end (the "slave"
// path, e.g. /dev/pts/7) behaves like a Resonant sensor. The data therefore always crosses a
// real serial port, exactly as from hardware.
//
// Behaviour (hardware/protocol/PROTOCOL.md): waits for START, then answers HELLO + CHANNEL
// frames and streams SAMPLES (ECG 250 Hz, PPG 125 Hz, belt 50 Hz, EDA 25 Hz, in 80 ms blocks;
// without the belt when config.belt is false) and a STATUS frame each second, in real time x speed. When the host closes the port the
// person lives on (model time keeps running, ground truth keeps being written) and the
// device waits for the next START, like a sensor that was unplugged and plugged back in.
// Its microsecond clock starts 20 s before it wraps, so every run exercises the wrap.
//
// Threading contract: open/start/stop from one owner thread; set_pacer() and the getters
// from any thread. The writer runs on its own thread between start() and stop().
#include <cstdint>
#include <memory>
#include <string>

#include <resonant/common/pacer.hpp>
#include <resonant/common/session_clock.hpp>
#include <resonant/drivers/sim/person_model.hpp>

namespace resonant::drivers {

struct SimulatedDeviceConfig {
  sim::Scenario scenario = sim::Scenario::kCalm;
  std::uint64_t seed = 1;
  double speed = 1.0;                 // x real time, [0.1, 100]
  double duration_s = 0.0;            // model seconds to stream, then close (0 = until stop())
  // false = no respiration-belt channel, as a strap or pulse sensor alone; the person still
  // breathes, so RSA and the ECG/PPG modulations remain.
  bool belt = true;
  std::string truth_path;             // ground-truth beat times, seconds, one per line
  std::string truth_events_path;      // CSV t_start_s,t_end_s,kind (artifacts, arousal)
};

/// Channel layout of the simulated device (ids are RSP channel ids).
inline constexpr std::uint8_t kSimEcgChannel = 0;
inline constexpr std::uint8_t kSimPpgChannel = 1;
inline constexpr std::uint8_t kSimRespChannel = 2;
inline constexpr std::uint8_t kSimEdaChannel = 3;
inline constexpr double kSimBlockS = 0.08;

class SimulatedDevice {
 public:
  explicit SimulatedDevice(SimulatedDeviceConfig config);
  ~SimulatedDevice();
  SimulatedDevice(const SimulatedDevice&) = delete;
  SimulatedDevice& operator=(const SimulatedDevice&) = delete;

  /// Creates the pseudo-terminal; returns its path. Throws std::runtime_error with a
  /// readable message when the system cannot create one.
  std::string open();
  /// Starts the writer thread (after open()).
  void start();
  /// Stops the writer, closes the pty (the host sees the device disappear); idempotent.
  void stop();

  /// The pacer the person sees, in model time (seconds since the first sample).
  void set_pacer(const PacerSegment& segment, bool enabled);
  /// The pacer as shown on a screen: segment in session time, clock maps host time to session
  /// time. Converted to model time once streaming has started (model time 0 = first sample).
  void set_pacer(const PacerSegment& segment, bool enabled, const SessionClock& clock);

  /// True once duration_s of model time was streamed and the pty was closed.
  bool finished() const;
  /// Model seconds generated so far (0 before the first START).
  double model_time_s() const;
  /// Frames dropped because the host did not read fast enough (pty buffer full).
  std::uint64_t overruns() const;
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resonant::drivers
