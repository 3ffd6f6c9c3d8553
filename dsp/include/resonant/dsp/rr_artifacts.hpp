#pragma once
// RR-interval artifact detection and correction: Lipponen JA, Tarvainen MP 2019, "A robust
// algorithm for heart rate variability time series artefact correction using novel beat
// classification", J Med Eng Technol 43:173 (the Kubios "automatic" method;
// physiology-and-metrics.md §2.1), with §2.2's Malik 20 % rule as the threshold while too few
// intervals exist for quartiles, and §2.4's causal form for real time. dsp/docs/artifacts.md
// has the details, the deviations from the paper and the measured figures.
//
// Classification (per interval, in order): dRR and its threshold Th1 = alpha * quartile
// deviation of |dRR| over 91 intervals; mRR = RR - median of 11 (negative values doubled) and
// Th2 = alpha * QD(|mRR|); the subspaces S11/S12 (ectopic: a short-long or long-short pair)
// and S21/S22 (long or short); a long interval about twice the median is a missed beat, a
// short one that with the next makes about one median is an extra beat.
// Correction: ectopic pair -> the beat between them moved to the midpoint of its neighbours
// (both intervals become their mean); missed -> the interval split in two halves; extra ->
// the two intervals merged; long / short -> the value interpolated from its neighbours.
// Never across a gap (RrInterval::after_gap): each gap-free run is handled on its own.
//
// Latency (streaming): an interval is decided when the 2 intervals after it have arrived
// (kLookAheadBeats), i.e. the duration of the next two beats: at most 4 s while intervals are
// plausible (<= kMaxPlausibleRrMs each). flush() decides the last two at once (end of data, a
// known gap). The batch form adds no latency concept; it sees the whole run (centred windows).
#include <resonant/dsp/hrv_time.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace resonant::dsp {

enum class BeatLabel : std::uint8_t {
  kNormal,
  kEctopic,  // one of a short-long / long-short pair (both intervals carry the label)
  kLong,     // too long, not ~2 beats ("misaligned" long in the paper)
  kShort,    // too short, not half of a split beat ("misaligned" short)
  kMissed,   // ~2 beats: a beat was not detected; split in two
  kExtra,    // one of two intervals that together make one beat (both carry the label); merged
};
inline constexpr std::size_t kBeatLabelCount = 6;

std::string_view to_string(BeatLabel label);

struct ArtifactConfig {
  // alpha: threshold = alpha * quartile deviation (about 99.95 % of normal beats inside for a
  // normal distribution). Range 3-10.
  double threshold_alpha = 5.2;
  // Intervals over which the quartile deviations of |dRR| and |mRR| are taken (centred in the
  // batch form, trailing in the streaming form). Odd, 31-301.
  std::size_t threshold_window_beats = 91;
  // Intervals in the median medRR that mRR is measured from. Odd, 5-31.
  std::size_t median_window_beats = 11;
  // Ectopic region of subspace 1: S12 < -c1 * S11 - c2 (S11 > 1), mirrored for S11 < -1.
  double ectopic_slope_c1 = 0.13;   // 0-1
  double ectopic_offset_c2 = 0.17;  // 0-1
  // |mRR| / Th2 above this marks long / short regardless of the dRR pattern. Range 2-10.
  double median_deviation_limit = 3.0;
  // Not in the paper: the S21/S22 long/short pattern counts only while |S22| is at most this
  // many times |S21| (a larger S22 is a neighbouring artifact's jump). Range 2-10.
  double neighbour_dominance = 3.0;
  // Floor of Th1 and Th2 (not in the paper): with coarse timing (128 Hz annotations, low-rate
  // PPG) or very low variability the quartile deviation is a few ms and 1-2-sample jitter would
  // be "ectopic" (nsr2db/nsr001: 5.5 % of N-N intervals flagged at 10 ms, 0.94 % at 40 ms).
  // Range 0-60 ms.
  double min_threshold_ms = 40.0;
  // While a quartile window holds fewer values than this (short runs; the first beats of a run
  // in the streaming form) the thresholds are fallback_fraction * medRR instead (§2.2, Malik
  // 20 %). Range 7-91.
  std::size_t min_beats_for_quartiles = 15;
  double fallback_fraction = 0.2;  // 0.1-0.4
};

/// Counts of raw intervals per label (an ectopic pair or an extra beat labels two intervals).
struct ArtifactCounts {
  std::array<std::size_t, kBeatLabelCount> by_label{};
  std::size_t raw_count = 0;
  std::size_t count(BeatLabel label) const { return by_label[static_cast<std::size_t>(label)]; }
  std::size_t artifact_count() const { return raw_count - count(BeatLabel::kNormal); }
  double artifact_percent() const {
    return raw_count == 0 ? std::numeric_limits<double>::quiet_NaN()
                          : 100.0 * static_cast<double>(artifact_count()) /
                                static_cast<double>(raw_count);
  }
};

struct ArtifactResult {
  std::vector<RrInterval> raw;          // the input, unchanged
  std::vector<BeatLabel> labels;        // one per raw interval
  std::vector<RrInterval> corrected;    // the NN series: use this for HRV
  // raw i -> the corrected interval it became (a missed beat: the first of its two halves; both
  // intervals of an extra beat: the merged one).
  std::vector<std::size_t> corrected_index;
  std::vector<std::size_t> raw_index;   // corrected j -> raw interval (a merge: the first)
  // Raw intervals decided with the fallback thresholds (fewer than min_beats_for_quartiles).
  std::size_t fallback_decided = 0;
  ArtifactCounts counts;
};

/// Batch form: whole-run centred windows (the paper's form).
ArtifactResult correct_rr_artifacts(std::span<const RrInterval> raw,
                                    const ArtifactConfig& config = {});

/// One raw interval once decided, with what it became.
struct DecidedRr {
  std::uint64_t raw_index = 0;  // count of intervals pushed before it since construction/reset
  RrInterval raw;
  BeatLabel label = BeatLabel::kNormal;
  bool provisional = false;     // decided with the fallback thresholds (warm-up)
  // What goes into the NN series for this raw interval: 1 normally, 2 for a missed beat, 0 for
  // the second interval of an extra beat (its merge was emitted with the first).
  std::uint8_t corrected_count = 0;
  std::array<RrInterval, 2> corrected{};
};

class RrArtifactDecider;  // the classification core shared with the batch form (src/)

/// Streaming form: trailing windows (past beats plus the 2 look-ahead beats), the same decision
/// core as correct_rr_artifacts(). Allocation-free per push after construction.
class StreamingRrArtifactCorrector {
 public:
  static constexpr std::size_t kLookAheadBeats = 2;
  /// Worst-case delay from a beat to its decision while intervals are plausible.
  static constexpr double kMaxLatencyS = kLookAheadBeats * kMaxPlausibleRrMs / 1000.0;

  explicit StreamingRrArtifactCorrector(const ArtifactConfig& config = {});
  ~StreamingRrArtifactCorrector();
  StreamingRrArtifactCorrector(StreamingRrArtifactCorrector&&) noexcept;
  StreamingRrArtifactCorrector& operator=(StreamingRrArtifactCorrector&&) noexcept;

  /// Returns the intervals decided by this push (usually one; up to three when a gap first
  /// flushes the previous run). Valid until the next call. A non-finite or non-positive
  /// interval is dropped and the next one is treated as after a gap.
  std::span<const DecidedRr> push(const RrInterval& interval);
  /// Decides the (up to two) pending intervals without their look-ahead.
  std::span<const DecidedRr> flush();
  void reset();
  std::size_t pending() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace resonant::dsp
