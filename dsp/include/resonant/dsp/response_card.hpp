#pragma once
// Response card of an exercise block (office mode: a therapist marks "orienting", "grounding",
// "pendulation", ... and sees how the heart answered). Pure: no I/O, no allocation beyond the
// per-breath evaluation; used live by the engine and offline on stored beats.
//
// Definitions [I: chosen for this project, written here so a card can be checked by hand]:
//   - beat HR = 60000 / rr_ms of each NN interval, at the interval's ending beat (t_s).
//   - baseline = the beats in [block start - baseline_s, block start), or what exists of them
//     (the window is clipped at the first beat); its mean HR and sample SD.
//   - block = the beats in [block start, block end) (end NaN: the block is still running, up
//     to the newest beat).
//   - delta_hr_bpm = mean block HR - mean baseline HR.
//   - RSA amplitude = mean HR peak-to-trough per breath (resonance_indicators.hpp, valid
//     breaths only) over the breath cycles lying wholly inside the window; delta_rsa_bpm =
//     block - baseline.
//   - return to baseline: the first beat time tau >= block end from which the mean beat HR of
//     the next return_window_s (15 s) lies within baseline mean +- max(SD, min_band_bpm);
//     return_s = tau - block end. A forward window, so the time says when HR came back and
//     stayed back, not when a trailing average caught up. The band has a floor because a very
//     steady baseline has an SD near 0. "Not yet" (NaN) while no such window is complete.
//     The search stops max_return_s after the block end (return_final then says "did not
//     return within max_return_s").
#include <cstddef>
#include <limits>
#include <span>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/resonance_indicators.hpp>

namespace resonant::dsp {

struct ExerciseBlock {
  double start_s = 0.0;                                         // session time
  double end_s = std::numeric_limits<double>::quiet_NaN();      // NaN: still running
};

struct ResponseCardConfig {
  double baseline_s = 60.0;        // [10, 600]
  double return_window_s = 15.0;   // [5, 60]; moving HR window for the return
  double min_band_bpm = 1.0;       // [0.1, 5]; floor on the +-1 SD baseline band
  double max_return_s = 300.0;     // [30, 1800]; search for the return this long after the end
  std::size_t min_window_beats = 3;  // [2, 20]; fewer beats: the window's mean is not used
  ResonanceIndicatorConfig indicators{};
};

struct ResponseCard {
  ExerciseBlock block{};
  bool ended = false;                // the block has an end (else figures are "so far")
  // Heart rate
  double baseline_start_s = std::numeric_limits<double>::quiet_NaN();  // after clipping
  std::size_t baseline_beats = 0;
  std::size_t block_beats = 0;
  double baseline_hr_bpm = std::numeric_limits<double>::quiet_NaN();
  double baseline_hr_sd_bpm = std::numeric_limits<double>::quiet_NaN();
  double block_hr_bpm = std::numeric_limits<double>::quiet_NaN();
  double delta_hr_bpm = std::numeric_limits<double>::quiet_NaN();
  // RSA amplitude (HR peak-to-trough per breath)
  std::size_t baseline_breaths = 0;  // valid breaths used
  std::size_t block_breaths = 0;
  double baseline_rsa_bpm = std::numeric_limits<double>::quiet_NaN();
  double block_rsa_bpm = std::numeric_limits<double>::quiet_NaN();
  double delta_rsa_bpm = std::numeric_limits<double>::quiet_NaN();
  // Return to baseline
  double return_s = std::numeric_limits<double>::quiet_NaN();  // NaN: not (yet) back
  std::size_t return_beats = 0;      // beats in the window that showed the return
  bool return_final = false;         // returned, or the search window is over
};

/// The card of one block from the NN intervals (increasing t_s) and the breath cycles
/// (pacer or measured; may be empty: no RSA figures). newest_s: session time the data reach
/// (normally the last beat); decides what is "not yet".
ResponseCard response_card(std::span<const RrInterval> nn, std::span<const BreathCycle> cycles,
                           const ExerciseBlock& block, double newest_s,
                           const ResponseCardConfig& config = {});

}  // namespace resonant::dsp
