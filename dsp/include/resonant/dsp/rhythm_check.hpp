#pragma once
// Is the rhythm steady enough for HRV to mean heart-rate variability?
//
// HRV figures assume a sinus rhythm whose intervals change smoothly from beat to beat. Runs of
// early beats (ventricular bigeminy: short, long, short, long), or a rhythm that is irregular
// throughout, are not caught by the artifact corrector when they are the majority (its
// thresholds adapt to the series), and then give an RMSSD of several hundred ms that says
// nothing about the vagal tone it is read as. The check: the share of successive intervals that
// change by more than `jump_fraction` of their mean. In sinus rhythm, even with the large
// breathing swings of resonance breathing, that is a few percent at most after correction
// (measured on MIT-BIH and the simulated person: tests/dsp/rhythm_check_test.cpp); frequent
// early beats or an irregular rhythm give tens of percent. Not a diagnosis: it says only
// whether the HRV figures can be read as HRV.
#include <cstddef>
#include <deque>
#include <limits>
#include <span>

#include <resonant/dsp/hrv_time.hpp>

namespace resonant::dsp {

struct RhythmCheckConfig {
  double jump_fraction = 0.2;   // [0.1, 0.5]: |RR_i - RR_i-1| / their mean counted as a jump
  double max_jump_share = 0.1;  // [0.01, 0.5]: more jumps than this = irregular
  std::size_t min_pairs = 20;   // fewer successive pairs: no verdict
};

struct RhythmCheck {
  std::size_t pairs = 0;  // successive pairs looked at (never across a gap)
  std::size_t jumps = 0;
  double jump_share = std::numeric_limits<double>::quiet_NaN();  // NaN below min_pairs
  bool irregular = false;
};

/// Over NN (or RR) intervals; pairs across after_gap are skipped.
RhythmCheck check_rhythm(std::span<const RrInterval> intervals,
                         const RhythmCheckConfig& config = {});

/// Whether two successive intervals (ms) differ by more than config.jump_fraction of their mean.
bool is_rhythm_jump(double previous_ms, double current_ms, const RhythmCheckConfig& config);

/// The live form: the same check over the pairs whose second interval ended in the last
/// window_s (the live HRV window, so the verdict speaks of the RMSSD shown beside it), updated
/// on every interval. Equals check_rhythm() over those intervals and the one before the first
/// (each pair is counted with its later interval).
/// Threading: not synchronised; one owner (the engine thread).
class RhythmWindow {
 public:
  explicit RhythmWindow(double window_s, const RhythmCheckConfig& config = {});
  void push(const RrInterval& nn);
  RhythmCheck current() const;
  double window_s() const { return window_s_; }

 private:
  struct Pair {
    double t_s;
    bool jump;
  };
  double window_s_;
  RhythmCheckConfig config_;
  std::deque<Pair> pairs_;
  std::size_t jumps_ = 0;
  double previous_ms_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace resonant::dsp
