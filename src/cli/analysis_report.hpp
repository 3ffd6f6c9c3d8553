#pragma once
// Formatting of a file analysis: the readable report and the JSON object (resonant-cli
// analyze). NaN ("not enough data") prints as "-" and as JSON null.
#include <string>

#include <nlohmann/json.hpp>

#include <resonant/engine/file_analysis.hpp>

namespace resonant::cli {

nlohmann::ordered_json analysis_json(const engine::FileAnalysis& a);
std::string analysis_text(const engine::FileAnalysis& a);

}  // namespace resonant::cli
