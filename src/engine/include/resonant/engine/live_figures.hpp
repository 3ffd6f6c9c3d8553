#pragma once
// The live metrics a Snapshot carries (beyond beats and the 64 s RMSSD): artifact counts,
// multi-window HRV, coherence, resonance indicators, respiration, pacer adherence, arousal and
// signal quality. Plain fixed-size data: copying never allocates. NaN = not available (not
// enough data yet, or the input is absent). Computed by the pipeline's LiveMetrics
// (src/engine/src/live_metrics.hpp); the methods are in the dsp headers named per struct.
#include <array>
#include <cstdint>
#include <limits>

#include <resonant/common/channel.hpp>
#include <resonant/common/pacer.hpp>
#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/coherence.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/rr_artifacts.hpp>
#include <resonant/dsp/signal_quality.hpp>

namespace resonant::engine {

inline constexpr double kLiveNaN = std::numeric_limits<double>::quiet_NaN();
/// Live HRV windows (dsp/hrv_windows.hpp), shortest first: 64, 120 and 300 s.
inline constexpr std::size_t kLiveHrvWindowCount = 3;
inline constexpr std::array<double, kLiveHrvWindowCount> kLiveHrvWindowsS{64.0, 120.0, 300.0};
/// Coherence values kept for the trend plot: 180 at one per 5 s = the last 15 min.
inline constexpr std::size_t kCoherenceHistoryCapacity = 180;
/// Channels with a quality verdict (RSP channel ids 0..7, as the pipeline).
inline constexpr std::size_t kQualityChannelCount = 8;

/// Decided RR intervals by artifact label (dsp/rr_artifacts.hpp, Lipponen & Tarvainen 2019),
/// since the session started. An interval is decided 2 beats after it ends.
struct ArtifactTally {
  std::array<std::uint64_t, dsp::kBeatLabelCount> by_label{};  // index = dsp::BeatLabel
  std::uint64_t decided = 0;             // raw intervals decided (all labels)
  double artifact_percent = kLiveNaN;    // % of decided intervals not labelled normal
  std::uint64_t excluded_poor_signal = 0;  // NN left out of HRV: feedback paused (bad signal)
  std::uint64_t count(dsp::BeatLabel l) const { return by_label[static_cast<std::size_t>(l)]; }
};

/// One live HRV window (dsp/hrv_windows.hpp) on corrected NN intervals. Each figure keeps its
/// own minimum-data rule: RMSSD, SDNN, lnRMSSD, SD1 and SD2 30 s of intervals
/// (dsp::hrv_is_settled), HF 60 s, LF 120 s, DFA alpha1 64 intervals (NaN below).
struct LiveHrvWindow {
  double window_s = 0.0;          // window length (s)
  std::uint32_t nn_count = 0;     // corrected NN intervals in the window
  double mean_hr_bpm = kLiveNaN;  // 60000 / mean NN
  double rmssd_ms = kLiveNaN;     // root mean square of successive differences (ms)
  double sdnn_ms = kLiveNaN;      // SD of NN (ms)
  double ln_rmssd = kLiveNaN;     // ln(RMSSD in ms)
  double lf_ms2 = kLiveNaN;       // power 0.04-0.15 Hz (ms^2)
  double hf_ms2 = kLiveNaN;       // power 0.15-0.40 Hz (ms^2)
  double total_ms2 = kLiveNaN;    // VLF + LF + HF (ms^2); VLF needs 300 s
  double lf_hf_ratio = kLiveNaN;  // LF / HF (shown as data, not as "balance")
  double lf_peak_hz = kLiveNaN;   // frequency of the LF spectral peak (Hz)
  double hf_peak_hz = kLiveNaN;   // frequency of the HF spectral peak (Hz)
  double sd1_ms = kLiveNaN;       // Poincaré SD1 (short-term) (ms)
  double sd2_ms = kLiveNaN;       // Poincaré SD2 (long-term) (ms)
  double dfa_alpha1 = kLiveNaN;   // DFA short-term exponent (dimensionless)
};

/// HeartMath-style coherence ratio (dsp/coherence.hpp): a value every 5 s over the last 64 s.
struct CoherenceFigures {
  double t_s = kLiveNaN;          // session time of the latest update
  double ratio = kLiveNaN;        // CR = peak power / (total - peak); NaN = window not usable
  dsp::CoherenceLevel level = dsp::CoherenceLevel::kUnknown;  // low / medium / high
  double peak_hz = kLiveNaN;      // frequency of the peak in 0.04-0.26 Hz
  double window_s = kLiveNaN;     // each update covers the NN intervals of [t_s - window_s, t_s]
  long long score = 0;            // emWave2 accumulated points (0/1/2 per update)
  double history_step_s = 5.0;    // time between history values (s)
  std::uint32_t history_size = 0; // valid entries of history, oldest first
  std::array<float, kCoherenceHistoryCapacity> history{};  // CR per update (NaN = unusable)
};

/// Resonance indicators (dsp/resonance_indicators.hpp), per breath of the belt (if worn) or
/// of the pacer (if enabled), over the breaths of the last 60 s.
inline constexpr double kLiveResonanceBreathsS = 60.0;  // breaths that ended in the last minute
inline constexpr double kLiveResonanceWindowS = kLiveResonanceBreathsS + 60.0 / kPacerMinRateBpm;
struct ResonanceFigures {
  double last_peak_to_trough_bpm = kLiveNaN;  // HR max - min in the last valid breath (bpm)
  double mean_peak_to_trough_bpm = kLiveNaN;  // mean over the window's valid breaths (bpm)
  double mean_phase_deg = kLiveNaN;           // HR vs peak inhalation (deg, + = HR leads)
  double phase_consistency = kLiveNaN;        // 0..1 (phase-locking over breaths)
  std::uint32_t breaths = 0;                  // evaluated breaths in the window
  std::uint32_t valid_breaths = 0;            // of which enough beats covered the breath
  // The figures at time t reach back at most this far: breaths that ended in the last 60 s,
  // the oldest of which began up to one slowest pacer breath before.
  double window_s = kLiveResonanceWindowS;
};

/// Breathing rate (dsp/respiration_fusion.hpp): belt if worn and good, else RSA / ECG- /
/// PPG-derived estimates fused. Updated every 5 s over the last 64 s.
struct RespirationFigures {
  double rate_bpm = kLiveNaN;     // breaths per minute
  double t_s = kLiveNaN;          // session time of the latest estimate
  double window_s = kLiveNaN;     // it covers [t_s - window_s, t_s]
  double quality = 0.0;           // [0, 1]
  // rate_bpm is clear enough to show a person and to summarise (dsp::breathing_rate_is_clear);
  // when false the screens say the rate is not clear instead of showing rate_bpm.
  bool clear = false;
  dsp::RespirationSource source = dsp::RespirationSource::kNone;  // kFused: several agreed
  bool has_belt = false;          // a respiration-belt channel exists
  double belt_phase = kLiveNaN;   // [0, 1) causal breathing phase (0 = inhale onset)
  double belt_rate_bpm = kLiveNaN;  // rate of the belt's last breath (breaths/min)
  /// The rate as a person may be shown it and as decisions may start from it (the pacer
  /// ramp's and a protocol step's measured start): rate_bpm when clear, else NaN.
  double clear_rate_bpm() const { return clear ? rate_bpm : kLiveNaN; }
};

/// Breathing against the pacer (dsp/pacer_adherence.hpp) over the last 60 s; only while the
/// pacer is enabled (active false and NaN otherwise).
struct AdherenceFigures {
  bool active = false;                     // pacer enabled and figures computed
  double rate_error_bpm = kLiveNaN;        // median measured - target rate (breaths/min)
  double phase_difference_deg = kLiveNaN;  // + = person ahead of the pacer (belt only)
  double plv = kLiveNaN;                   // phase-locking value 0..1 (belt only)
  bool keeping_up = false;                 // hysteresis decision for the adaptive pacer
  bool rate_only = false;                  // no belt breaths: from a surrogate rate
};

/// Arousal relative to this person's resting baseline (dsp/arousal.hpp), updated once per
/// second of session time; baseline = the first 3 min of the session (automatic).
struct ArousalFigures {
  double index = kLiveNaN;        // smoothed, in baseline SD units (+ = more activated)
  dsp::ArousalBand band = dsp::ArousalBand::kBaseline;
  double confidence = 0.0;        // [0, 1]; hide the index below dsp::kMinShownArousalConfidence
  std::uint8_t reasons = 0;       // dsp::ArousalReason bits
  // Signed z contribution per input (index = dsp::ArousalInputKind: HR, lnRMSSD, breathing
  // rate, skin conductance); NaN when left out.
  std::array<double, dsp::kArousalInputCount> signed_z{kLiveNaN, kLiveNaN, kLiveNaN, kLiveNaN};
};

/// The last once-per-second verdict of one channel (dsp/signal_quality.hpp).
/// A sensor check's one rule: a signal is usable when its verdict is fair or good and the
/// device does not say the sensor is off the skin (SignalRecord, the CLI and Prepare's lines).
inline bool signal_usable(dsp::QualityLevel level, bool no_contact) {
  return !no_contact && level >= dsp::QualityLevel::kFair;
}

struct ChannelQuality {
  bool present = false;           // the channel exists and has a verdict
  ChannelKind kind = ChannelKind::kOther;
  dsp::QualityLevel level = dsp::QualityLevel::kUnusable;
  float score = 0.0f;             // [0, 1]
  std::uint8_t reasons = 0;       // dsp::QualityReason bits
  bool no_contact = false;        // the device says this sensor is off the skin (its block
                                  // flags; for the beat channel also its status messages)
};

/// Why biofeedback is paused, for words a person can act on (signal_advice.hpp). Meaningful
/// while feedback_ok is false or the beat channel's latest verdict is poor; cleared when
/// feedback resumes.
struct FeedbackPause {
  std::uint8_t reasons = 0;  // dsp::QualityReason bits of the beat channel's latest poor verdict
  bool no_contact = false;   // the device reports the beat sensor off the skin
  bool recovering = false;   // paused, but the latest verdict is fair/good: feedback resumes
                             // after dsp::FeedbackGateConfig::resume_after_s of it
};

/// Bins kept of the coherence spectrum: 0-0.5 Hz of the 1024-point spectrum at 2 Hz
/// (0.00195 Hz bins; the HRV range ends at 0.4 Hz).
inline constexpr std::size_t kLiveSpectrumBins = 257;
inline constexpr double kLiveSpectrumMaxHz = 0.5;

/// The IBI power spectrum the latest coherence ratio came from (dsp/coherence.hpp: 64 s of
/// NN resampled at 2 Hz, detrended, Hann, zero-padded): bin k is at k * resolution_hz.
/// size 0 while the latest coherence window could not be scored (never a stale spectrum).
struct LiveSpectrum {
  double t_s = kLiveNaN;          // session time of the coherence update it belongs to
  double resolution_hz = 0.0;     // bin spacing (Hz)
  std::uint32_t size = 0;         // valid bins of density, from 0 Hz up to <= 0.5 Hz
  std::array<float, kLiveSpectrumBins> density_ms2_per_hz{};  // one-sided PSD (ms^2/Hz)
};

/// Per-breath RSA (HR max - min within each breath) kept for the bar plot: the breaths the
/// resonance indicators evaluated over their last 60 s (ResonanceFigures), oldest first.
inline constexpr std::size_t kRsaBreathCapacity = 24;
struct RsaBreath {
  double start_s = 0.0;                        // inhalation onset (session time)
  double end_s = 0.0;                          // next inhalation onset
  bool valid = false;                          // enough beats covered the breath
  double peak_to_trough_bpm = kLiveNaN;        // HR max - min in the breath (bpm)
};
struct RsaBreaths {
  std::uint32_t size = 0;
  std::array<RsaBreath, kRsaBreathCapacity> breaths{};
};

/// The respiration belt's signal, decimated to 5 Hz, over the last 60 s (oldest first), for
/// drawing against the pacer's target. size 0 without a belt. Values in the belt's units
/// (larger = more air in); the UI scales them.
inline constexpr double kRespirationTraceRateHz = 5.0;
inline constexpr std::size_t kRespirationTraceCapacity = 300;  // 60 s at 5 Hz
struct RespirationTracePoint {
  double t_s = 0.0;      // session time of the sample
  float value = 0.0f;    // belt sample
  bool after_gap = false;  // the belt signal broke before this point: do not join
};
struct RespirationTrace {
  std::uint32_t size = 0;
  std::array<RespirationTracePoint, kRespirationTraceCapacity> points{};
};

struct LiveFigures {
  ArtifactTally artifacts;
  std::array<LiveHrvWindow, kLiveHrvWindowCount> hrv{};  // 64, 120, 300 s
  CoherenceFigures coherence;
  ResonanceFigures resonance;
  RespirationFigures respiration;
  AdherenceFigures adherence;
  ArousalFigures arousal;
  // Skin conductance level (uS): mean of the EDA channel's last whole second; NaN without EDA.
  double skin_conductance_us = kLiveNaN;
  std::array<ChannelQuality, kQualityChannelCount> quality{};  // by RSP channel id
  // False while biofeedback should pause: the beat channel was poor for >= 2 s (until 5 s of
  // fair/good signal), or the device reports no contact on it.
  bool feedback_ok = true;
  FeedbackPause pause;            // why, while paused
  LiveSpectrum spectrum;          // the coherence spectrum (0-0.5 Hz)
  RsaBreaths rsa_breaths;         // RSA per breath, last 60 s
  RespirationTrace respiration_trace;  // belt, last 60 s at 5 Hz
};

}  // namespace resonant::engine
