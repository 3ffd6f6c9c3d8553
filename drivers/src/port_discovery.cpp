#include <resonant/drivers/port_discovery.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <string_view>
#include <system_error>

namespace fs = std::filesystem;

namespace resonant::drivers {
namespace {

constexpr std::array<std::string_view, 3> kPortPrefixes = {"ttyUSB", "ttyACM", "rfcomm"};

bool is_serial_name(const std::string& name) {
  return std::any_of(kPortPrefixes.begin(), kPortPrefixes.end(), [&](std::string_view p) {
    return name.size() > p.size() && name.compare(0, p.size(), p) == 0;
  });
}

std::string read_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

std::uint16_t read_hex_u16(const fs::path& file) {
  const std::string text = read_line(file);
  try {
    return static_cast<std::uint16_t>(std::stoul(text, nullptr, 16) & 0xFFFFu);
  } catch (const std::exception&) {
    return 0;
  }
}

/// The USB device directory above a tty's device node (the one with idVendor), if any.
std::optional<fs::path> usb_device_dir(const fs::path& tty_device) {
  std::error_code ec;
  fs::path dir = fs::canonical(tty_device, ec);
  if (ec) return std::nullopt;
  for (int depth = 0; depth < 8 && dir.has_relative_path(); ++depth) {
    if (fs::exists(dir / "idVendor", ec)) return dir;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

/// /dev/serial/by-id links, as (kernel name they point at, link path).
std::vector<std::pair<std::string, std::string>> by_id_links(const DiscoveryRoots& roots) {
  std::vector<std::pair<std::string, std::string>> links;
  std::error_code ec;
  const fs::path dir = roots.dev / "serial" / "by-id";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code lec;
    const fs::path target = fs::read_symlink(it->path(), lec);
    if (lec) continue;
    // One level only: in a test tree the port itself may be a link to a pseudo-terminal.
    const fs::path resolved = (target.is_absolute() ? target : dir / target).lexically_normal();
    links.emplace_back(resolved.filename().string(), it->path().string());
  }
  return links;
}

SerialPortInfo describe(const std::string& kernel_name, const DiscoveryRoots& roots,
                        const std::vector<std::pair<std::string, std::string>>& links) {
  SerialPortInfo port;
  port.kernel_name = kernel_name;
  port.path = (roots.dev / kernel_name).string();
  for (const auto& [name, link] : links) {
    if (name == kernel_name) port.by_id = link;
  }
  port.bluetooth = kernel_name.rfind("rfcomm", 0) == 0;
  const fs::path tty_device = roots.sys / "class" / "tty" / kernel_name / "device";
  std::error_code ec;
  if (fs::exists(tty_device / "driver", ec)) {
    port.driver = fs::canonical(tty_device / "driver", ec).filename().string();
  }
  if (const auto usb = usb_device_dir(tty_device)) {
    port.usb = true;
    port.vendor_id = read_hex_u16(*usb / "idVendor");
    port.product_id = read_hex_u16(*usb / "idProduct");
    port.serial_number = read_line(*usb / "serial");
    port.manufacturer = read_line(*usb / "manufacturer");
    port.product = read_line(*usb / "product");
  }
  guess_protocols(port);
  return port;
}

bool contains_word(const std::string& text, std::string_view word) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find(word) != std::string::npos;
}

}  // namespace

void guess_protocols(SerialPortInfo& port) {
  auto set = [&](std::vector<std::string> protocols, std::string reason) {
    port.likely_protocols = std::move(protocols);
    port.guess_reason = std::move(reason);
  };
  const std::string strings = port.manufacturer + " " + port.product;
  const std::uint16_t v = port.vendor_id;
  const std::uint16_t p = port.product_id;
  if (port.bluetooth) {
    set({"hxm", "bioharness", "nonin", "cms50", "resonant"},
        "Bluetooth serial link (Zephyr HxM/BioHarness, Nonin and others use one)");
  } else if (v == 0x0FCF && (p == 0x1004 || p == 0x1008 || p == 0x1009)) {
    set({"ant-plus"}, "Dynastream ANT USB stick");
  } else if (contains_word(strings, "resonant")) {
    set({"resonant"}, "a Resonant sensor");
  } else if (contains_word(strings, "nonin")) {
    set({"nonin"}, "a Nonin device");
  } else if (contains_word(strings, "contec") || contains_word(strings, "cms50")) {
    set({"cms50", "cms50-v7"}, "a Contec pulse oximeter");
  } else if (v == 0x303A || v == 0x1915 || v == 0x239A) {
    set({"ble-bridge", "resonant"}, "an ESP32-S3 / nRF52 board (a BLE bridge?)");
  } else if (v == 0x2341 || v == 0x2A03 || v == 0x1B4F) {
    set({"resonant", "pulsesensor"}, "an Arduino board (DIY sensor or PulseSensor)");
  } else if (v == 0x067B && p == 0x2303) {
    set({"cms50", "cms50-v7", "nonin"}, "a Prolific PL2303 cable (Contec CMS50 cables use one)");
  } else if (v == 0x1A86 || (v == 0x10C4 && p == 0xEA60) || v == 0x0403) {
    set({"resonant", "pulsesensor", "ble-bridge", "cms50", "cms50-v7", "nonin"},
        "a general USB-serial chip (Arduino clones, ESP32 boards, oximeter cables)");
  } else if (port.usb) {
    set({}, "an unknown USB device");
  } else {
    set({}, "");
  }
}

std::vector<SerialPortInfo> list_serial_ports(const DiscoveryRoots& roots) {
  std::vector<SerialPortInfo> ports;
  const auto links = by_id_links(roots);
  std::error_code ec;
  for (fs::directory_iterator it(roots.dev, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (is_serial_name(name)) ports.push_back(describe(name, roots, links));
  }
  std::sort(ports.begin(), ports.end(),
            [](const SerialPortInfo& a, const SerialPortInfo& b) { return a.path < b.path; });
  return ports;
}

std::optional<SerialPortInfo> describe_serial_port(const std::string& path,
                                                   const DiscoveryRoots& roots) {
  std::error_code ec;
  fs::path p(path);
  if (!fs::exists(fs::symlink_status(p, ec))) return std::nullopt;
  std::string name = p.filename().string();
  if (!is_serial_name(name)) {
    // A by-id (or other) link: follow it one level to the port's own name.
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) return std::nullopt;
    name = (target.is_absolute() ? target : p.parent_path() / target).lexically_normal()
               .filename()
               .string();
    if (!is_serial_name(name)) return std::nullopt;
  }
  if (!fs::exists(fs::symlink_status(roots.dev / name, ec))) return std::nullopt;
  return describe(name, roots, by_id_links(roots));
}

std::optional<std::string> find_port_by_usb_serial(const std::string& serial_number,
                                                   std::uint16_t vendor_id,
                                                   std::uint16_t product_id,
                                                   const DiscoveryRoots& roots) {
  if (serial_number.empty()) return std::nullopt;
  for (const SerialPortInfo& port : list_serial_ports(roots)) {
    if (!port.usb || port.serial_number != serial_number) continue;
    if (vendor_id != 0 && port.vendor_id != vendor_id) continue;
    if (product_id != 0 && port.product_id != product_id) continue;
    return port.path;
  }
  return std::nullopt;
}

}  // namespace resonant::drivers
