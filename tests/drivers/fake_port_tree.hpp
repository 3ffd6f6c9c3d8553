#pragma once
// A fake /dev + /sys tree in a temporary folder, so discovery and "find the same USB device
// again" can be tested without hardware: a port is a link to a pseudo-terminal, with the
// sysfs entries a USB-serial adapter has (idVendor, idProduct, serial, manufacturer, product,
// driver) and a /dev/serial/by-id link.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <resonant/drivers/port_discovery.hpp>

namespace resonant::testing {

struct FakeUsbIdentity {
  std::string vendor_id = "10c4";
  std::string product_id = "ea60";
  std::string serial = "0001";
  std::string manufacturer = "Silicon Labs";
  std::string product = "CP2102 USB to UART Bridge Controller";
  std::string driver = "cp210x";
};

class FakePortTree {
 public:
  FakePortTree() {
    namespace fs = std::filesystem;
    char tmpl[] = "/tmp/resonant-ports-XXXXXX";
    root_ = ::mkdtemp(tmpl);
    fs::create_directories(root_ / "dev" / "serial" / "by-id");
    fs::create_directories(root_ / "sys" / "class" / "tty");
    fs::create_directories(root_ / "sys" / "bus" / "usb-serial" / "drivers");
  }
  ~FakePortTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  FakePortTree(const FakePortTree&) = delete;
  FakePortTree& operator=(const FakePortTree&) = delete;

  drivers::DiscoveryRoots roots() const { return {root_ / "dev", root_ / "sys"}; }
  std::string dev_path(const std::string& name) const { return (root_ / "dev" / name).string(); }

  /// Plugs a USB-serial device in as `name` (e.g. ttyUSB0), its data coming from `target`
  /// (a pseudo-terminal path). usb_port names the USB topology slot (e.g. "1-1").
  void plug_usb(const std::string& name, const std::string& target, const FakeUsbIdentity& id,
                const std::string& usb_port = "1-1") {
    namespace fs = std::filesystem;
    const fs::path usb = root_ / "sys" / "devices" / "usb1" / usb_port;
    const fs::path iface = usb / (usb_port + ":1.0");
    const fs::path tty_dir = iface / name;
    fs::create_directories(tty_dir);
    write(usb / "idVendor", id.vendor_id);
    write(usb / "idProduct", id.product_id);
    write(usb / "serial", id.serial);
    write(usb / "manufacturer", id.manufacturer);
    write(usb / "product", id.product);
    const fs::path driver = root_ / "sys" / "bus" / "usb-serial" / "drivers" / id.driver;
    fs::create_directories(driver);
    relink(tty_dir / "driver", driver);
    relink(root_ / "sys" / "class" / "tty" / name, tty_dir);
    std::filesystem::create_directories(tty_dir);
    relink(tty_dir / "device", tty_dir);  // class/tty/<name>/device -> the port's own node
    relink(root_ / "dev" / name, target);
    relink(root_ / "dev" / "serial" / "by-id" /
               ("usb-" + id.manufacturer.substr(0, id.manufacturer.find(' ')) + "_" + id.serial +
                "-if00-port0"),
           fs::path("../..") / name);
  }

  /// A Bluetooth serial port (no USB behind it).
  void plug_rfcomm(const std::string& name, const std::string& target) {
    relink(root_ / "dev" / name, target);
  }

  /// Unplugs `name`: its /dev node, by-id link and sysfs entries disappear.
  void unplug(const std::string& name) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::remove(root_ / "dev" / name, ec);
    fs::remove(root_ / "sys" / "class" / "tty" / name, ec);
    for (const auto& e : fs::directory_iterator(root_ / "dev" / "serial" / "by-id", ec)) {
      std::error_code lec;
      if (fs::read_symlink(e.path(), lec).filename() == name) fs::remove(e.path(), lec);
    }
    fs::remove_all(root_ / "sys" / "devices", ec);
  }

 private:
  static void write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file) << text << '\n';
  }
  static void relink(const std::filesystem::path& link, const std::filesystem::path& target) {
    std::error_code ec;
    std::filesystem::remove(link, ec);
    std::filesystem::create_symlink(target, link);
  }

  std::filesystem::path root_;
};

}  // namespace resonant::testing
