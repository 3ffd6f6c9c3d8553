// Every protocol Resonant reads, in auto-detection order, and the factory by name.
#include <algorithm>
#include <array>
#include <iterator>
#include <functional>

#include <resonant/drivers/ant_plus.hpp>
#include <resonant/drivers/auto_protocol.hpp>
#include <resonant/drivers/bioharness_handler.hpp>
#include <resonant/drivers/ble_bridge_handler.hpp>
#include <resonant/drivers/cms50_handlers.hpp>
#include <resonant/drivers/hxm_decoder.hpp>
#include <resonant/drivers/nonin_handler.hpp>
#include <resonant/drivers/pulsesensor_handler.hpp>
#include <resonant/drivers/protocol_handler.hpp>

namespace resonant::drivers {

namespace {

using Factory = std::unique_ptr<ProtocolHandler> (*)(const ProtocolOptions&);

struct Entry {
  ProtocolInfo info;
  Factory make;
};

const Entry kEntries[] = {
    {{"resonant", "Resonant protocol (DIY sensor, simulated person)", "115200 8N1",
      "our own specification (hardware/protocol/PROTOCOL.md)", false},
     &make_rsp_handler},
    {{"hxm", "Zephyr HxM BT heart-rate strap (Bluetooth serial)", "115200 8N1",
      "vendor document + implementations + a real capture", false},
     &make_hxm_handler},
    {{"bioharness", "Zephyr BioHarness 3 (ECG, breathing, R-R; Bluetooth serial)", "115200 8N1",
      "two implementations + a capture (the vendor specification is not public)", true},
     &make_bioharness_handler},
    {{"ant-plus", "ANT+ heart-rate strap through an ANT USB stick", "115200 8N1",
      "two independent implementations + public forum captures; the HRM profile is adopter-only",
      true},
     &make_ant_plus_handler},
    {{"ble-bridge", "BLE bridge: Polar H10 (RR, ECG, chest motion) and Bluetooth heart-rate straps",
      "921600 8N1", "SIG HRS layout + Polar SDK (PMD) + our bridge spec; no real-device capture",
      true},
     &make_ble_bridge_handler},
    {{"pulsesensor", "PulseSensor Playground (Arduino)", "115200 8N1",
      "the library's source (serial output formats)", false},
     &make_pulsesensor_handler},
    {{"nonin", "Nonin pulse oximeter (DF2/DF7 pleth, DF8 status)", "9600 8N1",
      "vendor document + independent implementations", false},
     &make_nonin_handler},
    {{"cms50", "Contec CMS50 pulse oximeter (legacy 5-byte stream)", "19200 8O1, or 4800 8N1",
      "three independent implementations; no checksum", false},
     &make_cms50_handler},
    {{"cms50-v7", "Contec CMS50 pulse oximeter (V7.0 protocol)", "115200 8N1",
      "partly unverified (status bits)", true},
     &make_cms50_v7_handler},
};

constexpr std::size_t kProtocolCount = std::size(kEntries);

const std::array<ProtocolInfo, kProtocolCount> kCatalog = [] {
  std::array<ProtocolInfo, kProtocolCount> infos{};
  for (std::size_t i = 0; i < kProtocolCount; ++i) infos[i] = kEntries[i].info;
  return infos;
}();

}  // namespace

std::span<const ProtocolInfo> protocol_catalog() { return kCatalog; }

std::unique_ptr<ProtocolHandler> make_protocol_handler(std::string_view name,
                                                       const ProtocolOptions& options) {
  if (name == "auto") {
    // Likely protocols first, the rest in catalog order.
    std::vector<AutoCandidate> candidates;
    auto add = [&](const Entry& e, bool likely, bool certain) {
      const bool present = std::any_of(candidates.begin(), candidates.end(),
                                       [&](const AutoCandidate& c) { return c.name == e.info.name; });
      if (!present) {
        candidates.push_back(
            {std::string(e.info.name), [&e, options] { return e.make(options); }, likely, certain});
      }
    };
    const bool one_likely = options.likely_protocols.size() == 1;
    for (const std::string& likely : options.likely_protocols) {
      for (const Entry& e : kEntries) {
        if (e.info.name == likely) add(e, true, one_likely);
      }
    }
    for (const Entry& e : kEntries) add(e, false, false);
    return make_auto_protocol_handler(std::move(candidates));
  }
  for (const Entry& e : kEntries) {
    if (e.info.name == name) return e.make(options);
  }
  return nullptr;
}

}  // namespace resonant::drivers
