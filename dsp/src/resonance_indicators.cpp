#include <resonant/dsp/resonance_indicators.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include <Eigen/Dense>

#include "coherence_window.hpp"

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
// Pacer cycle counts are sums of products; an integer a rounding error away is that integer.
constexpr double kCycleTolerance = 1e-9;
// Spline knots kept either side of a breath window in the streaming form: the spline's shape
// there is then set by real beats, as in the batch form's whole-record spline.
constexpr double kKnotMarginS = 5.0;
// Minimum number of HR samples in a breath window for the fundamental to mean anything.
constexpr std::size_t kMinSamplesPerBreath = 8;

// Index range of samples of u whose times lie in [t0, t1].
struct SampleRange {
  std::size_t first = 0;
  std::size_t end = 0;  // one past the last
};

SampleRange samples_in(const UniformSeries& u, double t0, double t1) {
  SampleRange r;
  if (u.values.empty() || !(u.rate_hz > 0.0)) return r;
  const double a = std::ceil((t0 - u.start_s) * u.rate_hz - kCycleTolerance);
  const double b = std::floor((t1 - u.start_s) * u.rate_hz + kCycleTolerance);
  const double n = static_cast<double>(u.values.size());
  if (a < 0.0 || b >= n || b < a) return r;  // not fully covered: no range
  r.first = static_cast<std::size_t>(a);
  r.end = static_cast<std::size_t>(b) + 1;
  return r;
}

// An interval's rate is its mean rate between its two beats: it belongs to its middle. At the
// ending beat the HR curve, and so its phase, would lag by half an interval (~16 deg at 6 /min
// and 60 bpm).
double interval_midpoint_s(const RrInterval& iv) { return iv.t_s - iv.rr_ms / 2000.0; }

double sample_time(const UniformSeries& u, std::size_t j) {
  return u.start_s + static_cast<double>(j) / u.rate_hz;
}

}  // namespace

std::vector<BreathCycle> breath_cycles_from_pacer(const PacerSchedule& schedule, double t_begin_s,
                                                  double t_end_s) {
  // Inhale starts are where the segment's cycle count crosses an integer.
  std::vector<std::pair<double, double>> starts;  // (time, peak inhale fraction)
  const auto& segments = schedule.segments();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const PacerSegment& seg = segments[i];
    const double seg_end = i + 1 < segments.size() ? segments[i + 1].t_start_s
                                                   : std::numeric_limits<double>::infinity();
    const PacerSettings s = clamped(seg.settings);
    const CycleLayout layout = cycle_layout(s);
    const double peak_fraction = layout.inhale + 0.5 * layout.hold_in;
    const double cycle_s = 60.0 / s.rate_bpm;
    for (double k = std::ceil(seg.start_cycles - kCycleTolerance);; k += 1.0) {
      const double t = seg.t_start_s + (k - seg.start_cycles) * cycle_s;
      if (t >= seg_end || t > t_end_s) break;
      starts.emplace_back(t, peak_fraction);
    }
  }
  std::vector<BreathCycle> out;
  for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
    if (starts[i].first >= t_begin_s && starts[i + 1].first <= t_end_s) {
      out.push_back({starts[i].first, starts[i + 1].first, starts[i].second});
    }
  }
  return out;
}

std::vector<BreathCycle> breath_cycles_from_onsets(std::span<const double> onsets_s,
                                                   double peak_inhale_fraction) {
  std::vector<BreathCycle> out;
  for (std::size_t i = 0; i + 1 < onsets_s.size(); ++i) {
    if (onsets_s[i + 1] > onsets_s[i]) out.push_back({onsets_s[i], onsets_s[i + 1], peak_inhale_fraction});
  }
  return out;
}

UniformSeries instantaneous_hr(std::span<const RrInterval> nn, double rate_hz) {
  std::vector<double> t, bpm;
  t.reserve(nn.size());
  bpm.reserve(nn.size());
  for (const RrInterval& iv : nn) {
    const double mid_s = interval_midpoint_s(iv);
    if (!is_plausible_rr_ms(iv.rr_ms) || (!t.empty() && !(mid_s > t.back()))) continue;
    t.push_back(mid_s);
    bpm.push_back(60000.0 / iv.rr_ms);
  }
  return resample_cubic(t, bpm, rate_hz);
}

BreathIndicators breath_indicators(const UniformSeries& hr, std::span<const RrInterval> nn,
                                   const BreathCycle& cycle, const ResonanceIndicatorConfig& c) {
  BreathIndicators out;
  out.start_s = cycle.start_s;
  out.end_s = cycle.end_s;
  const double period_s = cycle.end_s - cycle.start_s;
  if (!(period_s > 0.0)) return out;
  const detail::NnCoverage cov = detail::nn_coverage(nn, cycle.start_s, cycle.end_s + c.lag_s);
  if (cov.coverage < c.min_coverage || cov.longest_hole_s > c.max_gap_s) return out;
  const SampleRange p2t = samples_in(hr, cycle.start_s + c.lag_s, cycle.end_s + c.lag_s);
  // The phase window is [start, end): one whole cycle, the end sample belongs to the next.
  SampleRange cyc = samples_in(hr, cycle.start_s, cycle.end_s);
  if (cyc.end > cyc.first && sample_time(hr, cyc.end - 1) >= cycle.end_s - kCycleTolerance) --cyc.end;
  if (p2t.end - p2t.first < kMinSamplesPerBreath || cyc.end - cyc.first < kMinSamplesPerBreath) return out;

  const auto first = hr.values.begin() + static_cast<std::ptrdiff_t>(p2t.first);
  const auto last = hr.values.begin() + static_cast<std::ptrdiff_t>(p2t.end);
  const auto [lo, hi] = std::minmax_element(first, last);
  out.peak_to_trough_bpm = *hi - *lo;

  // Fundamental against a cosine peaking at peak inhalation: least squares of
  // h = a + b u + c cos(theta) + d sin(theta), theta = 2 pi (u - u_peak), all four together (a
  // line removed first would take part of the sine with it: over one cycle they correlate).
  // Then h's fundamental is c cos(theta) + d sin(theta) = |Z| cos(theta + arg Z), Z = c - i d,
  // which peaks at theta = -arg Z: a positive arg Z peaks before peak inhalation (HR leads).
  Eigen::Matrix4d normal = Eigen::Matrix4d::Zero();
  Eigen::Vector4d rhs = Eigen::Vector4d::Zero();
  for (std::size_t j = cyc.first; j < cyc.end; ++j) {
    const double u = (sample_time(hr, j) - cycle.start_s) / period_s;
    const double theta = kTwoPi * (u - cycle.peak_inhale_fraction);
    const Eigen::Vector4d basis(1.0, u, std::cos(theta), std::sin(theta));
    normal += basis * basis.transpose();
    rhs += basis * hr.values[j];
  }
  const Eigen::Vector4d coef = normal.ldlt().solve(rhs);
  const std::complex<double> z{coef[2], -coef[3]};
  out.hr_amplitude_bpm = std::abs(z);
  out.phase_deg = std::arg(z) * kRadToDeg;
  out.valid = true;
  return out;
}

std::vector<BreathIndicators> breath_indicators(std::span<const RrInterval> nn,
                                                std::span<const BreathCycle> cycles,
                                                const ResonanceIndicatorConfig& config) {
  std::vector<RrInterval> usable;
  usable.reserve(nn.size());
  for (const RrInterval& iv : nn) {
    if (is_plausible_rr_ms(iv.rr_ms) && (usable.empty() || iv.t_s > usable.back().t_s)) usable.push_back(iv);
  }
  const UniformSeries hr = instantaneous_hr(usable, config.hr_rate_hz);
  std::vector<BreathIndicators> out;
  out.reserve(cycles.size());
  for (const BreathCycle& cycle : cycles) out.push_back(breath_indicators(hr, usable, cycle, config));
  return out;
}

BreathSummary summarize_breaths(std::span<const BreathIndicators> breaths) {
  BreathSummary s;
  s.breaths = breaths.size();
  double p2t = 0.0, amp = 0.0;
  std::complex<double> unit{0.0, 0.0};
  for (const BreathIndicators& b : breaths) {
    if (!b.valid) continue;
    ++s.valid_breaths;
    p2t += b.peak_to_trough_bpm;
    amp += b.hr_amplitude_bpm;
    unit += std::polar(1.0, b.phase_deg / kRadToDeg);
  }
  if (s.valid_breaths == 0) return s;
  const auto n = static_cast<double>(s.valid_breaths);
  s.mean_peak_to_trough_bpm = p2t / n;
  s.mean_hr_amplitude_bpm = amp / n;
  unit /= n;
  s.phase_consistency = std::abs(unit);
  s.mean_phase_deg = std::arg(unit) * kRadToDeg;
  return s;
}

double turning_points_per_breath(const UniformSeries& hr, double t0_s, double t1_s, double breaths,
                                 double hysteresis_bpm) {
  const SampleRange r = samples_in(hr, t0_s, t1_s);
  if (!(breaths > 0.0) || r.end <= r.first) return kNaN;
  // The first extreme may be the window edge, so it is not counted; after it, every extreme
  // the curve leaves by at least the hysteresis is a turning point.
  int direction = 0;  // 0 unknown, +1 rising, -1 falling
  double hi = hr.values[r.first], lo = hi;
  std::size_t count = 0;
  for (std::size_t j = r.first + 1; j < r.end; ++j) {
    const double v = hr.values[j];
    if (direction == 0) {
      hi = std::max(hi, v);
      lo = std::min(lo, v);
      if (hi - v >= hysteresis_bpm) {
        direction = -1;
        lo = v;
      } else if (v - lo >= hysteresis_bpm) {
        direction = +1;
        hi = v;
      }
    } else if (direction > 0) {
      hi = std::max(hi, v);
      if (hi - v >= hysteresis_bpm) {
        ++count;
        direction = -1;
        lo = v;
      }
    } else {
      lo = std::min(lo, v);
      if (v - lo >= hysteresis_bpm) {
        ++count;
        direction = +1;
        hi = v;
      }
    }
  }
  return static_cast<double>(count) / breaths;
}

LfPeak lf_peak(const Spectrum& spectrum, double min_relative_height) {
  LfPeak out;
  const auto& d = spectrum.density;
  const double df = spectrum.resolution_hz;
  if (!(df > 0.0) || d.size() < 3) return out;
  const auto first = static_cast<std::size_t>(std::ceil(kLfLowHz / df));
  const auto last = std::min(static_cast<std::size_t>(std::floor(kLfHighHz / df)), d.size() - 1);
  if (first > last) return out;
  const double top = *std::max_element(d.begin() + static_cast<std::ptrdiff_t>(first),
                                       d.begin() + static_cast<std::ptrdiff_t>(last) + 1);
  out.peak_density = top;
  out.peak_hz = peak_frequency_hz(spectrum, kLfLowHz, kLfHighHz);
  out.lf_power = band_power(spectrum, kLfLowHz, kLfHighHz);
  // A peak is a strict local maximum (neighbours outside the band included, so a tail falling
  // from VLF into the band is not a peak).
  for (std::size_t k = std::max<std::size_t>(first, 1); k <= last && k + 1 < d.size(); ++k) {
    if (d[k] > d[k - 1] && d[k] >= d[k + 1] && d[k] >= min_relative_height * top && top > 0.0) ++out.peak_count;
  }
  return out;
}

double band_share(const Spectrum& spectrum, double centre_hz, double half_width_hz,
                  double total_low_hz, double total_high_hz) {
  const double total = band_power(spectrum, total_low_hz, total_high_hz);
  if (!(total > 0.0)) return kNaN;
  const double low = std::max(centre_hz - half_width_hz, total_low_hz);
  const double high = std::min(centre_hz + half_width_hz, total_high_hz);
  return band_power(spectrum, low, high) / total;
}

BreathIndicatorTracker::BreathIndicatorTracker(const ResonanceIndicatorConfig& config, double window_s)
    : config_(config), window_s_(window_s) {
  nn_.reserve(512);
  pending_.reserve(16);
  recent_.reserve(64);
  knot_t_s_.reserve(256);
  knot_bpm_.reserve(256);
}

void BreathIndicatorTracker::reset() {
  nn_.clear();
  pending_.clear();
  recent_.clear();
  last_t_s_ = -std::numeric_limits<double>::infinity();
}

void BreathIndicatorTracker::push(const RrInterval& nn) {
  if (!(nn.t_s > last_t_s_)) return;
  last_t_s_ = nn.t_s;
  if (!is_plausible_rr_ms(nn.rr_ms)) return;
  nn_.push_back(nn);
  evaluate_ready();
  // Keep beats a pending breath may need, or the knot margin before the newest breath end.
  double keep_from = last_t_s_ - window_s_ - 2.0 * kKnotMarginS;
  if (!pending_.empty()) keep_from = std::min(keep_from, pending_.front().start_s - kKnotMarginS);
  const auto stale = std::find_if(nn_.begin(), nn_.end(), [&](const RrInterval& iv) { return iv.t_s >= keep_from; });
  nn_.erase(nn_.begin(), stale);  // no reallocation
}

void BreathIndicatorTracker::push_breath(const BreathCycle& cycle) {
  pending_.push_back(cycle);
  evaluate_ready();
}

void BreathIndicatorTracker::evaluate_ready() {
  // HR is known up to the midpoint of the newest interval.
  const double known_until_s = nn_.empty() ? -std::numeric_limits<double>::infinity() : interval_midpoint_s(nn_.back());
  while (!pending_.empty() && known_until_s >= pending_.front().end_s + config_.lag_s) {
    const BreathCycle cycle = pending_.front();
    pending_.erase(pending_.begin());
    knot_t_s_.clear();
    knot_bpm_.clear();
    for (const RrInterval& iv : nn_) {
      if (iv.t_s < cycle.start_s - kKnotMarginS) continue;
      knot_t_s_.push_back(interval_midpoint_s(iv));
      knot_bpm_.push_back(60000.0 / iv.rr_ms);
    }
    const UniformSeries& hr = resampler_.resample(knot_t_s_, knot_bpm_, config_.hr_rate_hz);
    recent_.push_back(breath_indicators(hr, nn_, cycle, config_));
    const double oldest_end = recent_.back().end_s - window_s_;
    const auto stale = std::find_if(recent_.begin(), recent_.end(),
                                    [&](const BreathIndicators& b) { return b.end_s >= oldest_end; });
    recent_.erase(recent_.begin(), stale);
  }
}

}  // namespace resonant::dsp
