#include <resonant/dsp/hrv_windows.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace resonant::dsp {
namespace {

constexpr double kMsPerS = 1000.0;
// Intervals the longest window holds at the shortest plausible RR, plus the one straddling the
// window edge.
std::size_t ring_capacity(double longest_s) {
  return static_cast<std::size_t>(std::ceil(longest_s * kMsPerS / kMinPlausibleRrMs)) + 2;
}

}  // namespace

LiveHrvWindows::LiveHrvWindows(HrvWindowsConfig config) : config_(std::move(config)) {
  for (double w : config_.windows_s) longest_s_ = std::max(longest_s_, w);
  ring_.resize(ring_capacity(longest_s_));
  linear_.reserve(ring_.size());
  for (double w : config_.windows_s) {
    analyzers_.emplace_back(config_.hrv);
    results_.push_back({w, {}});
  }
}

void LiveHrvWindows::push(const RrInterval& interval) {
  if (size_ == ring_.size()) {
    // Shorter intervals than 300 ms: grow (doubling), keeping time order.
    std::vector<RrInterval> bigger(2 * ring_.size());
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) % ring_.size()];
    ring_ = std::move(bigger);
    head_ = 0;
    linear_.reserve(ring_.size());
  }
  ring_[(head_ + size_) % ring_.size()] = interval;
  ++size_;
  const double t_min = interval.t_s - longest_s_;
  while (size_ > 1 && ring_[head_].t_s < t_min) {
    head_ = (head_ + 1) % ring_.size();
    --size_;
  }
}

std::span<const WindowedHrv> LiveHrvWindows::update() {
  linear_.clear();
  for (std::size_t i = 0; i < size_; ++i) linear_.push_back(ring_[(head_ + i) % ring_.size()]);
  for (std::size_t w = 0; w < results_.size(); ++w) {
    std::size_t first = linear_.size();
    if (!linear_.empty()) {
      const double t_min = linear_.back().t_s - results_[w].window_s;
      first = linear_.size() - 1;  // the newest always counts
      while (first > 0 && linear_[first - 1].t_s >= t_min) --first;
    }
    results_[w].hrv = analyzers_[w].analyse(
        std::span<const RrInterval>(linear_.data() + first, linear_.size() - first));
  }
  return results_;
}

void LiveHrvWindows::reset() {
  head_ = 0;
  size_ = 0;
  for (auto& r : results_) r.hrv = {};
}

}  // namespace resonant::dsp
