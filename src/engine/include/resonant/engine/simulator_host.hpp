#pragma once
// The simulated person as a stand-alone serial device (resonant-cli simulate --pty): a thin
// facade so resonant-cli needs only the engine library.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <resonant/common/pacer.hpp>

namespace resonant::engine {

struct SimulatorOptions {
  std::string scenario = "calm";
  std::uint64_t seed = 1;
  double speed = 1.0;                    // [0.1, 100]
  double duration_s = 0.0;               // 0 = until stopped
  std::string truth_path;
  std::string truth_events_path;
  bool belt = true;                      // false = no respiration-belt channel
  std::optional<PacerSettings> pacer;    // the person follows this pacer; none = free breathing
};

/// Threading contract: one owner thread; the device streams on its own thread.
class SimulatorHost {
 public:
  /// Throws std::invalid_argument (unknown scenario, speed out of range) or
  /// std::runtime_error (no pty, truth file not writable) with a readable message.
  explicit SimulatorHost(const SimulatorOptions& options);
  ~SimulatorHost();

  /// The pty path a host should open (valid after construction).
  const std::string& path() const;
  void start();
  void stop();
  bool finished() const;
  double model_time_s() const;
  std::uint64_t overruns() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resonant::engine
