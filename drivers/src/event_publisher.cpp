#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {
namespace {

bool is_measurement(const SensorEvent& e) {
  return std::holds_alternative<SampleBlock>(e) || std::holds_alternative<DeviceBeat>(e) ||
         std::holds_alternative<DeviceStatus>(e);
}

}  // namespace

void EventPublisher::drop() {
  ++pending_drops_;
  counters_.dropped.fetch_add(1, std::memory_order_relaxed);
}

void EventPublisher::publish(SensorEvent event) {
  // size() seen by the producer can only overstate the fill (the consumer frees slots
  // concurrently), so the reserve is never eaten into.
  if (is_measurement(event) && queue_.size() + kControlReserve >= queue_.capacity()) {
    drop();
    return;
  }
  if (pending_drops_ > 0) {
    GapEvent gap;
    gap.events_dropped = pending_drops_;
    gap.t_rx = SteadyClock::now();
    if (!queue_.try_push(SensorEvent{gap})) {
      drop();
      return;
    }
    pending_drops_ = 0;
  }
  if (!queue_.try_push(std::move(event))) drop();
}

}  // namespace resonant::drivers
