#include <resonant/engine/simulator_host.hpp>

#include <stdexcept>

#include <resonant/drivers/simulated_device.hpp>
#include <resonant/engine/source_spec.hpp>

namespace resonant::engine {

struct SimulatorHost::Impl {
  explicit Impl(drivers::SimulatedDeviceConfig c) : device(std::move(c)) {}
  drivers::SimulatedDevice device;
  std::string path;
};

namespace {

drivers::SimulatedDeviceConfig to_config(const SimulatorOptions& o) {
  const auto scenario = drivers::sim::parse_scenario(o.scenario);
  if (!scenario) {
    throw std::invalid_argument("unknown scenario '" + o.scenario +
                                "'; choose one of: " + std::string(drivers::sim::scenario_help()));
  }
  if (!(o.speed >= kMinSimSpeed && o.speed <= kMaxSimSpeed)) {
    throw std::invalid_argument("speed must be between 0.1 and 100 (x real time)");
  }
  if (o.duration_s < 0.0) throw std::invalid_argument("duration must not be negative");
  drivers::SimulatedDeviceConfig c;
  c.scenario = *scenario;
  c.seed = o.seed;
  c.speed = o.speed;
  c.duration_s = o.duration_s;
  c.truth_path = o.truth_path;
  c.truth_events_path = o.truth_events_path;
  return c;
}

}  // namespace

SimulatorHost::SimulatorHost(const SimulatorOptions& options)
    : impl_(std::make_unique<Impl>(to_config(options))) {
  impl_->path = impl_->device.open();
  if (options.pacer) {
    impl_->device.set_pacer(PacerSchedule(*options.pacer, 0.0).current(), true);
  }
}

SimulatorHost::~SimulatorHost() { stop(); }

const std::string& SimulatorHost::path() const { return impl_->path; }
void SimulatorHost::start() { impl_->device.start(); }
void SimulatorHost::stop() { impl_->device.stop(); }
bool SimulatorHost::finished() const { return impl_->device.finished(); }
double SimulatorHost::model_time_s() const { return impl_->device.model_time_s(); }
std::uint64_t SimulatorHost::overruns() const { return impl_->device.overruns(); }

}  // namespace resonant::engine
