#pragma once
// Whole-recording analysis (resonant-cli analyze, bench): the same dsp code as the live
// pipeline, in its batch form. Beats (ECG/PPG, offline detector) or an RR list -> RR
// intervals -> artifact detection and correction (Lipponen & Tarvainen 2019) -> HRV of the
// corrected NN series, coherence, respiration (a belt channel when the record has one, else
// estimated from RSA, ECG and PPG and fused), the belt's breath statistics, skin conductance
// level and responses, signal quality per channel, the arousal index against a resting
// baseline, and optionally a resonance-frequency assessment. A belt or skin-conductance
// channel can also be analysed on its own (no heart channel, or --signal resp|eda).
//
// Memory: the beat channel is held as 4-byte floats (86 MB for 24 h at 250 Hz); every other
// channel is streamed in chunks.
#include <cstddef>
#include <limits>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <resonant/dsp/breath_statistics.hpp>
#include <resonant/dsp/hrv_summary.hpp>
#include <resonant/dsp/resonance_assessment.hpp>
#include <resonant/dsp/rhythm_check.hpp>
#include <resonant/dsp/rr_artifacts.hpp>
#include <resonant/engine/file_source.hpp>

namespace resonant::engine {

struct AnalysisOptions {
  double baseline_s = 300.0;  // resting baseline for the arousal index, [130, 3600]; at most a
                              // third of the record
  dsp::SpectralMethod spectrum = dsp::SpectralMethod::kWelch;  // Lomb-Scargle as an option
  dsp::DetrendMethod detrend = dsp::DetrendMethod::kSmoothnessPriors;
  double spectrum_segment_s = 0.0;  // 0 = one spectrum of the whole record; else the mean of
                                    // consecutive segments this long ([60, 3600] s)
  /// Paced blocks of a resonance-frequency assessment in the record; empty = none.
  std::vector<dsp::AssessmentSegment> resonance_segments;
};

/// Share of seconds at each level (unusable, poor, fair, good), in percent.
struct ChannelQualitySummary {
  std::string channel;
  SignalChoice signal = SignalChoice::kEcg;
  std::size_t seconds = 0;
  std::array<double, 4> percent_by_level{};  // index = dsp::QualityLevel
};

struct RespirationSummary {
  std::string source;           // "belt", or the surrogate the fusion used ("fused", "rsa", ...)
  // Over the clear 60 s windows (dsp::breathing_rate_is_clear); NaN when none is clear.
  double median_rate_bpm = std::numeric_limits<double>::quiet_NaN();
  double mean_quality = std::numeric_limits<double>::quiet_NaN();     // [0, 1], all windows
  std::size_t windows = 0;      // 60 s windows with an estimate
  std::size_t clear_windows = 0;  // of those, clear enough to show
  double clear_from_quality = std::numeric_limits<double>::quiet_NaN();  // the threshold used
  std::size_t breaths = 0;      // belt only: breaths detected
};

/// The belt's breaths over the whole recording.
struct BreathingSummary {
  std::string channel;
  dsp::BreathStatistics statistics;
};

/// The skin-conductance channel over the whole recording. Levels are in the channel's units
/// (per-second means of its valid samples); responses are scored only in µS.
struct SkinConductanceSummary {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::string channel;
  std::string units;            // as the file states them; "" = not stated (read as µS)
  bool scored = false;          // responses were scored (the units are µS or unstated)
  std::string not_scored;       // why not, in plain words ("" when scored)
  double valid_s = 0.0;         // seconds with a valid level (in µS: within skin's range)
  double scored_s = 0.0;        // seconds the responses were looked for in
  double mean_level = kNaN;
  double min_level = kNaN;
  double max_level = kNaN;
  double first_minute_level = kNaN;  // mean of the first and last 60 valid seconds, when
  double last_minute_level = kNaN;   // there are at least 120 (so they do not overlap)
  std::size_t responses = 0;    // non-specific and evoked alike (dsp/skin_conductance.hpp)
  double responses_per_min = kNaN;   // over scored_s, when that is at least a minute
  double median_amplitude_us = kNaN;
  double largest_amplitude_us = kNaN;
};

struct CoherenceSummary {
  std::size_t updates = 0;      // values (every 5 s over 64 s windows)
  double mean_ratio = std::numeric_limits<double>::quiet_NaN();
  double max_ratio = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 3> percent_low_medium_high{};
};

struct ArousalSummary {
  std::size_t updates = 0;      // one a second
  double baseline_s = 0.0;      // the first baseline_s of the record
  double mean_index = std::numeric_limits<double>::quiet_NaN();  // after the baseline
  double mean_confidence = std::numeric_limits<double>::quiet_NaN();
  std::array<double, 5> percent_by_band{};  // index = dsp::ArousalBand, after the baseline
  bool skin_conductance = false;  // an EDA channel contributed
  std::string not_computed;  // why there is no index at all, in plain words ("" = computed)
};

struct FileAnalysis {
  std::string file;            // as given
  std::string format;          // "wfdb", "edf", ...
  std::string channel_name;    // the analysed channel ("" for an RR list)
  SignalChoice signal = SignalChoice::kEcg;
  /// False when the analysed channel is a belt or skin conductance (--signal resp|eda, or a
  /// record without a heart channel): no beats, HRV, coherence, arousal or resonance, and
  /// heart_not_analysed says so in plain words.
  bool heart_analysed = true;
  std::string heart_not_analysed;
  double sample_rate_hz = 0.0; // of the analysed channel (NaN for an RR list)
  double duration_s = 0.0;
  std::size_t beat_count = 0;  // detected beats (an RR list: intervals + 1; annotated beats)
  std::string annotation_file;     // beats read from this WFDB annotation file ("nsr001.ecg")
  std::string annotation_summary;  // what it held, in words ("" without one)
  std::size_t gaps = 0;        // breaks in the series (invalid samples, implausible RR)
  dsp::ArtifactCounts artifacts;
  bool artifacts_corrected = true;  // false: annotated N-N intervals, analysed as they are
  std::size_t nn_count = 0;    // NN intervals used for HRV (corrected unless annotated)
  std::size_t excluded_poor_signal = 0;  // NN left out: seconds where feedback would pause
  dsp::HrvSummary hrv;         // time, frequency, nonlinear, of the corrected NN series
  dsp::RhythmCheck rhythm;     // of that series: irregular = the HRV figures are not HRV
  double spectrum_segment_s = 0.0;  // as AnalysisOptions: 0 = one spectrum of the whole record
  CoherenceSummary coherence;
  RespirationSummary respiration;   // source "" when nothing could be estimated
  std::optional<BreathingSummary> breathing;  // when a belt channel was analysed
  std::optional<SkinConductanceSummary> skin_conductance;  // when an EDA channel was
  ArousalSummary arousal;
  std::vector<ChannelQualitySummary> quality;  // the beat channel and its companions
  std::vector<std::string> notes;  // what could not be analysed, and why (plain words)
  /// Doubts on how the file was read (records::RecordInfo::reading_notes): shown before the
  /// figures, which they put in question.
  std::vector<std::string> reading_notes;
  bool has_resonance = false;
  dsp::ResonanceAssessment resonance;
};

/// Throws FileSourceError (bad file or request).
FileAnalysis analyze_file(const FileSource& source, const AnalysisOptions& options = {},
                          const ProgressFn& progress = {});

struct BenchResult {
  std::string channel_name;
  double sample_rate_hz = 0.0;
  std::size_t samples = 0;
  std::size_t beats = 0;
  double best_s = 0.0;         // fastest repetition, detection + full HRV
  double samples_per_s = 0.0;
  double times_real_time = 0.0;
};

/// Reads the beat channel once, then times offline detection + full HRV `repetitions` times.
BenchResult bench_file(const FileSource& source, int repetitions);

}  // namespace resonant::engine
