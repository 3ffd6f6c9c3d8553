#include <resonant/dsp/arousal.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace resonant::dsp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kHr = 0, kLnRmssd = 1, kBreathing = 2, kScl = 3;
constexpr std::array<double, kArousalInputCount> kSign = {+1.0, -1.0, +1.0, +1.0};
// 1.4826 MAD estimates the SD of normally distributed data (§7.4 robust z).
constexpr double kMadToSd = 1.4826;
// §7.4 q_base: 1 from full_baseline_s, this much from min_baseline_s.
constexpr double kShortBaselineFactor = 0.5;
// §7.4 display bands, in baseline SD units.
constexpr double kMuchBand = 1.0;
constexpr double kNeutralBand = 0.3;

struct Reading {
  double value;
  double quality;
};

std::array<Reading, kArousalInputCount> readings(const ArousalInput& in) {
  return {{{in.hr_bpm, in.hr_quality},
           {in.ln_rmssd, in.ln_rmssd_quality},
           {in.breathing_rate_bpm, in.breathing_quality},
           {in.scl_us, in.scl_quality}}};
}

bool paced_out(std::size_t c, const ArousalInput& in) {
  return in.pacer_active && (c == kBreathing || c == kLnRmssd);
}

void check(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("ArousalConfig: " + what);
}

// Median of v[0, n) (reorders it).
double median_of(std::vector<double>& v, std::size_t n) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(v.begin(), mid, v.begin() + static_cast<std::ptrdiff_t>(n));
  double m = *mid;
  if (n % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), mid));
  return m;
}

}  // namespace

std::string_view to_string(ArousalInputKind kind) {
  switch (kind) {
    case ArousalInputKind::kHeartRate: return "heart_rate";
    case ArousalInputKind::kLnRmssd: return "ln_rmssd";
    case ArousalInputKind::kBreathingRate: return "breathing_rate";
    case ArousalInputKind::kSkinConductance: return "skin_conductance";
  }
  return "unknown";
}

std::string_view to_string(ArousalBand band) {
  switch (band) {
    case ArousalBand::kMuchCalmer: return "much calmer than your baseline";
    case ArousalBand::kCalmer: return "calmer than your baseline";
    case ArousalBand::kBaseline: return "like your baseline";
    case ArousalBand::kMoreActivated: return "more activated than your baseline";
    case ArousalBand::kMuchMoreActivated: return "much more activated than your baseline";
  }
  return "like your baseline";
}

ArousalBand arousal_band(double index) {
  if (index < -kMuchBand) return ArousalBand::kMuchCalmer;
  if (index < -kNeutralBand) return ArousalBand::kCalmer;
  if (index <= kNeutralBand) return ArousalBand::kBaseline;
  if (index <= kMuchBand) return ArousalBand::kMoreActivated;
  return ArousalBand::kMuchMoreActivated;
}

bool ArousalBaseline::has(ArousalInputKind kind) const {
  return duration_s[static_cast<std::size_t>(kind)] > 0.0;
}

ArousalBaseline blend_baselines(const ArousalBaseline& stored, const ArousalBaseline& session,
                                double lambda) {
  if (!(lambda >= 0.0 && lambda <= 1.0)) {
    throw std::invalid_argument("blend_baselines: lambda outside [0, 1]");
  }
  ArousalBaseline out = stored;
  for (std::size_t c = 0; c < kArousalInputCount; ++c) {
    if (!(session.duration_s[c] > 0.0)) continue;
    if (!(stored.duration_s[c] > 0.0)) {
      out.median[c] = session.median[c];
      out.scale[c] = session.scale[c];
      out.duration_s[c] = session.duration_s[c];
      continue;
    }
    out.median[c] = (1.0 - lambda) * stored.median[c] + lambda * session.median[c];
    out.scale[c] = (1.0 - lambda) * stored.scale[c] + lambda * session.scale[c];
    out.duration_s[c] = std::max(stored.duration_s[c], session.duration_s[c]);
  }
  return out;
}

ArousalEstimator::ArousalEstimator(const ArousalConfig& config) : config_(config) {
  weights_ = {config.weight_hr, config.weight_ln_rmssd, config.weight_breathing,
              config.weight_scl};
  double total = 0.0;
  for (const double w : weights_) {
    check(w >= 0.0, "weights must be >= 0");
    total += w;
  }
  check(total > 0.0, "at least one weight must be > 0");
  check(config.smoothing_tau_s >= 0.0 && config.smoothing_tau_s <= 120.0,
        "smoothing_tau_s outside [0, 120]");
  check(config.auto_baseline_s >= 0.0 && config.auto_baseline_s <= 1800.0,
        "auto_baseline_s outside [0, 1800]");
  check(config.full_baseline_s >= 60.0 && config.full_baseline_s <= 1800.0,
        "full_baseline_s outside [60, 1800]");
  check(config.min_baseline_s >= 10.0 && config.min_baseline_s <= config.full_baseline_s,
        "min_baseline_s outside [10, full_baseline_s]");
  check(config.max_baseline_updates >= 16 && config.max_baseline_updates <= 1000000,
        "max_baseline_updates outside [16, 1e6]");
  check(config.min_input_quality >= 0.0 && config.min_input_quality <= 1.0,
        "min_input_quality outside [0, 1]");
  check(config.max_z >= 1.0 && config.max_z <= 10.0, "max_z outside [1, 10]");
  check(config.max_update_gap_s >= 1.0 && config.max_update_gap_s <= 60.0,
        "max_update_gap_s outside [1, 60]");
  check(config.hr_scale_floor_bpm > 0.0 && config.ln_rmssd_scale_floor > 0.0 &&
            config.breathing_scale_floor_bpm > 0.0 && config.scl_scale_floor_us > 0.0 &&
            config.scl_scale_floor_fraction >= 0.0,
        "scale floors must be > 0");
  for (auto& s : store_) s.assign(config.max_baseline_updates, 0.0);
  scratch_.assign(config.max_baseline_updates, 0.0);
}

void ArousalEstimator::begin_baseline() {
  recording_ = true;
  auto_recording_ = false;
  auto_baseline_pending_ = false;
  recording_start_s_ = kNaN;
  last_record_t_s_ = kNaN;
  stored_ = {};
  stored_duration_s_ = {};
}

void ArousalEstimator::end_baseline() {
  if (!recording_) return;
  recording_ = false;
  ArousalBaseline b;
  const std::array<double, kArousalInputCount> floors = {
      config_.hr_scale_floor_bpm, config_.ln_rmssd_scale_floor,
      config_.breathing_scale_floor_bpm, config_.scl_scale_floor_us};
  for (std::size_t c = 0; c < kArousalInputCount; ++c) {
    const std::size_t n = stored_[c];
    if (n == 0 || stored_duration_s_[c] < config_.min_baseline_s) continue;
    std::copy_n(store_[c].begin(), n, scratch_.begin());
    const double median = median_of(scratch_, n);
    for (std::size_t i = 0; i < n; ++i) scratch_[i] = std::abs(store_[c][i] - median);
    const double mad = median_of(scratch_, n);
    double floor = floors[c];
    if (c == kScl) floor = std::max(floor, config_.scl_scale_floor_fraction * std::abs(median));
    b.median[c] = median;
    b.scale[c] = std::max(kMadToSd * mad, floor);
    b.duration_s[c] = stored_duration_s_[c];
  }
  set_baseline(b);
}

void ArousalEstimator::set_baseline(const ArousalBaseline& baseline) {
  baseline_ = baseline;
  has_baseline_ = false;
  for (std::size_t c = 0; c < kArousalInputCount; ++c) {
    has_baseline_ = has_baseline_ || baseline.duration_s[c] > 0.0;
  }
  auto_baseline_pending_ = false;
}

void ArousalEstimator::reset() {
  smoothed_ = kNaN;
  last_t_s_ = kNaN;
  last_record_t_s_ = kNaN;  // a gap is not baseline time
}

void ArousalEstimator::record(const ArousalInput& input) {
  if (std::isnan(recording_start_s_)) recording_start_s_ = input.t_s;
  const double dt = std::isnan(last_record_t_s_)
                        ? 0.0
                        : std::clamp(input.t_s - last_record_t_s_, 0.0, config_.max_update_gap_s);
  last_record_t_s_ = input.t_s;
  const auto r = readings(input);
  for (std::size_t c = 0; c < kArousalInputCount; ++c) {
    // A resting baseline is free breathing: paced updates do not describe it.
    if (std::isnan(r[c].value) || r[c].quality < config_.min_input_quality ||
        paced_out(c, input) || stored_[c] >= store_[c].size()) {
      continue;
    }
    store_[c][stored_[c]++] = r[c].value;
    stored_duration_s_[c] += dt;
  }
}

ArousalEstimate ArousalEstimator::update(const ArousalInput& input) {
  if (auto_baseline_pending_ && !has_baseline_ && config_.auto_baseline_s > 0.0) {
    begin_baseline();
    auto_recording_ = true;
  }
  // The automatic baseline covers [first update, first update + auto_baseline_s), like the
  // batch form's default window.
  if (recording_ && auto_recording_ && !std::isnan(recording_start_s_) &&
      input.t_s - recording_start_s_ >= config_.auto_baseline_s) {
    end_baseline();
  }
  if (recording_) record(input);
  ArousalEstimate e;
  e.t_s = input.t_s;
  e.signed_z.fill(kNaN);
  const auto r = readings(input);
  double expected = 0.0, num = 0.0, den = 0.0, conf = 0.0;
  bool any_baseline = false;
  for (std::size_t c = 0; c < kArousalInputCount; ++c) {
    const double w = weights_[c];
    if (w <= 0.0 || !(baseline_.duration_s[c] > 0.0) || !has_baseline_) continue;
    any_baseline = true;
    if (paced_out(c, input)) {
      e.reasons |= static_cast<std::uint8_t>(ArousalReason::kPacedTermsOut);
      continue;
    }
    expected += w;
    const double b = baseline_.duration_s[c] >= config_.full_baseline_s ? 1.0
                                                                          : kShortBaselineFactor;
    if (b < 1.0) e.reasons |= static_cast<std::uint8_t>(ArousalReason::kShortBaseline);
    if (std::isnan(r[c].value)) {
      e.reasons |= static_cast<std::uint8_t>(ArousalReason::kMissingInput);
      continue;
    }
    const double q = std::clamp(r[c].quality, 0.0, 1.0);
    if (q < 1.0) e.reasons |= static_cast<std::uint8_t>(ArousalReason::kPoorQuality);
    if (q < config_.min_input_quality) continue;
    const double z = std::clamp((r[c].value - baseline_.median[c]) / baseline_.scale[c],
                                -config_.max_z, config_.max_z);
    e.signed_z[c] = kSign[c] * z;
    num += w * q * kSign[c] * z;
    den += w * q;
    conf += w * q * b;
  }
  if (!any_baseline) e.reasons |= static_cast<std::uint8_t>(ArousalReason::kNoBaseline);
  e.confidence = expected > 0.0 ? conf / expected : 0.0;
  if (den > 0.0) {
    e.raw = num / den;
    if (std::isnan(smoothed_) || config_.smoothing_tau_s <= 0.0) {
      smoothed_ = e.raw;
    } else {
      const double dt = std::max(0.0, input.t_s - last_t_s_);
      smoothed_ += (1.0 - std::exp(-dt / config_.smoothing_tau_s)) * (e.raw - smoothed_);
    }
    last_t_s_ = input.t_s;
  }
  e.index = smoothed_;
  if (!std::isnan(e.index)) e.band = arousal_band(e.index);
  return e;
}

std::vector<ArousalEstimate> compute_arousal(std::span<const ArousalInput> inputs,
                                             const ArousalConfig& config,
                                             double baseline_begin_s, double baseline_end_s) {
  std::vector<ArousalEstimate> out;
  if (inputs.empty()) return out;
  if (std::isnan(baseline_begin_s) || std::isnan(baseline_end_s)) {
    baseline_begin_s = inputs.front().t_s;
    baseline_end_s = baseline_begin_s + config.auto_baseline_s;
  }
  ArousalEstimator estimator(config);
  estimator.begin_baseline();
  for (const auto& in : inputs) {
    if (in.t_s >= baseline_begin_s && in.t_s < baseline_end_s) estimator.update(in);
  }
  estimator.end_baseline();
  estimator.reset();
  out.reserve(inputs.size());
  for (const auto& in : inputs) out.push_back(estimator.update(in));
  return out;
}

}  // namespace resonant::dsp
