#pragma once
// Private helper of the ECG detector: how typical a beat is, from its shape and size compared
// with other beats (physiology-and-metrics.md §1.5: beat-template correlation, Orphanidou et
// al. 2015). Used for the per-beat quality (causal: the beats before it) and by the offline
// refinement (both sides: the beats around it).
//
// A beat's waveform is the raw ECG from kBeforeS before to kAfterS after its R sample, mean
// removed. Two beats are compared by Pearson correlation of their waveforms. Against a set of
// beats (up to kCompared) a beat gets the best correlation with any of them, so a second
// morphology (multiform PVCs, aberrant beats) is typical as soon as it has occurred once,
// and its amplitude relative to the median amplitude of the set.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <resonant/dsp/sample_ring.hpp>

namespace resonant::dsp::detail {

// Window around R: most of any QRS (a wide ventricular beat's first half included) and little
// T wave. Causal use needs the samples after R at report time: a threshold beat is reported
// no sooner than ~60 ms after its R peak (confirmation + filter delay - window after), so the
// part after R stays below that; missing samples repeat the newest one.
constexpr double kMorphologyBeforeS = 0.090;
constexpr double kMorphologyAfterS = 0.050;

struct BeatComparison {
  double max_correlation = std::numeric_limits<double>::quiet_NaN();  // [-1, 1]
  double amplitude_ratio = std::numeric_limits<double>::quiet_NaN();   // / median amplitude
};

struct BeatMorphologyShape {
  int before_n = 1;  // samples before R
  int after_n = 1;   // samples after R
  std::size_t length() const { return static_cast<std::size_t>(before_n + after_n + 1); }
};

BeatMorphologyShape morphology_shape(double sample_rate_hz);

/// Removes the mean and scales to unit norm (a flat waveform becomes all zeros), so that the
/// dot product of two normalised waveforms is their Pearson correlation.
void normalise_waveform(std::span<float> w);

/// Pearson correlation of two equal-length waveforms (0 if either is flat).
double waveform_correlation(std::span<const float> a, std::span<const float> b);

/// Copies the waveform around sample r from a ring; indices after `newest` repeat it.
void extract_waveform(const SampleRing<float>& x, std::int64_t r, std::int64_t newest,
                      const BeatMorphologyShape& shape, std::span<float> out);
/// Same from a whole record; indices outside it repeat the edge sample.
void extract_waveform(std::span<const float> x, std::int64_t r, const BeatMorphologyShape& shape,
                      std::span<float> out);

/// Quality in [0, 1] (see dsp/docs/ecg.md): 1 for a beat found by the thresholds that looks
/// and measures like the beats it is compared with, in a quiet signal.
///   found:  1 (thresholds) or kSearchBackFactor (search-back);
///   shape:  (max correlation - 0.3) / 0.6, clamped to [0, 1] (1 from r = 0.9);
///   size:   amplitude ratio / 0.5 below half the median, 3 / ratio above three times it;
///   noise:  1 - NPKI / SPKI (integrator noise level against the QRS level), clamped;
///   quality = found x (0.4 + 0.6 shape) x (0.4 + 0.6 size) x (0.5 + 0.5 noise).
/// Unknown terms (NaN: nothing to compare with yet) count as 1.
float beat_quality(bool search_back, const BeatComparison& comparison, double noise_score);

/// The most recent accepted beats' waveforms and amplitudes (fixed capacity, no allocation
/// after construction).
class RecentBeats {
 public:
  static constexpr std::size_t kCompared = 8;

  explicit RecentBeats(const BeatMorphologyShape& shape);
  void clear() { count_ = next_ = 0; }
  BeatComparison compare(std::span<const float> waveform, float amplitude) const;
  void add(std::span<const float> waveform, float amplitude);

 private:
  BeatMorphologyShape shape_;
  std::vector<float> waves_;  // kCompared x length
  std::array<float, kCompared> amplitudes_{};
  std::size_t count_ = 0;
  std::size_t next_ = 0;
};

/// Median of up to kCompared values (modifies nothing; small fixed buffer).
double median_of(std::span<const float> values);

}  // namespace resonant::dsp::detail
