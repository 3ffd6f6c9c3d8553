// resonant-cli devices: the serial ports present now, what is probably behind each, and the
// protocols Resonant reads. Reads /dev and /sys only: never opens a port.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include <resonant/engine/devices.hpp>
#include <resonant/engine/json_text.hpp>

#include "commands.hpp"
#include "progress_line.hpp"

namespace resonant::cli {
namespace {

std::string hex4(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", v);
  return buf;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string what_it_is(const engine::PortDescription& p) {
  if (p.bluetooth) return "Bluetooth serial link";
  if (!p.usb) return "serial port";
  std::string text = p.manufacturer;
  if (!p.product.empty()) text += (text.empty() ? "" : " ") + p.product;
  if (text.empty()) text = "USB device";
  text += " (" + hex4(p.vendor_id) + ":" + hex4(p.product_id);
  if (!p.serial_number.empty()) text += ", serial " + p.serial_number;
  if (!p.driver.empty()) text += ", " + p.driver;
  return text + ")";
}

nlohmann::ordered_json to_json(const std::vector<engine::PortDescription>& ports,
                               const std::vector<engine::ProtocolDescription>& protocols) {
  auto j = nlohmann::ordered_json::object();
  j["ports"] = nlohmann::ordered_json::array();
  for (const auto& p : ports) {
    nlohmann::ordered_json o;
    o["path"] = p.path;
    o["by_id"] = p.by_id;
    o["usb"] = p.usb;
    o["bluetooth"] = p.bluetooth;
    if (p.usb) {
      o["vendor_id"] = hex4(p.vendor_id);
      o["product_id"] = hex4(p.product_id);
      o["serial_number"] = p.serial_number;
      o["manufacturer"] = p.manufacturer;
      o["product"] = p.product;
    }
    o["driver"] = p.driver;
    o["likely_protocols"] = p.likely_protocols;
    o["guess_reason"] = p.guess_reason;
    j["ports"].push_back(o);
  }
  j["protocols"] = nlohmann::ordered_json::array();
  for (const auto& p : protocols) {
    j["protocols"].push_back({{"name", p.name},
                              {"title", p.title},
                              {"serial_settings", p.settings},
                              {"verification", p.verification},
                              {"experimental", p.experimental}});
  }
  return j;
}

}  // namespace

int run_devices(const DevicesOptions& o) {
  const auto ports = engine::list_ports();
  const auto protocols = engine::protocols();
  if (o.json) {
    const std::string text = engine::json_text(to_json(ports, protocols), 2) + "\n";
    return write_stdout(text) ? kExitOk : kExitFailure;
  }
  std::string out;
  if (ports.empty()) {
    out += "No serial ports found (looked for /dev/ttyUSB*, /dev/ttyACM*, /dev/rfcomm*).\n"
           "  - USB sensors and ANT sticks: plug them in; they appear as /dev/ttyUSB* or /dev/ttyACM*.\n"
           "  - Bluetooth sensors (Zephyr, Nonin): pair them, then bind a serial port, e.g.\n"
           "      sudo rfcomm bind 0 00:07:80:AA:BB:CC   (gives /dev/rfcomm0)\n"
           "  - No sensor at all: resonant-cli session --simulate\n";
  } else {
    out += "Serial ports (" + std::to_string(ports.size()) + "):\n";
    for (const auto& p : ports) {
      out += "  " + p.path + "  " + what_it_is(p) + "\n";
      if (!p.by_id.empty()) out += "      stable name: " + p.by_id + "\n";
      if (!p.likely_protocols.empty()) {
        out += "      probably:    " + join(p.likely_protocols) + " (" + p.guess_reason + ")\n";
      } else if (!p.guess_reason.empty()) {
        out += "      probably:    unknown (" + p.guess_reason + "); try --protocol auto\n";
      }
    }
  }
  out += "\nProtocols (--protocol NAME, or auto to detect):\n";
  std::size_t width = 0;
  for (const auto& p : protocols) width = std::max(width, p.name.size());
  for (const auto& p : protocols) {
    out += "  " + p.name + std::string(width - p.name.size() + 2, ' ') + p.title + " [" +
           p.settings + "]" + (p.experimental ? " (experimental)" : "") + "\n";
  }
  if (!ports.empty()) {
    const auto& first = ports.front();
    out += "\nStart a session: resonant-cli session --port " +
           (first.by_id.empty() ? first.path : first.by_id) + " --protocol " +
           (first.likely_protocols.size() == 1 ? first.likely_protocols.front() : "auto") + "\n";
  }
  return write_stdout(out) ? kExitOk : kExitFailure;
}

}  // namespace resonant::cli
