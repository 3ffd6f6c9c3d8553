#pragma once
// JSON text for output and files. Names from the outside world (a file name, a channel label
// in a WFDB header, a CSV column) need not be UTF-8; nlohmann's default dump() throws on
// them, which aborted `analyze --json`. Invalid bytes become U+FFFD instead: the output stays
// valid JSON and everything else in it is exact.
#include <string>

#include <nlohmann/json.hpp>

namespace resonant::engine {

/// indent < 0: one line (JSON Lines); otherwise pretty-printed with that many spaces.
inline std::string json_text(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace resonant::engine
