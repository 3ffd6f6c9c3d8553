#include <resonant/engine/resonance_result.hpp>

#include <cmath>
#include <exception>
#include <filesystem>

#include <nlohmann/json.hpp>

#include <resonant/engine/json_text.hpp>
#include <resonant/storage/database.hpp>

namespace resonant::engine {
namespace {

using json = nlohmann::ordered_json;  // keys in the order written

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

std::string resonance_assessment_json(const dsp::ResonanceAssessment& r) {
  json segments = json::array();
  for (const auto& s : r.segments) {
    segments.push_back({{"rate_bpm", s.segment.rate_bpm},
                        {"start_s", s.segment.start_s},
                        {"end_s", s.segment.end_s},
                        {"valid", s.valid},
                        {"followed", s.followed},
                        {"ranked", s.ranked},
                        {"coverage", num(s.coverage)},
                        {"phase_deg", num(s.phase_deg)},
                        {"phase_consistency", num(s.phase_consistency)},
                        {"peak_to_trough_bpm", num(s.peak_to_trough_bpm)},
                        {"lf_power_ms2", num(s.lf_power_ms2)},
                        {"lf_peak_density_ms2_per_hz", num(s.lf_peak_density_ms2_per_hz)},
                        {"lf_peak_hz", num(s.lf_peak_hz)},
                        {"pacer_power_share", num(s.pacer_power_share)},
                        {"lf_peak_count", s.lf_peak_count},
                        {"ranks", s.ranks},
                        {"rank_sum", num(s.rank_sum)},
                        {"reason", s.reason}});
  }
  const json j = {{"recommended_rate_bpm", num(r.recommended_rate_bpm)},
                  {"runner_up_rate_bpm", num(r.runner_up_rate_bpm)},
                  {"confidence", r.confidence},
                  {"confidence_level", std::string(dsp::to_string(r.level))},
                  {"summary", r.summary},
                  {"segments", segments}};
  return engine::json_text(j);
}

std::optional<double> recommended_rate_from_json(std::string_view result_json) {
  const json j = json::parse(result_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  const auto it = j.find("recommended_rate_bpm");
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<double> stored_resonance_rate(const std::string& database, const std::string& client,
                                            std::string& error) {
  try {
    if (!std::filesystem::exists(database)) return std::nullopt;
    storage::OpenOptions read_only;
    read_only.read_only = true;
    read_only.recover_interrupted = false;  // a session may be recording right now
    storage::Database db = storage::Database::open(database, read_only);
    if (!db.find_client(client)) return std::nullopt;
    const auto stored = db.latest_assessment(client, kResonanceAssessmentKind);
    if (!stored) return std::nullopt;
    return recommended_rate_from_json(*stored);
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace resonant::engine
