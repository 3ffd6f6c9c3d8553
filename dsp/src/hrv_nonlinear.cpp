#include <resonant/dsp/hrv_nonlinear.hpp>

#include <algorithm>
#include <cmath>

#include <resonant/dsp/hrv_frequency.hpp>

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A window of exactly the minimum length may cover one interval less (see hrv_frequency).
constexpr double kDurationSlackS = kMaxPlausibleRrMs / 1000.0;

// Sum of squared residuals of the least-squares line through (i, y[i]), i = 0..n-1.
double line_residual_ss(std::span<const double> y) {
  const auto n = static_cast<double>(y.size());
  const double mean_i = 0.5 * (n - 1.0);
  double mean_y = 0.0;
  for (double v : y) mean_y += v;
  mean_y /= n;
  double sii = 0.0, siy = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double di = static_cast<double>(i) - mean_i;
    const double dy = y[i] - mean_y;
    sii += di * di;
    siy += di * dy;
    syy += dy * dy;
  }
  return std::max(0.0, syy - siy * siy / sii);
}

double variance(std::span<const double> values) {
  if (values.size() < 2) return 0.0;
  double mean = 0.0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double ss = 0.0;
  for (double v : values) ss += (v - mean) * (v - mean);
  return ss / static_cast<double>(values.size() - 1);
}

}  // namespace

double ln_rmssd(const TimeDomainHrv& time) {
  return ln_rmssd_ms(time.rmssd_ms);
}

double NonlinearHrvAnalyzer::dfa_alpha(std::span<const double> series) {
  const std::size_t n_min = std::max<std::size_t>(config_.dfa_min_box_beats, 3);
  const std::size_t n_max = config_.dfa_max_box_beats;
  const std::size_t n = series.size();
  if (n_max <= n_min || n < kMinDfaBoxesAtLargestSize * n_max) return kNaN;
  double mean = 0.0;
  for (double v : series) mean += v;
  mean /= static_cast<double>(n);
  profile_.resize(n);
  double acc = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    acc += series[i] - mean;
    profile_[i] = acc;
  }
  log_n_.clear();
  log_f_.clear();
  for (std::size_t box = n_min; box <= n_max; ++box) {
    const std::size_t boxes = n / box;
    double ss = 0.0;
    for (std::size_t b = 0; b < boxes; ++b) {
      ss += line_residual_ss(std::span<const double>(profile_.data() + b * box, box));
    }
    const double f = std::sqrt(ss / static_cast<double>(boxes * box));
    if (!(f > 0.0)) return kNaN;
    log_n_.push_back(std::log(static_cast<double>(box)));
    log_f_.push_back(std::log(f));
  }
  const auto m = static_cast<double>(log_n_.size());
  double mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < log_n_.size(); ++i) {
    mx += log_n_[i];
    my += log_f_[i];
  }
  mx /= m;
  my /= m;
  double sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < log_n_.size(); ++i) {
    sxx += (log_n_[i] - mx) * (log_n_[i] - mx);
    sxy += (log_n_[i] - mx) * (log_f_[i] - my);
  }
  return sxy / sxx;
}

NonlinearHrv NonlinearHrvAnalyzer::analyse(std::span<const RrInterval> nn) {
  NonlinearHrv out;
  const auto time = time_domain_hrv(nn);
  out.ln_rmssd = ln_rmssd(time);

  // Poincaré from SDNN and SDSD (N - 1), differences of adjacent intervals only.
  double diff_sum = 0.0, diff_sq = 0.0;
  std::size_t diffs = 0;
  for (std::size_t i = 1; i < nn.size(); ++i) {
    if (nn[i].after_gap) continue;
    const double d = nn[i].rr_ms - nn[i - 1].rr_ms;
    diff_sum += d;
    diff_sq += d * d;
    ++diffs;
  }
  if (diffs >= 2) {
    const auto k = static_cast<double>(diffs);
    const double sdsd_sq = std::max(0.0, (diff_sq - diff_sum * diff_sum / k) / (k - 1.0));
    out.sd1_ms = std::sqrt(0.5 * sdsd_sq);
    if (time.nn_count >= 2) {
      out.sd2_ms = std::sqrt(std::max(0.0, 2.0 * time.sdnn_ms * time.sdnn_ms - 0.5 * sdsd_sq));
      if (out.sd2_ms >= kMinResolvedRmssdMs) out.sd1_sd2_ratio = out.sd1_ms / out.sd2_ms;
    }
  }

  const auto run = longest_run(nn, config_.max_bridged_gap_s);
  values_.clear();
  for (const auto& r : run) values_.push_back(r.rr_ms);
  // A run varying less than the RR timing resolves has the scaling of its rounding, not the
  // heart's (a steady heart's rounding pattern gave alpha 0.09).
  if (variance(values_) >= kMinResolvedPowerMs2) out.dfa_alpha1 = dfa_alpha(values_);

  if (!nn.empty() && covered_duration_s(nn) >= kMinTriangularDurationS - kDurationSlackS &&
      config_.triangular_bin_ms > 0.0) {
    double lo = nn[0].rr_ms, hi = nn[0].rr_ms;
    for (const auto& r : nn) {
      lo = std::min(lo, r.rr_ms);
      hi = std::max(hi, r.rr_ms);
    }
    const auto bins = static_cast<std::size_t>((hi - lo) / config_.triangular_bin_ms) + 1;
    histogram_.assign(bins, 0);
    for (const auto& r : nn) {
      ++histogram_[static_cast<std::size_t>((r.rr_ms - lo) / config_.triangular_bin_ms)];
    }
    const std::size_t peak = *std::max_element(histogram_.begin(), histogram_.end());
    out.triangular_index = static_cast<double>(nn.size()) / static_cast<double>(peak);
  }
  return out;
}

NonlinearHrv nonlinear_hrv(std::span<const RrInterval> nn, const NonlinearHrvConfig& config) {
  NonlinearHrvAnalyzer analyzer(config);
  return analyzer.analyse(nn);
}

}  // namespace resonant::dsp
