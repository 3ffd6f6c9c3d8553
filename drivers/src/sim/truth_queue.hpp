#pragma once
// Ground truth waiting to be handed over. The model runs ahead of its output (look-ahead for
// the ECG's P wave), so beats and events are known before they are due; they are released
// when the output time reaches them.
#include <algorithm>
#include <cstddef>
#include <vector>

#include <resonant/drivers/sim/person_model.hpp>

namespace resonant::drivers::sim::detail {

/// Truth kept for a caller that never calls take_*(): about 68 h of beats at 64 bpm. Beyond
/// this the oldest half is dropped rather than letting memory grow without bound.
inline constexpr std::size_t kMaxPendingTruth = std::size_t{1} << 18;
inline constexpr std::size_t kReservedTruth = 4096;  // no allocation while taken regularly

template <typename T>
class PendingTruth {
 public:
  PendingTruth() { items_.reserve(kReservedTruth); }
  void push(const T& item) {
    if (items_.size() >= kMaxPendingTruth) {
      items_.erase(items_.begin(),
                   items_.begin() + static_cast<std::ptrdiff_t>(kMaxPendingTruth / 2));
    }
    items_.push_back(item);
  }
  void take(std::vector<T>& out) {
    out.insert(out.end(), items_.begin(), items_.end());
    items_.clear();
  }

 private:
  std::vector<T> items_;
};

/// Events known ahead of time, released in order of their start.
class EventSchedule {
 public:
  EventSchedule() { scheduled_.reserve(kReservedEvents); }
  void schedule(const TruthEvent& e) {
    const auto it = std::upper_bound(
        scheduled_.begin(), scheduled_.end(), e,
        [](const TruthEvent& x, const TruthEvent& y) { return x.t_start_s < y.t_start_s; });
    scheduled_.insert(it, e);
  }
  /// Moves the events that started at or before t_s into `out`.
  void release_until(double t_s, PendingTruth<TruthEvent>& out) {
    std::size_t n = 0;
    while (n < scheduled_.size() && scheduled_[n].t_start_s <= t_s) out.push(scheduled_[n++]);
    if (n > 0) {
      scheduled_.erase(scheduled_.begin(), scheduled_.begin() + static_cast<std::ptrdiff_t>(n));
    }
  }

 private:
  static constexpr std::size_t kReservedEvents = 64;
  std::vector<TruthEvent> scheduled_;
};

}  // namespace resonant::drivers::sim::detail
