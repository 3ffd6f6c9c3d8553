#pragma once
// Frequency-domain HRV (Task Force 1996; physiology-and-metrics.md §3.2) from NN intervals.
//
// Welch (default, Kubios-like): RR tachogram (rr_ms at each beat time t_s) -> natural cubic
// spline at 4 Hz -> smoothness-priors detrend (Tarvainen 2002, lambda 500: ~0.035 Hz cutoff)
// -> Welch PSD (256 s Hann segments, 50 % overlap; a shorter record is one segment of its whole
// length) -> band powers by bin centre in [low, high).
// Lomb-Scargle (option; Lomb 1976, Scargle 1982): the classical periodogram of the uneven
// series itself (no interpolation), on a grid of 1 / (oversampling x duration), scaled to a
// one-sided density in ms^2/Hz that equals the Welch scale for an evenly sampled series.
//
// Bands: VLF 0.0033-0.04, LF 0.04-0.15, HF 0.15-0.4 Hz. Total = VLF + LF + HF. Normalised units
// as the Task Force defines them: LFnu = 100 LF / (total - VLF) = 100 LF / (LF + HF).
// LF/HF is reported as a number only: at slow breathing (< ~9 /min) the respiratory peak is in
// LF, so neither LF nor LF/HF can be read as sympathetic activity here (§3.2, §7.2).
//
// Gaps (RrInterval::after_gap): a gap that leaves at most max_bridged_gap_s (default 5 s) without
// intervals (e.g. an ectopic beat's two removed intervals) is bridged by the spline, as Kubios
// interpolates over corrected beats; a longer gap splits the record and Welch analyses the
// longest part. Lomb-Scargle uses every interval, as uneven sampling allows.
// Minimum data (the analysed time, from the start of the first interval to the end of the last,
// §3.2: about 10 cycles of the band's lowest frequency, 5 min the short-term standard): HF 60 s,
// LF 120 s, VLF and everything relative to the total 300 s, each less one longest plausible
// interval (2 s) so that a window of exactly that length qualifies. Below that: NaN.
// Latency: a window's figures describe the whole window (centre lag about half of it).
#include <cstddef>
#include <limits>
#include <memory>
#include <span>

#include <resonant/dsp/detrend.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/spectrum.hpp>

namespace resonant::dsp {

inline constexpr double kVlfLowHz = 0.0033;
inline constexpr double kLfLowHz = 0.04;
inline constexpr double kHfLowHz = 0.15;
inline constexpr double kLfHighHz = kHfLowHz;
inline constexpr double kHfHighHz = 0.40;

inline constexpr double kMinHfDurationS = 60.0;
inline constexpr double kMinLfDurationS = 120.0;
inline constexpr double kMinVlfDurationS = 300.0;

enum class SpectralMethod { kWelch, kLombScargle };
enum class DetrendMethod { kSmoothnessPriors, kLinear, kNone };

struct FrequencyHrvConfig {
  SpectralMethod method = SpectralMethod::kWelch;
  DetrendMethod detrend = DetrendMethod::kSmoothnessPriors;
  double smoothness_lambda = kDefaultSmoothnessLambda;  // [10, 10000], for the resampled series
  double resample_rate_hz = 4.0;                        // [2, 10]
  WelchConfig welch{};                                  // Kubios defaults: 256 s, 50 %, Hann
  double lomb_oversampling = 4.0;                       // [1, 16] grid points per 1/duration
  double max_bridged_gap_s = 5.0;                       // [0, 30] missing time a run may span
};

struct FrequencyHrv {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::size_t nn_used = 0;   // intervals analysed (the longest bridged run for Welch)
  double analysed_s = kNaN;  // time those intervals cover
  double vlf_ms2 = kNaN, lf_ms2 = kNaN, hf_ms2 = kNaN;
  double total_ms2 = kNaN;                      // VLF + LF + HF
  double vlf_pct = kNaN, lf_pct = kNaN, hf_pct = kNaN;  // of total
  double lf_nu = kNaN, hf_nu = kNaN;            // 100 LF / (LF + HF), 100 HF / (LF + HF)
  double lf_hf_ratio = kNaN;
  double vlf_peak_hz = kNaN, lf_peak_hz = kNaN, hf_peak_hz = kNaN;
  double ln_lf = kNaN, ln_hf = kNaN;            // natural logs of ms^2, for statistics
};

/// From the band powers: total, the logs, normalised units, LF/HF and shares of the total.
/// A log, share or ratio is left NaN where its powers are below what the RR timing resolves
/// (kMinResolvedPowerMs2): LF/HF needs both bands resolved, n.u. their sum, shares the total;
/// a band's peak frequency is left NaN when the band is not resolved.
void derive_band_ratios(FrequencyHrv& hrv);

/// Reusable analyser: no allocation once it has seen the largest input (the live windows use
/// it); frequency_domain_hrv() runs this same code.
class FrequencyHrvAnalyzer {
 public:
  explicit FrequencyHrvAnalyzer(const FrequencyHrvConfig& config = {});
  ~FrequencyHrvAnalyzer();
  FrequencyHrvAnalyzer(FrequencyHrvAnalyzer&&) noexcept;
  FrequencyHrvAnalyzer& operator=(FrequencyHrvAnalyzer&&) noexcept;

  FrequencyHrv analyse(std::span<const RrInterval> nn);
  /// The density of the last analyse() call (ms^2/Hz), for display; valid until the next call.
  const Spectrum& spectrum() const;
  const FrequencyHrvConfig& config() const { return config_; }

 private:
  struct Impl;
  FrequencyHrvConfig config_;
  std::unique_ptr<Impl> impl_;
};

FrequencyHrv frequency_domain_hrv(std::span<const RrInterval> nn,
                                  const FrequencyHrvConfig& config = {});

/// The longest run of intervals in which no gap (after_gap) leaves more than max_bridged_gap_s
/// uncovered between the previous interval's end and the gap interval's start. Negative: every
/// gap splits.
/// Long recordings (Task Force 1996 long-term analysis): the mean of the band powers of
/// consecutive segment_s segments ([60, 3600] s; the last, shorter part is left out), each
/// analysed as frequency_domain_hrv does; peaks are the mean of the segments' peaks, and the
/// relative, normalised and ratio figures come from the mean powers. nn_used and analysed_s
/// are summed over the segments used.
FrequencyHrv segmented_frequency_hrv(std::span<const RrInterval> nn, double segment_s,
                                     const FrequencyHrvConfig& config = {});

std::span<const RrInterval> longest_run(std::span<const RrInterval> nn, double max_bridged_gap_s);

/// Time the intervals cover: from the start of the first to the end of the last, in s.
double covered_duration_s(std::span<const RrInterval> nn);

/// Lomb-Scargle density of the uneven series (t_s, values) after mean removal, one-sided,
/// units^2/Hz, on bins k * resolution_hz (k >= 1 up to max_hz; bin 0 is left 0), with the
/// resolution 1 / (oversampling * N / mean rate). For an even series its band powers equal the
/// periodogram's. Written into `out` (its storage is reused).
void lomb_scargle_psd(std::span<const double> t_s, std::span<const double> values,
                      double max_hz, double oversampling, Spectrum& out);

}  // namespace resonant::dsp
