#pragma once
// What a serial link needs to know about one device protocol: serial settings, what to send
// when the port opens / the link stalls / the port closes, and how bytes become events.
// SerialSource (transport) owns one; framing and decoding stay pure inside it.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

struct SerialSettings {
  unsigned baud = RSP_DEFAULT_BAUD;  // ignored by USB CDC, Bluetooth SPP and ptys
  // 8 data bits, no parity, 1 stop bit, no flow control for every protocol so far.
};

/// Threading contract: used only by the I/O thread of the link that owns it.
class ProtocolHandler {
 public:
  virtual ~ProtocolHandler() = default;

  virtual std::string_view name() const = 0;
  virtual SerialSettings serial_settings() const = 0;

  /// Bytes to send right after the port opened (e.g. identify + start).
  virtual std::vector<std::uint8_t> on_open() = 0;
  /// Bytes to send while the link is stalled (e.g. start again: the device may have reset).
  virtual std::vector<std::uint8_t> on_stall() = 0;
  /// Bytes to send before the port is closed on purpose (e.g. stop).
  virtual std::vector<std::uint8_t> on_close() = 0;

  struct BytesResult {
    std::size_t frames = 0;       // valid frames of any kind
    std::size_t data_frames = 0;  // frames carrying measurements (samples, beats): liveness
  };

  /// Feeds received bytes; publishes the decoded events and updates the frame/error counters.
  virtual BytesResult on_bytes(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                               EventPublisher& publisher, AtomicLinkCounters& counters) = 0;

  /// Set when the device cannot be read by this host (e.g. unknown protocol version).
  virtual std::optional<std::string> fatal_error() const = 0;

  /// Forget partial frames and stream state (after reopening the port).
  virtual void reset() = 0;
};

/// "resonant" (RSP 1.x) or "auto" (probes; today only RSP exists). nullptr for unknown names.
std::unique_ptr<ProtocolHandler> make_protocol_handler(std::string_view name);

/// Builds one host->device RSP command frame (COBS-encoded, with delimiter).
std::vector<std::uint8_t> encode_rsp_command(std::uint8_t type, std::uint16_t seq);

}  // namespace resonant::drivers
