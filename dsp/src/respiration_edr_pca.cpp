#include <resonant/dsp/respiration_edr_pca.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The QRS window around the R peak at r_index (fractional), resampled to kQrsPcaPoints by
/// linear interpolation, minus the straight line joining its ends (baseline wander); false
/// when it reaches outside [first, last].
template <typename At>
bool qrs_window_at(const At& at, std::int64_t first, std::int64_t last, double r_index, double fs,
                   double half_width_s, QrsShapePca::Window& out) {
  const double half = half_width_s * fs;
  const double from = r_index - half, to = r_index + half;
  if (std::floor(from) < static_cast<double>(first) || std::ceil(to) > static_cast<double>(last)) {
    return false;
  }
  const double step = (to - from) / static_cast<double>(kQrsPcaPoints - 1);
  for (int k = 0; k < kQrsPcaPoints; ++k) {
    const double x = from + step * static_cast<double>(k);
    const auto i = static_cast<std::int64_t>(std::floor(x));
    const double frac = x - static_cast<double>(i);
    const double a = at(i), b = frac > 0.0 ? at(i + 1) : a;
    out(k) = a + frac * (b - a);
  }
  const double left = out(0), right = out(kQrsPcaPoints - 1);
  for (int k = 0; k < kQrsPcaPoints; ++k) {
    const double share = static_cast<double>(k) / static_cast<double>(kQrsPcaPoints - 1);
    out(k) -= left + share * (right - left);
  }
  return true;
}

}  // namespace

QrsShapePca::QrsShapePca(const EdrPcaConfig& config) : config_(config) {
  config_.basis_beats = std::max<std::size_t>(config_.basis_beats, kQrsPcaPoints);
  config_.min_beats = std::clamp<std::size_t>(config_.min_beats, kQrsPcaPoints, config_.basis_beats);
  ring_.assign(config_.basis_beats, Window::Zero());
}

double QrsShapePca::push(const Window& window) {
  ring_[count_ % ring_.size()] = window;
  ++count_;
  const std::size_t n = std::min(count_, ring_.size());
  if (n < config_.min_beats) return kNaN;
  Window mean = Window::Zero();
  for (std::size_t i = 0; i < n; ++i) mean += ring_[i];
  mean /= static_cast<double>(n);
  Eigen::Matrix<double, kQrsPcaPoints, kQrsPcaPoints> covariance;
  covariance.setZero();
  for (std::size_t i = 0; i < n; ++i) {
    const Window d = ring_[i] - mean;
    covariance.noalias() += d * d.transpose();
  }
  solver_.compute(covariance, Eigen::ComputeEigenvectors);
  if (solver_.info() != Eigen::Success) return kNaN;
  Window v = solver_.eigenvectors().col(kQrsPcaPoints - 1);  // eigenvalues ascend
  // Keep the sign: aligned with the previous component, or (first) with a positive sum.
  const double reference = component_.isZero() ? v.sum() : v.dot(component_);
  if (reference < 0.0) v = -v;
  component_ = v;
  return v.dot(window - mean);
}

void QrsShapePca::reset() {
  count_ = 0;
  component_.setZero();
}

QrsPcaRespiration::QrsPcaRespiration(const EdrPcaConfig& config)
    : config_(config),
      history_(static_cast<std::size_t>(std::ceil(kHistoryS * config.sample_rate_hz))),
      pca_(config),
      series_(config.spectral) {}

void QrsPcaRespiration::push_sample(float ecg_mv) { history_.push(ecg_mv); }

EdrPcaBeat QrsPcaRespiration::push_beat(const DetectedBeat& beat) {
  const auto at = [&](std::int64_t i) { return static_cast<double>(history_.at(i)); };
  EdrPcaBeat out{beat.sample_index / config_.sample_rate_hz, kNaN};
  QrsShapePca::Window window;
  if (qrs_window_at(at, history_.oldest_index(), history_.next_index() - 1, beat.sample_index,
                    config_.sample_rate_hz, config_.qrs_half_width_s, window)) {
    out.score = pca_.push(window);
  }
  series_.push(out.t_s, out.score);
  return out;
}

RespirationRate QrsPcaRespiration::estimate(double t_end_s) const {
  return series_.estimate(t_end_s);
}

void QrsPcaRespiration::reset() {
  history_.clear();
  pca_.reset();
  series_.reset();
}

std::vector<EdrPcaBeat> edr_pca_beats(std::span<const float> ecg_mv,
                                      std::span<const DetectedBeat> beats,
                                      const EdrPcaConfig& config) {
  const auto at = [&](std::int64_t i) {
    return static_cast<double>(ecg_mv[static_cast<std::size_t>(i)]);
  };
  const auto last = static_cast<std::int64_t>(ecg_mv.size()) - 1;
  QrsShapePca pca(config);
  std::vector<EdrPcaBeat> out;
  out.reserve(beats.size());
  QrsShapePca::Window window;
  for (const DetectedBeat& b : beats) {
    EdrPcaBeat e{b.sample_index / config.sample_rate_hz, kNaN};
    if (qrs_window_at(at, 0, last, b.sample_index, config.sample_rate_hz,
                      config.qrs_half_width_s, window)) {
      e.score = pca.push(window);
    }
    out.push_back(e);
  }
  return out;
}

std::vector<RespirationRate> edr_pca_respiration_rates(std::span<const EdrPcaBeat> beats,
                                                       double t_first_end_s, double step_s,
                                                       const SpectralRateConfig& config) {
  std::vector<double> t, score;
  t.reserve(beats.size());
  score.reserve(beats.size());
  for (const EdrPcaBeat& b : beats) {
    t.push_back(b.t_s);
    score.push_back(b.score);
  }
  return spectral_respiration_rates(t, score, t_first_end_s, step_s, config);
}

}  // namespace resonant::dsp
