#include <resonant/engine/file_source.hpp>

namespace resonant::engine {

std::string_view to_string(SignalChoice choice) {
  switch (choice) {
    case SignalChoice::kAutomatic: return "auto";
    case SignalChoice::kEcg: return "ecg";
    case SignalChoice::kPpg: return "ppg";
    case SignalChoice::kResp: return "resp";
    case SignalChoice::kEda: return "eda";
    case SignalChoice::kRr: return "rr";
  }
  return "auto";
}

std::optional<SignalChoice> parse_signal_choice(std::string_view name) {
  for (auto c : {SignalChoice::kAutomatic, SignalChoice::kEcg, SignalChoice::kPpg,
                 SignalChoice::kResp, SignalChoice::kEda, SignalChoice::kRr}) {
    if (name == to_string(c)) return c;
  }
  return std::nullopt;
}

std::optional<RrUnitsChoice> parse_rr_units(std::string_view name) {
  if (name == "auto") return RrUnitsChoice::kAutomatic;
  if (name == "ms") return RrUnitsChoice::kMilliseconds;
  if (name == "s") return RrUnitsChoice::kSeconds;
  return std::nullopt;
}

}  // namespace resonant::engine
