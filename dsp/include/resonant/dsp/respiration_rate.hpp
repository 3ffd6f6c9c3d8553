#pragma once
// Breathing rate from a beat-sampled respiratory modulation (RR intervals, R-wave amplitude,
// QRS area, PPG baseline / amplitude / interval): the series is resampled at 4 Hz with a natural
// cubic spline (rr_resample.hpp), linearly detrended, and the rate is the largest peak of its
// Hann periodogram (spectrum.hpp) inside the breathing band, zero-padded to a fine grid and
// refined by a parabola (Charlton et al. 2016/2018, "spectral" estimation stage;
// physiology-and-metrics.md §6.2-6.4). One core for RSA, EDR and PPG-derived respiration.
//
// Quality (peak prominence) is the share of the band's power lying within +-
// peak_half_width_hz of the peak: ~1 for one clean oscillation, ~2 w / band for noise. It is
// mapped linearly to [0, 1] between kNoiseShare and kCleanShare (see respiration.md).
//
// Latency: an estimate describes the whole window (window_s, default 64 s): its centre lags
// the newest beat by window_s / 2, and the newest beat itself lags real time by one interval
// (the spline needs the next knot).
#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace resonant::dsp {

struct CycleCountConfig;  // respiration_count.hpp

/// One local maximum of the spectrum in the breathing band, for tracking across windows
/// (respiration_tracking.hpp): its rate (parabola-refined) and its share of the band's power
/// within +- peak_half_width_hz (the same prominence measure as RespirationRate::peak_share).
struct RatePeak {
  double rate_bpm = std::numeric_limits<double>::quiet_NaN();
  double share = 0.0;  // [0, 1]
};

/// Candidate peaks kept per estimate (the largest first); 3 covers breathing, a Mayer wave and
/// a harmonic.
inline constexpr std::size_t kMaxRatePeaks = 3;

struct RespirationRate {
  double t_s = std::numeric_limits<double>::quiet_NaN();        // end of the window (s)
  double rate_bpm = std::numeric_limits<double>::quiet_NaN();   // breaths per minute
  double quality = 0.0;                                         // [0, 1]
  double peak_share = std::numeric_limits<double>::quiet_NaN(); // spectral methods: see above
  // Spectral methods: the largest local maxima in the band, largest first (peaks[0] is the
  // rate above); peak_count of them are set. Others (belt): none.
  std::array<RatePeak, kMaxRatePeaks> peaks{};
  std::size_t peak_count = 0;
};

struct SpectralRateConfig {
  double window_s = 64.0;           // [30, 180]
  double resample_rate_hz = 4.0;    // [2, 10]
  double min_rate_bpm = 3.0;        // [2, 10]: lower edge of the breathing band (0.05 Hz)
  double max_rate_bpm = 30.0;       // [15, 60]; also capped at half the mean beat rate (Nyquist)
  double peak_half_width_hz = 0.02; // [0.01, 0.05]: the peak's share counts power within this
  double resolution_hz = 0.002;     // [0.001, 0.01]: zero-padding target (0.12 /min)
  double min_coverage = 0.8;        // [0.5, 1]: beats must span this share of the window
  // [0, inf), in the series' units squared: a breathing band holding no more than this has no
  // rate (its highest bin would be rounding noise). 0 for units without a known resolution;
  // series of intervals in ms use kMinResolvedPowerMs2 (interval_series_config).
  double min_band_power = 0.0;
};

/// Peak share of a pure-noise spectrum and of one clean oscillation: quality maps linearly
/// between them.
inline constexpr double kNoiseShare = 0.25;
inline constexpr double kCleanShare = 0.65;

/// config for a series of intervals in ms (RSA's NN intervals, a PPG's pulse intervals):
/// min_band_power raised to kMinResolvedPowerMs2, so a series varying less than its timing
/// resolves (a metronome-steady simulation, a paced heart) has no breathing rate.
SpectralRateConfig interval_series_config(SpectralRateConfig config = {});

/// Rate over the window [t_end_s - window_s, t_end_s] of the series (t_s[i], values[i])
/// (t_s increasing; non-finite values are skipped). NaN rate and quality 0 when fewer than
/// 4 beats lie in the window, they cover less than min_coverage of it, or the breathing band
/// holds no more than min_band_power.
RespirationRate spectral_respiration_rate(std::span<const double> t_s,
                                          std::span<const double> values, double t_end_s,
                                          const SpectralRateConfig& config = {});

/// One beat-sampled modulation as a whole series (the batch forms): beat times (s, increasing)
/// and the modulation's value at each.
struct BeatSeries {
  std::vector<double> t_s, values;
};

/// Streaming holder of one beat-sampled modulation: push() one value per beat (amortised
/// O(1), allocation-free once the buffer has grown to a window's worth), estimate() whenever a
/// rate is wanted (allocates: resampling and FFT; call it once per beat or per second, not per
/// sample).
class BeatSeriesRate {
 public:
  explicit BeatSeriesRate(const SpectralRateConfig& config = {});
  void push(double t_s, double value);
  RespirationRate estimate(double t_end_s) const;
  /// Rate at the newest beat.
  RespirationRate estimate() const;
  /// The window's rate by counting cycles around rate_bpm (count_respiration_rate in
  /// respiration_count.hpp, same window settings as estimate()); NaN without a count.
  double count_rate(double t_end_s, double rate_bpm, const CycleCountConfig& config) const;
  /// The kept beats (oldest first), for refine_rate_by_count; valid until the next push().
  std::span<const double> times() const;
  std::span<const double> values() const;
  void reset();
  const SpectralRateConfig& config() const { return config_; }

 private:
  SpectralRateConfig config_;
  std::vector<double> t_s_, values_;  // the window, oldest first (front erased in blocks)
  std::size_t begin_ = 0;             // index of the oldest kept beat
};

/// Batch: rates over consecutive windows ending at t_first_end_s, t_first_end_s + step_s, ...
/// up to the last beat; the same core as BeatSeriesRate.
std::vector<RespirationRate> spectral_respiration_rates(std::span<const double> t_s,
                                                        std::span<const double> values,
                                                        double t_first_end_s, double step_s,
                                                        const SpectralRateConfig& config = {});

}  // namespace resonant::dsp
