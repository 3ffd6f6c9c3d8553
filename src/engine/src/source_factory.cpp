#include "source_factory.hpp"

#include "replay_source.hpp"
#include "simulated_device_config.hpp"

#include <algorithm>

#include <filesystem>

#include <resonant/drivers/ant_plus_key.hpp>
#include <resonant/drivers/serial_source.hpp>
#include <resonant/drivers/simulated_source.hpp>

namespace resonant::engine {

std::unique_ptr<drivers::SensorSource> make_source(const SourceSpec& spec,
                                                   drivers::SensorQueue& queue,
                                                   std::function<void()> wake, std::string& error) {
  error.clear();
  switch (spec.kind) {
    case SourceKind::kNone:
      error = "no source selected";
      return nullptr;
    case SourceKind::kSimulated: {
      const auto device = simulated_device_config(
          {spec.scenario, spec.seed, spec.speed, 0.0, spec.truth_path, spec.truth_events_path,
           spec.belt},
          error);
      if (!device) return nullptr;
      drivers::SerialSourceConfig link;
      link.protocol = "resonant";
      // At x speed the device's data arrive speed times faster: scale the watchdog so a
      // stall means the same amount of model time.
      link.stall_after_s = std::max(0.5, 2.0 / device->speed);
      link.give_up_after_s = spec.give_up_after_s;
      return drivers::make_simulated_source(*device, link, queue, std::move(wake));
    }
    case SourceKind::kSerial: {
      if (spec.port.empty()) {
        error = "no serial port given: name the device, e.g. /dev/ttyUSB0";
        return nullptr;
      }
      if (!is_supported_protocol(spec.protocol)) {
        error = "unknown protocol '" + spec.protocol + "'; supported: " +
                std::string(supported_protocols());
        return nullptr;
      }
      drivers::SerialSourceConfig link;
      link.port = spec.port;
      link.protocol = spec.protocol;
      if (spec.protocol == "ant-plus" || spec.protocol == "auto") {
        // The ANT+ network key lives in the user's configuration, never in Resonant.
        const auto ant = drivers::load_ant_plus_options();
        link.options = ant.options;
        std::error_code ec;
        if (spec.protocol == "ant-plus" && !ant.error.empty() &&
            std::filesystem::exists(ant.options.ant_key_source, ec)) {
          error = ant.error;  // the file is there but wrong: say which line
          return nullptr;
        }
      }
      link.give_up_after_s = spec.give_up_after_s;
      return drivers::make_serial_source(link, queue, std::move(wake));
    }
    case SourceKind::kStoredSession:
      return detail::make_replay_source(spec, queue, std::move(wake), error);
  }
  error = "unknown source";
  return nullptr;
}

}  // namespace resonant::engine
