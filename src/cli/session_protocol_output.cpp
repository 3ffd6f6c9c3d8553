// resonant-cli session with a protocol: its steps, the assessment's result table and the end,
// as text or as JSON lines ({"type":"step"}, {"type":"assessment"}, {"type":"protocol_end"}).
#include <cmath>

#include <nlohmann/json.hpp>

#include <resonant/engine/json_text.hpp>
#include <resonant/engine/resonance_result.hpp>

#include "session_output.hpp"

namespace resonant::cli {

using nlohmann::json;

void SessionOutput::step(const engine::StepRecord& r) {
  const engine::ProtocolStep& st = r.step();
  if (json_) {
    json pacer = nullptr;
    if (r.pacer_enabled) {
      pacer = {{"rate_bpm", r.pacer.rate_bpm},
               {"inhale_fraction", r.pacer.inhale_fraction},
               {"hold_after_inhale_s", r.pacer.hold_after_inhale_s},
               {"hold_after_exhale_s", r.pacer.hold_after_exhale_s}};
    }
    const json j = {{"type", "step"},
                    {"t_s", r.t_s},
                    {"protocol", r.protocol->name},
                    {"index", r.index},
                    {"count", r.count},
                    {"name", st.name},
                    {"duration_s", r.duration_s},
                    {"instruction", st.instruction},
                    {"feedback", st.feedback},
                    {"pacer", pacer},
                    {"rate_end_bpm", r.pacer_enabled ? number_or_null(r.rate_end_bpm) : json(nullptr)},
                    {"fade_out", st.fade_out},
                    {"early", r.early == engine::EarlyReason::kNone ? json(nullptr)
                                                                   : json(std::string(engine::to_string(r.early)))},
                    {"kind", std::string(engine::to_string(st.kind))}};
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  std::string pacer = "pacer off";
  if (r.pacer_enabled) {
    pacer = "pacer " + fmt_or_dash("%.1f", r.pacer.rate_bpm) + "/min";
    if (std::abs(r.rate_end_bpm - r.pacer.rate_bpm) > 1e-9) pacer += " to " + fmt_or_dash("%.1f", r.rate_end_bpm) + "/min";
  }
  const std::string early =
      r.early == engine::EarlyReason::kNone ? "" : ", early: " + std::string(engine::to_string(r.early));
  std::fprintf(out_, "%9.2f s   step %u/%u \"%s\" (%.0f s, %s%s%s): %s\n", r.t_s, r.index + 1, r.count,
               st.name.c_str(), r.duration_s, pacer.c_str(), st.feedback ? "" : ", no feedback",
               early.c_str(), st.instruction.c_str());
}

void SessionOutput::assessment(const engine::AssessmentRecord& a) {
  const dsp::ResonanceAssessment& r = *a.result;
  if (json_) {
    json j = {{"type", "assessment"}, {"t_s", a.t_s}, {"stored", a.stored}};
    const json result = json::parse(engine::resonance_assessment_json(r));
    for (const auto& [key, value] : result.items()) j[key] = value;
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  std::fprintf(out_,
               "\nResonance-frequency assessment (criteria of physiology-and-metrics.md 5.3; "
               "rank 1 = best)\n"
               "  rate/min  valid  phase deg  peak-trough bpm  LF ms2   LF peak ms2/Hz  "
               "pacer share  LF peaks  rank sum\n");
  for (const auto& s : r.segments) {
    std::fprintf(out_, "  %8.1f  %-5s  %9s  %15s  %7s  %14s  %11s  %8zu  %8s\n", s.segment.rate_bpm,
                 s.valid ? "yes" : "no", fmt_or_dash("%.0f", s.phase_deg).c_str(),
                 fmt_or_dash("%.1f", s.peak_to_trough_bpm).c_str(), fmt_or_dash("%.0f", s.lf_power_ms2).c_str(),
                 fmt_or_dash("%.0f", s.lf_peak_density_ms2_per_hz).c_str(),
                 fmt_or_dash("%.2f", s.pacer_power_share).c_str(), s.lf_peak_count,
                 fmt_or_dash("%.1f", s.rank_sum).c_str());
  }
  if (std::isfinite(r.recommended_rate_bpm)) {
    std::fprintf(out_, "  Recommended rate: %.1f breaths/min (runner-up %s), confidence %s (%.2f)\n",
                 r.recommended_rate_bpm, fmt_or_dash("%.1f", r.runner_up_rate_bpm).c_str(),
                 std::string(dsp::to_string(r.level)).c_str(), r.confidence);
  } else {
    std::fprintf(out_, "  No rate can be recommended from these blocks.\n");
  }
  std::fprintf(out_, "  %s\n  %s\n\n", r.summary.c_str(),
               a.stored ? "Stored with the client's session."
                        : "Not stored (the session is not being saved).");
}

void SessionOutput::protocol_end(const engine::ProtocolEndRecord& p) {
  if (json_) {
    json j = {{"type", "protocol_end"}, {"t_s", p.t_s}, {"protocol", p.protocol->name},
              {"stopped", p.stopped}};
    if (p.stopped) j["index"] = p.step_index;  // the step it was in, as the step records
    std::fprintf(out_, "%s\n", engine::json_text(j).c_str());
    return;
  }
  if (p.stopped) {
    std::fprintf(out_, "%9.2f s   protocol \"%s\" stopped during step %u/%zu; the pacer keeps its rate\n",
                 p.t_s, p.protocol->name.c_str(), p.step_index + 1, p.protocol->steps.size());
    return;
  }
  std::fprintf(out_, "%9.2f s   protocol \"%s\" complete\n", p.t_s, p.protocol->name.c_str());
}

}  // namespace resonant::cli
