#pragma once
// The fuzzing harness of the BLE bridge decoder, shared by the always-run gtest
// (ble_bridge_fuzz_test.cpp) and the libFuzzer target (tests/fuzz/ble_bridge_fuzz.cpp): feeds
// bytes in chunkings derived from the data, checks event_problem() on every event plus the
// bridge's own invariants (channel ids of its layout, beat chains consistent, DeviceInfo
// before any data, counters that never run backwards).
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/ble_bridge_decoder.hpp>

#include "event_invariants.hpp"

namespace resonant::drivers {

struct BleBridgeFuzzOutcome {
  bool invariants_hold = true;
  std::string problem;
  std::size_t events = 0;
};

/// Checks every event as it is emitted.
class BleBridgeCheckingSink final : public EventSink {
 public:
  void emit(SensorEvent&& e) override {
    ++outcome.events;
    if (auto p = event_problem(e)) fail(*p);
    if (std::holds_alternative<DeviceInfo>(e)) announced_ = true;
    if (!announced_) fail("an event before DeviceInfo");
    if (const auto* c = std::get_if<ChannelInfo>(&e)) described_ |= static_cast<std::uint8_t>(1u << c->channel);
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (b->channel >= 8 || !(described_ & (1u << b->channel))) fail("samples of an undescribed channel");
    }
    if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
      if (beat->channel % BleBridgeDecoder::kChannelsPerLink != 0 || beat->channel >= BleBridgeDecoder::kLocalChannelBase) {
        fail("beat id outside the link layout");
      }
      auto& last = last_beat_[beat->channel / BleBridgeDecoder::kChannelsPerLink];
      if (beat->rr_us == 0 && !(beat->flags & kBeatAfterGap)) fail("unknown RR without the gap flag");
      if (beat->rr_us != 0 && last && beat->t_dev_us - *last != beat->rr_us) {
        fail("beat time difference differs from rr_us");
      }
      if (beat->rr_us != 0 && !last) fail("a chained beat without a previous beat");
      last = beat->t_dev_us;
    }
    if (std::holds_alternative<GapEvent>(e)) {
      // After a gap the next beat of every stream must restart its chain.
      for (auto& l : last_beat_) l.reset();
    }
  }
  void fail(const std::string& why) {
    if (outcome.invariants_hold) outcome.problem = why;
    outcome.invariants_hold = false;
  }
  BleBridgeFuzzOutcome outcome;

 private:
  bool announced_ = false;
  std::uint8_t described_ = 0;
  std::optional<std::uint32_t> last_beat_[3];
};

inline BleBridgeFuzzOutcome fuzz_ble_bridge_bytes(std::span<const std::uint8_t> bytes) {
  BleBridgeDecoder decoder(BleBridgeOptions{.rr_in_ms = !bytes.empty() && bytes[0] == 0x42});
  BleBridgeCheckingSink sink;
  DecoderStats before{};
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 61);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    decoder.decode(part, SteadyClock::time_point{}, sink);
    const DecoderStats& after = decoder.stats();
    if (after.frames < before.frames || after.crc_errors < before.crc_errors ||
        after.framing_errors < before.framing_errors || after.data_frames > after.frames) {
      sink.fail("decoder counters inconsistent");
    }
    before = after;
    // A reset in the middle (port reopened) must be safe too.
    if (part.size() == 60) decoder.reset();
    pos += part.size();
  }
  return sink.outcome;
}

}  // namespace resonant::drivers
