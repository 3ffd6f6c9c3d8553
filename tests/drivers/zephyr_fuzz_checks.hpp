#pragma once
// Invariants shared by the HxM and BioHarness fuzz harnesses: every event valid
// (event_problem), describe before data, successive beats of a series timed exactly rr_us
// apart, counters consistent. Feeds the bytes in chunkings derived from the data itself.
#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>

#include <resonant/drivers/decoder_support.hpp>

#include "event_invariants.hpp"

namespace resonant::drivers {

struct ZephyrFuzzOutcome {
  bool invariants_hold = true;
  std::string problem;
  std::size_t events = 0;
};

/// Checks each event as it is emitted.
class ZephyrCheckingSink final : public EventSink {
 public:
  explicit ZephyrCheckingSink(ZephyrFuzzOutcome& o) : o_(o) {}
  void emit(SensorEvent&& e) override {
    ++o_.events;
    if (auto p = event_problem(e)) fail(*p);
    if (std::holds_alternative<DeviceInfo>(e)) described_ = true;
    if (const auto* c = std::get_if<ChannelInfo>(&e)) channels_[c->channel] = true;
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (!described_ || !channels_[b->channel]) fail("samples before their description");
    }
    if (const auto* beat = std::get_if<DeviceBeat>(&e)) {
      if (!described_) fail("beat before the device description");
      const bool gap = (beat->flags & kBeatAfterGap) != 0;
      if (gap != (beat->rr_us == 0)) fail("rr 0 exactly when after a gap");
      if (beat->rr_us != 0 && (!last_beat_ || beat->t_dev_us - *last_beat_ != beat->rr_us)) {
        fail("beat times differ from rr_us");
      }
      last_beat_ = beat->t_dev_us;
    }
    // A GapEvent of another stream (e.g. a lost ECG packet) does not break the beat series:
    // only kBeatAfterGap does, so last_beat_ is kept across it.
  }
  /// After a reset of the decoder: a new description is due.
  void reset() {
    described_ = false;
    channels_.clear();
    last_beat_.reset();
  }

 private:
  void fail(const std::string& why) {
    o_.invariants_hold = false;
    if (o_.problem.empty()) o_.problem = why;
  }
  ZephyrFuzzOutcome& o_;
  bool described_ = false;
  std::map<std::uint8_t, bool> channels_;
  std::optional<std::uint32_t> last_beat_;
};

/// Feeds bytes to decoder.push(part, t_rx, sink) in uneven chunks chosen by the data.
template <typename Decoder>
ZephyrFuzzOutcome fuzz_zephyr_decoder(Decoder& decoder, std::span<const std::uint8_t> bytes) {
  ZephyrFuzzOutcome o;
  ZephyrCheckingSink sink(o);
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 61);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    // Host receive times advance 300 ms per chunk (the HxM uses them across long gaps).
    decoder.push(part, SteadyClock::time_point{} + std::chrono::milliseconds(300 * pos), sink);
    pos += part.size();
  }
  const DecoderStats& s = decoder.stats();
  if (s.data_frames > s.frames) {
    o.invariants_hold = false;
    o.problem = "more data frames than frames";
  }
  return o;
}

}  // namespace resonant::drivers
