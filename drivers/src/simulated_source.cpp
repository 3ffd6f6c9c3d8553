#include <resonant/drivers/simulated_source.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace resonant::drivers {
namespace {

class SimulatedSource final : public SensorSource {
 public:
  SimulatedSource(SimulatedDeviceConfig device, SerialSourceConfig link, SensorQueue& queue,
                  std::function<void()> wake)
      : device_(device), link_config_(std::move(link)), queue_(queue), wake_(std::move(wake)),
        publisher_(queue_, failure_counters_) {
    std::ostringstream d;
    d << "simulated person (" << sim::to_string(device.scenario) << ", seed " << device.seed;
    if (std::abs(device.speed - 1.0) > 1e-9) d << ", x" << device.speed;
    if (!device.belt) d << ", no belt";
    d << ")";
    description_ = d.str();
  }

  ~SimulatedSource() override { stop(); }

  void start() override {
    if (link_) return;
    try {
      link_config_.port = device_.open();
    } catch (const std::exception& e) {
      LinkEvent ev;
      ev.state = LinkState::kFailed;
      ev.t_rx = SteadyClock::now();
      ev.message.assign(e.what());
      publisher_.publish(ev);
      failed_ = true;
      if (wake_) wake_();
      return;
    }
    link_config_.description = description_;
    link_ = make_serial_source(link_config_, queue_, wake_);
    device_.start();
    link_->start();
  }

  void stop() override {
    if (link_) link_->stop();  // sends STOP and closes the port first
    device_.stop();
  }

  LinkState state() const override {
    if (failed_) return LinkState::kFailed;
    return link_ ? link_->state() : LinkState::kIdle;
  }
  LinkCounters counters() const override { return link_ ? link_->counters() : LinkCounters{}; }
  std::string description() const override { return description_; }

  void on_pacer_changed(const PacerSegment& segment, bool enabled,
                        const SessionClock& clock) override {
    device_.set_pacer(segment, enabled, clock);
  }

 private:
  SimulatedDevice device_;
  SerialSourceConfig link_config_;
  SensorQueue& queue_;
  std::function<void()> wake_;
  AtomicLinkCounters failure_counters_;
  EventPublisher publisher_;  // only used before the link exists (pty creation failed)
  std::unique_ptr<SensorSource> link_;
  std::string description_;
  bool failed_ = false;
};

}  // namespace

std::unique_ptr<SensorSource> make_simulated_source(SimulatedDeviceConfig device,
                                                    SerialSourceConfig link, SensorQueue& queue,
                                                    std::function<void()> wake) {
  return std::make_unique<SimulatedSource>(std::move(device), std::move(link), queue,
                                           std::move(wake));
}

}  // namespace resonant::drivers
