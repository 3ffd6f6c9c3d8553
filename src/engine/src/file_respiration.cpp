// File analysis, respiration step (respiration_windows, file_analysis_steps.hpp): the belt's
// breaths when the record has a belt, else the surrogates tracked across windows.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/respiration_count.hpp>
#include <resonant/dsp/respiration_edr.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_ppg.hpp>
#include <resonant/dsp/respiration_rsa.hpp>
#include <resonant/dsp/respiration_tracking.hpp>

#include "file_analysis_steps.hpp"

namespace resonant::engine::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

dsp::DetectedBeat to_detected(const FileBeat& b) {
  dsp::DetectedBeat d;
  d.sample_index = b.sample_index;
  d.amplitude = b.amplitude;
  d.quality = b.quality;
  return d;
}

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

/// The surrogates' estimates per window and the beat-sampled series behind them (by source),
/// for counting cycles around the tracked rate.
struct Surrogates {
  std::vector<std::vector<dsp::SourcedRate>> estimates;  // per window
  std::vector<std::pair<dsp::RespirationSource, dsp::BeatSeries>> series;
  const dsp::BeatSeries* series_of(dsp::RespirationSource source) const {
    for (const auto& [s, one] : series) {
      if (s == source) return &one;
    }
    return nullptr;
  }
};

dsp::SpectralRateConfig surrogate_window() {
  dsp::SpectralRateConfig spectral;
  spectral.window_s = kRespirationWindowS;
  return spectral;
}

/// Surrogate estimates (RSA; EDR from an ECG or PPG modulations from a PPG beat channel) over
/// kRespirationWindowS windows ending at kRespirationWindowS, + kRespirationStepS, ...: the
/// windows the batch tracker runs on (the same as respiration_records_test.cpp). Each series
/// is built once and gives both its spectral estimates and, later, its cycle counts.
Surrogates surrogate_estimates(std::span<const dsp::RrInterval> nn,
                               std::span<const float> beat_samples, double fs, SignalChoice signal,
                               std::span<const FileBeat> beats, std::size_t windows) {
  using S = dsp::RespirationSource;
  Surrogates out;
  const dsp::SpectralRateConfig spectral = surrogate_window();
  out.series.emplace_back(S::kRsa, dsp::rsa_series(nn));
  std::vector<dsp::DetectedBeat> detected;
  detected.reserve(beats.size());
  for (const auto& b : beats) detected.push_back(to_detected(b));
  if (signal == SignalChoice::kEcg && !beat_samples.empty()) {
    dsp::EdrConfig config;
    config.sample_rate_hz = fs;
    config.spectral = spectral;
    auto edr = dsp::edr_series(dsp::edr_beats(beat_samples, detected, config));
    out.series.emplace_back(S::kEdrAmplitude, std::move(edr.r_amplitude));
    out.series.emplace_back(S::kEdrArea, std::move(edr.qrs_area));
  } else if (signal == SignalChoice::kPpg && !beat_samples.empty()) {
    dsp::PpgRespirationConfig config;
    config.sample_rate_hz = fs;
    config.spectral = spectral;
    auto ppg = dsp::ppg_series(dsp::ppg_pulse_features(beat_samples, detected, config));
    out.series.emplace_back(S::kPpgIntensity, std::move(ppg.intensity));
    out.series.emplace_back(S::kPpgAmplitude, std::move(ppg.amplitude));
    out.series.emplace_back(S::kPpgFrequency, std::move(ppg.frequency));
  }
  out.estimates.resize(windows);
  for (const auto& [source, series] : out.series) {
    const auto rates = dsp::spectral_respiration_rates(
        series.t_s, series.values, kRespirationWindowS, kRespirationStepS,
        source == S::kRsa || source == S::kPpgFrequency ? dsp::interval_series_config(spectral)
                                                        : spectral);
    for (std::size_t i = 0; i < std::min(windows, rates.size()); ++i) {
      out.estimates[i].push_back({source, rates[i]});
    }
  }
  return out;
}

/// The window's tracked rate measured by counting cycles of the supporting surrogates
/// (respiration_count.hpp; the live metrics do the same).
double counted_rate(const Surrogates& surrogates, std::size_t window, double t_end_s,
                    double tracked_bpm) {
  const auto& estimates = surrogates.estimates[window];
  std::vector<dsp::CountSeries> series;
  series.reserve(estimates.size());
  for (const dsp::SourcedRate& e : estimates) {
    const dsp::BeatSeries* s = surrogates.series_of(e.source);
    if (s != nullptr) series.push_back({&e.rate, s->t_s, s->values});
  }
  return dsp::refine_rate_by_count(t_end_s, tracked_bpm, series, surrogate_window());
}

/// Without a belt: the Viterbi path of the batch tracker (respiration_tracking.hpp) through
/// the surrogates' windows every kRespirationStepS, read at the end of each 60 s block, its rate
/// measured by counting cycles (counted_rate).
std::vector<dsp::FusedRespiration> tracked_blocks(std::span<const dsp::RrInterval> nn,
                                                  std::span<const float> beat_samples, double fs,
                                                  SignalChoice signal,
                                                  std::span<const FileBeat> beats,
                                                  double duration_s, std::size_t blocks) {
  std::vector<dsp::FusedRespiration> out(blocks);
  if (nn.empty()) return out;
  const auto steps = static_cast<std::size_t>(
      std::floor((duration_s - kRespirationWindowS) / kRespirationStepS + 1e-9)) + 1;
  const Surrogates surrogates = surrogate_estimates(nn, beat_samples, fs, signal, beats, steps);
  std::vector<double> ends(steps);
  for (std::size_t w = 0; w < steps; ++w) {
    ends[w] = kRespirationWindowS + static_cast<double>(w) * kRespirationStepS;
  }
  const auto path = dsp::track_respiration_rates(ends, surrogates.estimates);
  const auto steps_per_block = static_cast<std::size_t>(kRespirationWindowS / kRespirationStepS);
  for (std::size_t i = 0; i < blocks; ++i) {
    const std::size_t w = i * steps_per_block;  // the window ending at (i + 1) x 60 s
    if (w >= path.size()) break;
    out[i].rate_bpm = counted_rate(surrogates, w, ends[w], path[w].rate_bpm);
    out[i].quality = path[w].quality;
    out[i].source = path[w].source;
  }
  return out;
}

}  // namespace

std::vector<dsp::RespirationRate> respiration_windows(
    const std::optional<BeltAnalysis>& belt, std::span<const dsp::RrInterval> nn,
    std::span<const float> beat_samples, double fs, SignalChoice signal,
    std::span<const FileBeat> beats, double duration_s, RespirationSummary& summary) {
  const auto windows = static_cast<std::size_t>(std::floor(duration_s / kRespirationWindowS));
  std::vector<dsp::RespirationRate> out(windows);
  if (windows == 0) return out;
  const bool use_belt = belt && !belt->breaths.empty();
  std::vector<dsp::FusedRespiration> per_block(windows);
  if (use_belt) {
    for (std::size_t i = 0; i < windows; ++i) {
      const double t0 = static_cast<double>(i) * kRespirationWindowS;
      // The belt's breaths: its rate and its own quality (regular, complete breaths covering
      // the window), judged by the same clear rule as live, where the fusion takes the belt
      // as a measurement from that quality.
      const dsp::RespirationRate b =
          dsp::belt_respiration_rate(belt->breaths, t0, t0 + kRespirationWindowS);
      per_block[i].rate_bpm = b.rate_bpm;
      per_block[i].quality = b.quality;
      per_block[i].source = dsp::RespirationSource::kBelt;
    }
  } else {
    per_block = tracked_blocks(nn, beat_samples, fs, signal, beats, duration_s, windows);
  }
  std::vector<double> clear_rates;
  double quality_sum = 0.0;
  // The source named is the one of the clear windows (whose median is given), else of all.
  std::array<std::size_t, 16> source_votes{}, all_votes{};
  for (std::size_t i = 0; i < windows; ++i) {
    const auto& r = per_block[i];
    if (!std::isfinite(r.rate_bpm)) continue;
    const double t_end = static_cast<double>(i + 1) * kRespirationWindowS;
    out[i] = {t_end, r.rate_bpm, r.quality, kNaN};
    ++summary.windows;
    quality_sum += r.quality;
    ++all_votes[static_cast<std::size_t>(r.source) % all_votes.size()];
    // The summary rate is what a person would have been shown: clear windows only.
    if (!dsp::breathing_rate_is_clear(r.rate_bpm, r.quality)) continue;
    clear_rates.push_back(r.rate_bpm);
    ++source_votes[static_cast<std::size_t>(r.source) % source_votes.size()];
  }
  summary.clear_windows = clear_rates.size();
  summary.clear_from_quality = dsp::kMinShownBreathingQuality;
  if (!clear_rates.empty()) summary.median_rate_bpm = median(clear_rates);
  if (summary.windows > 0) {
    summary.mean_quality = quality_sum / static_cast<double>(summary.windows);
    const auto& votes = clear_rates.empty() ? all_votes : source_votes;
    const auto best = std::max_element(votes.begin(), votes.end());
    summary.source =
        std::string(dsp::to_string(static_cast<dsp::RespirationSource>(best - votes.begin())));
  }
  if (use_belt) summary.breaths = belt->breaths.size();
  return out;
}

}  // namespace resonant::engine::detail
