#pragma once
// A sensor on a serial port (USB-serial, USB CDC, Bluetooth SPP, pty): Boost.Asio transport on
// its own I/O thread, one ProtocolHandler for framing/decoding, a watchdog that marks the link
// stalled, and reconnection with backoff when the port goes away.
#include <functional>
#include <memory>
#include <string>

#include <resonant/drivers/port_discovery.hpp>
#include <resonant/drivers/protocol_handler.hpp>
#include <resonant/drivers/sensor_source.hpp>

namespace resonant::drivers {

struct SerialSourceConfig {
  std::string port;                 // device path
  std::string protocol = "auto";    // see make_protocol_handler()
  double stall_after_s = 2.0;       // no valid frame for this long -> Stalled, [0.5, 30]
  double reconnect_min_s = 0.25;    // first retry delay after a loss, doubles up to max
  double reconnect_max_s = 1.0;     // so a device is found within ~1 s of coming back
  double give_up_after_s = 0.0;     // stop retrying after this long (0 = keep trying)
  std::string description;          // shown to the user; default "<port> (<protocol>)"
  // After an unplug, find the same USB device by its serial number when it comes back under
  // another name (ttyUSB0 -> ttyUSB1). discovery says where to look (tests use a fake tree).
  bool follow_usb_serial = true;
  DiscoveryRoots discovery;
  ProtocolOptions options;          // ANT+ key; auto-detection hints are added from discovery
};

/// Creates the source. wake() is called (from the I/O thread) after events were queued, so
/// the consumer can sleep until there is work. Returns nullptr for an unknown protocol.
std::unique_ptr<SensorSource> make_serial_source(SerialSourceConfig config, SensorQueue& queue,
                                                 std::function<void()> wake);

/// The same with a handler built by the caller (tests, auto-detection).
std::unique_ptr<SensorSource> make_serial_source(SerialSourceConfig config,
                                                 std::unique_ptr<ProtocolHandler> handler,
                                                 SensorQueue& queue, std::function<void()> wake);

/// Human text for a failed open, with what to do (dialout group, busy port, missing device).
/// Also tells whether retrying can help.
struct OpenErrorAdvice {
  std::string message;
  bool retry_may_help = true;
};
OpenErrorAdvice advise_open_error(const std::string& port, int errno_value,
                                  const std::string& system_message);

}  // namespace resonant::drivers
