// Every protocol Resonant reads, in auto-detection order, and the factory by name.
#include <algorithm>
#include <functional>

#include <resonant/drivers/auto_protocol.hpp>
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
};

const ProtocolInfo kCatalog[] = {kEntries[0].info};

}  // namespace

std::span<const ProtocolInfo> protocol_catalog() { return kCatalog; }

std::unique_ptr<ProtocolHandler> make_protocol_handler(std::string_view name,
                                                       const ProtocolOptions& options) {
  if (name == "auto") {
    // Likely protocols first, the rest in catalog order.
    std::vector<AutoCandidate> candidates;
    auto add = [&](const Entry& e, bool certain) {
      const bool present = std::any_of(candidates.begin(), candidates.end(),
                                       [&](const AutoCandidate& c) { return c.name == e.info.name; });
      if (!present) {
        candidates.push_back(
            {std::string(e.info.name), [&e, options] { return e.make(options); }, certain});
      }
    };
    const bool one_likely = options.likely_protocols.size() == 1;
    for (const std::string& likely : options.likely_protocols) {
      for (const Entry& e : kEntries) {
        if (e.info.name == likely) add(e, one_likely);
      }
    }
    for (const Entry& e : kEntries) add(e, false);
    return make_auto_protocol_handler(std::move(candidates));
  }
  for (const Entry& e : kEntries) {
    if (e.info.name == name) return e.make(options);
  }
  return nullptr;
}

}  // namespace resonant::drivers
