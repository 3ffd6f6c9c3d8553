#pragma once
// Finding serial ports and what is behind them: /dev/ttyUSB*, /dev/ttyACM*, /dev/rfcomm*,
// with their stable /dev/serial/by-id names and, for USB, vendor/product ids, serial number
// and the strings the device reports (from sysfs). A guessed protocol helps auto-detection
// and the person picking a port; it is only a guess (many sensors share USB-serial chips).
//
// Reading only: nothing is opened, so listing never disturbs a device in use.
// Threading contract: free functions without shared state; callable from any thread.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace resonant::drivers {

/// Where to look; tests point these at a fake tree.
struct DiscoveryRoots {
  std::filesystem::path dev = "/dev";
  std::filesystem::path sys = "/sys";
};

struct SerialPortInfo {
  std::string path;           // e.g. /dev/ttyUSB0
  std::string by_id;          // e.g. /dev/serial/by-id/usb-Silicon_Labs_CP2102_0001-if00-port0
  std::string kernel_name;    // ttyUSB0
  bool usb = false;
  std::uint16_t vendor_id = 0;   // USB idVendor (when usb)
  std::uint16_t product_id = 0;  // USB idProduct
  std::string serial_number;  // USB iSerial string, may be empty
  std::string manufacturer;
  std::string product;
  std::string driver;         // kernel driver, e.g. cp210x, cdc_acm, ftdi_sio
  bool bluetooth = false;     // /dev/rfcommN
  /// Likely protocols, most likely first (names as in protocol_catalog()); empty = no idea.
  std::vector<std::string> likely_protocols;
  std::string guess_reason;   // why, in plain words, e.g. "Dynastream ANT USB stick"
};

/// Serial ports present now, sorted by path.
std::vector<SerialPortInfo> list_serial_ports(const DiscoveryRoots& roots = {});

/// What we know about one path (a by-id link resolves to its port). nullopt when absent.
std::optional<SerialPortInfo> describe_serial_port(const std::string& path,
                                                   const DiscoveryRoots& roots = {});

/// The port of the USB device with this serial number (and ids, when non-zero), e.g. after
/// it was unplugged and came back under another name. nullopt when it is not plugged in.
std::optional<std::string> find_port_by_usb_serial(const std::string& serial_number,
                                                   std::uint16_t vendor_id,
                                                   std::uint16_t product_id,
                                                   const DiscoveryRoots& roots = {});

/// Fills likely_protocols and guess_reason from ids and strings.
void guess_protocols(SerialPortInfo& port);

}  // namespace resonant::drivers
