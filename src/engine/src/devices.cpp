#include <resonant/engine/devices.hpp>

#include <resonant/drivers/port_discovery.hpp>
#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::engine {

std::vector<PortDescription> list_ports() {
  std::vector<PortDescription> out;
  for (const drivers::SerialPortInfo& p : drivers::list_serial_ports()) {
    PortDescription d;
    d.path = p.path;
    d.by_id = p.by_id;
    d.usb = p.usb;
    d.bluetooth = p.bluetooth;
    d.vendor_id = p.vendor_id;
    d.product_id = p.product_id;
    d.serial_number = p.serial_number;
    d.manufacturer = p.manufacturer;
    d.product = p.product;
    d.driver = p.driver;
    d.likely_protocols = p.likely_protocols;
    d.guess_reason = p.guess_reason;
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<ProtocolDescription> protocols() {
  std::vector<ProtocolDescription> out;
  for (const drivers::ProtocolInfo& p : drivers::protocol_catalog()) {
    out.push_back({std::string(p.name), std::string(p.title), std::string(p.settings),
                   std::string(p.verification), p.experimental});
  }
  return out;
}

}  // namespace resonant::engine
