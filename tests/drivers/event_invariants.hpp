#pragma once
// What every event a decoder emits must satisfy, whatever bytes it was fed: used by each
// protocol's fuzz harness (the always-run gtest and the libFuzzer target).
#include <cmath>
#include <optional>
#include <string>
#include <variant>

#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

/// Empty when the event is valid; otherwise what is wrong with it.
inline std::optional<std::string> event_problem(const SensorEvent& e) {
  if (const auto* b = std::get_if<SampleBlock>(&e)) {
    if (b->count == 0 || b->count > kMaxSamplesPerBlock) {
      return "sample block with count " + std::to_string(b->count);
    }
    for (std::size_t i = 0; i < b->count; ++i) {
      if (!std::isfinite(b->values[i])) return std::string("non-finite sample");
    }
  } else if (const auto* c = std::get_if<ChannelInfo>(&e)) {
    if (!(c->rate_hz > 0.0 && c->rate_hz <= 10000.0)) return std::string("channel rate out of range");
    if (c->channel >= 8) return std::string("channel id >= 8");
  } else if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
    // A heart beats between 20 and 300 times a minute: RR in (200 ms, 3 s] or unknown.
    if (beat->rr_us != 0 && (beat->rr_us < 200'000 || beat->rr_us > 3'000'000)) {
      return "implausible RR " + std::to_string(beat->rr_us) + " us";
    }
  } else if (const auto* s = std::get_if<DeviceStatus>(&e)) {
    if (s->battery_pct != 255 && s->battery_pct > 100) return std::string("battery above 100 %");
  }
  return std::nullopt;
}

}  // namespace resonant::drivers
