#pragma once
// Time-domain HRV (Task Force 1996; physiology-and-metrics.md §3.1) over NN intervals,
// as a batch function and as an incremental sliding window for the live pipeline.
//
// Conventions (stated because libraries differ): SDNN with N-1; RMSSD over successive
// differences of adjacent intervals only (never across a gap); pNN50 divided by the number of
// successive differences, counting |dNN| > 50 ms beyond a 1e-6 ms rounding tolerance (RR from
// sample counts puts exact 50 ms steps either side of 50); mean HR = 60000 / mean NN.
// Latency: none beyond the window itself (effective lag about half the window).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

namespace resonant::dsp {

inline constexpr double kMinPlausibleRrMs = 300.0;   // 200 bpm
inline constexpr double kMaxPlausibleRrMs = 2000.0;  // 30 bpm

/// The finest timing an RR interval comes with: 1 ms (straps send 1 ms or 1/1024 s). A heart
/// beating steadily, timed to q, gives intervals of two neighbouring values (800, 801, 800, ...
/// ms): variance at most q^2 / 4, successive differences of at most q (RMSSD <= q). Random
/// rounding gives less (q^2 / 6, RMSSD q / sqrt 2). Below the floors, q^2 / 3 and sqrt 2 q
/// (above the steady worst case), the figures describe the timing, not the heart: no logarithm,
/// ratio, peak, scaling exponent, coherence or breathing rate is taken of them (a metronome's
/// RR list gave "LF/HF 3295.43" and a breathing rate at quality 1.00). The powers themselves
/// are still shown (as 0 ms^2). Real hearts are far above: resting RMSSD is rarely under 5 ms
/// even in old age. Beats detected in a waveform are timed to one sample (2.8 ms at 360 Hz,
/// 4 ms at 250 Hz): there the floor is below the rounding, and a steady heart's figures hold
/// that rounding (the figures of a varying heart are as good as the timing).
inline constexpr double kRrTimingResolutionMs = 1.0;
inline constexpr double kMinResolvedRmssdMs = std::numbers::sqrt2 * kRrTimingResolutionMs;
inline constexpr double kMinResolvedPowerMs2 =
    kRrTimingResolutionMs * kRrTimingResolutionMs / 3.0;

/// ln of an RMSSD in ms (for statistics and baselines); NaN when it is NaN or below
/// kMinResolvedRmssdMs.
double ln_rmssd_ms(double rmssd_ms);

/// ln of a band power in ms^2; NaN when it is NaN or below kMinResolvedPowerMs2.
double ln_power_ms2(double power_ms2);

struct TimeDomainHrv;  // below: the helpers above it come first

/// False when the intervals vary less than their timing resolves (SDNN^2 below
/// kMinResolvedPowerMs2: a metronome-steady simulation or paced rhythm), so no spectrum,
/// coherence or breathing rate can be read from them. True when SDNN is NaN (not judged).
bool variation_is_resolved(const TimeDomainHrv& hrv);

/// Gross-error guard (physiology-and-metrics.md §2.4 item 3).
bool is_plausible_rr_ms(double rr_ms);

/// One interval, ending at the beat at t_s.
struct RrInterval {
  double t_s = 0.0;
  double rr_ms = 0.0;
  bool after_gap = false;  // the previous interval is not adjacent: no successive difference
};

struct TimeDomainHrv {
  std::size_t nn_count = 0;
  std::size_t diff_count = 0;  // successive differences used by RMSSD/pNN50
  double mean_nn_ms = std::numeric_limits<double>::quiet_NaN();
  double mean_hr_bpm = std::numeric_limits<double>::quiet_NaN();
  double sdnn_ms = std::numeric_limits<double>::quiet_NaN();   // needs nn_count >= 2
  double rmssd_ms = std::numeric_limits<double>::quiet_NaN();  // needs diff_count >= 1
  double pnn50_pct = std::numeric_limits<double>::quiet_NaN();
};

TimeDomainHrv time_domain_hrv(std::span<const RrInterval> nn);

/// The shortest stretch of NN intervals (s) from which RMSSD and SDNN are shown to a person.
/// Against 4-5 min recordings, RMSSD from one 10 s stretch agrees at r = 0.85 and from 3 x 10 s
/// at r = 0.94 (Munoz et al. 2015; physiology-and-metrics.md §3, "a rolling RMSSD over >= 30-60
/// s is defensible for live display"). Measured on a day of real sinus rhythm (nsr2db nsr001,
/// Nsr2dbGolden test): RMSSD of a 5-min stretch's first 2 intervals is a median factor 1.84
/// from the stretch's own, of its first 30 s 1.14.
inline constexpr double kMinShownHrvSpanS = 30.0;

/// Time covered by the intervals (s): their sum, nn_count x mean NN. Gaps are not counted.
double nn_span_s(const TimeDomainHrv& hrv);

/// True when RMSSD and SDNN rest on at least kMinShownHrvSpanS of intervals (and exist).
bool hrv_is_settled(const TimeDomainHrv& hrv);

/// Sliding time window over the most recent intervals; push() and current() are O(1)
/// amortised and allocation-free once the ring is large enough for the window.
/// window_s = infinity keeps everything (whole-session figures without storing intervals).
class SlidingTimeDomainHrv {
 public:
  explicit SlidingTimeDomainHrv(double window_s, std::size_t initial_capacity = 1024);

  void push(const RrInterval& interval);
  TimeDomainHrv current() const;
  double window_s() const { return window_s_; }
  void reset();

 private:
  void evict_older_than(double t_min_s);
  void recompute_sums();

  double window_s_;
  std::vector<RrInterval> ring_;
  std::size_t head_ = 0;   // index of the oldest
  std::size_t size_ = 0;
  // Running sums over the window, re-centred on ref_ms_ for precision.
  double ref_ms_ = std::numeric_limits<double>::quiet_NaN();
  double sum_ = 0.0, sum_sq_ = 0.0;        // of (rr - ref)
  double diff_sq_sum_ = 0.0;               // of successive differences squared
  std::size_t diff_count_ = 0;
  std::size_t nn50_count_ = 0;
  std::uint64_t pushes_since_recompute_ = 0;
};

}  // namespace resonant::dsp
