#include <resonant/engine/scheduled_marks.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <string_view>

namespace resonant::engine {
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
      m.kind = MarkKind::kBlockEnd;
    } else if (strip_suffix(m.text, kNoteSuffix)) {
      m.kind = MarkKind::kNote;
    }
    if (m.text.empty() && m.kind != MarkKind::kBlockEnd) {
      error = "--mark '" + spec + "': the block needs a label, e.g. 60:grounding";
      return std::nullopt;
    }
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ScheduledMark& a, const ScheduledMark& b) { return a.t_s < b.t_s; });
  return out;
}

MarkCommand MarkScheduler::command_for(const ScheduledMark& m) {
  MarkCommand c;
  c.text.assign(m.text);
  c.kind = m.kind;
  c.t_s = m.t_s;
  return c;
}

}  // namespace resonant::engine
