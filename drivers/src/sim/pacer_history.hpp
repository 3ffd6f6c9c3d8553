#pragma once
// The pacers the person has been shown, by the model time from which each was visible, so
// the breathing (on the look-ahead clock, reading the pacer pacer_lag_s late) sees the pacer
// that was on screen at that moment. Entries the breathing has passed are dropped.
#include <cstddef>
#include <vector>

#include <resonant/common/pacer.hpp>

namespace resonant::drivers::sim::detail {

class PacerHistory {
 public:
  PacerHistory() { entries_.reserve(kReserved); }

  /// From t_from_s on (non-decreasing between calls), the person sees `segment`, or no
  /// pacer when enabled is false.
  void add(double t_from_s, const PacerSegment& segment, bool enabled) {
    entries_.push_back(Entry{t_from_s, segment, enabled});
  }

  /// The segment visible at t_s (non-decreasing between calls), or nullptr.
  const PacerSegment* at(double t_s) {
    std::size_t i = 0;
    while (i + 1 < entries_.size() && entries_[i + 1].t_from_s <= t_s) ++i;
    if (i > 0) entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(i));
    if (entries_.empty() || entries_.front().t_from_s > t_s || !entries_.front().enabled) {
      return nullptr;
    }
    return &entries_.front().segment;
  }

 private:
  static constexpr std::size_t kReserved = 16;
  struct Entry {
    double t_from_s;
    PacerSegment segment;
    bool enabled;
  };
  std::vector<Entry> entries_;
};

}  // namespace resonant::drivers::sim::detail
