#pragma once
// Options of the simulated person (from a SourceSpec or resonant-cli simulate) -> the
// device's config. One place that validates the scenario and the speed, for both the
// engine's source factory and the stand-alone SimulatorHost.
#include <cstdint>
#include <optional>
#include <string>

#include <resonant/drivers/simulated_device.hpp>

namespace resonant::engine {

struct SimulatedPersonOptions {
  std::string scenario;
  std::uint64_t seed = 1;
  double speed = 1.0;
  double duration_s = 0.0;
  std::string truth_path;
  std::string truth_events_path;
  bool belt = true;  // false = the device has no respiration-belt channel
};

/// nullopt and an actionable one-line error when the scenario or the speed is not valid.
std::optional<drivers::SimulatedDeviceConfig> simulated_device_config(
    const SimulatedPersonOptions& options, std::string& error);

}  // namespace resonant::engine
