#pragma once
// The invariants every fuzzed waveform decoder (pulse oximeters, PulseSensor) must keep, as an
// EventSink that checks events as they come: each event passes event_problem(), samples come
// after a channel description and stay in the device's range, and beats keep rr_us equal to
// their device-time difference (rr 0 only with kBeatAfterGap; a GapEvent restarts the chain).
// Shared by the fuzz harnesses (gtest and libFuzzer). Test-only; one thread.
#include <optional>
#include <string>
#include <string_view>

#include <resonant/drivers/decoder_support.hpp>

#include "event_invariants.hpp"
#include "fuzz_outcome.hpp"

namespace resonant::drivers {

class WaveformStreamChecker final : public EventSink {
 public:
  /// Samples must lie in [0, max_sample]; out_of_range names the failure.
  WaveformStreamChecker(FuzzOutcome& outcome, float max_sample, std::string_view out_of_range)
      : o_(outcome), max_sample_(max_sample), out_of_range_(out_of_range) {}

  void emit(SensorEvent&& e) override {
    ++o_.events;
    if (auto p = event_problem(e)) fail(*p);
    if (const auto* b = std::get_if<SampleBlock>(&e)) {
      if (!described_) fail("samples before the channel description");
      for (std::size_t i = 0; i < b->count; ++i) {
        if (b->values[i] < 0.0f || b->values[i] > max_sample_) fail(out_of_range_);
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

  void fail(std::string problem) {
    o_.invariants_hold = false;
    o_.problem = std::move(problem);
  }

 private:
  FuzzOutcome& o_;
  float max_sample_;
  std::string out_of_range_;
  bool described_ = false;
  std::optional<std::uint32_t> last_beat_;
};

}  // namespace resonant::drivers
