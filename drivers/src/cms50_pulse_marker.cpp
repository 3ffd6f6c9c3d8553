#include <resonant/drivers/cms50_decoders.hpp>

namespace resonant::drivers {

void Cms50PulseMarker::push(bool marker, bool usable, std::uint64_t packet,
                            SteadyClock::time_point t_rx, EventSink& sink) {
  const bool rising = marker && !marker_was_set_;
  marker_was_set_ = marker;
  if (!usable) {
    // A marker without contact is not a heartbeat; the interval across it is unknown.
    break_chain();
    return;
  }
  if (!rising) return;
  const std::uint64_t t_us = cms50_packet_time_us(packet);
  std::uint64_t rr_us = 0;
  if (last_beat_us_) {
    const std::uint64_t since_us = t_us - *last_beat_us_;
    if (since_us < kMinRrUs) return;  // the same pulse flagged twice
    if (since_us > kMaxRrUs) after_gap_ = true;  // beats were missed: never a fabricated long RR
    rr_us = since_us;
  }
  DeviceBeat beat;
  beat.channel = kCms50PpgChannel;
  beat.t_dev_us = static_cast<std::uint32_t>(t_us);
  beat.t_rx = t_rx;
  if (after_gap_ || !last_beat_us_) {
    beat.rr_us = 0;
    beat.flags = kBeatAfterGap;
  } else {
    beat.rr_us = static_cast<std::uint32_t>(rr_us);
  }
  sink.emit(SensorEvent{beat});
  last_beat_us_ = t_us;
  after_gap_ = false;
}

}  // namespace resonant::drivers
