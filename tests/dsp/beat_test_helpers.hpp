#pragma once
// Helpers for the beat-detector tests: synthetic ECG and PPG with known peak times, EC57-style
// beat matching, and running a streaming detector while recording when each beat was reported.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <numbers>
#include <optional>
#include <random>
#include <vector>

#include <resonant/dsp/ecg_beat_detector.hpp>

namespace resonant::dsp::test {

struct SyntheticSignal {
  std::vector<float> samples;
  std::vector<double> peak_times_s;  // true fiducial times
};

inline const char* mode_name(EcgDetectionMode mode) {
  return mode == EcgDetectionMode::kCausal ? "causal" : "offline";
}

inline double gaussian(double t, double centre, double sigma) {
  const double z = (t - centre) / sigma;
  return std::exp(-0.5 * z * z);
}

/// One ECG beat as Gaussian waves relative to the R time (mV, s). The R wave is a Gaussian
/// centred on the R time; Q and S are small and close, P and T far, so the composite maximum
/// stays within 0.1 ms of the R centre (checked by a test).
struct EcgShape {
  double r_mv = 1.2, r_sigma_s = 0.010;
  double q_mv = -0.12, q_offset_s = -0.028, q_sigma_s = 0.008;
  double s_mv = -0.25, s_offset_s = 0.030, s_sigma_s = 0.009;
  double p_mv = 0.15, p_offset_s = -0.17, p_sigma_s = 0.025;
  double t_mv = 0.35, t_offset_s = 0.28, t_sigma_s = 0.045;
};

inline double ecg_beat_value(double t, double r_time, const EcgShape& s, double rr_s) {
  // P-R and R-T spacing shrink a little at fast rates, as in real ECG (QT ~ sqrt(RR)).
  const double scale = std::min(1.0, std::sqrt(rr_s));
  return s.r_mv * gaussian(t, r_time, s.r_sigma_s) +
         s.q_mv * gaussian(t, r_time + s.q_offset_s, s.q_sigma_s) +
         s.s_mv * gaussian(t, r_time + s.s_offset_s, s.s_sigma_s) +
         s.p_mv * gaussian(t, r_time + s.p_offset_s * scale, s.p_sigma_s) +
         s.t_mv * gaussian(t, r_time + s.t_offset_s * scale, s.t_sigma_s * scale);
}

/// ECG with beats at the given R times (s), sampled at fs for duration_s.
inline SyntheticSignal synthetic_ecg(const std::vector<double>& r_times_s, double fs,
                                     double duration_s, const EcgShape& shape = {}) {
  SyntheticSignal out;
  out.peak_times_s = r_times_s;
  const auto n = static_cast<std::size_t>(std::lround(duration_s * fs));
  out.samples.assign(n, 0.0f);
  for (std::size_t b = 0; b < r_times_s.size(); ++b) {
    const double rr = b + 1 < r_times_s.size() ? r_times_s[b + 1] - r_times_s[b]
                                               : (b > 0 ? r_times_s[b] - r_times_s[b - 1] : 1.0);
    const double r = r_times_s[b];
    const auto first = static_cast<std::int64_t>(std::floor((r - 0.5) * fs));
    const auto last = static_cast<std::int64_t>(std::ceil((r + 0.6) * fs));
    for (std::int64_t i = std::max<std::int64_t>(0, first);
         i <= std::min<std::int64_t>(static_cast<std::int64_t>(n) - 1, last); ++i) {
      out.samples[static_cast<std::size_t>(i)] +=
          static_cast<float>(ecg_beat_value(static_cast<double>(i) / fs, r, shape, rr));
    }
  }
  return out;
}

/// ECG whose T wave follows the rate as a real one does: T peak at QT - 60 ms after R, with
/// QT = qtc_s x cbrt(RR) (Fridericia, closer than Bazett's sqrt at fast rates) and an RR that
/// moves 1/lag_beats of the way to each preceding interval (QT lags a change of rate by tens of
/// seconds). The QRS and P wave as in synthetic_ecg; shape.t_mv sets the T height.
inline SyntheticSignal synthetic_ecg_lagging_qt(const std::vector<double>& r_times_s, double fs,
                                                double duration_s, EcgShape shape,
                                                double lag_beats, double qtc_s = 0.45) {
  constexpr double kTPeakBeforeTEndS = 0.060;
  constexpr double kTSigmaS = 0.040;  // at 75 bpm, narrower with the rate
  const double t_mv = shape.t_mv;
  shape.t_mv = 0.0;
  SyntheticSignal out = synthetic_ecg(r_times_s, fs, duration_s, shape);
  double qt_rr_s = r_times_s.size() > 1 ? r_times_s[1] - r_times_s[0] : 0.8;
  for (std::size_t b = 0; b < r_times_s.size(); ++b) {
    const double r = r_times_s[b];
    if (b > 0) qt_rr_s += (r - r_times_s[b - 1] - qt_rr_s) / std::max(1.0, lag_beats);
    const double t_peak_s = r + qtc_s * std::cbrt(qt_rr_s) - kTPeakBeforeTEndS;
    const double sigma_s = kTSigmaS * std::sqrt(std::min(1.0, qt_rr_s / 0.8));
    const auto first = static_cast<std::int64_t>(std::floor((t_peak_s - 4 * sigma_s) * fs));
    const auto last = static_cast<std::int64_t>(std::ceil((t_peak_s + 4 * sigma_s) * fs));
    for (std::int64_t i = std::max<std::int64_t>(0, first);
         i <= std::min<std::int64_t>(static_cast<std::int64_t>(out.samples.size()) - 1, last);
         ++i) {
      out.samples[static_cast<std::size_t>(i)] += static_cast<float>(
          t_mv * gaussian(static_cast<double>(i) / fs, t_peak_s, sigma_s));
    }
  }
  return out;
}

/// Beat times from t0 with an RR series given by rr_of(k, t) in seconds.
inline std::vector<double> beat_times(double t0_s, double duration_s,
                                      const std::function<double(std::size_t, double)>& rr_of) {
  std::vector<double> t;
  double now = t0_s;
  for (std::size_t k = 0; now < duration_s - 0.7; ++k) {
    t.push_back(now);
    now += rr_of(k, now);
  }
  return t;
}

/// PPG pulse relative to its systolic peak time: a skewed systolic wave (fast upstroke, slower
/// decay) plus a diastolic wave; the composite maximum is found numerically by the caller.
inline double ppg_pulse_value(double t, double peak_time, double rr_s) {
  const double scale = std::min(1.0, rr_s);
  const double dt = t - peak_time;
  const double systolic = dt < 0.0 ? gaussian(dt, 0.0, 0.07 * scale) : gaussian(dt, 0.0, 0.12 * scale);
  const double diastolic = 0.35 * gaussian(dt, 0.32 * scale, 0.09 * scale);
  return systolic + diastolic;
}

/// PPG (arbitrary units) with systolic peaks near the given times; peak_times_s holds the exact
/// maxima of the noise-free waveform (found on a 0.01 ms grid). amplitude_of(k), when given,
/// scales pulse k (pulsus alternans, breathing-driven pulse volume).
inline SyntheticSignal synthetic_ppg(const std::vector<double>& peak_times_s, double fs,
                                     double duration_s,
                                     const std::function<double(std::size_t)>& amplitude_of = {}) {
  SyntheticSignal out;
  const auto n = static_cast<std::size_t>(std::lround(duration_s * fs));
  out.samples.assign(n, 0.0f);
  std::vector<double> rr(peak_times_s.size(), 1.0);
  for (std::size_t b = 0; b + 1 < peak_times_s.size(); ++b) rr[b] = peak_times_s[b + 1] - peak_times_s[b];
  if (peak_times_s.size() >= 2) rr.back() = rr[rr.size() - 2];
  std::vector<double> gain(peak_times_s.size(), 1.0);
  if (amplitude_of) {
    for (std::size_t b = 0; b < gain.size(); ++b) gain[b] = amplitude_of(b);
  }
  auto value = [&](double t) {
    double v = 0.0;
    for (std::size_t b = 0; b < peak_times_s.size(); ++b) {
      if (std::abs(t - peak_times_s[b]) < 1.2) {
        v += gain[b] * ppg_pulse_value(t, peak_times_s[b], rr[b]);
      }
    }
    return v;
  };
  for (std::size_t i = 0; i < n; ++i) out.samples[i] = static_cast<float>(value(static_cast<double>(i) / fs));
  for (const double p : peak_times_s) {  // exact composite maxima (neighbours' tails shift them)
    double best_t = p, best_v = value(p);
    for (double t = p - 0.02; t <= p + 0.02; t += 1e-5) {
      const double v = value(t);
      if (v > best_v) {
        best_v = v;
        best_t = t;
      }
    }
    out.peak_times_s.push_back(best_t);
  }
  return out;
}

inline void add_white_noise(std::vector<float>& x, double sigma, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, sigma);
  for (float& v : x) v += static_cast<float>(noise(rng));
}

inline void add_baseline_wander(std::vector<float>& x, double fs, double amplitude,
                                double freq_hz) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] += static_cast<float>(
        amplitude * std::sin(2.0 * std::numbers::pi * freq_hz * static_cast<double>(i) / fs));
  }
}

/// EC57-style beat-by-beat comparison (bxb defaults): a reference and a detected beat match
/// when |dt| <= window_s, each used once, closest first; only beats at or after from_s count.
struct MatchResult {
  std::size_t true_positives = 0;
  std::size_t false_negatives = 0;
  std::size_t false_positives = 0;
  std::vector<double> errors_s;       // detected - reference, per match
  std::vector<long> matched_detection;  // per reference: index into detected, -1 if missed
  double sensitivity() const {
    return 100.0 * static_cast<double>(true_positives) /
           static_cast<double>(std::max<std::size_t>(1, true_positives + false_negatives));
  }
  double positive_predictivity() const {
    return 100.0 * static_cast<double>(true_positives) /
           static_cast<double>(std::max<std::size_t>(1, true_positives + false_positives));
  }
  double max_abs_error_s() const {
    double m = 0.0;
    for (const double e : errors_s) m = std::max(m, std::abs(e));
    return m;
  }
};

inline MatchResult match_beats(const std::vector<double>& reference_s,
                               const std::vector<double>& detected_s, double window_s = 0.150,
                               double from_s = 0.0, double until_s = 1e300) {
  MatchResult r;
  r.matched_detection.assign(reference_s.size(), -1);
  std::vector<bool> used(detected_s.size(), false);
  std::size_t j0 = 0;
  for (std::size_t i = 0; i < reference_s.size(); ++i) {
    const double t = reference_s[i];
    while (j0 < detected_s.size() && detected_s[j0] < t - window_s) ++j0;
    long best = -1;
    for (std::size_t j = j0; j < detected_s.size() && detected_s[j] <= t + window_s; ++j) {
      if (used[j]) continue;
      if (best < 0 || std::abs(detected_s[j] - t) <
                          std::abs(detected_s[static_cast<std::size_t>(best)] - t)) {
        best = static_cast<long>(j);
      }
    }
    if (best >= 0) {
      used[static_cast<std::size_t>(best)] = true;
      r.matched_detection[i] = best;
    }
    if (t < from_s || t > until_s) continue;
    if (best >= 0) {
      ++r.true_positives;
      r.errors_s.push_back(detected_s[static_cast<std::size_t>(best)] - t);
    } else {
      ++r.false_negatives;
    }
  }
  for (std::size_t j = 0; j < detected_s.size(); ++j) {
    if (!used[j] && detected_s[j] >= from_s && detected_s[j] <= until_s) ++r.false_positives;
  }
  return r;
}

/// A beat together with the sample at which push() returned it.
struct TimedBeat {
  DetectedBeat beat;
  std::int64_t reported_at = 0;  // index of the sample whose push() returned the beat
};

template <typename Detector>
std::vector<TimedBeat> run_streaming(Detector& detector, const std::vector<float>& x) {
  std::vector<TimedBeat> out;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (const auto b = detector.push(x[i])) {
      out.push_back({*b, static_cast<std::int64_t>(i)});
    }
  }
  return out;
}

inline std::vector<double> times_s(const std::vector<DetectedBeat>& beats, double fs) {
  std::vector<double> t;
  t.reserve(beats.size());
  for (const auto& b : beats) t.push_back(b.sample_index / fs);
  return t;
}

/// The p-th percentile (0-100, nearest rank) of |x|; NaN when x is empty.
inline double percentile_abs(std::vector<double> x, double p) {
  if (x.empty()) return std::nan("");
  for (double& v : x) v = std::abs(v);
  const auto rank = static_cast<std::size_t>(
      std::max(1.0, std::ceil(p / 100.0 * static_cast<double>(x.size()))) - 1.0);
  const auto k = std::min(x.size() - 1, rank);
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(k), x.end());
  return x[k];
}

}  // namespace resonant::dsp::test
