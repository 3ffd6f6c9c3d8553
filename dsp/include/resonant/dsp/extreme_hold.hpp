#pragma once
// Clipping seen as a held extreme, for SignalQualityAssessor when the converter's rails are
// not known (dsp/docs/signal-quality.md, "Clipping when the rails are unknown").
//
// ExtremeHold: the samples a one-second block holds at its maximum in runs that look like a
// saturated converter. A run at the extreme counts when it is entered or left by a step of
// more than kSteepSteps quantisation steps (a waveform stopped by a rail: it would have gone
// on), or lasts kLongHoldClipLengths times min_run (a slow drift into a rail). The caller
// calls the block clipped when the runs that count hold min_run samples in all. A smooth peak of a
// coarsely quantised signal also holds its top value, but it enters and leaves it one step at
// a time: MIMIC 03700181's ECG (0.007 mV steps at 500 Hz) holds its T-wave tops for up to
// 32 ms, beyond the ECG's 20 ms clip length. For a minimum, push the negated samples.
//
// QuantisationStep: the converter's step in input units, known once two kinds of evidence
// agree: the smallest change between consecutive samples recurs (a quantised signal changes
// by one step again and again), and the signal holds a value between its extremes (a
// quantised signal repeats samples on slow stretches; a continuous one repeats only where it
// is clipped, and an exactly periodic synthetic one repeats its changes too). Until then the
// step is NaN and every change counts as steep: the plain repeat rule.
//
// Used for ECG only (SignalQualityThresholds::clip_quantisation_aware): "steep" is counted in
// converter steps per sample, so a slow wave sampled fast (a belt, a PPG) enters a real rail
// about one step at a time too and its clip would be missed. The step into a rail is also a
// partial one, so a rail is sometimes entered by <= 1.5 steps; an R peak cut by a rail is
// entered far more steeply. Runs are per block: a hold that began in the previous second
// starts afresh (its entry then reads as not steep).
//
// No latency of its own (read at the block's close). Both allocation-free; single-threaded
// (owned by one assessor).
#include <cstdint>
#include <limits>

namespace resonant::dsp {

class QuantisationStep {
 public:
  // Occurrences of the smallest change, and repeats between the extremes, before the
  // smallest change is taken as the step: a handful, so the step is known within the first
  // second of a quantised signal, and more than the few times a continuous one might repeat.
  // One odd smaller change before that restarts the count (fails safe: no step, plain rule).
  static constexpr int kConfirmations = 8;
  // Equal within this fraction: float conversion of (raw - baseline) / gain rounds a little.
  static constexpr double kRelativeTolerance = 1e-3;

  /// |x - previous| of the next sample; interior: x lies strictly between the lowest and
  /// highest sample of its block so far (a repeat there is not a held extreme).
  void push(double change, bool interior);
  /// The confirmed step, NaN while none is.
  double step() const;
  void reset();

 private:
  double candidate_ = std::numeric_limits<double>::infinity();
  int seen_ = 0;
  double confirmed_ = std::numeric_limits<double>::quiet_NaN();
  int interior_repeats_ = 0;  // counted up to kConfirmations
};

class ExtremeHold {
 public:
  // More than one quantisation step (with room for the float rounding of a single step).
  static constexpr double kSteepSteps = 1.5;
  // A hold this many clip lengths long counts however it was entered (ECG: 100 ms, far
  // beyond the 30 ms a rounded T-wave top holds on MIMIC 03700181).
  static constexpr std::int64_t kLongHoldClipLengths = 5;

  /// min_run: the channel's clip length in samples (>= 1).
  explicit ExtremeHold(std::int64_t min_run = 1);

  /// A new block: forgets the extreme and its runs.
  void start_block();
  /// The next sample, the one before it (x itself after a reset) and the signal's
  /// quantisation step (NaN when unknown).
  void push(double x, double previous, double step);
  /// Samples held in runs that count at the block's extreme so far (an open run included).
  std::int64_t held() const;

 private:
  bool counts(bool steep_exit) const;

  std::int64_t min_run_;
  bool has_value_ = false;
  double value_ = 0.0;
  std::int64_t run_ = 0;      // consecutive samples at value_, ending with the last sample
  bool steep_entry_ = false;  // the open run began with a steep step
  std::int64_t held_ = 0;     // samples in finished runs at value_ that count
};

}  // namespace resonant::dsp
