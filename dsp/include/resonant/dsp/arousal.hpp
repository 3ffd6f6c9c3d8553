#pragma once
// Arousal index: physiological activation relative to this person's own resting baseline
// (physiology-and-metrics.md §7.4). Not a stress measure, not a medical measure; it says
// "your heart rate, heart-rate variability, breathing and skin conductance now look more (or
// less) activated than they did while you rested". LF/HF is never used (§7.2: "sympathovagal
// balance" is not supported by the evidence).
//
// Method (exact formula in dsp/docs/arousal.md):
//   baseline: per input, median m_c and robust scale d_c = max(1.4826 MAD_c, floor_c) of the
//             updates recorded while resting (begin_baseline()/end_baseline(), or the first
//             auto_baseline_s of updates);
//   z_c      = clamp((x_c - m_c) / d_c, -3, 3);
//   A_raw    = sum_c w_c q_c s_c z_c / sum_c w_c q_c over the inputs present now with quality
//              q_c >= min_input_quality; signs s = +1 HR, -1 lnRMSSD, +1 breathing rate,
//              +1 skin conductance level; default w = 0.30, 0.20, 0.15, 0.35;
//   A        = exponential smoothing of A_raw with time constant smoothing_tau_s (20 s);
//   confidence = sum_c w_c q_c b_c / sum_c w_c over the inputs that have a baseline, where
//              b_c = 1 for >= 3 min of baseline, 0.5 for 1-3 min (§7.4 q_base).
// While a pacer runs, breathing rate (voluntary) and lnRMSSD (changed mechanically by slow
// breathing, §7.1) are left out of both the index and the confidence.
//
// Latency: the smoothing's time constant (20 s) on top of the inputs' own windows (HR and
// lnRMSSD windows of 10-64 s, the skin conductance's seconds-long responses).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace resonant::dsp {

/// The inputs, in ArousalBaseline/ArousalEstimate array order.
enum class ArousalInputKind : std::uint8_t {
  kHeartRate = 0,        // bpm, sign +
  kLnRmssd = 1,          // ln(RMSSD in ms) over a short window (e.g. 64 s), sign -
  kBreathingRate = 2,    // breaths/min, sign +
  kSkinConductance = 3,  // skin conductance level, uS (any fixed unit works), sign +
};
inline constexpr std::size_t kArousalInputCount = 4;
std::string_view to_string(ArousalInputKind kind);

/// One update (e.g. once per second). NaN = input absent; quality in [0, 1] (e.g. the
/// channel's SignalQuality score, or the share of clean beats in the HRV window).
struct ArousalInput {
  double t_s = 0.0;  // increasing
  double hr_bpm = std::numeric_limits<double>::quiet_NaN();
  double hr_quality = 1.0;
  double ln_rmssd = std::numeric_limits<double>::quiet_NaN();
  double ln_rmssd_quality = 1.0;
  double breathing_rate_bpm = std::numeric_limits<double>::quiet_NaN();
  double breathing_quality = 1.0;
  double scl_us = std::numeric_limits<double>::quiet_NaN();
  double scl_quality = 1.0;
  bool pacer_active = false;  // leaves breathing rate and lnRMSSD out (see the header comment)
};

struct ArousalConfig {
  // Weights (>= 0, at least one > 0); normalised over the inputs present. §7.4 gives HR 0.30,
  // lnRMSSD 0.20, EDA 0.35 + 0.15 (SCL + NS-SCR rate); the NS-SCR share goes to breathing here,
  // and without EDA or breathing the weights become §7.4's HR 0.6, lnRMSSD 0.4.
  double weight_hr = 0.30;
  double weight_ln_rmssd = 0.20;
  double weight_breathing = 0.15;
  double weight_scl = 0.35;
  double smoothing_tau_s = 20.0;    // [0, 120] (§7.4: 20-30 s); 0 = no smoothing
  double auto_baseline_s = 180.0;   // [0, 1800]: without begin_baseline(), the first this-many
                                    // seconds of updates are the baseline; 0 = explicit only
  double full_baseline_s = 180.0;   // [60, 1800]: baseline factor 1 from here (§7.4: 3 min)
  double min_baseline_s = 60.0;     // [10, full]: below this an input has no baseline
  std::size_t max_baseline_updates = 3600;  // [16, 1e6]: stored per input, allocated once
  double min_input_quality = 0.5;   // [0, 1]: inputs below are left out (§7.4 suppression)
  double max_z = 3.0;               // [1, 10]: |z| clipped (§7.4)
  double max_update_gap_s = 5.0;    // [1, 60]: longer gaps count this much baseline time
  // Floors on the baseline scale, so that a very steady rest does not blow up z-scores.
  double hr_scale_floor_bpm = 2.0;
  double ln_rmssd_scale_floor = 0.15;      // ln units: 16 % of RMSSD
  double breathing_scale_floor_bpm = 1.0;
  double scl_scale_floor_fraction = 0.05;  // of the baseline median SCL
  double scl_scale_floor_us = 0.05;
};

/// A person's resting reference: per input, median, robust scale (floored) and how many
/// seconds of valid updates it rests on (0 = no baseline for that input).
struct ArousalBaseline {
  std::array<double, kArousalInputCount> median{};
  std::array<double, kArousalInputCount> scale{};
  std::array<double, kArousalInputCount> duration_s{};
  bool has(ArousalInputKind kind) const;
};

/// Blends a new session's baseline into the stored one (§7.4: exponentially weighted across
/// sessions, lambda = 0.2 per session). Inputs missing from either side keep the other.
ArousalBaseline blend_baselines(const ArousalBaseline& stored, const ArousalBaseline& session,
                                double lambda = 0.2);

enum class ArousalBand : std::uint8_t {
  kMuchCalmer,          // A < -1
  kCalmer,              // -1 <= A < -0.3
  kBaseline,            // -0.3 <= A <= 0.3
  kMoreActivated,       // 0.3 < A <= 1
  kMuchMoreActivated,   // A > 1
};
/// Plain words for the display ("calmer than your baseline", ...).
std::string_view to_string(ArousalBand band);
ArousalBand arousal_band(double index);

/// Why confidence is below 1 (bits of ArousalEstimate::reasons).
enum class ArousalReason : std::uint8_t {
  kNoBaseline = 1u << 0,     // no input has a baseline yet (recording, or none set)
  kShortBaseline = 1u << 1,  // an input's baseline is 1-3 min
  kMissingInput = 1u << 2,   // an input with a baseline is absent now
  kPoorQuality = 1u << 3,    // an input's quality is below 1 (left out below min_input_quality)
  kPacedTermsOut = 1u << 4,  // pacer running: breathing rate and lnRMSSD left out
};

inline constexpr double kMinShownArousalConfidence = 0.5;  // §7.4: suppress below

struct ArousalEstimate {
  double t_s = 0.0;
  double index = std::numeric_limits<double>::quiet_NaN();  // smoothed A, baseline SD units
  double raw = std::numeric_limits<double>::quiet_NaN();    // A_raw of this update
  double confidence = 0.0;                                  // [0, 1]
  ArousalBand band = ArousalBand::kBaseline;
  std::uint8_t reasons = 0;
  // Signed contribution s_c z_c of each input (NaN when left out), for display and logs.
  std::array<double, kArousalInputCount> signed_z{};
  bool shown() const { return confidence >= kMinShownArousalConfidence && !std::isnan(index); }
  bool has(ArousalReason r) const { return (reasons & static_cast<std::uint8_t>(r)) != 0; }
};

class ArousalEstimator {
 public:
  /// Allocates the baseline store once; throws std::invalid_argument outside the ranges.
  explicit ArousalEstimator(const ArousalConfig& config = {});

  /// Starts recording a baseline (the current one, if any, stays in use until
  /// end_baseline()). The person should sit quietly, breathing freely, for >= 3 min.
  void begin_baseline();
  /// Computes the baseline from the updates since begin_baseline().
  void end_baseline();
  bool recording_baseline() const { return recording_; }
  void set_baseline(const ArousalBaseline& baseline);
  const ArousalBaseline& baseline() const { return baseline_; }

  /// One update. No allocation.
  ArousalEstimate update(const ArousalInput& input);
  /// Forget the smoothing state (after a gap); the baseline stays.
  void reset();
  const ArousalConfig& config() const { return config_; }

 private:
  void record(const ArousalInput& input);

  ArousalConfig config_;
  std::array<double, kArousalInputCount> weights_{};
  ArousalBaseline baseline_{};
  bool has_baseline_ = false;
  bool recording_ = false;
  bool auto_baseline_pending_ = true;
  bool auto_recording_ = false;
  double recording_start_s_ = 0.0;
  double last_record_t_s_ = std::numeric_limits<double>::quiet_NaN();
  std::array<std::vector<double>, kArousalInputCount> store_;  // capacity fixed at construction
  std::array<std::size_t, kArousalInputCount> stored_{};
  std::array<double, kArousalInputCount> stored_duration_s_{};
  std::vector<double> scratch_;
  double smoothed_ = std::numeric_limits<double>::quiet_NaN();
  double last_t_s_ = std::numeric_limits<double>::quiet_NaN();
};

/// Offline form: the baseline from the updates with baseline_begin_s <= t_s < baseline_end_s
/// (anywhere in the record: hindsight), then every update through the same estimator. With
/// NaN bounds the baseline is the first auto_baseline_s of the record.
std::vector<ArousalEstimate> compute_arousal(
    std::span<const ArousalInput> inputs, const ArousalConfig& config = {},
    double baseline_begin_s = std::numeric_limits<double>::quiet_NaN(),
    double baseline_end_s = std::numeric_limits<double>::quiet_NaN());

}  // namespace resonant::dsp
