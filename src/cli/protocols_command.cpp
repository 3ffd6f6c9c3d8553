// resonant-cli protocols: the session protocols that can be run (shipped and the user's own).
#include <cstdio>

#include <nlohmann/json.hpp>

#include <resonant/engine/json_text.hpp>
#include <resonant/engine/protocol_library.hpp>

#include "commands.hpp"

namespace resonant::cli {

int run_protocols(const ProtocolsOptions& o) {
  const auto entries = engine::list_protocols();
  if (o.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& e : entries) {
      nlohmann::ordered_json j = {{"id", e.path.stem().string()},
                                  {"file", e.path.string()},
                                  {"shipped", e.shipped}};
      if (e.protocol) {
        j["name"] = e.protocol->name;
        j["description"] = e.protocol->description;
        j["steps"] = e.protocol->steps.size();
        j["duration_s"] = e.protocol->duration_s();
      } else {
        j["error"] = e.error;
      }
      list.push_back(j);
    }
    const nlohmann::ordered_json out = {{"user_folder", engine::user_protocol_dir().string()},
                                        {"protocols", list}};
    std::printf("%s\n", engine::json_text(out, 2).c_str());
    return kExitOk;
  }
  std::printf("%-22s %-24s %5s %9s  %s\n", "id", "name", "steps", "duration", "file");
  for (const auto& e : entries) {
    if (e.protocol) {
      const double minutes = e.protocol->duration_s() / 60.0;
      std::printf("%-22s %-24s %5zu %6.1f min  %s%s\n", e.path.stem().string().c_str(),
                  e.protocol->name.c_str(), e.protocol->steps.size(), minutes, e.path.string().c_str(),
                  e.shipped ? "" : " (yours)");
    } else {
      std::printf("%-22s cannot be used: %s\n", e.path.stem().string().c_str(), e.error.c_str());
    }
  }
  std::printf("\nYour own protocols go in %s (run one with resonant-cli session --protocol-name ID).\n",
              engine::user_protocol_dir().string().c_str());
  return kExitOk;
}

}  // namespace resonant::cli
