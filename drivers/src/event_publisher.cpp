#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

void EventPublisher::publish(SensorEvent event) {
  if (pending_drops_ > 0) {
    GapEvent gap;
    gap.events_dropped = pending_drops_;
    if (const auto* b = std::get_if<SampleBlock>(&event)) gap.t_rx = b->t_rx;
    if (!queue_.try_push(SensorEvent{gap})) {
      ++pending_drops_;
      counters_.dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    pending_drops_ = 0;
  }
  if (!queue_.try_push(std::move(event))) {
    ++pending_drops_;
    counters_.dropped.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace resonant::drivers
