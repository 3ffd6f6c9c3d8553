#pragma once
// Private core of rr_artifacts: the running order statistics both forms use, and the per-interval
// decision (Lipponen & Tarvainen 2019, Fig. 1) with its correction. The batch and streaming
// forms differ only in how they fill DecisionInputs (centred vs trailing windows).
#include <resonant/dsp/rr_artifacts.hpp>

#include <array>
#include <cstddef>
#include <vector>

namespace resonant::dsp {

/// Sorted multiset of doubles with a fixed capacity (allocated once); insert/erase O(capacity),
/// quantiles O(1).
class SortedValues {
 public:
  explicit SortedValues(std::size_t capacity) : values_(capacity) {}
  void insert(double x);
  void erase(double x);  // one copy of x; x must be present
  void clear() { size_ = 0; }
  std::size_t size() const { return size_; }
  /// Linear interpolation between order statistics at (n - 1) q (pandas / NumPy default).
  double quantile(double q) const;
  double median() const { return quantile(0.5); }
  double quartile_deviation() const { return 0.5 * (quantile(0.75) - quantile(0.25)); }

 private:
  std::vector<double> values_;
  std::size_t size_ = 0;
};

/// The last `capacity` values pushed, kept sorted.
class TrailingWindow {
 public:
  explicit TrailingWindow(std::size_t capacity) : sorted_(capacity), fifo_(capacity) {}
  void push(double x);
  void clear();
  const SortedValues& sorted() const { return sorted_; }

 private:
  SortedValues sorted_;
  std::vector<double> fifo_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

/// Threshold from a quartile window, or the fallback fraction of the median RR while the window
/// is too small for quartiles. Returns {threshold_ms, from_quartiles}.
struct Threshold {
  double ms = 0.0;
  bool from_quartiles = false;
};
Threshold artifact_threshold(const SortedValues& abs_values, double median_rr_ms,
                             const ArtifactConfig& config);

/// mRR: deviation from the median, short intervals weighted double.
inline double median_deviation_ms(double rr_ms, double median_rr_ms) {
  const double m = rr_ms - median_rr_ms;
  return m < 0.0 ? 2.0 * m : m;
}

/// What the decision for interval i needs. Slots 0..3 hold intervals i-1, i, i+1, i+2.
struct DecisionInputs {
  std::array<RrInterval, 4> rr{};
  std::array<double, 4> drrn{};       // dRR / Th1; 0 where absent or first of its run
  std::array<double, 4> th1_ms{};     // Th1 of each slot
  std::array<bool, 4> present{};      // in the same gap-free run as i (slot 1 always true)
  double mrrn = 0.0;                  // mRR_i / Th2_i
  double median_rr_ms = 0.0;          // medRR_i
  double th2_ms = 0.0;                // Th2_i
  bool provisional = false;           // a threshold came from the fallback rule
};

/// The sequential part of the method: decides intervals in order, carrying what a decision on
/// a pair (ectopic, extra) or the "test the next beat too" rule says about the next interval.
class RrArtifactDecider {
 public:
  explicit RrArtifactDecider(const ArtifactConfig& config) : config_(config) {}
  /// Decides interval i (inputs.rr[1]); fills label, provisional and corrected of `out`.
  void decide(const DecisionInputs& inputs, DecidedRr& out);
  /// A new gap-free run starts: nothing carries over.
  void start_run();

 private:
  bool ectopic_pair_starts_here(const DecisionInputs& in) const;
  double interpolated_rr_ms(const DecisionInputs& in) const;

  ArtifactConfig config_;
  // Set by a pair decision on i for interval i+1.
  bool has_pending_ = false;
  BeatLabel pending_label_ = BeatLabel::kNormal;
  std::uint8_t pending_count_ = 0;
  RrInterval pending_corrected_{};
  // Lipponen & Tarvainen: when beat i is long/short and |dRRn(i+1)| < |dRRn(i+2)|, i+1 is
  // examined as well, even under the dRR threshold.
  bool examine_next_ = false;
  double last_corrected_rr_ms_ = 0.0;
  bool has_last_corrected_ = false;
  bool last_was_changed_ = false;  // the previous interval's correction changed its value
};

}  // namespace resonant::dsp
