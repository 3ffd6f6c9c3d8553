#include <resonant/engine/source_spec.hpp>

#include <resonant/drivers/sim/person_model.hpp>

namespace resonant::engine {

std::string_view to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::kNone: return "none";
    case SourceKind::kSimulated: return "simulated";
    case SourceKind::kSerial: return "serial";
  }
  return "none";
}

bool is_known_scenario(std::string_view name) {
  return drivers::sim::parse_scenario(name).has_value();
}

std::string_view scenario_names() { return drivers::sim::scenario_names(); }

std::string_view supported_protocols() { return "auto, resonant"; }

bool is_supported_protocol(std::string_view name) { return name == "auto" || name == "resonant"; }

}  // namespace resonant::engine
