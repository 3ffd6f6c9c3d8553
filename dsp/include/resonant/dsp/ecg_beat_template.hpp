#pragma once
// Beat-morphology agreement for ECG signal quality: each detected beat's waveform (the
// band-passed ECG around it) against a few running beat templates; its best correlation says
// whether the detector found a heart beat in a readable signal, whatever the rhythm.
//
// Why several templates: ectopic beats (PVCs, bigeminy, aberrant conduction) are clean but
// differ in shape from the dominant beat, and form their own cluster; judging them against a
// single median template (Orphanidou 2015) would call an arrhythmia noise. A beat is judged
// against the best-matching template; a beat that matches none replaces the template matched
// least recently (so a template seeded by noise is soon forgotten, while the dominant
// template survives about a minute of noise).
//
// Threading: none; owned by one SignalQualityAssessor, used on its thread.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace resonant::dsp {

class BeatTemplateMatcher {
 public:
  /// fs in Hz; beats may be reported up to max_delay_s after their sample was pushed.
  BeatTemplateMatcher(double sample_rate_hz, double max_delay_s);

  /// What the judged beats added: their count, the sum of their best correlations, and how
  /// many matched a template other than the dominant (most matched) one.
  struct Tally {
    int judged = 0;
    double correlation_sum = 0.0;
    int other_morphology = 0;
  };
  /// The next band-passed sample (index = number of samples pushed before it). Judges the
  /// pending beats whose window is now complete into *tally. No allocation.
  void push(float band_passed, Tally* tally);
  /// A beat at sample index (fractional allowed). Judged once its window has been pushed
  /// (at once when it already has); beats older than the buffer or beyond the pending queue
  /// are not judged.
  void add_beat(double sample_index, Tally* tally);
  void reset();

  static constexpr double kPreS = 0.10;   // before the R peak: the Q wave and PR segment
  static constexpr double kPostS = 0.15;  // after: the S wave and the ST onset

 private:
  static constexpr std::size_t kTemplates = 3;
  static constexpr std::size_t kMaxPending = 32;  // beats awaiting their window (4 s at 480 /min)

  void judge(std::int64_t centre, Tally* tally);
  double correlation(const std::vector<float>& templ, std::int64_t start) const;
  float at(std::int64_t index) const {
    return ring_[static_cast<std::size_t>(index) % ring_.size()];
  }

  std::int64_t pre_ = 0, post_ = 0, length_ = 0, max_lag_ = 0;
  std::vector<float> ring_;
  std::int64_t pushed_ = 0;
  std::array<std::vector<float>, kTemplates> templates_;
  std::array<double, kTemplates> recent_matches_{};  // decaying count of beats matched
  std::array<bool, kTemplates> used_{};
  std::array<std::int64_t, kMaxPending> pending_{};
  std::size_t pending_head_ = 0, pending_count_ = 0;
  std::vector<float> segment_;
};

}  // namespace resonant::dsp
