#include <resonant/engine/simulator_host.hpp>

#include <stdexcept>

#include <resonant/drivers/simulated_device.hpp>
#include "simulated_device_config.hpp"

namespace resonant::engine {

struct SimulatorHost::Impl {
  explicit Impl(drivers::SimulatedDeviceConfig c) : device(std::move(c)) {}
  drivers::SimulatedDevice device;
  std::string path;
};

namespace {

drivers::SimulatedDeviceConfig to_config(const SimulatorOptions& o) {
  std::string error;
  auto config = simulated_device_config(
      {o.scenario, o.seed, o.speed, o.duration_s, o.truth_path, o.truth_events_path, o.belt},
      error);
  if (!config) throw std::invalid_argument(error);
  return *config;
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
