#include <resonant/dsp/hrv_frequency.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <resonant/dsp/rr_resample.hpp>

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A window of exactly the minimum length may cover up to one interval less (its first interval
// can start before the window edge or not): allow the longest plausible interval.
constexpr double kDurationSlackS = kMaxPlausibleRrMs / 1000.0;
constexpr double kMsPerS = 1000.0;
// Lomb-Scargle costs O(N x bins): evaluate up to a little beyond HF (room for the parabolic
// refinement of a peak at the band edge), not up to the beat rate's Nyquist.
constexpr double kLombMaxHz = 1.25 * kHfHighHz;

bool long_enough(double analysed_s, double minimum_s) {
  return analysed_s >= minimum_s - kDurationSlackS;
}

// Least-squares line through (t_i, y_i), subtracted in place.
void remove_line(std::span<const double> t, std::span<double> y) {
  const std::size_t n = y.size();
  if (n < 2) return;
  double mt = 0.0, my = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    mt += t[i];
    my += y[i];
  }
  mt /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double stt = 0.0, sty = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    stt += (t[i] - mt) * (t[i] - mt);
    sty += (t[i] - mt) * (y[i] - my);
  }
  const double slope = stt > 0.0 ? sty / stt : 0.0;
  for (std::size_t i = 0; i < n; ++i) y[i] -= my + slope * (t[i] - mt);
}

}  // namespace

std::span<const RrInterval> longest_run(std::span<const RrInterval> nn, double max_bridged_gap_s) {
  std::size_t best_start = 0, best_length = 0, start = 0;
  for (std::size_t i = 0; i <= nn.size(); ++i) {
    bool split = i == nn.size();
    if (!split && i > start && nn[i].after_gap) {
      const double missing_s = nn[i].t_s - nn[i].rr_ms / kMsPerS - nn[i - 1].t_s;
      split = max_bridged_gap_s < 0.0 || missing_s > max_bridged_gap_s;
    }
    if (split) {
      if (i - start > best_length) {
        best_start = start;
        best_length = i - start;
      }
      start = i;
    }
  }
  return nn.subspan(best_start, best_length);
}

double covered_duration_s(std::span<const RrInterval> nn) {
  if (nn.empty()) return 0.0;
  return nn.back().t_s - nn.front().t_s + nn.front().rr_ms / kMsPerS;
}

void lomb_scargle_psd(std::span<const double> t_s, std::span<const double> values, double max_hz,
                      double oversampling, Spectrum& out) {
  out.density.clear();
  out.resolution_hz = 0.0;
  const std::size_t n = std::min(t_s.size(), values.size());
  if (n < 3 || !(t_s[n - 1] > t_s[0])) return;
  const double mean_rate_hz = static_cast<double>(n - 1) / (t_s[n - 1] - t_s[0]);
  const double df = mean_rate_hz / (std::max(oversampling, 1.0) * static_cast<double>(n));
  const auto bins = static_cast<std::size_t>(std::floor(max_hz / df)) + 1;
  out.resolution_hz = df;
  out.density.assign(bins, 0.0);
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) mean += values[i];
  mean /= static_cast<double>(n);

  // Per bin, with w = 2 pi f: C = sum x cos wt, S = sum x sin wt, C2 = sum cos 2wt,
  // S2 = sum sin 2wt. Samples outside, bins inside, stepping each sample's phasor by
  // exp(i 2 pi df t) from bin to bin (no trigonometry in the inner loop). The four sums of bin k
  // live at density[4k .. 4k+3] (the output's own storage, so nothing else is allocated); the
  // final pass writes bin k's result to density[k], whose sums (bin k / 4) are already used.
  out.density.assign(4 * bins, 0.0);
  double* sums = out.density.data();
  const double t0 = t_s[0];
  for (std::size_t i = 0; i < n; ++i) {
    const double t = t_s[i] - t0;
    const double x = values[i] - mean;
    const double step_phase = 2.0 * std::numbers::pi * df * t;
    const double step_c = std::cos(step_phase), step_s = std::sin(step_phase);
    const double step2_c = step_c * step_c - step_s * step_s, step2_s = 2.0 * step_c * step_s;
    double c = 1.0, s = 0.0, c2 = 1.0, s2 = 0.0;  // bin 0
    for (std::size_t k = 0; k < bins; ++k) {
      double* b = sums + 4 * k;
      b[0] += x * c;
      b[1] += x * s;
      b[2] += c2;
      b[3] += s2;
      const double nc = c * step_c - s * step_s;
      s = c * step_s + s * step_c;
      c = nc;
      const double nc2 = c2 * step2_c - s2 * step2_s;
      s2 = c2 * step2_s + s2 * step2_c;
      c2 = nc2;
    }
  }
  // P = 1/2 [ (sum x cos w(t - tau))^2 / sum cos^2 + (sum x sin w(t - tau))^2 / sum sin^2 ],
  // tan 2 w tau = S2 / C2; for an even series P = |X(f)|^2 / N, so the one-sided density is
  // 2 P / mean rate (the periodogram's scale).
  const double half_n = 0.5 * static_cast<double>(n);
  for (std::size_t k = 1; k < bins; ++k) {
    const double* b = sums + 4 * k;
    const double two_wtau = std::atan2(b[3], b[2]);
    const double cw = std::cos(0.5 * two_wtau), sw = std::sin(0.5 * two_wtau);
    const double xc = b[0] * cw + b[1] * sw;
    const double xs = b[1] * cw - b[0] * sw;
    const double cos_sq = half_n + 0.5 * (b[2] * std::cos(two_wtau) + b[3] * std::sin(two_wtau));
    const double sin_sq = static_cast<double>(n) - cos_sq;
    double p = 0.0;
    if (cos_sq > 0.0) p += xc * xc / cos_sq;
    if (sin_sq > 0.0) p += xs * xs / sin_sq;
    sums[k] = p / mean_rate_hz;  // one-sided: 2 * (p / 2) / rate
  }
  sums[0] = 0.0;
  out.density.resize(bins);  // shrinking keeps the capacity
}

struct FrequencyHrvAnalyzer::Impl {
  explicit Impl(const FrequencyHrvConfig& config)
      : detrender(config.smoothness_lambda), welch(config.welch) {}
  CubicResampler resampler;
  SmoothnessPriorsDetrender detrender;
  WelchEstimator welch;
  std::vector<double> t, rr, series, times;
  Spectrum lomb;
  const Spectrum* last = nullptr;
  Spectrum empty;
};

FrequencyHrvAnalyzer::FrequencyHrvAnalyzer(const FrequencyHrvConfig& config)
    : config_(config), impl_(std::make_unique<Impl>(config)) {}
FrequencyHrvAnalyzer::~FrequencyHrvAnalyzer() = default;
FrequencyHrvAnalyzer::FrequencyHrvAnalyzer(FrequencyHrvAnalyzer&&) noexcept = default;
FrequencyHrvAnalyzer& FrequencyHrvAnalyzer::operator=(FrequencyHrvAnalyzer&&) noexcept = default;

const Spectrum& FrequencyHrvAnalyzer::spectrum() const {
  return impl_->last != nullptr ? *impl_->last : impl_->empty;
}

FrequencyHrv FrequencyHrvAnalyzer::analyse(std::span<const RrInterval> nn) {
  Impl& m = *impl_;
  m.last = nullptr;
  FrequencyHrv out;
  const bool welch = config_.method == SpectralMethod::kWelch;
  const auto used = welch ? longest_run(nn, config_.max_bridged_gap_s) : nn;
  out.nn_used = used.size();
  out.analysed_s = covered_duration_s(used);
  if (used.size() < 3) return out;

  m.t.clear();
  m.rr.clear();
  for (const auto& r : used) {
    m.t.push_back(r.t_s);
    m.rr.push_back(r.rr_ms);
  }
  const double rate = config_.resample_rate_hz;
  const Spectrum* spectrum = nullptr;
  if (welch) {
    const auto& even = m.resampler.resample(m.t, m.rr, rate);
    m.series.assign(even.values.begin(), even.values.end());
    if (m.series.size() < 2) return out;
    if (config_.detrend == DetrendMethod::kSmoothnessPriors) {
      m.detrender.detrend(m.series, m.series);
    } else if (config_.detrend == DetrendMethod::kLinear) {
      m.times.resize(m.series.size());
      for (std::size_t i = 0; i < m.times.size(); ++i) m.times[i] = static_cast<double>(i) / rate;
      remove_line(m.times, m.series);
    }
    spectrum = &m.welch.estimate(m.series, rate);
  } else {
    if (config_.detrend == DetrendMethod::kSmoothnessPriors) {
      // The same trend as the Welch path (the smoothness-priors trend of the 4 Hz spline),
      // read back at the beat times by linear interpolation.
      const auto& even = m.resampler.resample(m.t, m.rr, rate);
      m.series.assign(even.values.begin(), even.values.end());
      if (m.series.size() >= 2) {
        m.detrender.detrend(m.series, m.series);
        const auto trend = m.detrender.trend();
        for (std::size_t i = 0; i < m.rr.size(); ++i) {
          const double pos = (m.t[i] - even.start_s) * rate;
          const auto j = std::min(static_cast<std::size_t>(std::max(pos, 0.0)), trend.size() - 1);
          const double frac = std::clamp(pos - static_cast<double>(j), 0.0, 1.0);
          const double next = trend[std::min(j + 1, trend.size() - 1)];
          m.rr[i] -= trend[j] + frac * (next - trend[j]);
        }
      }
    } else if (config_.detrend == DetrendMethod::kLinear) {
      remove_line(m.t, m.rr);
    }
    lomb_scargle_psd(m.t, m.rr, kLombMaxHz, config_.lomb_oversampling, m.lomb);
    spectrum = &m.lomb;
  }
  m.last = spectrum;
  if (spectrum->density.empty()) return out;

  const double analysed = out.analysed_s;
  const bool hf_ok = long_enough(analysed, kMinHfDurationS);
  const bool lf_ok = long_enough(analysed, kMinLfDurationS);
  const bool vlf_ok = long_enough(analysed, kMinVlfDurationS);
  if (hf_ok) {
    out.hf_ms2 = band_power(*spectrum, kHfLowHz, kHfHighHz);
    out.hf_peak_hz = peak_frequency_hz(*spectrum, kHfLowHz, kHfHighHz);
  }
  if (lf_ok) {
    out.lf_ms2 = band_power(*spectrum, kLfLowHz, kHfLowHz);
    out.lf_peak_hz = peak_frequency_hz(*spectrum, kLfLowHz, kHfLowHz);
  }
  if (vlf_ok) {
    out.vlf_ms2 = band_power(*spectrum, kVlfLowHz, kLfLowHz);
    out.vlf_peak_hz = peak_frequency_hz(*spectrum, kVlfLowHz, kLfLowHz);
  }
  derive_band_ratios(out);
  return out;
}

void derive_band_ratios(FrequencyHrv& hrv) {
  constexpr double kPercent = 100.0;
  hrv.ln_lf = ln_power_ms2(hrv.lf_ms2);
  hrv.ln_hf = ln_power_ms2(hrv.hf_ms2);
  // The highest bin of a band holding only rounding noise is anywhere: no peak is claimed.
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (!(hrv.vlf_ms2 >= kMinResolvedPowerMs2)) hrv.vlf_peak_hz = kNaN;
  if (!(hrv.lf_ms2 >= kMinResolvedPowerMs2)) hrv.lf_peak_hz = kNaN;
  if (!(hrv.hf_ms2 >= kMinResolvedPowerMs2)) hrv.hf_peak_hz = kNaN;
  const double lf_hf = hrv.lf_ms2 + hrv.hf_ms2;
  if (lf_hf >= kMinResolvedPowerMs2) {  // false when either is NaN
    hrv.lf_nu = kPercent * hrv.lf_ms2 / lf_hf;
    hrv.hf_nu = kPercent * hrv.hf_ms2 / lf_hf;
  }
  if (hrv.lf_ms2 >= kMinResolvedPowerMs2 && hrv.hf_ms2 >= kMinResolvedPowerMs2) {
    hrv.lf_hf_ratio = hrv.lf_ms2 / hrv.hf_ms2;
  }
  hrv.total_ms2 = hrv.vlf_ms2 + hrv.lf_ms2 + hrv.hf_ms2;
  if (hrv.total_ms2 >= kMinResolvedPowerMs2) {
    hrv.vlf_pct = kPercent * hrv.vlf_ms2 / hrv.total_ms2;
    hrv.lf_pct = kPercent * hrv.lf_ms2 / hrv.total_ms2;
    hrv.hf_pct = kPercent * hrv.hf_ms2 / hrv.total_ms2;
  }
}

FrequencyHrv frequency_domain_hrv(std::span<const RrInterval> nn, const FrequencyHrvConfig& config) {
  FrequencyHrvAnalyzer analyzer(config);
  return analyzer.analyse(nn);
}

}  // namespace resonant::dsp
