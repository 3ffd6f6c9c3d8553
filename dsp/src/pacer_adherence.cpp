#include <resonant/dsp/pacer_adherence.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include <Eigen/Dense>

namespace resonant::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kDegPerCycle = 360.0;
constexpr double kMsPerMin = 60000.0;
// Points per breath for the PLV integral (the phase difference varies slowly within a breath).
constexpr int kPhasePointsPerBreath = 32;
// Breaths fit a window of window_s at the shortest plausible breath (1 s) plus margin.
constexpr double kMinBreathForCapacityS = 1.0;
// The HR-phase fit needs a few beats per breath and enough breaths to average.
constexpr std::size_t kMinBeatsForFit = 8;

double pacer_cycles(const PacerSchedule& pacer, double t_s) {
  const PacerState s = pacer.at(t_s);
  return static_cast<double>(s.breath_index) + s.cycle_phase;
}

double wrap_half(double cycles) { return cycles - std::round(cycles); }

void validate(const PacerAdherenceConfig& c) {
  const bool ok = c.window_s >= 30.0 && c.window_s <= 180.0 && c.min_breaths >= 2 &&
                  c.min_breaths <= 10 && c.keep_rate_error_bpm >= 0.2 &&
                  c.keep_rate_error_bpm <= 1.0 && c.drop_rate_error_bpm >= c.keep_rate_error_bpm &&
                  c.drop_rate_error_bpm <= 3.0 && c.keep_plv >= 0.5 && c.keep_plv <= 1.0 &&
                  c.drop_plv >= 0.0 && c.drop_plv <= c.keep_plv && c.min_quality >= 0.0 &&
                  c.min_quality <= 1.0 && c.max_gap_s >= 10.0 && c.max_gap_s <= 120.0 &&
                  c.max_beats >= 64 && c.max_beats <= 4096;
  if (!ok) throw std::invalid_argument("PacerAdherenceConfig out of range");
}

}  // namespace

PacerAdherenceTracker::PacerAdherenceTracker(const PacerAdherenceConfig& config)
    : config_((validate(config), config)) {
  const auto capacity =
      static_cast<std::size_t>(std::ceil(config.window_s / kMinBreathForCapacityS)) + 4;
  breaths_.reserve(capacity);
  scratch_.reserve(capacity);
  beats_.assign(config.max_beats, RrInterval{});
}

void PacerAdherenceTracker::reset() {
  breaths_.clear();
  beats_head_ = beats_size_ = 0;
  have_rate_ = false;
  keeping_up_ = false;
}

void PacerAdherenceTracker::push_breath(const Breath& breath, const PacerSchedule& pacer) {
  BreathRecord r;
  r.breath = breath;
  const double duration = breath.end_s - breath.onset_s;
  const double mid = 0.5 * (breath.onset_s + breath.end_s);
  r.rate_error_bpm = 60.0 / duration - pacer.at(mid).rate_bpm;
  r.pacer_cycle_s = pacer.at(mid).cycle_s;
  const double dt = duration / kPhasePointsPerBreath;
  for (int j = 0; j < kPhasePointsPerBreath; ++j) {
    const double t = breath.onset_s + (j + 0.5) * dt;
    const double phi_r = (t - breath.onset_s) / duration;  // §6.5: linear between onsets
    const double d = kTwoPi * (phi_r - pacer_cycles(pacer, t));
    r.sum_cos += std::cos(d) * dt;
    r.sum_sin += std::sin(d) * dt;
  }
  r.weight_s = duration;
  if (breaths_.size() == breaths_.capacity()) breaths_.erase(breaths_.begin());
  breaths_.push_back(r);
}

void PacerAdherenceTracker::push_nn(const RrInterval& nn) {
  if (!is_plausible_rr_ms(nn.rr_ms)) return;
  beats_[(beats_head_ + beats_size_) % beats_.size()] = nn;
  if (beats_size_ < beats_.size()) {
    ++beats_size_;
  } else {
    beats_head_ = (beats_head_ + 1) % beats_.size();
  }
}

void PacerAdherenceTracker::push_rate(const RespirationRate& rate, const PacerSchedule& pacer) {
  if (!std::isfinite(rate.rate_bpm) || !std::isfinite(rate.t_s)) return;
  last_rate_ = {rate.t_s, rate.rate_bpm - pacer.at(rate.t_s).rate_bpm, rate.quality};
  have_rate_ = true;
}

PacerAdherence PacerAdherenceTracker::update(double t_s) {
  PacerAdherence out;
  out.t_s = t_s;
  const double from = t_s - config_.window_s;
  const auto first_kept = std::find_if(breaths_.begin(), breaths_.end(),
                                       [&](const BreathRecord& r) { return r.breath.end_s > from; });
  breaths_.erase(breaths_.begin(), first_kept);  // no reallocation

  out.breaths = breaths_.size();
  const bool recent = !breaths_.empty() && t_s - breaths_.back().breath.end_s <= config_.max_gap_s;
  if (!breaths_.empty()) {
    scratch_.clear();
    double c = 0.0, s = 0.0, w = 0.0, cycle = 0.0, period = 0.0, inhale = 0.0;
    for (const BreathRecord& r : breaths_) {
      scratch_.push_back(r.rate_error_bpm);
      c += r.sum_cos;
      s += r.sum_sin;
      w += r.weight_s;
      cycle += r.pacer_cycle_s;
      period += r.breath.end_s - r.breath.onset_s;
      inhale += r.breath.inhale_fraction;
    }
    const auto n = static_cast<double>(breaths_.size());
    std::sort(scratch_.begin(), scratch_.end());
    const std::size_t m = scratch_.size() / 2;
    out.rate_error_bpm = scratch_.size() % 2 == 1 ? scratch_[m] : 0.5 * (scratch_[m - 1] + scratch_[m]);
    out.plv = std::hypot(c, s) / w;
    const double mean_cycles = std::atan2(s, c) / kTwoPi;
    out.phase_difference_deg = kDegPerCycle * mean_cycles;
    out.lag_s = -mean_cycles * cycle / n;

    // HR-breath phase: least squares HR = a + b cos + c sin of the breathing phase, over the
    // NN intervals whose midpoints fall in a breath of the window.
    Eigen::Matrix3d ata = Eigen::Matrix3d::Zero();
    Eigen::Vector3d aty = Eigen::Vector3d::Zero();
    double sum_y = 0.0, sum_yy = 0.0;
    std::size_t used = 0;
    std::size_t b = 0;
    for (std::size_t k = 0; k < beats_size_; ++k) {
      const RrInterval& nn = beats_[(beats_head_ + k) % beats_.size()];
      const double t = nn.t_s - 0.5 * nn.rr_ms / 1000.0;  // HR belongs to the interval's middle
      while (b < breaths_.size() && breaths_[b].breath.end_s <= t) ++b;
      if (b == breaths_.size()) break;
      const Breath& br = breaths_[b].breath;
      if (t < br.onset_s) continue;
      const double phi = kTwoPi * (t - br.onset_s) / (br.end_s - br.onset_s);
      const double hr = kMsPerMin / nn.rr_ms;
      const Eigen::Vector3d row(1.0, std::cos(phi), std::sin(phi));
      ata += row * row.transpose();
      aty += row * hr;
      sum_y += hr;
      sum_yy += hr * hr;
      ++used;
    }
    if (used >= kMinBeatsForFit && breaths_.size() >= 2) {
      const Eigen::Vector3d x = ata.ldlt().solve(aty);
      const double ss_tot = sum_yy - sum_y * sum_y / static_cast<double>(used);
      // Residual sum of squares from the normal equations: y'y - x' A'y.
      const double ss_res = std::max(0.0, sum_yy - x.dot(aty));
      const double hr_max_cycles = std::atan2(x(2), x(1)) / kTwoPi;
      const double rel = wrap_half(hr_max_cycles - inhale / n);
      out.hr_phase_deg = kDegPerCycle * rel;
      out.hr_lag_s = rel * period / n;
      out.rsa_amplitude_bpm = std::hypot(x(1), x(2));
      out.hr_phase_quality = ss_tot > 0.0 ? std::clamp(1.0 - ss_res / ss_tot, 0.0, 1.0) : 0.0;
    }
  }

  if (breaths_.size() >= config_.min_breaths && recent) {
    const double e = std::abs(out.rate_error_bpm);
    keeping_up_ = keeping_up_ ? !(e > config_.drop_rate_error_bpm || out.plv < config_.drop_plv)
                              : (e <= config_.keep_rate_error_bpm && out.plv >= config_.keep_plv);
  } else if (breaths_.empty() && have_rate_ && t_s - last_rate_.t_s <= config_.max_gap_s) {
    out.rate_only = true;
    out.rate_error_bpm = last_rate_.rate_error_bpm;
    const double e = std::abs(last_rate_.rate_error_bpm);
    const bool good = last_rate_.quality >= config_.min_quality;
    keeping_up_ = keeping_up_ ? (good && e <= config_.drop_rate_error_bpm)
                              : (good && e <= config_.keep_rate_error_bpm);
  } else {
    keeping_up_ = false;
  }
  out.keeping_up = keeping_up_;
  return out;
}

}  // namespace resonant::dsp
