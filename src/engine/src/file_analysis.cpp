#include <resonant/engine/file_analysis.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "beat_series.hpp"
#include "file_beats_detail.hpp"
#include "file_analysis_steps.hpp"
#include "file_channel.hpp"

namespace resonant::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// dsp::ArousalConfig::min_baseline_s (60 s of valid inputs) plus the warm-up of the 64 s
// lnRMSSD window's first values (measured: a 100 s baseline leaves too few).
constexpr double kMinArousalBaselineS = 130.0;

/// Beats -> RR with the live pipeline's rule; counts the series breaks.
std::vector<dsp::RrInterval> rr_from_file_beats(std::span<const FileBeat> beats, double fs,
                                                std::size_t& gaps) {
  std::vector<dsp::RrInterval> rr;
  rr.reserve(beats.size());
  detail::RrBuilder builder;
  for (const auto& b : beats) {
    if (auto step = builder.push(b.sample_index / fs, b.after_gap); step.interval) {
      rr.push_back(*step.interval);
    }
  }
  gaps = static_cast<std::size_t>(
      std::count_if(rr.begin() + (rr.empty() ? 0 : 1), rr.end(),
                     [](const dsp::RrInterval& r) { return r.after_gap; }));
  return rr;
}

/// Everything computed from the raw RR series (shared by analyze and bench); returns the
/// corrected NN series.
/// feedback_ok_per_second (empty = all fine): the live feedback gate over the beat channel's
/// quality; intervals ending in a paused second are left out, as the live pipeline does.
/// out.artifacts_corrected false: the series is taken as it is (annotated beats, whose labels
/// already left the non-normal ones out).
std::vector<dsp::RrInterval> analyze_rr(std::span<const dsp::RrInterval> raw,
                                        const AnalysisOptions& options, FileAnalysis& out,
                                        std::span<const std::uint8_t> feedback_ok_per_second = {}) {
  const auto feedback_ok = [&](double t_s) {
    const auto second = static_cast<std::size_t>(std::max(0.0, t_s));
    return second >= feedback_ok_per_second.size() || feedback_ok_per_second[second] != 0;
  };
  dsp::ArtifactResult artifacts;
  if (out.artifacts_corrected) {
    // As live (LiveMetrics::on_interval): the corrector's runs end where feedback pauses or
    // resumes, so its thresholds never learn from intervals the gate rejects.
    std::vector<dsp::RrInterval> runs(raw.begin(), raw.end());
    for (std::size_t i = 1; i < runs.size(); ++i) {
      if (feedback_ok(runs[i].t_s) != feedback_ok(runs[i - 1].t_s)) runs[i].after_gap = true;
    }
    artifacts = dsp::correct_rr_artifacts(runs);
  } else {
    artifacts.corrected.assign(raw.begin(), raw.end());
    artifacts.counts.raw_count = raw.size();
    artifacts.counts.by_label[static_cast<std::size_t>(dsp::BeatLabel::kNormal)] = raw.size();
  }
  out.artifacts = artifacts.counts;
  if (!feedback_ok_per_second.empty()) {
    std::vector<dsp::RrInterval> kept;
    kept.reserve(artifacts.corrected.size());
    bool after_exclusion = false;
    for (dsp::RrInterval nn : artifacts.corrected) {
      if (!feedback_ok(nn.t_s)) {
        ++out.excluded_poor_signal;
        after_exclusion = true;
        continue;
      }
      if (after_exclusion) nn.after_gap = true;
      after_exclusion = false;
      kept.push_back(nn);
    }
    artifacts.corrected = std::move(kept);
  }
  out.nn_count = artifacts.corrected.size();
  out.rhythm = dsp::check_rhythm(artifacts.corrected);
  dsp::HrvConfig config;
  config.frequency.method = options.spectrum;
  config.frequency.detrend = options.detrend;
  out.spectrum_segment_s = options.spectrum_segment_s;
  if (options.spectrum_segment_s > 0.0) {
    // The whole-record spectrum is replaced: compute it the cheap way (one Lomb-Scargle over
    // 24 h takes a minute).
    dsp::HrvConfig whole = config;
    whole.frequency.method = dsp::SpectralMethod::kWelch;
    out.hrv = dsp::compute_hrv(artifacts.corrected, whole);
    out.hrv.frequency = dsp::segmented_frequency_hrv(artifacts.corrected,
                                                     options.spectrum_segment_s, config.frequency);
  } else {
    out.hrv = dsp::compute_hrv(artifacts.corrected, config);
    // Welch needs an unbroken series: it takes the longest run. Say so when that is well
    // short of the record, and how to cover all of it.
    const double covered_s = out.hrv.frequency.analysed_s;
    const double span_s = artifacts.corrected.empty()
                              ? 0.0
                              : artifacts.corrected.back().t_s - artifacts.corrected.front().t_s;
    constexpr double kMostOfTheRecord = 0.8;
    constexpr double kSegmentS = 300.0;  // the Task Force's short-term recording
    if (std::isfinite(covered_s) && span_s > kSegmentS && covered_s < kMostOfTheRecord * span_s) {
      char note[300];
      std::snprintf(note, sizeof note,
                    "the frequency domain covers the longest stretch without a break%s (%.1f "
                    "of %.1f min); --segments %.0f averages %.0f-minute spectra over the whole "
                    "record, or --spectrum lomb takes it whole",
                    out.excluded_poor_signal > 0 ? " or intervals left out for poor signal" : "",
                    covered_s / 60.0, span_s / 60.0, kSegmentS, kSegmentS / 60.0);
      out.notes.push_back(note);
    }
  }
  return std::move(artifacts.corrected);
}

constexpr double kMaxRecordS = 7.0 * 24.0 * 3600.0;

/// Intervals a heart cannot make (outside dsp's plausible range) left out of an RR list.
struct LeftOutIntervals {
  std::size_t count = 0;
  std::size_t joined = 0;         // of those, too short and joined with the next
  double first_rr_ms = 0.0;
  std::size_t first_number = 0;   // 1 = the list's first interval
  double first_start_s = 0.0;     // where it begins: after the interval before it
};

/// Plausible intervals of an RR list, timed from t0_s (the start of the list: a time column may
/// start anywhere; respiration windows, arousal seconds and assessment blocks count from 0).
/// A hole in the list (an interval that does not start where the last one ended, as where
/// annotated non-normal beats were left out) or an implausible interval breaks the series;
/// left_out, when given, counts the implausible ones. With join_too_short (a list as a device
/// or program wrote it, not beats reviewed by hand), a too-short interval is a beat counted
/// twice, as for detected beats (beat_series.hpp): it joins the next interval; when even the
/// two together are too short, the series breaks and the interval after them, which starts at
/// a beat that was no beat, is left out too.
std::vector<dsp::RrInterval> rr_from_list(std::span<const records::RrInterval> list, double t0_s,
                                          bool join_too_short, LeftOutIntervals* left_out = nullptr) {
  std::vector<dsp::RrInterval> rr;
  rr.reserve(list.size());
  bool broken = true;
  double carried_ms = 0.0;      // a too-short interval waiting to join the next
  bool skip_next = false;       // the next interval starts at a beat that was no beat
  const auto count_left_out = [&](std::size_t i, const records::RrInterval& r) {
    if (left_out && left_out->count++ == 0) {
      left_out->first_rr_ms = r.rr_ms;
      left_out->first_number = i + 1;
      left_out->first_start_s = detail::rr_start_s(r) - t0_s;
    }
  };
  for (std::size_t i = 0; i < list.size(); ++i) {
    const records::RrInterval& r = list[i];
    if (i > 0 && detail::hole_between(list[i - 1], r)) {
      broken = true;
      carried_ms = 0.0;
      skip_next = false;
    }
    if (skip_next) {
      skip_next = false;
      continue;
    }
    const bool joined = carried_ms > 0.0;
    const double rr_ms = r.rr_ms + carried_ms;
    carried_ms = 0.0;
    const bool too_short = rr_ms > 0.0 && rr_ms < dsp::kMinPlausibleRrMs;
    if (!dsp::is_plausible_rr_ms(rr_ms)) {
      count_left_out(i, r);
      if (join_too_short && too_short && !joined) {
        carried_ms = rr_ms;
      } else {
        broken = true;
        skip_next = joined && too_short;
      }
      continue;
    }
    if (joined && left_out) ++left_out->joined;
    rr.push_back({r.t_s - t0_s, rr_ms, broken});
    broken = false;
  }
  return rr;
}

/// Says what was left out, so a typo (99999) or a pause in the recording is not lost silently.
std::string left_out_note(const LeftOutIntervals& left_out) {
  if (left_out.count == 0) return "";
  char first[128];
  std::snprintf(first, sizeof first, "%sinterval %zu, %.6g ms, from %.1f min",
                left_out.count > 1 ? "the first is " : "", left_out.first_number,
                left_out.first_rr_ms, left_out.first_start_s / 60.0);
  const std::string n = std::to_string(left_out.count);
  return (left_out.count == 1 ? "1 interval is" : n + " intervals are") + " not a heart beat's (" +
         std::to_string(static_cast<int>(dsp::kMinPlausibleRrMs)) + "-" +
         std::to_string(static_cast<int>(dsp::kMaxPlausibleRrMs)) + " ms) and " +
         (left_out.count == 1 ? "was" : "were") + " left out: " + first +
         (left_out.joined == left_out.count
              ? "; each too short one is joined with the next (a beat counted twice)"
          : left_out.joined == 0
              ? "; the series breaks there (a pause in the recording, or a typing error in the list)"
              : "; a too short one is joined with the next (a beat counted twice), elsewhere the "
                "series breaks (a pause in the recording, or a typing error in the list)");
}

/// An RR list read in the wrong unit has (almost) no plausible interval: said as an error with
/// the unit it looks like, instead of a report of dashes.
void check_rr_units(const std::string& name, std::span<const records::RrInterval> list,
                    std::size_t plausible) {
  if (list.empty() || 2 * plausible >= list.size()) return;
  std::vector<double> values;
  values.reserve(list.size());
  for (const auto& r : list) values.push_back(r.rr_ms);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  const double median_ms = values[values.size() / 2];
  constexpr double kMsPerS = 1000.0;
  const auto plausible_ms = [](double ms) {
    return ms >= dsp::kMinPlausibleRrMs && ms <= dsp::kMaxPlausibleRrMs;
  };
  const std::string hint =
      plausible_ms(median_ms * kMsPerS)   ? "; they look like seconds: try --rr-units s"
      : plausible_ms(median_ms / kMsPerS) ? "; they look like milliseconds: try --rr-units ms"
          : "; check the units (--rr-units ms|s) and that the file holds RR intervals "
            "(samples of a signal: give its sample rate, --rate HZ)";
  char median[32];
  std::snprintf(median, sizeof median, "%.4g", median_ms);
  throw FileSourceError(name + ": only " + std::to_string(plausible) + " of " +
                        std::to_string(list.size()) + " intervals are heart beats (" +
                        std::to_string(static_cast<int>(dsp::kMinPlausibleRrMs)) + "-" +
                        std::to_string(static_cast<int>(dsp::kMaxPlausibleRrMs)) +
                        " ms); read as ms, their median is " + median + hint);
}

std::string annotation_summary(const records::AnnotatedNnSeries& a) {
  std::string s = std::to_string(a.beats) + " annotated beats, " + std::to_string(a.normal_beats) +
                  " normal (N, L, R, B)";
  if (!a.other_labels.empty()) s += "; others: " + a.other_labels;
  if (a.left_out > 0) {
    s += "; " + std::to_string(a.left_out) + " interval" + (a.left_out == 1 ? "" : "s") +
         " next to a non-normal beat left out (N-N only)";
  }
  return s;
}

}  // namespace

FileAnalysis analyze_file(const FileSource& source, const AnalysisOptions& options,
                          const ProgressFn& progress) {
  // Progress over the whole analysis, not only the reading: on a day-long record the steps
  // after it (beats, HRV, breathing windows) take longer than the reading itself (24 h at
  // 250 Hz, simulated: reading 1.9 s of 8.6 s). The later shares are rough: enough for the
  // bar to keep moving instead of standing at 100 %.
  constexpr double kReadShare = 0.25;
  constexpr double kBeatsDone = 0.55;
  constexpr double kHrvDone = 0.7;
  constexpr double kRespirationDone = 0.95;
  const auto report = [&progress](double fraction) {
    if (progress) progress(fraction);
  };
  auto file = detail::open_file_channel(source, /*fall_back_to_belt_or_eda=*/true);
  const auto& info = file.record->info();
  FileAnalysis out;
  out.file = source.path.string();
  out.format = std::string(records::format_name(info.format));
  out.signal = file.signal;
  out.reading_notes = info.reading_notes;
  std::vector<dsp::RrInterval> raw;
  std::vector<float> samples;
  std::vector<FileBeat> beats;
  if (file.signal == SignalChoice::kRr) {
    records::AnnotatedNnSeries annotated;
    std::string list_note;
    const auto list = detail::rr_list_of(file, &annotated, &list_note);
    if (!list_note.empty()) out.notes.push_back(list_note);
    if (file.annotator.empty()) {
      const double t0_s = list.empty() ? 0.0 : detail::rr_start_s(list.front());
      LeftOutIntervals left_out;
      raw = rr_from_list(list, t0_s, true, &left_out);
      check_rr_units(source.path.filename().string(), list, raw.size());
      if (const std::string note = left_out_note(left_out); !note.empty()) {
        out.notes.push_back(note);
      }
      out.beat_count = list.size() + (list.empty() ? 0 : 1);
    } else {
      // Annotation times count from the record's start, like its signals and markers.
      // Hand-reviewed beats: a short N-N interval is real (a fast run), never a double count.
      raw = rr_from_list(list, 0.0, false);
      out.beat_count = annotated.beats;
      out.annotation_file = detail::annotation_file_name(file);
      out.annotation_summary = annotation_summary(annotated);
      // The annotations label every beat (reviewed by hand in PhysioNet's databases): the N-N
      // series is analysed as annotated, as §9.3 does for MIT-BIH 100.
      out.artifacts_corrected = false;
    }
    out.sample_rate_hz = kNaN;
    out.duration_s = raw.empty() ? 0.0 : raw.back().t_s;
    if (out.duration_s > kMaxRecordS) {
      const std::string advice = file.annotator.empty()
                                     ? "; check the units (--rr-units ms|s) and the time column"
                                     : "; the header's sampling frequency may be wrong";
      throw FileSourceError(source.path.filename().string() + ": the RR intervals span " +
                            std::to_string(static_cast<long long>(out.duration_s / 86400.0)) +
                            " days" + advice);
    }
    out.gaps = static_cast<std::size_t>(std::count_if(
        raw.begin() + (raw.empty() ? 0 : 1), raw.end(), [](const auto& r) { return r.after_gap; }));
  } else if (file.signal != SignalChoice::kEcg && file.signal != SignalChoice::kPpg) {
    return detail::analyze_without_heart(source, options, file, std::move(out), progress);
  } else {
    const std::string name = source.path.filename().string();
    const double fs = file.info->sample_rate_hz;
    detail::check_beat_channel(name, fs, file.signal);
    out.channel_name = file.info->name;
    out.sample_rate_hz = fs;
    samples = detail::read_channel(*file.record, file.info->index, [&](double f) {
      report(kReadShare * f);
    });
    out.duration_s = static_cast<double>(samples.size()) / fs;
    beats = detail::detect_beats_offline(samples, fs, file.signal);
    out.beat_count = beats.size();
    raw = rr_from_file_beats(beats, fs, out.gaps);
  }
  report(kBeatsDone);
  std::vector<float> hr_quality;
  std::vector<std::uint8_t> feedback_ok;
  if (file.info) {
    out.quality.push_back(detail::beat_channel_quality(samples, out.sample_rate_hz, file.signal,
                                                       beats, file.info->name, &hr_quality,
                                                       &feedback_ok));
  }
  const std::vector<dsp::RrInterval> nn = analyze_rr(raw, options, out, feedback_ok);
  report(kHrvDone);
  out.coherence = detail::summarize_coherence(nn);

  std::optional<detail::BeltAnalysis> belt;
  std::vector<double> scl;
  detail::analyze_companions(file, out, belt, scl);
  const auto respiration = detail::respiration_windows(belt, nn, samples, out.sample_rate_hz,
                                                       file.signal, beats, out.duration_s,
                                                       out.respiration);
  report(kRespirationDone);
  // A record shorter than three baselines gets its first third as baseline, so there is
  // something left to compare.
  const double baseline_s = std::min(options.baseline_s, out.duration_s / 3.0);
  if (baseline_s >= kMinArousalBaselineS) {
    out.arousal = detail::analyze_arousal(nn, out.duration_s, baseline_s, hr_quality,
                                          respiration, scl);
    if (baseline_s < options.baseline_s) {
      out.notes.push_back("the arousal index's resting baseline is the first " +
                          std::to_string(std::lround(baseline_s)) + " s, a third of the recording, "
                          "so that two thirds are left to compare with it (--baseline is " +
                          detail::number_text(options.baseline_s) + " s)");
    }
  } else {
    // No baseline was used: baseline_s stays 0 (JSON null), the reason says why.
    out.arousal.not_computed =
        "The recording is " + std::to_string(static_cast<long long>(std::floor(out.duration_s))) +
        " s long; the index needs at least " +
        std::to_string(std::lround(3 * kMinArousalBaselineS)) + " s: " +
        std::to_string(std::lround(kMinArousalBaselineS)) +
        " s of rest as the baseline, then twice that to compare with it.";
  }
  if (!options.resonance_segments.empty()) {
    std::vector<double> onsets;
    if (belt) {
      for (const auto& b : belt->breaths) onsets.push_back(b.onset_s);
    }
    for (const auto& seg : options.resonance_segments) {
      if (seg.end_s > out.duration_s) {
        out.notes.push_back(
            "resonance assessment: the " + detail::number_text(seg.rate_bpm) +
            " /min block ends at " + std::to_string(static_cast<long long>(seg.end_s)) +
            " s, after the end of the recording (" +
            std::to_string(static_cast<long long>(out.duration_s)) + " s)");
      }
    }
    const auto cycles = dsp::breath_cycles_from_onsets(onsets);
    out.resonance = dsp::assess_resonance(nn, options.resonance_segments, {}, cycles);
    out.has_resonance = true;
  }
  report(1.0);
  return out;
}

BenchResult bench_file(const FileSource& source, int repetitions) {
  auto file = detail::open_file_channel(source);
  const std::string name = source.path.filename().string();
  if (file.signal != SignalChoice::kEcg && file.signal != SignalChoice::kPpg) {
    const std::string only_annotations =
        file.annotator.empty()
            ? std::string{}
            : "; this record has only the beat annotations in " + detail::annotation_file_name(file);
    throw FileSourceError(name + ": bench times beat detection + HRV on an ECG or PPG channel" +
                          only_annotations);
  }
  const double fs = file.info->sample_rate_hz;
  detail::check_beat_channel(name, fs, file.signal);
  const std::vector<float> samples = detail::read_channel(*file.record, file.info->index);
  BenchResult result;
  result.channel_name = file.info->name;
  result.sample_rate_hz = fs;
  result.samples = samples.size();
  result.best_s = std::numeric_limits<double>::infinity();
  for (int rep = 0; rep < repetitions; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    FileAnalysis out;
    const auto beats = detail::detect_beats_offline(samples, fs, file.signal);
    const auto raw = rr_from_file_beats(beats, fs, out.gaps);
    analyze_rr(raw, AnalysisOptions{}, out);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.best_s = std::min(result.best_s, elapsed);
    result.beats = beats.size();
  }
  result.samples_per_s = static_cast<double>(result.samples) / result.best_s;
  result.times_real_time = result.samples_per_s / fs;
  return result;
}

}  // namespace resonant::engine
