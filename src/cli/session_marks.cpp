#include "session_marks.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <nlohmann/json.hpp>

#include <resonant/engine/json_text.hpp>

#include "session_output.hpp"

namespace resonant::cli {
namespace {

std::string signed_or_dash(double v) { return fmt_or_dash("%+.1f", v); }

}  // namespace

void print_response_cards(std::FILE* out, std::span<const engine::ExerciseCard> cards, bool json_lines) {
  for (const engine::ExerciseCard& e : cards) {
    const dsp::ResponseCard& c = e.card;
    const std::string label(e.label.view());
    if (json_lines) {
      const nlohmann::json j = {
          {"type", "response_card"},
          {"label", label},
          {"start_s", number_or_null(c.block.start_s)},
          {"end_s", number_or_null(c.block.end_s)},
          {"ended", c.ended},
          {"baseline_start_s", number_or_null(c.baseline_start_s)},
          {"baseline_beats", c.baseline_beats},
          {"block_beats", c.block_beats},
          {"baseline_hr_bpm", number_or_null(c.baseline_hr_bpm)},
          {"baseline_hr_sd_bpm", number_or_null(c.baseline_hr_sd_bpm)},
          {"block_hr_bpm", number_or_null(c.block_hr_bpm)},
          {"delta_hr_bpm", number_or_null(c.delta_hr_bpm)},
          {"baseline_breaths", c.baseline_breaths},
          {"block_breaths", c.block_breaths},
          {"baseline_rsa_bpm", number_or_null(c.baseline_rsa_bpm)},
          {"block_rsa_bpm", number_or_null(c.block_rsa_bpm)},
          {"delta_rsa_bpm", number_or_null(c.delta_rsa_bpm)},
          {"return_s", number_or_null(c.return_s)},
          {"return_beats", c.return_beats},
          {"return_final", c.return_final}};
      std::fprintf(out, "%s\n", engine::json_text(j).c_str());
      continue;
    }
    const std::string back = !std::isnan(c.return_s) ? "back to baseline in " + fmt_or_dash("%.0f s", c.return_s)
                              : c.return_final       ? "not back to baseline within the search window"
                              : c.ended              ? "not back to baseline yet"
                                                     : "block still running";
    std::fprintf(out,
                 "card %-14s %7.1f-%s s  dHR %s bpm (beats %zu base, %zu block)  dRSA %s bpm "
                 "(breaths %zu base, %zu block)  %s\n",
                 label.c_str(), c.block.start_s, fmt_or_dash("%.1f", c.block.end_s).c_str(),
                 signed_or_dash(c.delta_hr_bpm).c_str(), c.baseline_beats, c.block_beats,
                 signed_or_dash(c.delta_rsa_bpm).c_str(), c.baseline_breaths, c.block_breaths,
                 back.c_str());
  }
}

}  // namespace resonant::cli
