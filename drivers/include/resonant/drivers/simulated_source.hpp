#pragma once
// The simulated person as a SensorSource: a SimulatedDevice on an internal pseudo-terminal
// read back through the ordinary SerialSource, so the data always crosses a real serial port.
#include <functional>
#include <memory>

#include <resonant/drivers/serial_source.hpp>
#include <resonant/drivers/simulated_device.hpp>

namespace resonant::drivers {

std::unique_ptr<SensorSource> make_simulated_source(SimulatedDeviceConfig device,
                                                    SerialSourceConfig link, SensorQueue& queue,
                                                    std::function<void()> wake);

}  // namespace resonant::drivers
