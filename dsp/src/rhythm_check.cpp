#include <resonant/dsp/rhythm_check.hpp>

#include <cmath>

namespace resonant::dsp {
namespace {

RhythmCheck verdict(std::size_t pairs, std::size_t jumps, const RhythmCheckConfig& config) {
  RhythmCheck out;
  out.pairs = pairs;
  out.jumps = jumps;
  if (pairs >= config.min_pairs) {
    out.jump_share = static_cast<double>(jumps) / static_cast<double>(pairs);
    out.irregular = out.jump_share > config.max_jump_share;
  }
  return out;
}

}  // namespace

bool is_rhythm_jump(double previous_ms, double current_ms, const RhythmCheckConfig& config) {
  const double mean_ms = 0.5 * (previous_ms + current_ms);
  return std::abs(current_ms - previous_ms) > config.jump_fraction * mean_ms;
}

RhythmCheck check_rhythm(std::span<const RrInterval> intervals, const RhythmCheckConfig& config) {
  std::size_t pairs = 0;
  std::size_t jumps = 0;
  for (std::size_t i = 1; i < intervals.size(); ++i) {
    if (intervals[i].after_gap) continue;
    const double a = intervals[i - 1].rr_ms;
    const double b = intervals[i].rr_ms;
    if (!(a + b > 0.0)) continue;
    ++pairs;
    if (is_rhythm_jump(a, b, config)) ++jumps;
  }
  return verdict(pairs, jumps, config);
}

RhythmWindow::RhythmWindow(double window_s, const RhythmCheckConfig& config)
    : window_s_(window_s), config_(config) {}

void RhythmWindow::push(const RrInterval& nn) {
  const double previous = previous_ms_;
  previous_ms_ = nn.rr_ms;
  while (!pairs_.empty() && pairs_.front().t_s <= nn.t_s - window_s_) {
    jumps_ -= pairs_.front().jump ? 1 : 0;
    pairs_.pop_front();
  }
  if (nn.after_gap || !std::isfinite(previous) || !(previous + nn.rr_ms > 0.0)) return;
  const bool jump = is_rhythm_jump(previous, nn.rr_ms, config_);
  pairs_.push_back({nn.t_s, jump});
  jumps_ += jump ? 1 : 0;
}

RhythmCheck RhythmWindow::current() const { return verdict(pairs_.size(), jumps_, config_); }

}  // namespace resonant::dsp
