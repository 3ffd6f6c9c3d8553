#pragma once
// Fuzzing harness shared by the always-run gtest (pulsesensor_fuzz_test.cpp) and the libFuzzer
// target (tests/fuzz/pulsesensor_fuzz.cpp): bytes in data-derived chunkings through
// PulseSensorDecoder; every event must satisfy event_problem(), samples follow a channel
// description and stay in range, beats keep rr_us equal to their device-time difference.
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/pulsesensor_decoder.hpp>

#include "event_invariants.hpp"

namespace resonant::drivers {

struct PulseSensorFuzzOutcome {
  bool invariants_hold = true;
  std::string problem;
  std::size_t events = 0;
};

inline PulseSensorFuzzOutcome fuzz_pulsesensor_bytes(std::span<const std::uint8_t> bytes) {
  struct Checker final : EventSink {
    PulseSensorFuzzOutcome o;
    bool described = false;
    std::optional<std::uint32_t> last_beat;
    void fail(std::string p) {
      o.invariants_hold = false;
      o.problem = std::move(p);
    }
    void emit(SensorEvent&& e) override {
      ++o.events;
      if (auto p = event_problem(e)) fail(*p);
      if (const auto* b = std::get_if<SampleBlock>(&e)) {
        if (!described) fail("samples before the channel description");
        for (std::size_t i = 0; i < b->count; ++i) {
          if (b->values[i] < 0.0f || b->values[i] > static_cast<float>(kPulseSensorMaxSignal)) {
            fail("signal out of range");
          }
        }
      } else if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
        if (beat->rr_us == 0 && !(beat->flags & kBeatAfterGap)) fail("rr 0 without the gap flag");
        if (beat->rr_us != 0 && (!last_beat || beat->t_dev_us - *last_beat != beat->rr_us)) {
          fail("rr_us differs from the beat times");
        }
        last_beat = beat->t_dev_us;
      } else if (std::holds_alternative<ChannelInfo>(e)) {
        described = true;
      } else if (std::holds_alternative<GapEvent>(e)) {
        last_beat.reset();
      }
    }
  } check;
  PulseSensorDecoder decoder;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 31);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    decoder.decode(part, SteadyClock::time_point{}, check);
    pos += part.size();
  }
  const auto& s = decoder.stats();
  if (s.frames + s.framing_errors > bytes.size()) check.fail("more lines than line feeds");
  return check.o;
}

}  // namespace resonant::drivers
