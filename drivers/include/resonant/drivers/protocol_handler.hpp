#pragma once
// What a serial link needs to know about one device protocol: serial settings, what to send
// when the port opens / the link stalls / the port closes, and how bytes become events.
// SerialSource (transport) owns one; framing and decoding stay pure inside it.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/drivers/sensor_event.hpp>

namespace resonant::drivers {

enum class Parity : std::uint8_t { kNone, kOdd, kEven };

/// Line settings of one protocol. 8 data bits, 1 stop bit and no flow control always (binary
/// protocols contain 0x11/0x13, which XON/XOFF would eat).
struct SerialSettings {
  unsigned baud = RSP_DEFAULT_BAUD;  // ignored by USB CDC, Bluetooth SPP and ptys
  Parity parity = Parity::kNone;

  /// e.g. "19200 8O1".
  std::string describe() const;
  friend bool operator==(const SerialSettings&, const SerialSettings&) = default;
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
    std::vector<std::uint8_t> reply;  // bytes to send now (e.g. the next start-up command)
  };

  struct TickResult {
    std::vector<std::uint8_t> send;  // keep-alives, command retries, the next start-up step
    bool settings_changed = false;   // serial_settings() changed: reapply them to the port
  };

  /// Called every 250 ms while the port is open (keep-alives, start-up sequences that wait
  /// for answers, falling back to other serial settings when nothing is understood).
  virtual TickResult on_tick(SteadyClock::time_point /*now*/) { return {}; }

  /// Auto-detection: measurement frames this protocol must decode, with fewer errors than
  /// frames, before a byte stream is believed to be this protocol (after this protocol's own
  /// start command, its valid answers count as well). Protocols without a checksum ask for more.
  virtual std::size_t frames_to_confirm() const { return 3; }

  /// Plain-words notes since the last call about things that are not errors but the person
  /// should know (a refused stream, a peripheral that connected to a bridge); the link shows
  /// each as its message.
  virtual std::vector<std::string> take_notices() { return {}; }

  /// Feeds received bytes; publishes the decoded events and updates the frame/error counters.
  virtual BytesResult on_bytes(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                               EventPublisher& publisher, AtomicLinkCounters& counters) = 0;

  /// Set when the device cannot be read by this host (e.g. unknown protocol version).
  virtual std::optional<std::string> fatal_error() const = 0;

  /// Forget partial frames and stream state (after reopening the port).
  virtual void reset() = 0;
};

/// What some protocols need from the user's configuration.
struct ProtocolOptions {
  /// ANT+ network key (8 bytes). Never shipped in the tree: read from the user's config file
  /// (see ant_plus_key.hpp); without it the ANT+ handler fails with what to do.
  std::optional<std::array<std::uint8_t, 8>> ant_network_key;
  std::string ant_key_source;  // where the key was looked for, for messages
  /// For "auto": protocols the port probably speaks (from port discovery), tried first.
  std::vector<std::string> likely_protocols;
};

/// One supported protocol, for help texts, `resonant-cli devices` and the dashboard.
struct ProtocolInfo {
  std::string_view name;         // as given to --protocol
  std::string_view title;        // e.g. "Zephyr HxM BT (Bluetooth serial)"
  std::string_view settings;     // e.g. "115200 8N1"
  std::string_view verification; // what the decoder rests on, e.g. "vendor doc + captures"
  bool experimental = false;
};
/// Every protocol but "auto", in the order auto-detection tries them.
std::span<const ProtocolInfo> protocol_catalog();

/// A protocol by name (see protocol_catalog()) or "auto" (probes: listens first, then sends
/// each protocol's start command). nullptr for unknown names.
std::unique_ptr<ProtocolHandler> make_protocol_handler(std::string_view name,
                                                       const ProtocolOptions& options = {});

/// The Resonant protocol (RSP 1.x) handler.
std::unique_ptr<ProtocolHandler> make_rsp_handler(const ProtocolOptions& options);

/// Builds one host->device RSP command frame (COBS-encoded, with delimiter).
std::vector<std::uint8_t> encode_rsp_command(std::uint8_t type, std::uint16_t seq);

}  // namespace resonant::drivers
