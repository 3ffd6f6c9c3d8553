// resonant-cli analyze FILE: a readable report, or one JSON object with --json.
#include <cmath>
#include <cstdio>
#include <exception>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <resonant/engine/file_analysis.hpp>
#include <resonant/engine/json_text.hpp>

#include "analysis_report.hpp"
#include "commands.hpp"
#include "piped_input.hpp"
#include "progress_line.hpp"

namespace resonant::cli {
namespace {

/// "START_S" (the standard protocol from that second) or "START-END@RATE,..."; nullopt when
/// malformed.
std::optional<std::vector<dsp::AssessmentSegment>> parse_resonance(const std::string& text) {
  std::vector<dsp::AssessmentSegment> segments;
  // Plain decimal numbers only (strtod would also take hex, inf and nan).
  if (text.find_first_not_of("0123456789.,-@") != std::string::npos) return std::nullopt;
  if (text.find('@') == std::string::npos) {
    char* end = nullptr;
    const double start = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(start >= 0.0 && start < 1e7)) return std::nullopt;
    return dsp::stepped_protocol(start);
  }
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string item = text.substr(pos, comma - pos);
    dsp::AssessmentSegment s;
    char tail = 0;
    if (std::sscanf(item.c_str(), "%lf-%lf@%lf%c", &s.start_s, &s.end_s, &s.rate_bpm, &tail) != 3 ||
        !(s.end_s > s.start_s) || !(s.rate_bpm >= 3.0 && s.rate_bpm <= 10.0)) {
      return std::nullopt;
    }
    if (!(s.start_s >= 0.0 && s.end_s < 1e7)) return std::nullopt;
    if (!segments.empty() && s.start_s < segments.back().end_s) return std::nullopt;  // overlap
    segments.push_back(s);
    pos = comma + 1;
  }
  if (segments.empty() || text.back() == ',') return std::nullopt;
  return segments;
}

}  // namespace

int run_analyze(const AnalyzeOptions& o) {
  engine::AnalysisOptions options;
  options.baseline_s = o.baseline_s;
  options.spectrum = o.spectrum == "lomb" ? dsp::SpectralMethod::kLombScargle : dsp::SpectralMethod::kWelch;
  options.detrend = o.detrend == "linear" ? dsp::DetrendMethod::kLinear
                    : o.detrend == "none" ? dsp::DetrendMethod::kNone
                                          : dsp::DetrendMethod::kSmoothnessPriors;
  if (!o.resonance_protocol.empty()) {
    const auto segments = parse_resonance(o.resonance_protocol);
    if (!segments) {
      std::fprintf(stderr,
                   "resonant-cli analyze: --resonance takes START_S (e.g. 300) or segments "
                   "START-END@RATE in seconds and breaths/min 3-10, comma-separated, in "
                   "order and not overlapping (e.g. 0-120@6.5,120-240@6); got \"%s\"\n",
                   o.resonance_protocol.c_str());
      return kExitUsage;
    }
    options.resonance_segments = *segments;
  }
  if (o.segment_s != 0.0 && o.segment_s < 60.0) {
    std::fprintf(stderr, "resonant-cli analyze: --segments must be 0 or 60-3600 s\n");
    return kExitUsage;
  }
  options.spectrum_segment_s = o.segment_s;
  if (!(o.baseline_s >= 130.0 && o.baseline_s <= 3600.0)) {
    std::fprintf(stderr, "resonant-cli analyze: --baseline must be 130-3600 s (the arousal index "
                         "needs 60 s of settled inputs after a 64 s warm-up)\n");
    return kExitUsage;
  }
  engine::FileAnalysis analysis;
  try {
    ProgressLine progress("analysing");
    analysis = engine::analyze_file(o.source, options, progress.callback());
  } catch (const engine::FileSourceError& e) {
    std::fprintf(stderr, "resonant-cli analyze: %s\n", shown_input_text(e.what()).c_str());
    return kExitFailure;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "resonant-cli analyze: %s: not enough memory to analyse this recording\n",
                 shown_input_text(o.source.path.string()).c_str());
    return kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "resonant-cli analyze: %s: %s\n",
                 shown_input_text(o.source.path.string()).c_str(),
                 shown_input_text(e.what()).c_str());
    return kExitFailure;
  }
  analysis.file = shown_input_text(analysis.file);
  const std::string text =
      o.json ? engine::json_text(analysis_json(analysis), 2) + "\n" : analysis_text(analysis);
  if (!write_stdout(text)) {
    std::fprintf(stderr, "resonant-cli analyze: writing the report failed (disk full or pipe "
                         "closed)\n");
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace resonant::cli
