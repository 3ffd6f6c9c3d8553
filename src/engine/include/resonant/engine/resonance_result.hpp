#pragma once
// The resonance assessment's result table as JSON: one format for `resonant-cli analyze
// --resonance`, the session's JSON lines and the copy stored with the client (assessments
// table, kind kResonanceAssessmentKind), so what is stored reads back the same way.
#include <optional>
#include <string>
#include <string_view>

#include <resonant/dsp/resonance_assessment.hpp>

namespace resonant::engine {

inline constexpr std::string_view kResonanceAssessmentKind = "resonance";

/// {"recommended_rate_bpm", "runner_up_rate_bpm", "confidence", "confidence_level",
///  "summary", "segments": [{rate_bpm, start_s, end_s, valid, followed, the six criteria,
///  ranks, rank_sum, reason}]}; NaN as null.
std::string resonance_assessment_json(const dsp::ResonanceAssessment& result);

/// The recommended rate in a stored result (nullopt when there is none or the text is not
/// such a result).
std::optional<double> recommended_rate_from_json(std::string_view result_json);

/// The client's recommended resonance rate from their newest stored assessment in the
/// database; nullopt when they have none (or the database cannot be read: message in error).
std::optional<double> stored_resonance_rate(const std::string& database, const std::string& client,
                                            std::string& error);

}  // namespace resonant::engine
