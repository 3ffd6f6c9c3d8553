#pragma once
// Fuzzing harness shared by the always-run gtest (cms50_fuzz_test.cpp) and the libFuzzer
// target (tests/fuzz/cms50_fuzz.cpp): the same bytes, in chunkings derived from the data, go
// through both CMS50 decoders; every event must satisfy event_problem() and the beat rules
// (rr_us equals the device-time difference of successive beats; rr 0 only with kBeatAfterGap).
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/cms50_decoders.hpp>

#include "event_invariants.hpp"

namespace resonant::drivers {

struct Cms50FuzzOutcome {
  bool invariants_hold = true;
  std::string problem;
  std::size_t events = 0;
};

/// Checks one decoder's events as they come.
class Cms50EventChecker final : public EventSink {
 public:
  explicit Cms50EventChecker(Cms50FuzzOutcome& o) : o_(o) {}
  void emit(SensorEvent&& e) override {
    ++o_.events;
    if (auto p = event_problem(e)) fail(*p);
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (!described_) fail("samples before the channel description");
      for (std::size_t i = 0; i < b->count; ++i) {
        if (b->values[i] < 0.0f || b->values[i] > 127.0f) fail("pleth outside 7 bits");
      }
    } else if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
      if (beat->rr_us == 0 && !(beat->flags & kBeatAfterGap)) fail("rr 0 without the gap flag");
      if (beat->rr_us != 0 && (!last_beat_ || beat->t_dev_us - *last_beat_ != beat->rr_us)) {
        fail("rr_us differs from the beat times");
      }
      last_beat_ = beat->t_dev_us;
    } else if (std::holds_alternative<ChannelInfo>(e)) {
      described_ = true;
    } else if (std::holds_alternative<GapEvent>(e)) {
      last_beat_.reset();
    }
  }

 private:
  void fail(std::string p) {
    o_.invariants_hold = false;
    o_.problem = std::move(p);
  }
  Cms50FuzzOutcome& o_;
  bool described_ = false;
  std::optional<std::uint32_t> last_beat_;
};

inline Cms50FuzzOutcome fuzz_cms50_bytes(std::span<const std::uint8_t> bytes) {
  Cms50FuzzOutcome o;
  Cms50LegacyDecoder legacy;
  Cms50V7Decoder v7;
  Cms50EventChecker legacy_check(o);
  Cms50EventChecker v7_check(o);
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 23);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    legacy.decode(part, SteadyClock::time_point{}, legacy_check);
    v7.decode(part, SteadyClock::time_point{}, v7_check);
    pos += part.size();
  }
  if (legacy.stats().framing_errors > bytes.size() || v7.stats().framing_errors > bytes.size()) {
    o.invariants_hold = false;
    o.problem = "more framing errors than bytes";
  }
  return o;
}

}  // namespace resonant::drivers
