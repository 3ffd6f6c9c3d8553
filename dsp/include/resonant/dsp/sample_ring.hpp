#pragma once
// Private helper: a fixed-capacity history of the most recent samples, addressed by absolute
// sample index (samples since reset). Detectors look back into it to locate peaks after the
// decision, so its capacity is sized from the sample rate at construction; push() never
// allocates.
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace resonant::dsp::detail {

template <typename T>
class SampleRing {
 public:
  /// Holds at least min_capacity samples (rounded up to a power of two for cheap indexing).
  explicit SampleRing(std::size_t min_capacity) {
    std::size_t capacity = 1;
    while (capacity < min_capacity) capacity <<= 1;
    buffer_.assign(capacity, T{});
    mask_ = capacity - 1;
  }

  void push(T value) {
    buffer_[static_cast<std::size_t>(next_index_) & mask_] = value;
    ++next_index_;
  }

  /// Sample at absolute index; valid for oldest_index() <= index < next_index().
  T at(std::int64_t index) const {
    assert(index >= oldest_index() && index < next_index_);
    return buffer_[static_cast<std::size_t>(index) & mask_];
  }

  std::int64_t next_index() const { return next_index_; }
  std::int64_t oldest_index() const {
    const auto capacity = static_cast<std::int64_t>(buffer_.size());
    return next_index_ > capacity ? next_index_ - capacity : 0;
  }
  std::size_t capacity() const { return buffer_.size(); }
  void clear() { next_index_ = 0; }

 private:
  std::vector<T> buffer_;
  std::size_t mask_ = 0;
  std::int64_t next_index_ = 0;
};

}  // namespace resonant::dsp::detail
