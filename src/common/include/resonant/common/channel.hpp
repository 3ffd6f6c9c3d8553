#pragma once
// Kinds of physiological channels a device can stream, with their physical units.
#include <cstdint>
#include <string_view>

namespace resonant {

enum class ChannelKind : std::uint8_t {
  kOther = 0,
  kEcg = 1,   // electrocardiogram, mV
  kPpg = 2,   // photoplethysmogram (finger/ear pulse), arbitrary units
  kResp = 3,  // respiration belt (strain/pressure), arbitrary units, larger = more air in
  kEda = 4,   // electrodermal activity (skin conductance), microsiemens
};

std::string_view to_string(ChannelKind kind);
std::string_view unit_of(ChannelKind kind);

}  // namespace resonant
