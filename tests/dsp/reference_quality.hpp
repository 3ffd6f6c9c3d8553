#pragma once
// Reference-quality rule for the breathing-rate record tests: RRest's "band_agree" rule
// (Charlton et al., peterhcharlton/RRest, estimate_ref_rr.m; the assessment framework of
// Charlton 2016/2018 that physiology-and-metrics.md §6.3 cites for accuracy). A window's
// reference rate is kept only when two independent readings of the belt in that window agree
// within 2 /min: a breath-timing rate and the belt's spectral peak. Where they disagree the
// belt itself does not define one rate for the window (breathing that changes within it,
// pauses, sighs, artefacts) and RRest leaves the window out of the assessment.
//
// Fixed from RRest before any estimate was scored with it: 5 Hz belt samples (RRest's
// downsample_freq; here block means), agreement |breaths − spectral| < 2 /min (RRest:
// range(rrs) < 2). The reference VALUE is RRest's rate from breath timings
// (window_reference.hpp); the exclusion is its band_agree rule.
#include <resonant/dsp/respiration_rate.hpp>
#include <resonant/dsp/respiration_tracking.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <span>
#include <vector>

#include "count_refinement.hpp"
#include "tracked_variants.hpp"

namespace resonant::dsp::testing_resp {

inline constexpr double kReferenceAgreeBpm = 2.0;  // RRest band_agree: range < 2 bpm
inline constexpr double kReferenceSampleRateHz = 5.0;  // RRest: downsample_freq = 5

/// The belt as block means at kReferenceSampleRateHz, with their centre times (s).
struct DecimatedBelt {
  std::vector<double> t_s, values;
};

template <typename Sample>
DecimatedBelt decimate_belt(std::span<const Sample> belt, double sample_rate_hz) {
  DecimatedBelt out;
  const auto block = static_cast<std::size_t>(
      std::max(1.0, std::round(sample_rate_hz / kReferenceSampleRateHz)));
  for (std::size_t i = 0; i + block <= belt.size(); i += block) {
    double sum = 0.0;
    for (std::size_t k = 0; k < block; ++k) sum += static_cast<double>(belt[i + k]);
    out.t_s.push_back((static_cast<double>(i) + 0.5 * static_cast<double>(block - 1)) /
                      sample_rate_hz);
    out.values.push_back(sum / static_cast<double>(block));
  }
  return out;
}

struct ReferenceCheck {
  double breaths_bpm = std::nan("");   // the reference (belt breath timings)
  double spectral_bpm = std::nan("");  // the belt's own spectral peak in the window
  bool clear = false;                  // both finite and within kReferenceAgreeBpm
};

inline ReferenceCheck check_reference(const DecimatedBelt& belt, double t_end_s, double window_s,
                                      double breaths_bpm) {
  SpectralRateConfig config;
  config.window_s = window_s;
  ReferenceCheck out;
  out.breaths_bpm = breaths_bpm;
  out.spectral_bpm = spectral_respiration_rate(belt.t_s, belt.values, t_end_s, config).rate_bpm;
  out.clear = std::isfinite(breaths_bpm) && std::isfinite(out.spectral_bpm) &&
              std::abs(breaths_bpm - out.spectral_bpm) < kReferenceAgreeBpm;
  return out;
}

/// The shipped rates scored over the windows with a clear reference.
struct ClearScores {
  std::size_t windows = 0, clear = 0;
  WindowShare tracked, causal, counted, counted_causal;
};

/// Scores the tracker's batch path and causal rates and the count-refined rates (after
/// count.report()) over the windows whose reference is clear, prints one
/// "[ resp clear <record> ]" line and returns the scores.
inline ClearScores score_clear_windows(const char* record, std::span<const double> references,
                                       std::span<const TrackedRespiration> batch,
                                       std::span<const double> causal,
                                       const CountRefinementScorer& count,
                                       const std::vector<bool>& clear) {
  ClearScores s;
  s.windows = clear.size();
  for (std::size_t i = 0; i < clear.size() && i < batch.size() && i < causal.size(); ++i) {
    if (!clear[i]) continue;
    ++s.clear;
    s.tracked.add(batch[i].rate_bpm, references[i]);
    s.causal.add(causal[i], references[i]);
  }
  count.score_where(clear, s.counted, s.counted_causal);
  std::printf("[ resp clear %s ] %zu of %zu windows have a clear reference: tracked batch %.1f %% "
              "(%zu) causal %.1f %% (%zu) | counted batch %.1f %% (%zu) causal %.1f %% (%zu), "
              "mean |error| %.2f / %.2f\n",
              record, s.clear, s.windows, s.tracked.pct(), s.tracked.agree, s.causal.pct(),
              s.causal.agree, s.counted.pct(), s.counted.agree, s.counted_causal.pct(),
              s.counted_causal.agree, s.counted.mean_abs_error(),
              s.counted_causal.mean_abs_error());
  return s;
}

}  // namespace resonant::dsp::testing_resp
