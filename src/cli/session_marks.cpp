#include "session_marks.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <nlohmann/json.hpp>

#include "session_output.hpp"

namespace resonant::cli {
namespace {

constexpr std::string_view kEndSuffix = ":end";
constexpr std::string_view kNoteSuffix = ":note";

bool strip_suffix(std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  s.resize(s.size() - suffix.size());
  return true;
}

std::string signed_or_dash(double v) { return fmt_or_dash("%+.1f", v); }

}  // namespace

std::optional<std::vector<ScheduledMark>> parse_marks(const std::vector<std::string>& specs,
                                                      std::string& error) {
  std::vector<ScheduledMark> out;
  for (const std::string& spec : specs) {
    const auto colon = spec.find(':');
    ScheduledMark m;
    std::size_t used = 0;
    try {
      if (colon == std::string::npos) throw std::invalid_argument("no colon");
      m.t_s = std::stod(spec.substr(0, colon), &used);
    } catch (const std::exception&) {
      used = std::string::npos;
    }
    if (used != colon || !std::isfinite(m.t_s) || m.t_s < 0.0) {
      error = "--mark '" + spec + "': expected SECONDS:LABEL, SECONDS:LABEL:end or SECONDS:TEXT:note "
              "(session seconds >= 0), e.g. --mark 60:grounding --mark 120:grounding:end";
      return std::nullopt;
    }
    m.text = spec.substr(colon + 1);
    if (strip_suffix(m.text, kEndSuffix)) {
      m.kind = engine::MarkKind::kBlockEnd;
    } else if (strip_suffix(m.text, kNoteSuffix)) {
      m.kind = engine::MarkKind::kNote;
    }
    if (m.text.empty() && m.kind != engine::MarkKind::kBlockEnd) {
      error = "--mark '" + spec + "': the block needs a label, e.g. 60:grounding";
      return std::nullopt;
    }
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ScheduledMark& a, const ScheduledMark& b) { return a.t_s < b.t_s; });
  return out;
}

std::vector<engine::MarkCommand> MarkScheduler::due(double data_s) {
  std::vector<engine::MarkCommand> out;
  while (next_ < marks_.size() && !std::isnan(data_s) && data_s >= marks_[next_].t_s) {
    const ScheduledMark& m = marks_[next_++];
    engine::MarkCommand c;
    c.text.assign(m.text);
    c.kind = m.kind;
    c.t_s = m.t_s;
    out.push_back(c);
  }
  return out;
}

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
      std::fprintf(out, "%s\n", j.dump().c_str());
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
