#pragma once
// SourceSpec (plain data from the UI/CLI) -> a driver SensorSource. Private to the engine:
// this is where the engine names drivers so the UI never has to.
#include <functional>
#include <memory>
#include <string>

#include <resonant/drivers/sensor_source.hpp>
#include <resonant/engine/source_spec.hpp>

namespace resonant::engine {

/// Returns nullptr and sets error (an actionable sentence) when the spec cannot be used.
std::unique_ptr<drivers::SensorSource> make_source(const SourceSpec& spec,
                                                   drivers::SensorQueue& queue,
                                                   std::function<void()> wake, std::string& error);

}  // namespace resonant::engine
