#include "flow_output.hpp"

#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include <resonant/engine/json_text.hpp>

#include "session_output.hpp"

namespace resonant::cli {
namespace {

nlohmann::json phase_json(const engine::PhaseFigures& f) {
  return {{"duration_s", f.duration_s},
          {"intervals", f.intervals},
          {"mean_hr_bpm", number_or_null(f.mean_hr_bpm)},
          {"rmssd_ms", number_or_null(f.rmssd_ms)},
          {"ln_rmssd", number_or_null(f.ln_rmssd)},
          {"coherence_mean", number_or_null(f.coherence_mean)},
          {"coherence_medium_high_pct", number_or_null(f.coherence_med_high_pct)},
          {"breathing_rate_bpm", number_or_null(f.breathing_rate_bpm)},
          {"rsa_bpm", number_or_null(f.rsa_bpm)},
          // Coherence, breathing rate and RSA come from windows longer than this phase.
          {"too_short", f.too_short},
          // RMSSD and lnRMSSD need 30 s of the phase's intervals.
          {"hrv_too_short", f.hrv_too_short},
          // Many early or late beats: RMSSD then measures those jumps, not HRV.
          {"rhythm_jump_share", number_or_null(f.rhythm_jump_share)},
          {"rhythm_uneven", f.rhythm_uneven}};
}

void row(std::FILE* out, const char* name, const char* format, double baseline, double practice) {
  std::fprintf(out, "  %-34s %10s %10s\n", name, fmt_or_dash(format, baseline).c_str(),
               fmt_or_dash(format, practice).c_str());
}

/// A figure that may be "too short" to measure: `too_short` says which of the phase's flags
/// applies (PhaseFigures::too_short for the live windows, hrv_too_short for RMSSD).
void windowed_row(std::FILE* out, const char* name, const char* format, const engine::PhaseFigures& b,
                  double baseline, const engine::PhaseFigures& p, double practice,
                  bool engine::PhaseFigures::*too_short = &engine::PhaseFigures::too_short) {
  constexpr const char* kTooShort = "too short";
  const auto cell = [&](const engine::PhaseFigures& f, double v) {
    return f.*too_short && !std::isfinite(v) ? std::string(kTooShort) : fmt_or_dash(format, v);
  };
  std::fprintf(out, "  %-34s %10s %10s\n", name, cell(b, baseline).c_str(), cell(p, practice).c_str());
}

}  // namespace

bool parse_ratings(const std::string& text, engine::RatingWhen when,
                   std::vector<engine::RateCommand>& out, std::string& error) {
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const std::size_t end = std::min(text.find(',', pos), text.size());
    const std::string part = text.substr(pos, end - pos);
    const std::size_t eq = part.find('=');
    const std::string name = part.substr(0, eq);
    engine::RateCommand r;
    r.when = when;
    if (name == "calm") {
      r.scale = engine::RatingScale::kCalm;
    } else if (name == "tension") {
      r.scale = engine::RatingScale::kTension;
    } else {
      error = "'" + part + "': the scales are calm and tension, e.g. calm=7,tension=4";
      return false;
    }
    char* num_end = nullptr;
    const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
    r.value = std::strtod(value.c_str(), &num_end);
    if (value.empty() || *num_end != '\0' || !(r.value >= engine::kMinRating && r.value <= engine::kMaxRating)) {
      error = "'" + part + "': a rating is a number from 0 to 10, e.g. calm=7";
      return false;
    }
    out.push_back(r);
    pos = end + 1;
  }
  return true;
}

void print_debrief(std::FILE* out, const engine::FlowProgress& flow, bool json) {
  const engine::FlowRatings& r = flow.ratings;
  if (json) {
    const nlohmann::json j = {
        {"phase", std::string(engine::to_string(flow.phase))},
        {"baseline", phase_json(flow.baseline)},
        {"practice", phase_json(flow.practice)},
        {"practice_rate_bpm", flow.settings.practice_pacer.rate_bpm},
        {"ratings",
         {{"calm_before", number_or_null(r.calm_before)},
          {"tension_before", number_or_null(r.tension_before)},
          {"calm_after", number_or_null(r.calm_after)},
          {"tension_after", number_or_null(r.tension_after)}}}};
    std::fprintf(out, "%s\n", engine::json_text(j).c_str());
    return;
  }
  const engine::PhaseFigures& b = flow.baseline;
  const engine::PhaseFigures& p = flow.practice;
  std::fprintf(out, "Debrief (a training aid, not a medical device)\n");
  std::fprintf(out, "  %-34s %10s %10s\n", "", "baseline", "practice");
  row(out, "length (min)", "%.1f", b.duration_s / 60.0, p.duration_s / 60.0);
  row(out, "beat intervals", "%.0f", b.intervals, p.intervals);
  row(out, "mean heart rate (bpm)", "%.1f", b.mean_hr_bpm, p.mean_hr_bpm);
  windowed_row(out, "RMSSD (ms)", "%.1f", b, b.rmssd_ms, p, p.rmssd_ms,
               &engine::PhaseFigures::hrv_too_short);
  windowed_row(out, "lnRMSSD", "%.2f", b, b.ln_rmssd, p, p.ln_rmssd,
               &engine::PhaseFigures::hrv_too_short);
  windowed_row(out, "coherence ratio (mean)", "%.2f", b, b.coherence_mean, p, p.coherence_mean);
  windowed_row(out, "time in medium/high coherence (%)", "%.0f", b, b.coherence_med_high_pct, p,
               p.coherence_med_high_pct);
  windowed_row(out, "breathing rate (/min)", "%.1f", b, b.breathing_rate_bpm, p, p.breathing_rate_bpm);
  windowed_row(out, "heart-rate swing per breath (bpm)", "%.1f", b, b.rsa_bpm, p, p.rsa_bpm);
  if (b.too_short || p.too_short || b.hrv_too_short || p.hrv_too_short) {
    std::fprintf(out, "  (%s)\n", engine::kPhaseTooShortNote);
  }
  if (const std::string note = engine::uneven_rhythm_note(b, p); !note.empty()) {
    std::fprintf(out, "  (%s)\n", note.c_str());
  }
  std::fprintf(out, "  %-34s %10s %10s\n", "", "before", "after");
  row(out, "calm (0-10)", "%.0f", r.calm_before, r.calm_after);
  row(out, "tension (0-10)", "%.0f", r.tension_before, r.tension_after);
}

}  // namespace resonant::cli
