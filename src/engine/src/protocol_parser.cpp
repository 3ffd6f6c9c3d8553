// Protocol files (protocol.hpp) through toml++: toml++ gives every node its source line, so
// each message names file:line and the field.
#include <resonant/engine/protocol.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include <toml++/toml.h>

namespace resonant::engine {
namespace {

constexpr double kSecondsPerMinute = 60.0;

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(const toml::node* where, int fallback_line, const std::string& what) const {
    const int line = where != nullptr ? static_cast<int>(where->source().begin.line) : fallback_line;
    throw ProtocolError(std::string(source_) + ":" + std::to_string(line) + ": " + what);
  }

  /// Fields the table may hold; anything else is most likely a typo.
  void only_known(const toml::table& t, int line, std::initializer_list<std::string_view> known,
                  std::string_view where) const {
    for (const auto& [key, node] : t) {
      bool ok = false;
      for (const auto k : known) ok = ok || key.str() == k;
      if (!ok) {
        std::string list;
        for (const auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        fail(&node, line, "unknown field '" + std::string(key.str()) + "' in " + std::string(where) +
                              " (known: " + list + ")");
      }
    }
  }

  std::optional<std::string> text(const toml::table& t, std::string_view key, int line) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_string()) fail(n, line, std::string(key) + " must be text in quotes");
    return n->value<std::string>();
  }

  std::optional<double> number(const toml::table& t, std::string_view key, int line) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_number()) fail(n, line, std::string(key) + " must be a number");
    const double v = *n->value<double>();
    if (!std::isfinite(v)) fail(n, line, std::string(key) + " must be a finite number");
    return v;
  }

  std::optional<bool> flag(const toml::table& t, std::string_view key, int line) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_boolean()) fail(n, line, std::string(key) + " must be true or false");
    return n->value<bool>();
  }

  double in_range(const toml::table& t, std::string_view key, double v, double lo, double hi,
                  int line, std::string_view unit = "") const {
    if (v < lo || v > hi) {
      fail(t.get(key), line, std::string(key) + " " + number_text(v) + " is outside " +
                                 number_text(lo) + ".." + number_text(hi) + std::string(unit));
    }
    return v;
  }

  void pacer(const toml::table& step, ProtocolStep& out) const {
    const toml::node* n = step.get("pacer");
    if (n == nullptr) {
      out.pacer_enabled = false;
      return;
    }
    if (n->is_string()) {
      if (*n->value<std::string>() != "off") {
        fail(n, out.line, "pacer must be \"off\" or a table { rate_bpm = ..., ... }");
      }
      out.pacer_enabled = false;
      return;
    }
    const toml::table* t = n->as_table();
    if (t == nullptr) fail(n, out.line, "pacer must be \"off\" or a table { rate_bpm = ..., ... }");
    const int line = static_cast<int>(n->source().begin.line);
    only_known(*t, line, {"rate_bpm", "inhale_fraction", "hold_after_inhale_s", "hold_after_exhale_s"},
               "pacer");
    out.pacer_enabled = true;
    const auto rate = number(*t, "rate_bpm", line);
    if (!rate) fail(n, line, "pacer needs rate_bpm (breaths per minute)");
    out.pacer.rate_bpm = in_range(*t, "rate_bpm", *rate, kPacerMinRateBpm, kPacerMaxRateBpm, line);
    if (const auto v = number(*t, "inhale_fraction", line)) {
      out.pacer.inhale_fraction =
          in_range(*t, "inhale_fraction", *v, kPacerMinInhaleFraction, kPacerMaxInhaleFraction, line);
    }
    if (const auto v = number(*t, "hold_after_inhale_s", line)) {
      out.pacer.hold_after_inhale_s = in_range(*t, "hold_after_inhale_s", *v, 0.0, kPacerMaxHoldS, line, " s");
    }
    if (const auto v = number(*t, "hold_after_exhale_s", line)) {
      out.pacer.hold_after_exhale_s = in_range(*t, "hold_after_exhale_s", *v, 0.0, kPacerMaxHoldS, line, " s");
    }
  }

  ProtocolStep step(const toml::table& t, std::size_t index) const {
    ProtocolStep s;
    s.line = static_cast<int>(t.source().begin.line);
    only_known(t, s.line,
               {"name", "duration_s", "duration_min", "instruction", "feedback", "pacer", "rate_from",
                "rate_end_bpm", "fade_out", "kind"},
               "[[step]]");
    const auto name = text(t, "name", s.line);
    if (!name || name->empty()) {
      fail(nullptr, s.line, "step " + std::to_string(index + 1) + " needs a name");
    }
    s.name = *name;
    const auto secs = number(t, "duration_s", s.line);
    const auto mins = number(t, "duration_min", s.line);
    if (secs && mins) fail(t.get("duration_min"), s.line, "give duration_s or duration_min, not both");
    if (!secs && !mins) fail(nullptr, s.line, "step '" + s.name + "' needs duration_s or duration_min");
    if (secs) {
      s.duration_s = *secs;
      if (!(s.duration_s > 0.0 && s.duration_s <= kMaxStepS)) {
        fail(t.get("duration_s"), s.line, "duration_s " + number_text(*secs) + " is outside 0.." +
                                              number_text(kMaxStepS) + " s (must be above 0)");
      }
    } else {
      s.duration_s = *mins * kSecondsPerMinute;
      if (!(s.duration_s > 0.0 && s.duration_s <= kMaxStepS)) {
        fail(t.get("duration_min"), s.line, "duration_min " + number_text(*mins) + " is outside 0.." +
                                                number_text(kMaxStepS / kSecondsPerMinute) +
                                                " min (must be above 0)");
      }
    }
    s.instruction = text(t, "instruction", s.line).value_or("");
    s.feedback = flag(t, "feedback", s.line).value_or(true);
    s.fade_out = flag(t, "fade_out", s.line).value_or(false);
    pacer(t, s);
    if (const auto from = text(t, "rate_from", s.line)) {
      if (*from == "client_resonance") {
        s.rate_from = RateSource::kClientResonance;
      } else if (*from == "measured") {
        s.rate_from = RateSource::kMeasured;
      } else {
        fail(t.get("rate_from"), s.line,
             "rate_from '" + *from + "' is not known (use \"client_resonance\" or \"measured\")");
      }
      if (!s.pacer_enabled) {
        fail(t.get("rate_from"), s.line, "rate_from needs a pacer table (its rate_bpm is the fallback)");
      }
    }
    if (const toml::node* end = t.get("rate_end_bpm")) {
      if (end->is_string()) {
        if (*end->value<std::string>() != "client_resonance") {
          fail(end, s.line, "rate_end_bpm must be a number or \"client_resonance\"");
        }
        s.ramp_to_client_resonance = true;
      } else {
        const double v = *number(t, "rate_end_bpm", s.line);
        s.rate_end_bpm = in_range(t, "rate_end_bpm", v, kPacerMinRateBpm, kPacerMaxRateBpm, s.line);
      }
      if (!s.pacer_enabled) fail(end, s.line, "rate_end_bpm needs a pacer table");
    }
    if (s.fade_out && !s.pacer_enabled) fail(t.get("fade_out"), s.line, "fade_out needs a pacer table");
    if (const auto kind = text(t, "kind", s.line)) {
      if (*kind == "assessment_block") {
        s.kind = StepKind::kAssessmentBlock;
      } else if (*kind != "normal") {
        fail(t.get("kind"), s.line, "kind '" + *kind + "' is not known (use \"assessment_block\" or \"normal\")");
      }
      if (s.kind == StepKind::kAssessmentBlock &&
          (!s.pacer_enabled || s.rate_end_bpm || s.ramp_to_client_resonance ||
           s.rate_from != RateSource::kFixed)) {
        fail(t.get("kind"), s.line, "an assessment_block needs a pacer at one fixed rate_bpm");
      }
    }
    return s;
  }

  Protocol protocol(const toml::table& root) const {
    only_known(root, 1, {"protocol", "step"}, "the file");
    Protocol p;
    p.source = std::string(source_);
    const toml::node* head = root.get("protocol");
    if (head == nullptr || !head->is_table()) fail(head, 1, "the file needs a [protocol] table with a name");
    const toml::table& h = *head->as_table();
    const int head_line = static_cast<int>(h.source().begin.line);
    only_known(h, head_line, {"name", "description", "settle_breaths", "time_limit_min"}, "[protocol]");
    p.name = text(h, "name", head_line).value_or("");
    if (p.name.empty()) fail(head, head_line, "[protocol] needs a name");
    p.description = text(h, "description", head_line).value_or("");
    if (auto n = number(h, "settle_breaths", head_line)) {
      p.settle_breaths = static_cast<std::uint32_t>(
          in_range(h, "settle_breaths", *n, kMinSettleBreaths, kMaxSettleBreaths, head_line));
    }
    if (auto m = number(h, "time_limit_min", head_line)) {
      p.time_limit_s = in_range(h, "time_limit_min", *m, 1.0, kMaxStepS / kSecondsPerMinute, head_line) *
                       kSecondsPerMinute;
    }
    const toml::node* steps = root.get("step");
    if (steps == nullptr) fail(head, head_line, "the protocol has no [[step]]");
    const toml::array* arr = steps->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) fail(steps, head_line, "step must be written as [[step]] tables");
    if (arr->size() > kMaxProtocolSteps) {
      fail(steps, head_line, "the protocol has " + std::to_string(arr->size()) + " steps; at most " +
                                 std::to_string(kMaxProtocolSteps) + " are allowed");
    }
    for (std::size_t i = 0; i < arr->size(); ++i) p.steps.push_back(step(*arr->get(i)->as_table(), i));
    if ((p.settle_breaths || p.time_limit_s) && !p.has_fade_out()) {
      fail(head, head_line, "settle_breaths and time_limit_min need a step with fade_out = true to end with");
    }
    return p;
  }

 private:
  std::string_view source_;
};

}  // namespace

std::string_view to_string(RateSource source) {
  switch (source) {
    case RateSource::kFixed: return "fixed";
    case RateSource::kClientResonance: return "client_resonance";
    case RateSource::kMeasured: return "measured";
  }
  return "fixed";
}

std::string_view to_string(EarlyReason reason) {
  switch (reason) {
    case EarlyReason::kNone: return "";
    case EarlyReason::kSettled: return "breathing has settled";
    case EarlyReason::kTimeLimit: return "time limit";
  }
  return "";
}

std::string_view to_string(StepKind kind) {
  return kind == StepKind::kAssessmentBlock ? "assessment_block" : "normal";
}

double Protocol::duration_s() const {
  double total = 0.0;
  for (const auto& s : steps) total += s.duration_s;
  return total;
}

bool Protocol::has_assessment() const {
  for (const auto& s : steps) {
    if (s.kind == StepKind::kAssessmentBlock) return true;
  }
  return false;
}

bool Protocol::has_fade_out() const {
  return std::any_of(steps.begin(), steps.end(), [](const ProtocolStep& s) { return s.fade_out; });
}

bool Protocol::needs_client_resonance() const {
  return std::any_of(steps.begin(), steps.end(), [](const ProtocolStep& s) {
    return s.rate_from == RateSource::kClientResonance || s.ramp_to_client_resonance;
  });
}

Protocol parse_protocol(std::string_view text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    throw ProtocolError(std::string(source_name) + ":" + std::to_string(e.source().begin.line) +
                        ": " + std::string(e.description()));
  }
  return Parser(source_name).protocol(root);
}

Protocol load_protocol_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ProtocolError(path + ": cannot read the protocol file (check the path and that it is readable)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_protocol(text.str(), path);
}

}  // namespace resonant::engine
