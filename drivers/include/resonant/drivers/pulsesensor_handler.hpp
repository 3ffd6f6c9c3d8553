#pragma once
// PulseSensor Playground on an Arduino behind the ProtocolHandler seam (sensor-protocols.md
// §5.1): 115200 8N1, the sketch streams on its own (no commands), PulseSensorDecoder decodes.
#include <cstddef>
#include <memory>

#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

inline constexpr SerialSettings kPulseSensorSettings{115200, Parity::kNone};
/// Lines carry no checksum: 20 valid lines (0.4 s of samples) before the format is believed.
inline constexpr std::size_t kPulseSensorLinesToConfirm = 20;

std::unique_ptr<ProtocolHandler> make_pulsesensor_handler(const ProtocolOptions& options);

}  // namespace resonant::drivers
