#pragma once
// One breathing rate from every available estimate (physiology-and-metrics.md §6.4).
//
// Method: a belt with quality >= belt_min_quality is a direct measurement and wins. Otherwise
// the surrogate estimates (RSA, EDR, PPG modulations) are fused in the manner of Karlen et al.
// 2013 (IEEE TBME 60:1946) "smart fusion": the quality-weighted mean is used when the
// estimates agree (standard deviation < agreement_sd_bpm, Karlen's 4 /min). When they do not,
// the largest quality-weighted group agreeing within cluster_tolerance_bpm of one another is
// used if it holds at least min_agreeing estimates and half the total weight (one failing
// modulation, e.g. RSA locked on a Mayer wave, is outvoted), with its quality scaled by that
// weight share; else the best single estimate with quality x kDisagreementQuality (reported,
// but low). Estimates below min_quality take no part.
// Stateless and allocation-free (at most kMaxEstimates inputs). Latency: none of its own.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include <resonant/dsp/respiration_rate.hpp>

namespace resonant::dsp {

enum class RespirationSource : std::uint8_t {
  kNone,
  kBelt,
  kRsa,
  kEdrAmplitude,
  kEdrArea,
  kPpgIntensity,
  kPpgAmplitude,
  kPpgFrequency,
  kFused,
  kEdrPca,  // QRS-shape PCA EDR (respiration_edr_pca.hpp); after kFused to keep the values
};
std::string_view to_string(RespirationSource source);

/// How breathing reaches an estimate. Autonomic: through heart rate (RSA, PPG pulse interval
/// RIFV) or vascular tone (PPG baseline RIIV), which a Mayer (baroreflex, ~6 /min) wave
/// modulates as well. Mechanical: through the chest's and the heart axis' movement (EDR R
/// amplitude, QRS area, QRS-shape PCA) or the stroke volume's intrathoracic-pressure swing (PPG
/// pulse amplitude RIAV); a belt is mechanical. kNone and kFused count as autonomic (no claim).
enum class RespirationModulation : std::uint8_t { kAutonomic, kMechanical };
RespirationModulation modulation_of(RespirationSource source);

struct SourcedRate {
  RespirationSource source = RespirationSource::kNone;
  RespirationRate rate{};
};

struct RespirationFusionConfig {
  double belt_min_quality = 0.5;       // [0, 1]
  double min_quality = 0.1;            // [0, 1]: weaker estimates are ignored
  double agreement_sd_bpm = 4.0;       // [1, 6]: Karlen 2013
  double cluster_tolerance_bpm = 2.0;  // [0.5, 4]: members within this of the group's centre
  std::size_t min_agreeing = 2;        // [2, 4]
};

inline constexpr std::size_t kMaxEstimates = 16;
inline constexpr double kDisagreementQuality = 0.3;

struct FusedRespiration {
  double rate_bpm = std::numeric_limits<double>::quiet_NaN();
  double quality = 0.0;  // [0, 1]
  RespirationSource source = RespirationSource::kNone;  // kFused when several were averaged
  std::size_t used = 0;  // estimates averaged
  double spread_bpm = std::numeric_limits<double>::quiet_NaN();  // SD of the used estimates
};

/// A breathing rate is shown to a person, and enters session summaries, debriefs, reports and
/// file summaries, only when clear: finite and quality >= kMinShownBreathingQuality; otherwise
/// the screens say the rate is not clear rather than show a number (the rate itself is still
/// recorded with its quality). 0.5 is the level the code already trusted a rate at (the fusion
/// takes a belt as a measurement from belt_min_quality; rate-only pacer adherence,
/// PacerAdherenceConfig::min_quality), not tuned on the records. A belt's own quality
/// (regular, complete breaths covering the window) passes it whenever the fusion takes the
/// belt as a measurement; a poorer belt that the fusion only votes with is judged like any
/// estimate. Measured (dsp/docs/respiration.md, "Shown only when clear"): on the four
/// development records the rate without a belt is clear in 61 % (batch) / 58 % (causal) of the
/// 60 s windows, and within 1 /min of the belt in 89 % / 90 % of those, against 73 % / 75 %
/// over all windows.
inline constexpr double kMinShownBreathingQuality = 0.5;  // [0, 1]
static_assert(RespirationFusionConfig{}.belt_min_quality >= kMinShownBreathingQuality);

inline bool breathing_rate_is_clear(double rate_bpm, double quality) {
  return std::isfinite(rate_bpm) && quality >= kMinShownBreathingQuality;
}

/// belt: the belt's rate over the same window (belt_respiration_rate), if a belt is worn.
/// Estimates beyond kMaxEstimates are ignored.
FusedRespiration fuse_respiration(const std::optional<RespirationRate>& belt,
                                  std::span<const SourcedRate> estimates,
                                  const RespirationFusionConfig& config = {});

}  // namespace resonant::dsp
