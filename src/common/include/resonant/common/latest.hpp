#pragma once
// Latest<T>: a triple buffer that hands the newest published value from one writer thread to
// one reader thread.
//
// Threading contract: one writer thread calls publish(); one reader thread calls read().
// Both are wait-free: the writer never waits for the reader and the reader never sees a torn
// value. Values the reader did not take in time are overwritten (only the newest matters:
// the UI draws the newest Snapshot each frame).
#include <array>
#include <atomic>
#include <cstdint>

namespace resonant {

template <typename T>
class Latest {
 public:
  Latest() = default;
  explicit Latest(const T& initial) { slots_.fill(initial); }
  Latest(const Latest&) = delete;
  Latest& operator=(const Latest&) = delete;

  /// Writer side: copies value into the back slot and makes it the newest.
  void publish(const T& value) {
    slots_[back_] = value;
    const std::uint8_t prev = middle_.exchange(static_cast<std::uint8_t>(back_ | kFresh),
                                               std::memory_order_acq_rel);
    back_ = prev & kIndexMask;
    publish_count_.fetch_add(1, std::memory_order_relaxed);
  }

  /// Reader side: returns the newest value published so far (or the initial value).
  /// The reference stays valid until the next read() on this thread.
  const T& read() {
    if (middle_.load(std::memory_order_acquire) & kFresh) {
      const std::uint8_t prev = middle_.exchange(front_, std::memory_order_acq_rel);
      front_ = prev & kIndexMask;
    }
    return slots_[front_];
  }

  /// How many values have been published (any thread; for tests and diagnostics).
  std::uint64_t publish_count() const { return publish_count_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::uint8_t kFresh = 0x4;
  static constexpr std::uint8_t kIndexMask = 0x3;
  std::array<T, 3> slots_{};
  std::uint8_t back_ = 0;                // writer-owned
  std::atomic<std::uint8_t> middle_{1};  // shared
  std::uint8_t front_ = 2;               // reader-owned
  std::atomic<std::uint64_t> publish_count_{0};
};

}  // namespace resonant
