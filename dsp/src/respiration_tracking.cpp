#include <resonant/dsp/respiration_tracking.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool near_ratio(double a, double b, double ratio, double tolerance) {
  return std::abs(a - ratio * b) <= tolerance * ratio * b;
}

}  // namespace

bool is_tracking_candidate(const RespirationRate& estimate, std::size_t peak,
                           const RespirationTrackingConfig& config) {
  if (peak >= estimate.peak_count) return false;
  const RatePeak& p = estimate.peaks[peak];
  if (!std::isfinite(p.rate_bpm) || p.share < config.min_share) return false;
  for (std::size_t i = 0; i < peak; ++i) {  // larger peaks come first
    const double larger = estimate.peaks[i].rate_bpm;
    if (near_ratio(p.rate_bpm, larger, 2.0, config.harmonic_tolerance) ||
        near_ratio(p.rate_bpm, larger, 0.5, config.harmonic_tolerance)) {
      return false;
    }
  }
  return true;
}

RespirationRateTracker::RespirationRateTracker(const RespirationTrackingConfig& config)
    : config_(config) {
  const double span = config_.max_rate_bpm - config_.min_rate_bpm;
  const double step = config_.grid_step_bpm > 0.0 ? config_.grid_step_bpm : 0.25;
  states_ = std::clamp<std::size_t>(static_cast<std::size_t>(std::floor(span / step)) + 1, 1,
                                    kMaxTrackingStates);
  score_.assign(states_, 0.0);
  next_.assign(states_, 0.0);
  emit_.assign(states_, 0.0);
  candidates_.reserve(kMaxEstimates * kMaxRatePeaks);
}

double RespirationRateTracker::rate_of(std::size_t state) const {
  return config_.min_rate_bpm + static_cast<double>(state) * config_.grid_step_bpm;
}

void RespirationRateTracker::set_prior(double rate_bpm) { prior_bpm_ = rate_bpm; }

std::size_t RespirationRateTracker::collect(std::span<const SourcedRate> estimates) {
  candidates_.clear();
  gated_ = false;
  std::size_t used = 0;
  const std::size_t n = std::min(estimates.size(), kMaxEstimates);
  for (std::size_t e = 0; e < n; ++e) {
    const RespirationRate& r = estimates[e].rate;
    if (!std::isfinite(r.rate_bpm)) continue;
    ++used;
    const bool gates = config_.require_mechanical_support &&
                       modulation_of(estimates[e].source) == RespirationModulation::kMechanical &&
                       r.quality >= config_.mechanical_min_quality;
    gated_ = gated_ || gates;
    if (r.peak_count == 0) {  // a method without candidate peaks: its rate, as one peak
      const double share = std::isfinite(r.peak_share) ? r.peak_share : r.quality;
      candidates_.push_back({r.rate_bpm, share, e, estimates[e].source, gates});
      continue;
    }
    for (std::size_t j = 0; j < r.peak_count; ++j) {
      if (!is_tracking_candidate(r, j, config_)) continue;
      const RatePeak& p = r.peaks[j];
      candidates_.push_back({p.rate_bpm, p.share, e, estimates[e].source, gates});
    }
  }
  return used;
}

double RespirationRateTracker::emission(double rate_bpm, std::size_t candidates) const {
  double sum = 0.0;
  bool supported = !gated_;
  const double inv = 1.0 / (2.0 * config_.sigma_bpm * config_.sigma_bpm);
  for (std::size_t c = 0; c < candidates; ++c) {
    const double d = rate_bpm - candidates_[c].rate_bpm;
    sum += candidates_[c].weight * std::exp(-d * d * inv);
    supported = supported || (candidates_[c].gates && std::abs(d) <= kRespirationSupportBpm);
  }
  if (!supported) sum = 0.0;
  double e = std::log(config_.emission_floor + sum);
  if (std::isfinite(prior_bpm_)) {
    const double z = std::min(std::abs(rate_bpm - prior_bpm_) / config_.prior_sd_bpm,
                              config_.prior_cap_sd);
    e -= 0.5 * z * z;
  }
  return e;
}

TrackedRespiration RespirationRateTracker::describe(double t_s, std::size_t state,
                                                    std::size_t candidates,
                                                    std::size_t estimates) const {
  TrackedRespiration out;
  out.t_s = t_s;
  if (candidates == 0 || estimates == 0) return out;
  const double r = rate_of(state);
  // Rate: the weighted mean of the supporting peaks (sub-grid), else the grid rate.
  double total = 0.0, near = 0.0, near_rate = 0.0;
  std::array<bool, kMaxEstimates> supports{};
  for (std::size_t c = 0; c < candidates; ++c) {
    const Candidate& k = candidates_[c];
    total += k.weight;
    if (std::abs(k.rate_bpm - r) <= kRespirationSupportBpm) {
      near += k.weight;
      near_rate += k.weight * k.rate_bpm;
      supports[k.estimate] = true;
      out.source = k.source;
    }
  }
  out.supporting = static_cast<std::size_t>(std::count(supports.begin(), supports.end(), true));
  if (out.supporting > 1) out.source = RespirationSource::kFused;
  out.rate_bpm = near > 0.0 ? near_rate / near : r;
  out.quality = total > 0.0 ? (near / total) * (static_cast<double>(out.supporting) /
                                                static_cast<double>(estimates))
                            : 0.0;
  return out;
}

TrackedRespiration RespirationRateTracker::push(double t_s,
                                                std::span<const SourcedRate> estimates) {
  const std::size_t used = collect(estimates);
  const std::size_t n = candidates_.size();
  for (std::size_t s = 0; s < states_; ++s) emit_[s] = n > 0 ? emission(rate_of(s), n) : 0.0;
  if (config_.keep_path) back_.resize(back_.size() + states_);
  std::uint16_t* back = config_.keep_path ? back_.data() + back_.size() - states_ : nullptr;
  if (!started_) {
    for (std::size_t s = 0; s < states_; ++s) {
      score_[s] = emit_[s];
      if (back != nullptr) back[s] = static_cast<std::uint16_t>(s);
    }
    started_ = true;
  } else {
    // Max-product step: score'(j) = emit(j) + max_i score(i) - cost(|r_i - r_j|).
    for (std::size_t j = 0; j < states_; ++j) {
      double best = -std::numeric_limits<double>::infinity();
      std::size_t arg = j;
      for (std::size_t i = 0; i < states_; ++i) {
        const double d = std::abs(static_cast<double>(i) - static_cast<double>(j)) *
                         config_.grid_step_bpm;
        const double v =
            score_[i] - config_.jump_cost_per_bpm * std::max(0.0, d - config_.free_change_bpm);
        if (v > best) {
          best = v;
          arg = i;
        }
      }
      next_[j] = best + emit_[j];
      if (back != nullptr) back[j] = static_cast<std::uint16_t>(arg);
    }
    const double top = *std::max_element(next_.begin(), next_.end());
    for (std::size_t s = 0; s < states_; ++s) score_[s] = next_[s] - top;  // stay bounded
  }
  const auto best = static_cast<std::size_t>(
      std::max_element(score_.begin(), score_.end()) - score_.begin());
  if (config_.keep_path) windows_.push_back({t_s, candidates_, used});
  return describe(t_s, best, n, used);
}

std::vector<TrackedRespiration> RespirationRateTracker::path() const {
  std::vector<TrackedRespiration> out(windows_.size());
  if (windows_.empty()) return out;
  auto state = static_cast<std::size_t>(
      std::max_element(score_.begin(), score_.end()) - score_.begin());
  RespirationRateTracker scratch(config_);  // describe() reads candidates_ from a tracker
  for (std::size_t w = windows_.size(); w-- > 0;) {
    scratch.candidates_ = windows_[w].candidates;
    out[w] = scratch.describe(windows_[w].t_s, state, windows_[w].candidates.size(),
                              windows_[w].estimates);
    state = back_[w * states_ + state];
  }
  return out;
}

void RespirationRateTracker::reset() {
  std::fill(score_.begin(), score_.end(), 0.0);
  started_ = false;
  back_.clear();
  windows_.clear();
}

std::vector<TrackedRespiration> track_respiration_rates(
    std::span<const double> t_s, std::span<const std::vector<SourcedRate>> windows,
    RespirationTrackingConfig config) {
  config.keep_path = true;
  RespirationRateTracker tracker(config);
  const std::size_t n = std::min(t_s.size(), windows.size());
  for (std::size_t w = 0; w < n; ++w) tracker.push(t_s[w], windows[w]);
  return tracker.path();
}

}  // namespace resonant::dsp
