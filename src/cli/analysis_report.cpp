#include "analysis_report.hpp"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include <resonant/dsp/hrv_frequency.hpp>
#include <resonant/dsp/hrv_nonlinear.hpp>
#include <resonant/engine/resonance_result.hpp>

namespace resonant::cli {
namespace {

using json = nlohmann::ordered_json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

std::string value(double v, const char* format, const char* unit) {
  if (!std::isfinite(v)) return "-";
  return fmt(format, v) + unit;
}

/// A band's power, or "-" with the span the method needs when the analysed stretch (or, with
/// segments, each segment) was shorter.
std::string band_or_need(double v, const dsp::FrequencyHrv& f, double segment_s, double need_s) {
  if (std::isfinite(v)) return value(v, "%.0f", " ms²");
  if (segment_s > 0.0) {
    return segment_s < need_s ? fmt("- (needs %.0f-min segments)", need_s / 60.0) : "-";
  }
  const double analysed_s = std::isfinite(f.analysed_s) ? f.analysed_s : 0.0;
  return analysed_s < need_s ? fmt("- (needs %.0f min)", need_s / 60.0) : "-";
}

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json artifacts_json(const dsp::ArtifactCounts& c, bool corrected) {
  json by_type = json::object();
  for (std::size_t i = 0; i < dsp::kBeatLabelCount; ++i) {
    const auto label = static_cast<dsp::BeatLabel>(i);
    if (label == dsp::BeatLabel::kNormal) continue;
    by_type[std::string(dsp::to_string(label))] = c.count(label);
  }
  if (!corrected) {  // nothing was looked for: no count, rather than a count of 0
    return {{"intervals", c.raw_count}, {"artifacts", nullptr}, {"percent", nullptr},
            {"by_type", nullptr}, {"corrected", false}};
  }
  return {{"intervals", c.raw_count},
          {"artifacts", c.artifact_count()},
          {"percent", num(c.artifact_percent())},
          {"by_type", by_type},
          {"corrected", true}};
}

/// Where a breathing rate came from, as a noun: the belt measures; the rest estimate from the
/// heart rhythm (RSA), the shape of the ECG (EDR) or the pulse (PPG), or several agreeing.
std::string respiration_source_noun(const std::string& source) {
  if (source == "belt") return "the belt";
  if (source == "rsa") return "the heart rhythm";
  if (source.rfind("edr", 0) == 0) return "the shape of the ECG";
  if (source.rfind("ppg", 0) == 0) return "the pulse";
  return "several heart signals agreeing";  // "fused"
}

std::string one_minute_windows(std::size_t n) {
  return n == 1 ? "one-minute window" : "one-minute windows";
}

// Slow waves of blood pressure (Mayer waves, about 0.1 Hz: 6 /min, seen from ~4 to 9 /min)
// move the heart rhythm and the pulse as breathing does; when breathing is shallow they can
// be taken for it (the NeuroKit resting record, dsp/docs/respiration.md). A rate estimated
// from the heart at or below this carries the caveat; a belt's rate does not.
constexpr double kMayerWaveTopBpm = 9.0;

// The breathing rates the Task Force 1996 bands hold: breathing between them puts the
// variation that follows it (RSA) in HF; slower breathing, resonance breathing included, in LF.
constexpr double kHfLowBpm = dsp::kHfLowHz * 60.0;
constexpr double kHfHighBpm = dsp::kHfHighHz * 60.0;

// As the analysis runs DFA α1 (its default box sizes).
constexpr std::size_t kMinDfaIntervals =
    dsp::kMinDfaBoxesAtLargestSize * dsp::NonlinearHrvConfig{}.dfa_max_box_beats;

/// Why LF/HF is not a balance, and where this record's breathing rate (when one was given)
/// puts the variation that follows breathing. The bands hold [low, high) (dsp band_power).
std::string lf_hf_caveat(const engine::RespirationSummary& r) {
  const std::string ratio = "a ratio of two bands, not a measure of \"stress balance\"; ";
  if (!std::isfinite(r.median_rate_bpm)) return ratio + "slow breathing moves power into LF";
  // Judged on the rate as the report prints it, so the two never disagree at a band edge.
  const std::string shown = fmt("%.1f", r.median_rate_bpm);
  const double bpm = std::strtod(shown.c_str(), nullptr);
  // A slow rate estimated from the heart may be a blood-pressure wave (the respiration line
  // says so): the caveat then speaks of it conditionally.
  const bool maybe_mayer = r.source != "belt" && bpm <= kMayerWaveTopBpm;
  const std::string at =
      maybe_mayer ? "if the breathing rate of " + shown + " /min (below) is right, it lies "
                  : "breathing at " + shown + " /min lies ";
  if (bpm < kHfLowBpm) {
    return ratio + at + "in the LF band, so the variation that follows breathing counts as LF";
  }
  const std::string band = fmt("(%.0f-%.0f /min)", kHfLowBpm, kHfHighBpm);
  if (bpm >= kHfHighBpm) {
    return ratio + at + "above the HF band " + band +
           ", so the variation that follows breathing is in neither band";
  }
  return ratio + at + "in the HF band " + band + "; slower breathing moves power into LF";
}

/// The frequency-domain section: bands, their shares and peaks, LF/HF, or why not.
std::string frequency_text(const engine::FileAnalysis& a) {
  const auto& t = a.hrv.time;
  const auto& f = a.hrv.frequency;
  const double segment_s = a.spectrum_segment_s;
  if (segment_s > 0.0 && f.nn_used == 0 && a.nn_count > 0 && segment_s > dsp::nn_span_s(t)) {
    return fmt("\nFrequency domain: no whole segment of %.0f s (--segments) in %.0f s of "
               "intervals;\n  give shorter segments, or leave --segments out for one spectrum "
               "of the whole record\n",
               segment_s, dsp::nn_span_s(t));
  }
  std::string s = fmt("\nFrequency domain (%zu intervals over %s)\n", f.nn_used,
                      value(f.analysed_s / 60.0, "%.1f", " min").c_str());
  s += "  VLF " + band_or_need(f.vlf_ms2, f, segment_s, dsp::kMinVlfDurationS);
  s += ", LF " + band_or_need(f.lf_ms2, f, segment_s, dsp::kMinLfDurationS);
  if (std::isfinite(f.lf_ms2)) {
    s += " (" + value(f.lf_nu, "%.0f", " n.u.") + ", peak " +
         value(f.lf_peak_hz, "%.3f", " Hz") + ")";
  }
  s += ", HF " + band_or_need(f.hf_ms2, f, segment_s, dsp::kMinHfDurationS);
  if (std::isfinite(f.hf_ms2)) {
    s += " (" + value(f.hf_nu, "%.0f", " n.u.") + ", peak " +
         value(f.hf_peak_hz, "%.3f", " Hz") + ")";
  }
  s += "\n  LF/HF " + value(f.lf_hf_ratio, "%.2f", "");
  if (std::isfinite(f.lf_hf_ratio)) {
    s += " (" + lf_hf_caveat(a.respiration) + ")";
  } else if (std::isfinite(f.lf_ms2) && std::isfinite(f.hf_ms2)) {
    s += fmt(" (a band holds under %.2f ms², less variation than RR timed to %.0f ms resolves)",
             dsp::kMinResolvedPowerMs2, dsp::kRrTimingResolutionMs);
  }
  return s + "\n";
}

/// The respiration summary: the median over the clear windows, or why there is no rate.
std::string respiration_line(const engine::RespirationSummary& r) {
  const std::string quality = "mean quality " + value(r.mean_quality, "%.2f", "");
  if (r.clear_windows == 0) {
    const std::string where = r.windows == 1 ? "the " + one_minute_windows(1)
                                             : fmt("any of the %zu ", r.windows) + one_minute_windows(r.windows);
    return "no rate given: the estimate from " + respiration_source_noun(r.source) +
           " was not clear in " + where + " (" + quality +
           fmt("; a rate is given from %.2f). A belt measures breathing directly.", r.clear_from_quality);
  }
  const std::string windows =
      r.clear_windows == r.windows
          ? fmt("%zu ", r.windows) + one_minute_windows(r.windows)
          : fmt("the %zu clear ", r.clear_windows) + one_minute_windows(r.clear_windows) + fmt(" of %zu", r.windows);
  const std::string source = r.source == "belt" ? fmt("from the belt, %zu breaths", r.breaths)
                                                : "estimated from " + respiration_source_noun(r.source);
  std::string line = value(r.median_rate_bpm, "%.1f", " breaths/min") + " (median of " + windows +
                     ", " + source + ", " + quality + ")";
  if (r.source != "belt" && r.median_rate_bpm <= kMayerWaveTopBpm) {
    line += ". A slow rate estimated from the heart can also be a slow wave of blood pressure "
            "(about 6 /min) when breathing itself is shallow; a belt tells them apart.";
  }
  return line;
}

/// The arousal section: why there is none, or the summary after the baseline.
std::string arousal_text(const engine::ArousalSummary& ar) {
  if (!ar.not_computed.empty()) return "\nArousal index: not computed. " + ar.not_computed + "\n";
  std::string s = fmt("\nArousal index (z-scores of heart rate, lnRMSSD, breathing rate%s against "
                      "the first %.0f s as resting baseline)\n",
                      ar.skin_conductance ? " and skin conductance" : "", ar.baseline_s);
  if (ar.updates == 0) return s + "  not enough data after the baseline\n";
  return s + "  mean " + value(ar.mean_index, "%+.2f", " baseline SDs") + ", confidence " +
         value(ar.mean_confidence, "%.2f", "") +
         fmt("; calmer %.0f %%, near baseline %.0f %%, more activated %.0f %% of the time\n",
             ar.percent_by_band[0] + ar.percent_by_band[1], ar.percent_by_band[2],
             ar.percent_by_band[3] + ar.percent_by_band[4]);
}

/// The belt's breaths over the whole recording, as lines under the Respiration line (whose
/// rate is that of the one-minute windows).
std::string breathing_lines(const engine::BreathingSummary& b) {
  const auto& st = b.statistics;
  std::string s = fmt("  belt \"%s\": %zu clear breaths", b.channel.c_str(), st.breaths);
  if (st.left_out > 0) {
    s += fmt(" (%zu unclear %s left out: too small, clipped or irregular)", st.left_out,
             st.left_out == 1 ? "one" : "ones");
  }
  if (st.breaths == 0) return s + "\n";
  s += "\n  a breath lasts " + value(st.median_duration_s, "%.1f", " s") + " (median), most " +
       fmt("%.1f-%.1f breaths/min (10-90 %%); inhale:exhale 1:", st.rate_p10_bpm,
           st.rate_p90_bpm) +
       value(st.exhale_per_inhale, "%.2f", "") + "\n";
  s += "  variability of breath length " + value(st.duration_cv_pct, "%.0f", " %") +
       " (SD / mean); longest clear breath " +
       value(st.longest_breath_s, "%.1f", " s") +
       fmt(" (from %.0f s)\n", st.longest_breath_onset_s);
  return s;
}

/// The skin-conductance channel: its level, and its responses when they could be scored.
std::string skin_conductance_text(const engine::SkinConductanceSummary& e) {
  const std::string unit = e.units.empty() ? "µS" : e.units;
  std::string s = fmt("\nSkin conductance (\"%s\", %s%s)\n", e.channel.c_str(), unit.c_str(),
                      e.units.empty() ? "; the file states no unit: read as µS" : "");
  const std::string u = " " + unit;
  if (std::isfinite(e.mean_level)) {
    s += "  level " + value(e.mean_level, "%.2f", u.c_str()) + " on average (" +
         value(e.min_level, "%.2f", "") + "-" + value(e.max_level, "%.2f", u.c_str()) + ")";
    if (std::isfinite(e.first_minute_level)) {
      s += "; first minute " + value(e.first_minute_level, "%.2f", "") + ", last minute " +
           value(e.last_minute_level, "%.2f", u.c_str());
    }
    s += "\n";
  }
  if (!e.scored) return s + "  responses not scored: " + e.not_scored + "\n";
  s += fmt("  %zu %s (rises of at least 0.01 µS over 0.5-5 s)", e.responses,
           e.responses == 1 ? "response" : "responses");
  s += std::isfinite(e.responses_per_min) ? fmt(": %.1f a minute", e.responses_per_min)
                                          : fmt(" in %.0f s", e.scored_s);
  if (e.responses > 0) {
    s += "; median size " + value(e.median_amplitude_us, "%.2f", " µS") + ", largest " +
         value(e.largest_amplitude_us, "%.2f", " µS");
  }
  return s + "\n";
}

std::string too_steady_text(const dsp::TimeDomainHrv& t) {
  return fmt("the intervals vary less than RR timed to %.0f ms resolves (SDNN %.2f ms)",
             dsp::kRrTimingResolutionMs, t.sdnn_ms);
}

/// Beats, artifacts, rhythm, HRV in time, frequency and nonlinear domains, and coherence.
std::string heart_text(const engine::FileAnalysis& a) {
  std::string s;
  const char* beat_origin = !a.annotation_file.empty()                ? "annotated"
                            : a.signal == engine::SignalChoice::kRr ? "in the list"
                                                                    : "detected";
  s += fmt("\nBeats: %zu %s, %zu %s in the series\n", a.beat_count, beat_origin, a.gaps,
           a.gaps == 1 ? "break" : "breaks");
  if (a.artifacts_corrected) {
    s += fmt("Artifacts (Lipponen & Tarvainen 2019): %zu of %zu intervals (%s)",
             a.artifacts.artifact_count(), a.artifacts.raw_count,
             value(a.artifacts.artifact_percent(), "%.2f", " %").c_str());
    std::string types;
    for (std::size_t i = 0; i < dsp::kBeatLabelCount; ++i) {
      const auto label = static_cast<dsp::BeatLabel>(i);
      if (label == dsp::BeatLabel::kNormal || a.artifacts.count(label) == 0) continue;
      types += fmt("%s%s %zu", types.empty() ? "" : ", ",
                   std::string(dsp::to_string(label)).c_str(), a.artifacts.count(label));
    }
    s += types.empty() ? "\n" : ": " + types + "\n";
  } else {
    s += "Artifacts: not corrected: the annotation file labels every beat, and only intervals "
         "between normal beats are used\n";
  }
  s += fmt(a.artifacts_corrected ? "NN intervals after correction: %zu" : "NN intervals: %zu",
           a.nn_count);
  s += a.excluded_poor_signal == 0
           ? "\n"
           : fmt(" (%zu left out where the signal was too poor for feedback)\n",
                 a.excluded_poor_signal);
  if (a.rhythm.irregular) {
    s += fmt("Rhythm: not steady (%.0f %% of successive intervals change by more than a fifth:\n"
             "  frequent early beats, or an irregular rhythm). The HRV figures below assume a\n"
             "  steady rhythm and do not measure heart-rate variability here. Not a diagnosis.\n",
             100.0 * a.rhythm.jump_share);
  }
  const auto& t = a.hrv.time;
  s += "\nHeart-rate variability (time domain)\n";
  s += "  mean NN " + value(t.mean_nn_ms, "%.1f", " ms") + ", mean HR " +
       value(t.mean_hr_bpm, "%.1f", " bpm") + "\n";
  s += "  SDNN " + value(t.sdnn_ms, "%.1f", " ms") + ", RMSSD " + value(t.rmssd_ms, "%.1f", " ms") +
       " (ln " + value(a.hrv.nonlinear.ln_rmssd, "%.2f", "") + "), pNN50 " +
       value(t.pnn50_pct, "%.1f", " %") + "\n";
  s += frequency_text(a);
  const auto& n = a.hrv.nonlinear;
  s += "\nNonlinear\n  Poincaré SD1 " + value(n.sd1_ms, "%.1f", " ms") + ", SD2 " +
       value(n.sd2_ms, "%.1f", " ms") + ", DFA α1 " +
       (std::isfinite(n.dfa_alpha1) || a.nn_count >= kMinDfaIntervals
            ? value(n.dfa_alpha1, "%.2f", "")
            : fmt("- (needs %zu intervals)", kMinDfaIntervals)) +
       ", HRV triangular index " +
       (std::isfinite(n.triangular_index) || a.nn_count == 0
            ? value(n.triangular_index, "%.1f", "")
            : fmt("- (needs %.0f min)", dsp::kMinTriangularDurationS / 60.0)) +
       "\n";
  const auto& c = a.coherence;
  s += "\nCoherence (HeartMath-style ratio, 64 s windows every 5 s): ";
  const bool resolved = dsp::variation_is_resolved(t);
  const std::string too_steady = too_steady_text(t);
  s += c.updates > 0  ? fmt("%zu values", c.updates)
       : resolved     ? "none (no 64 s stretch of usable beats)"
                      : "none: " + too_steady;
  if (c.updates > 0) {
    s += ", mean " + value(c.mean_ratio, "%.2f", "") + ", best " + value(c.max_ratio, "%.2f", "") +
         fmt("; low %.0f %%, medium %.0f %%, high %.0f %% of the time",
             c.percent_low_medium_high[0], c.percent_low_medium_high[1],
             c.percent_low_medium_high[2]);
  }
  s += "\n";
  return s;
}

}  // namespace

json frequency_json(const dsp::FrequencyHrv& f) {
  return {{"intervals_used", f.nn_used},   {"analysed_s", num(f.analysed_s)},
          {"vlf_ms2", num(f.vlf_ms2)},     {"lf_ms2", num(f.lf_ms2)},
          {"hf_ms2", num(f.hf_ms2)},       {"total_ms2", num(f.total_ms2)},
          {"vlf_pct", num(f.vlf_pct)},     {"lf_pct", num(f.lf_pct)},
          {"hf_pct", num(f.hf_pct)},       {"lf_nu", num(f.lf_nu)},
          {"hf_nu", num(f.hf_nu)},         {"lf_hf", num(f.lf_hf_ratio)},
          {"vlf_peak_hz", num(f.vlf_peak_hz)}, {"lf_peak_hz", num(f.lf_peak_hz)},
          {"hf_peak_hz", num(f.hf_peak_hz)}};
}

json nonlinear_json(const dsp::NonlinearHrv& n) {
  return {{"sd1_ms", num(n.sd1_ms)},
          {"sd2_ms", num(n.sd2_ms)},
          {"sd1_sd2", num(n.sd1_sd2_ratio)},
          {"dfa_alpha1", num(n.dfa_alpha1)},
          {"triangular_index", num(n.triangular_index)}};
}

const char* const kLevelNames[] = {"unusable", "poor", "fair", "good"};

json quality_json(const std::vector<engine::ChannelQualitySummary>& quality) {
  json list = json::array();
  for (const auto& q : quality) {
    json pct = json::object();
    for (std::size_t i = 0; i < 4; ++i) pct[kLevelNames[i]] = q.percent_by_level[i];
    list.push_back({{"channel", q.channel},
                    {"signal", std::string(engine::to_string(q.signal))},
                    {"seconds", q.seconds},
                    {"percent", pct}});
  }
  return list;
}

json breathing_json(const engine::BreathingSummary& b) {
  const auto& st = b.statistics;
  return {{"channel", b.channel},
          {"breaths", st.breaths},
          {"left_out", st.left_out},
          {"median_breath_s", num(st.median_duration_s)},
          {"median_breath_rate_bpm", num(st.median_rate_bpm)},
          {"rate_p10_bpm", num(st.rate_p10_bpm)},
          {"rate_p90_bpm", num(st.rate_p90_bpm)},
          {"exhale_per_inhale", num(st.exhale_per_inhale)},
          {"duration_cv_pct", num(st.duration_cv_pct)},
          {"longest_breath_s", num(st.longest_breath_s)},
          {"longest_breath_onset_s", num(st.longest_breath_onset_s)}};
}

json skin_conductance_json(const engine::SkinConductanceSummary& e) {
  return {{"channel", e.channel},
          {"units", e.units.empty() ? json(nullptr) : json(e.units)},
          {"responses_scored", e.scored},
          {"not_scored", text_or_null(e.not_scored)},
          {"valid_s", e.valid_s},
          {"scored_s", e.scored ? json(e.scored_s) : json(nullptr)},
          {"mean_level", num(e.mean_level)},
          {"min_level", num(e.min_level)},
          {"max_level", num(e.max_level)},
          {"first_minute_level", num(e.first_minute_level)},
          {"last_minute_level", num(e.last_minute_level)},
          {"responses", e.scored ? json(e.responses) : json(nullptr)},
          {"responses_per_min", num(e.responses_per_min)},
          {"median_amplitude_us", num(e.median_amplitude_us)},
          {"largest_amplitude_us", num(e.largest_amplitude_us)}};
}

json resonance_json(const dsp::ResonanceAssessment& r) {
  return json::parse(engine::resonance_assessment_json(r));
}

json analysis_json(const engine::FileAnalysis& a) {
  const auto& t = a.hrv.time;
  // Without a heart channel the heart's figures are absent (null), not measured zeros.
  const auto heart = [&](json figures) { return a.heart_analysed ? figures : json(nullptr); };
  return {
      {"file", a.file},
      {"format", a.format},
      {"reading_notes", a.reading_notes},
      {"channel", a.channel_name},
      {"signal", std::string(engine::to_string(a.signal))},
      {"heart_analysed", a.heart_analysed},
      {"heart_not_analysed", text_or_null(a.heart_not_analysed)},
      {"sample_rate_hz", num(a.sample_rate_hz)},
      {"duration_s", num(a.duration_s)},
      {"beats", heart(a.beat_count)},
      {"beats_from_annotations", text_or_null(a.annotation_file)},
      {"annotations", text_or_null(a.annotation_summary)},
      {"gaps", heart(a.gaps)},
      {"artifacts", heart(artifacts_json(a.artifacts, a.artifacts_corrected))},
      {"nn_intervals", heart(a.nn_count)},
      {"nn_excluded_poor_signal", heart(a.excluded_poor_signal)},
      {"rhythm", heart({{"irregular", a.rhythm.irregular},
                        {"jump_share", num(a.rhythm.jump_share)},
                        {"pairs", a.rhythm.pairs}})},
      {"time_domain", heart({{"mean_nn_ms", num(t.mean_nn_ms)},
                             {"mean_hr_bpm", num(t.mean_hr_bpm)},
                             {"sdnn_ms", num(t.sdnn_ms)},
                             {"rmssd_ms", num(t.rmssd_ms)},
                             {"ln_rmssd", num(a.hrv.nonlinear.ln_rmssd)},
                             {"pnn50_pct", num(t.pnn50_pct)}})},
      {"frequency_domain", heart(frequency_json(a.hrv.frequency))},
      {"nonlinear", heart(nonlinear_json(a.hrv.nonlinear))},
      {"coherence", heart({{"updates", a.coherence.updates},
                           {"mean_ratio", num(a.coherence.mean_ratio)},
                           {"max_ratio", num(a.coherence.max_ratio)},
                           {"percent_low", a.coherence.percent_low_medium_high[0]},
                           {"percent_medium", a.coherence.percent_low_medium_high[1]},
                           {"percent_high", a.coherence.percent_low_medium_high[2]}})},
      {"respiration",
       {{"source", a.respiration.source.empty() ? json(nullptr) : json(a.respiration.source)},
        {"rate_bpm", num(a.respiration.median_rate_bpm)},
        {"quality", num(a.respiration.mean_quality)},
        {"windows", a.respiration.windows},
        {"clear_windows", a.respiration.clear_windows},
        {"breaths", a.respiration.breaths}}},
      {"breathing", a.breathing ? breathing_json(*a.breathing) : json(nullptr)},
      {"skin_conductance",
       a.skin_conductance ? skin_conductance_json(*a.skin_conductance) : json(nullptr)},
      {"arousal",
       {{"baseline_s",
         a.arousal.not_computed.empty() ? json(a.arousal.baseline_s) : json(nullptr)},
        {"updates", a.arousal.updates},
        {"mean_index", num(a.arousal.mean_index)},
        {"mean_confidence", num(a.arousal.mean_confidence)},
        {"skin_conductance", a.arousal.skin_conductance},
        {"not_computed", a.arousal.not_computed.empty() ? json(nullptr)
                                                        : json(a.arousal.not_computed)},
        {"percent_by_band",
         {{"much_calmer", a.arousal.percent_by_band[0]},
          {"calmer", a.arousal.percent_by_band[1]},
          {"baseline", a.arousal.percent_by_band[2]},
          {"more_activated", a.arousal.percent_by_band[3]},
          {"much_more_activated", a.arousal.percent_by_band[4]}}}}},
      {"signal_quality", quality_json(a.quality)},
      {"resonance", a.has_resonance ? resonance_json(a.resonance) : json(nullptr)},
      {"notes", a.notes},
  };
}

std::string analysis_text(const engine::FileAnalysis& a) {
  std::string s;
  s += fmt("%s (%s)\n", a.file.c_str(), a.format.c_str());
  if (!a.annotation_file.empty()) {
    s += fmt("  beats from the annotation file %s, %.1f min\n  %s\n", a.annotation_file.c_str(),
             a.duration_s / 60.0, a.annotation_summary.c_str());
  } else if (a.signal == engine::SignalChoice::kRr) {
    s += fmt("  RR-interval list, %.1f min\n", a.duration_s / 60.0);
  } else {
    s += fmt("  channel \"%s\" (%s, %g Hz), %.1f min\n", a.channel_name.c_str(),
             std::string(engine::to_string(a.signal)).c_str(), a.sample_rate_hz,
             a.duration_s / 60.0);
  }
  for (const auto& note : a.reading_notes) s += "\nNote: " + note + "\n";
  if (a.heart_analysed) {
    s += heart_text(a);
  } else {
    s += "\nHeart: not analysed: " + a.heart_not_analysed + "\n";
  }
  const auto& r = a.respiration;
  if (!r.source.empty()) {
    s += "\nRespiration: " + respiration_line(r) + "\n";
  } else if (a.breathing) {
    s += a.breathing->statistics.breaths + a.breathing->statistics.left_out == 0
             ? "\nRespiration: the belt showed no breaths\n"
             : "\nRespiration: no whole one-minute window for a rate\n";
  } else if (a.heart_analysed) {
    s += dsp::variation_is_resolved(a.hrv.time)
             ? "\nRespiration: not enough data to estimate a breathing rate\n"
             : "\nRespiration: no rate from the heart rhythm: " + too_steady_text(a.hrv.time) +
                   "\n";
  }
  if (a.breathing) s += breathing_lines(*a.breathing);
  if (a.skin_conductance) s += skin_conductance_text(*a.skin_conductance);
  s += arousal_text(a.arousal);
  s += "\nSignal quality (share of seconds good / fair / poor / unusable)\n";
  if (a.quality.empty()) {
    s += a.annotation_file.empty()
             ? "  no waveform to judge: the beats came as a list of intervals\n"
             : "  not judged: the beats came from " + a.annotation_file + ", not from a channel\n";
  }
  for (const auto& q : a.quality) {
    s += fmt("  %-12s %5.1f / %4.1f / %4.1f / %4.1f %%\n", q.channel.c_str(), q.percent_by_level[3],
             q.percent_by_level[2], q.percent_by_level[1], q.percent_by_level[0]);
  }
  if (a.has_resonance) {
    const auto& res = a.resonance;
    s += "\nResonance-frequency assessment\n";
    for (const auto& seg : res.segments) {
      s += "  " + seg.reason + "\n";
    }
    s += "  " + res.summary + "\n";
  }
  for (const auto& note : a.notes) s += "\nNote: " + note + "\n";
  s += "\nResonant is a training aid, not a medical device: these figures describe this "
       "recording, they are not a diagnosis.\n";
  return s;
}

}  // namespace resonant::cli
