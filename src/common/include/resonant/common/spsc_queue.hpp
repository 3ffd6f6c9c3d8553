#pragma once
// Bounded single-producer / single-consumer ring buffer.
//
// Threading contract: exactly one thread calls try_push(), exactly one (other) thread calls
// try_pop()/drain(); size()/dropped() may be read from any thread (approximate). No locks,
// no allocation after construction.
//
// Overflow policy: when full, try_push() refuses the new element and counts it in dropped();
// the producer decides what to tell the consumer (drivers turn a drop into a gap marker so the
// engine never interpolates across lost data).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace resonant {

template <typename T>
class SpscQueue {
 public:
  /// capacity is rounded up to a power of two (at least 2).
  explicit SpscQueue(std::size_t capacity)
      : capacity_(round_up_pow2(capacity)), mask_(capacity_ - 1),
        slots_(std::make_unique<T[]>(capacity_)) {}

  SpscQueue(const SpscQueue&) = delete;
  SpscQueue& operator=(const SpscQueue&) = delete;

  /// Producer side. Returns false (and counts a drop) when full.
  bool try_push(T value) {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    const std::size_t tail = tail_.load(std::memory_order_acquire);
    if (head - tail == capacity_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    slots_[head & mask_] = std::move(value);
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  /// Consumer side. Returns false when empty.
  bool try_pop(T& out) {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    const std::size_t head = head_.load(std::memory_order_acquire);
    if (head == tail) return false;
    out = std::move(slots_[tail & mask_]);
    tail_.store(tail + 1, std::memory_order_release);
    return true;
  }

  /// Consumer side: pops everything currently queued into fn(T&); returns how many.
  template <typename Fn>
  std::size_t drain(Fn&& fn) {
    std::size_t n = 0;
    T item;
    while (try_pop(item)) {
      fn(item);
      ++n;
    }
    return n;
  }

  std::size_t size() const {
    return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_acquire);
  }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  static std::size_t round_up_pow2(std::size_t n) {
    std::size_t p = 2;
    while (p < n) p <<= 1;
    return p;
  }

  const std::size_t capacity_;
  const std::size_t mask_;
  std::unique_ptr<T[]> slots_;
  alignas(64) std::atomic<std::size_t> head_{0};
  alignas(64) std::atomic<std::size_t> tail_{0};
  alignas(64) std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace resonant
