#pragma once
// Resonance-frequency assessment (Lehrer, Vaschillo & Vaschillo 2000; Lehrer et al. 2013;
// Shaffer & Meehan 2020; physiology-and-metrics.md §5.2, §5.3): the user breathes with the pacer
// at 6.5, 6.0, 5.5, 5.0 and 4.5 breaths/min for ~2 min each; each block is scored on the six
// §5.3 criteria and the rate with the best rank sum is recommended, with the runner-up and a
// confidence.
//
// Per segment (after discarding the first transition_s, §5.2 [I]):
//   data      usable NN intervals must cover min_coverage of the analysed span with no hole
//             longer than max_gap_s, and at least min_breaths breaths must be valid; otherwise
//             the segment is invalid and not ranked.
//   spectrum  RR (ms) -> cubic spline 4 Hz -> linear detrend -> Hann periodogram zero-padded
//             to fft_size [I: §5.2 suggests Lomb-Scargle or AR for short blocks; dsp has the
//             periodogram, and a gap-free ~100 s block at 4 Hz is evenly sampled after the
//             spline, so the periodogram serves. Peak amplitudes scale with block length:
//             compare segments of equal length].
//   C1 [M list, I computation] phase HR-breathing: circular mean over breaths of the HR phase
//             relative to peak inhalation (resonance_indicators.hpp). Best = smallest |phase|.
//   C2 [M/I]  peak-to-trough HR, mean over breaths (bpm). Best = largest.
//   C3 [M/I]  LF power 0.04-0.15 Hz of RR (ms^2). Best = largest.
//   C4 [M/I]  LF peak amplitude, max PSD in 0.04-0.15 Hz (ms^2/Hz). Best = largest.
//   C5 [M/I]  smoothness: share of HR power within f_pacer +- 0.015 Hz (of 0.0033-0.4 Hz).
//             Best = largest. Turning points per breath (ideal 2) are reported, not ranked.
//   C6 [M/I]  number of LF peaks higher than 10 % of the largest. Best = fewest.
//   adherence (§6.5 without a belt, [I]): |LF peak frequency - f_pacer| <= 0.01 Hz and the
//             pacer power share >= 0.3. Segments the user did not follow are ranked only when
//             fewer than two followed segments are valid.
// Decision (§5.3 [I]): rank the ranked segments on each criterion (1 = best, ties share the
// mean rank), sum the ranks, lowest sum wins; ties broken by peak-to-trough, then LF power.
// The runner-up is reported (RF estimates vary by +-0.5 /min between sessions [M]).
// Confidence [I, the doc leaves it open]: separation x quality, 0..1, where
//   separation = clamp(min(m_p2t, m_lf) / full_confidence_margin, 0, 1),
//     m_p2t = 1 - (largest other peak-to-trough) / (winner's),
//     m_lf  = 1 - sqrt((largest other LF power) / (winner's))  (sqrt: an amplitude ratio),
//   i.e. how clearly the winner leads on the two criteria Fisher & Lehrer reduced the list to
//   [V2]; a winner that does not lead on both gets 0;
//   quality = winner's coverage x 0.5 if it was not followed x 0.5 if fewer than 3 segments
//   were ranked. Level: high >= 0.6, medium >= 0.3, low > 0, none = no recommendation.
// This is an offline analysis run when the protocol ends (or after each block for display);
// it adds no latency beyond the blocks themselves. Not a medical measure.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/resonance_indicators.hpp>

namespace resonant::dsp {

struct AssessmentSegment {
  double start_s = 0.0;
  double end_s = 0.0;
  double rate_bpm = 6.0;  // paced breathing rate in this block
};

inline constexpr std::array<double, 5> kProtocolRatesBpm{6.5, 6.0, 5.5, 5.0, 4.5};  // §5.2 [M]
inline constexpr double kProtocolBlockS = 120.0;                                       // §5.2 ~2 min

/// The stepped protocol: blocks of block_s at the given rates, separated by rest_s.
std::vector<AssessmentSegment> stepped_protocol(double t_start_s = 0.0, double block_s = kProtocolBlockS,
                                                double rest_s = 0.0,
                                                std::span<const double> rates_bpm = kProtocolRatesBpm);

struct ResonanceAssessmentConfig {
  double transition_s = 20.0;         // [0, 60]; §5.2: discard 15-30 s at each block start
  double min_coverage = 0.8;          // [0.5, 1]; of the analysed span
  double max_gap_s = 3.0;             // [1, 10]
  std::size_t min_breaths = 4;        // [2, 20] valid breaths needed
  double rr_rate_hz = 4.0;            // [2, 10]
  std::size_t fft_size = 4096;        // power of two; 4096 at 4 Hz = 0.001 Hz bins
  double pacer_half_width_hz = 0.015; // [0.005, 0.03]; §4.3 / §5.3 C5
  double lf_peak_min_relative = 0.1;  // (0, 1); §5.3 C6
  double adherence_tolerance_hz = 0.01;  // §6.5 (0.6 /min)
  double adherence_min_share = 0.3;      // §6.5
  double inhale_fraction = 0.5;       // pacer I:E used when no breaths are given (§5.4: 1:1)
  double full_confidence_margin = 0.15;  // (0, 1]; lead giving separation 1
  ResonanceIndicatorConfig breath{};
};

inline constexpr std::size_t kResonanceCriteria = 6;

struct SegmentAssessment {
  AssessmentSegment segment{};
  double analysed_start_s = 0.0;  // segment start + transition
  bool valid = false;             // enough data to score
  bool followed = false;          // §6.5 adherence without a belt
  bool ranked = false;
  double coverage = 0.0;
  double longest_gap_s = 0.0;
  std::size_t beats = 0;          // usable intervals ending in the analysed span
  std::size_t breaths = 0;
  std::size_t valid_breaths = 0;
  // The six criteria (NaN when not computable).
  double phase_deg = std::numeric_limits<double>::quiet_NaN();               // C1
  double phase_consistency = std::numeric_limits<double>::quiet_NaN();       // C1, 0..1
  double peak_to_trough_bpm = std::numeric_limits<double>::quiet_NaN();      // C2
  double lf_power_ms2 = std::numeric_limits<double>::quiet_NaN();            // C3
  double lf_peak_density_ms2_per_hz = std::numeric_limits<double>::quiet_NaN();  // C4
  double lf_peak_hz = std::numeric_limits<double>::quiet_NaN();              // C4 / adherence
  double pacer_power_share = std::numeric_limits<double>::quiet_NaN();       // C5
  double turning_points_per_breath = std::numeric_limits<double>::quiet_NaN();  // C5 (reported)
  std::size_t lf_peak_count = 0;                                             // C6
  std::array<double, kResonanceCriteria> ranks{};  // 1 = best; 0 when not ranked
  double rank_sum = std::numeric_limits<double>::quiet_NaN();
  std::string reason;  // plain words
};

enum class AssessmentConfidence : std::uint8_t { kNone, kLow, kMedium, kHigh };
std::string_view to_string(AssessmentConfidence confidence);

struct ResonanceAssessment {
  std::vector<SegmentAssessment> segments;
  double recommended_rate_bpm = std::numeric_limits<double>::quiet_NaN();
  double runner_up_rate_bpm = std::numeric_limits<double>::quiet_NaN();
  double confidence = 0.0;  // 0..1
  AssessmentConfidence level = AssessmentConfidence::kNone;
  double separation = 0.0;  // 0..1, the margin part of the confidence
  double quality = 0.0;     // 0..1, the data part
  std::string summary;      // plain words
};

/// Scores one segment (no ranks). `breaths`: the measured or pacer cycles of the record (only
/// those inside the analysed span are used); empty = a 1:1 pacer at the segment's rate
/// starting at the segment start.
SegmentAssessment assess_segment(std::span<const RrInterval> nn, const AssessmentSegment& segment,
                                 const ResonanceAssessmentConfig& config = {},
                                 std::span<const BreathCycle> breaths = {});

/// The whole assessment.
ResonanceAssessment assess_resonance(std::span<const RrInterval> nn,
                                     std::span<const AssessmentSegment> segments,
                                     const ResonanceAssessmentConfig& config = {},
                                     std::span<const BreathCycle> breaths = {});

}  // namespace resonant::dsp
