#pragma once
// Serial ports and sensor protocols, described by value so the dashboard and the CLI can
// offer them without touching the drivers (architecture.md: the UI never uses drivers).
//
// Threading contract: free functions without shared state; list_ports() reads /dev and /sys
// (a few milliseconds) and must not be called on the UI thread every frame.
#include <cstdint>
#include <string>
#include <vector>

namespace resonant::engine {

struct PortDescription {
  std::string path;          // e.g. /dev/ttyUSB0
  std::string by_id;         // stable name, when the system has one (prefer it in settings)
  bool usb = false;
  bool bluetooth = false;    // /dev/rfcommN
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string serial_number;
  std::string manufacturer;
  std::string product;
  std::string driver;
  std::vector<std::string> likely_protocols;  // most likely first; empty = no idea
  std::string guess_reason;
};

/// Serial ports present now (USB-serial, USB CDC, Bluetooth serial), sorted by path.
std::vector<PortDescription> list_ports();

struct ProtocolDescription {
  std::string name;          // for --protocol / SourceSpec::protocol
  std::string title;
  std::string settings;      // e.g. "19200 8O1"
  std::string verification;
  bool experimental = false;
};

/// Every protocol Resonant reads ("auto" not included), in auto-detection order.
std::vector<ProtocolDescription> protocols();


}  // namespace resonant::engine
