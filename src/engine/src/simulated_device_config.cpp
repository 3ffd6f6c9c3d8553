#include "simulated_device_config.hpp"

#include <resonant/engine/source_spec.hpp>

namespace resonant::engine {

std::optional<drivers::SimulatedDeviceConfig> simulated_device_config(
    const SimulatedPersonOptions& o, std::string& error) {
  const auto scenario = drivers::sim::parse_scenario(o.scenario);
  if (!scenario) {
    error = "unknown scenario '" + o.scenario + "'; choose one of: " +
            std::string(drivers::sim::scenario_names());
    return std::nullopt;
  }
  if (!(o.speed >= kMinSimSpeed && o.speed <= kMaxSimSpeed)) {
    error = "speed must be between 0.1 and 100 (x real time)";
    return std::nullopt;
  }
  if (o.duration_s < 0.0) {
    error = "duration must not be negative";
    return std::nullopt;
  }
  drivers::SimulatedDeviceConfig c;
  c.scenario = *scenario;
  c.seed = o.seed;
  c.speed = o.speed;
  c.duration_s = o.duration_s;
  c.truth_path = o.truth_path;
  c.truth_events_path = o.truth_events_path;
  c.belt = o.belt;
  return c;
}

}  // namespace resonant::engine
