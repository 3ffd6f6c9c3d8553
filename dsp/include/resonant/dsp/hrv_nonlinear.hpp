#pragma once
// Nonlinear and geometric HRV (physiology-and-metrics.md §3.1) over NN intervals.
//
// Poincaré SD1/SD2 (Brennan 2001; formulas as hrv-analysis): SD1 = sqrt(SDSD^2 / 2),
// SD2 = sqrt(max(0, 2 SDNN^2 - SDSD^2 / 2)) (radicand clamped: an alternating series gives 0),
// SDSD = SD of the successive differences with N - 1, differences only between adjacent
// intervals (never across after_gap). SD1 ~ RMSSD / sqrt 2 (equal when the mean difference is 0).
// DFA alpha1 (Peng 1995): on the longest run whose gaps each leave <= max_bridged_gap_s
// uncovered (the intervals either side of a short gap, e.g. a removed ectopic, are joined), profile y(k) = sum (NN - mean); box sizes
// n = 4..16 beats (every integer; the classic short range, NeuroKit uses 4-11, Kubios 4-12);
// non-overlapping boxes from the start (the remainder dropped); first-order (linear) detrending
// in each box; F(n) = RMS of all residuals; alpha1 = least-squares slope of ln F vs ln n.
// NaN with fewer than 4 x 16 = 64 intervals in the run (>= 4 boxes at the largest size).
// HRV triangular index (Task Force): N / height of the NN histogram with 1/128 s = 7.8125 ms bins
// starting at the smallest NN (NeuroKit's binning); only for >= 20 min (else NaN, Task Force:
// not for short windows).
// lnRMSSD: ln of RMSSD in ms (§3.1, for statistics and baselines); from time_domain_hrv.
// Latency: none beyond the window.
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include <resonant/dsp/hrv_time.hpp>

namespace resonant::dsp {

inline constexpr double kTriangularBinMs = 1000.0 / 128.0;
inline constexpr double kMinTriangularDurationS = 20.0 * 60.0;
// DFA needs this many boxes of the largest size (fewer make its fluctuation a guess), so at
// least this many times dfa_max_box_beats intervals.
inline constexpr std::size_t kMinDfaBoxesAtLargestSize = 4;

struct NonlinearHrvConfig {
  std::size_t dfa_min_box_beats = 4;   // [4, dfa_max_box_beats)
  std::size_t dfa_max_box_beats = 16;  // (dfa_min_box_beats, 64]
  double triangular_bin_ms = kTriangularBinMs;  // (0, 50]
  double max_bridged_gap_s = 5.0;               // [0, 30], as FrequencyHrvConfig
};

struct NonlinearHrv {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double sd1_ms = kNaN;          // needs >= 2 successive differences
  double sd2_ms = kNaN;          // needs that and >= 2 intervals
  double sd1_sd2_ratio = kNaN;   // NaN when SD2 is under kMinResolvedRmssdMs
  double dfa_alpha1 = kNaN;      // needs kMinDfaBoxesAtLargestSize x dfa_max_box_beats intervals
  double triangular_index = kNaN;
  double ln_rmssd = kNaN;
};

/// ln(RMSSD) from a time-domain result: ln_rmssd_ms (NaN when RMSSD is NaN or below what the
/// RR timing resolves).
double ln_rmssd(const TimeDomainHrv& time);

/// Reusable analyser (no allocation once it has seen the largest input); nonlinear_hrv() runs it.
class NonlinearHrvAnalyzer {
 public:
  explicit NonlinearHrvAnalyzer(const NonlinearHrvConfig& config = {}) : config_(config) {}
  NonlinearHrv analyse(std::span<const RrInterval> nn);
  /// DFA alpha over config's box sizes for an evenly indexed series (exposed for tests).
  double dfa_alpha(std::span<const double> series);

 private:
  NonlinearHrvConfig config_;
  std::vector<double> profile_;
  std::vector<double> log_n_, log_f_;
  std::vector<double> values_;
  std::vector<std::size_t> histogram_;
};

NonlinearHrv nonlinear_hrv(std::span<const RrInterval> nn, const NonlinearHrvConfig& config = {});

}  // namespace resonant::dsp
