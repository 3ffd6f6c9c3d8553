#pragma once
// Live multi-window HRV: the full metric set (hrv_summary.hpp: time + frequency + nonlinear)
// over the most recent NN intervals for each configured window (default 64 s, 120 s, 300 s),
// computed on demand (call update() after every beat, or every few seconds).
//
// A window holds the intervals whose end time is within window_s of the newest one (the rule
// SlidingTimeDomainHrv uses). Each window runs the batch analyser on exactly those intervals,
// so a window's figures equal compute_hrv() on them (tested). Minimum data is the batch rules
// (§3.2): HF needs 60 s, LF (and LF/HF, n.u.) 120 s, VLF and relative % 300 s, DFA alpha1 64
// intervals, the triangular index 20 min (so never, at these windows): NaN below them. So the
// 64 s window reports time domain, HF and SD1/SD2; the 120 s window adds LF and DFA alpha1
// (at >= 64 beats, i.e. above 32 bpm); the 300 s window has everything but the triangular index.
//
// Storage: a ring sized for the longest window at 200 bpm (grows, with an allocation, only if
// the intervals are shorter than that), and per-window analysers whose buffers stop growing
// after the first full window: push() and update() are allocation-free after warm-up.
// Cost of one update(): see tests/bench/hrv_bench.cpp and dsp/docs/hrv.md.
// Latency: a window's figures describe the whole window (centre lag about half of it).
#include <cstddef>
#include <span>
#include <vector>

#include <resonant/dsp/hrv_summary.hpp>

namespace resonant::dsp {

struct HrvWindowsConfig {
  std::vector<double> windows_s{64.0, 120.0, 300.0};  // each [16, 600]
  HrvConfig hrv{};
};

struct WindowedHrv {
  double window_s = 0.0;
  HrvSummary hrv;
};

class LiveHrvWindows {
 public:
  explicit LiveHrvWindows(HrvWindowsConfig config = {});

  /// Adds one NN interval (t_s non-decreasing); O(1) amortised, drops what no window needs.
  void push(const RrInterval& interval);
  /// Computes every window now; the span lives until the next update() or reset().
  std::span<const WindowedHrv> update();
  /// The results of the last update().
  std::span<const WindowedHrv> results() const { return results_; }
  std::size_t stored_intervals() const { return size_; }
  void reset();

 private:
  HrvWindowsConfig config_;
  double longest_s_ = 0.0;
  std::vector<RrInterval> ring_;
  std::size_t head_ = 0;  // oldest
  std::size_t size_ = 0;
  std::vector<RrInterval> linear_;  // the ring in time order, for contiguous windows
  std::vector<HrvAnalyzer> analyzers_;
  std::vector<WindowedHrv> results_;
};

}  // namespace resonant::dsp
