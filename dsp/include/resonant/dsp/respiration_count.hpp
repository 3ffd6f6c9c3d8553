#pragma once
// "Track, then count": the tracker (respiration_tracking.hpp) chooses WHICH frequency region is
// breathing; this refines the reported rate by measuring it the way a belt reference is defined
// (60 / the mean interval between breaths, RRest's reference from breath timings): by counting
// cycles of the surrogate series band-passed around the tracked rate. A 60 s spectral peak is
// the dominant frequency, which differs from 60 / mean cycle duration when the rate changes
// within the window (18 -> 24 -> 18 /min) or the breathing is irregular (respiration.md,
// "Attempts").
//
// Per estimate, for a window ending at t_end_s and a tracked rate r0 (f0 = r0 / 60 Hz):
//  1. the same window as the spectral core (respiration_rate.hpp): beats in the window, natural
//     cubic spline at resample_rate_hz, smoothness-priors detrend (lambda 500);
//  2. a zero-phase band-pass in the frequency domain: the series zero-padded to the next power
//     of two >= 2x its length (so the circular convolution's wrap-around falls mostly into
//     the padding), FFT, gain 1 on [f0 / band_factor, band_factor x f0], a raised-cosine
//     roll-off one FFT bin wide on each side, 0 elsewhere, inverse FFT. band_factor 1.5 keeps
//     the 2x harmonic and the 0.5x subharmonic out while a +-50 % rate change inside the
//     window passes;
//  3. upward zero crossings of the band-passed series (time by linear interpolation) inside
//     the middle of the covered span: the first and last edge_share (10 %) are ignored. Why:
//     the window's truncation (the step into the zero padding) excites the filter most near
//     the ends. The estimate used when the setting was fixed: the pass band is 0.83 f0 wide,
//     so its main transient lasts ~1 / (0.83 f0) = 1.2 breathing cycles (4.8 s at 15 /min,
//     6 s at 12 /min, ~10 % of a 60 s window at resting rates). That is the transient's main
//     lobe only: with a one-bin edge the response decays slowly (~1 / (pi B t)), so a smaller
//     part of it reaches further in, and into the padding's wrap-around; it moves crossing
//     times a little, it does not add crossings while the band holds the oscillation. The
//     detrend is also least constrained at the ends. The top of the band stops at the beat
//     series' Nyquist margin (0.45 x the beat rate, as the spectral band). Rate =
//     60 (n - 1) / (t_last - t_first) over the n crossings, at least min_crossings (3) of
//     them, else NaN; NaN too when it falls outside the spectral band [min_rate_bpm,
//     max_rate_bpm] of `series`.
// Combining estimates: the share-weighted median of the counted rates of the estimates that
// support r0 (a tracking candidate peak, is_tracking_candidate, within kRespirationSupportBpm
// of r0; weight = that peak's share); r0 unchanged when no supporting estimate gives a count.
// Quality is not changed (the caller keeps the tracker's).
//
// Noise: the count does not judge whether the band holds an oscillation (the spectral peak's
// support does that): on band-limited noise it returns the crossing rate of that noise, which
// lies within the pass band; on a flat series NaN (band-passed RMS below 1e-9 of the input
// level: rounding noise, not crossings). Settings were fixed from the
// method before any record was scored (respiration.md).
//
// Latency: that of the spectral estimates (the window); the band-pass is non-causal within the
// window. Threading: pure functions; BeatSeriesRate's method is const (one owner).
#include <cstddef>
#include <span>

#include <resonant/dsp/respiration_rate.hpp>
#include <resonant/dsp/respiration_tracking.hpp>

namespace resonant::dsp {

struct CycleCountConfig {
  double band_factor = 1.5;        // (1, 3]: pass band [f0 / factor, factor x f0]
  double edge_share = 0.1;         // [0, 0.3]: ignored at each end of the covered span
  std::size_t min_crossings = 3;   // [3, 10]: fewer upward crossings -> NaN
};

/// Counted rate (/min) of the series (t_s[i], values[i]) over the window ending at t_end_s
/// (window, resampling and coverage from `series`), band-passed around rate_bpm. NaN when the
/// window holds too few beats (as the spectral core), rate_bpm is not finite and positive, or
/// fewer than min_crossings crossings are found.
double count_respiration_rate(std::span<const double> t_s, std::span<const double> values,
                              double t_end_s, double rate_bpm, const SpectralRateConfig& series,
                              const CycleCountConfig& config = {});

/// The share of the largest tracking-candidate peak of `estimate` within
/// kRespirationSupportBpm of rate_bpm; 0 when none (the estimate does not support the rate).
double supporting_share(const RespirationRate& estimate, double rate_bpm,
                        const RespirationTrackingConfig& tracking = {});

/// One supporting estimate's vote: its counted rate and its supporting peak's share.
struct CountedRate {
  double rate_bpm = 0.0;
  double weight = 0.0;
};

/// Share-weighted median of the finite counted rates with a positive weight: the smallest rate
/// at which the cumulative weight (rates ascending) reaches half the total; when it reaches
/// exactly half, the mean of that rate and the next. tracked_bpm when there is no vote. Sorts
/// `votes` in place.
double combine_counted_rates(std::span<CountedRate> votes, double tracked_bpm);

/// One estimate of a window and the beat-sampled series it was computed from.
struct CountSeries {
  const RespirationRate* estimate = nullptr;
  std::span<const double> t_s, values;
  // The series' clock minus the caller's (live: a beat channel's samples count from its own
  // origin): the window ends at t_end_s - clock_offset_s on the series' clock.
  double clock_offset_s = 0.0;
};

/// The whole refinement for one window (batch or live): every supporting estimate counted,
/// then combined. tracked_bpm when it is not finite or nothing supports it or gives a count.
double refine_rate_by_count(double t_end_s, double tracked_bpm, std::span<const CountSeries> series,
                            const SpectralRateConfig& spectral, const CycleCountConfig& config = {},
                            const RespirationTrackingConfig& tracking = {});

}  // namespace resonant::dsp
