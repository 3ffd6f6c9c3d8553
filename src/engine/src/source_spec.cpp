#include <resonant/engine/source_spec.hpp>

#include <string>

#include <resonant/drivers/protocol_handler.hpp>

#include <resonant/drivers/sim/person_model.hpp>

namespace resonant::engine {

std::string_view to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::kNone: return "none";
    case SourceKind::kSimulated: return "simulated";
    case SourceKind::kSerial: return "serial";
    case SourceKind::kStoredSession: return "stored session";
  }
  return "none";
}

bool is_known_scenario(std::string_view name) {
  return drivers::sim::parse_scenario(name).has_value();
}

std::string_view scenario_names() { return drivers::sim::scenario_names(); }

std::string_view supported_protocols() {
  static const std::string names = [] {
    std::string text = "auto";
    for (const drivers::ProtocolInfo& p : drivers::protocol_catalog()) {
      text += ", ";
      text += p.name;
    }
    return text;
  }();
  return names;
}

bool is_supported_protocol(std::string_view name) {
  if (name == "auto") return true;
  for (const drivers::ProtocolInfo& p : drivers::protocol_catalog()) {
    if (p.name == name) return true;
  }
  return false;
}

}  // namespace resonant::engine
