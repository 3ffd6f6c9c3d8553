#include "file_analysis_steps.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/coherence.hpp>
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/respiration_edr.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_ppg.hpp>
#include <resonant/dsp/respiration_rsa.hpp>
#include <resonant/dsp/respiration_tracking.hpp>
#include <resonant/dsp/signal_quality.hpp>

#include "file_channel.hpp"

namespace resonant::engine::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kHeartRateWindowS = 5.0;   // HR input of the arousal index: mean over this
constexpr double kLnRmssdWindowS = 64.0;    // §7.4: lnRMSSD over a short window

ChannelKind to_channel_kind(SignalChoice s) {
  switch (s) {
    case SignalChoice::kEcg: return ChannelKind::kEcg;
    case SignalChoice::kPpg: return ChannelKind::kPpg;
    case SignalChoice::kResp: return ChannelKind::kResp;
    case SignalChoice::kEda: return ChannelKind::kEda;
    default: return ChannelKind::kOther;
  }
}

/// Percent of seconds per level.
class QualityTally {
 public:
  void add(const dsp::SignalQuality& q) {
    ++counts_[static_cast<std::size_t>(q.level)];
    ++total_;
  }
  ChannelQualitySummary summary(std::string name, SignalChoice signal) const {
    ChannelQualitySummary s;
    s.channel = std::move(name);
    s.signal = signal;
    s.seconds = total_;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      s.percent_by_level[i] =
          total_ == 0 ? 0.0 : 100.0 * static_cast<double>(counts_[i]) / static_cast<double>(total_);
    }
    return s;
  }

 private:
  std::array<std::size_t, 4> counts_{};
  std::size_t total_ = 0;
};

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

}  // namespace

ChannelQualitySummary beat_channel_quality(std::span<const float> samples, double fs,
                                           SignalChoice signal, std::span<const FileBeat> beats,
                                           const std::string& name,
                                           std::vector<float>* score_per_second,
                                           std::vector<std::uint8_t>* feedback_ok_per_second) {
  auto config = dsp::signal_quality_config(to_channel_kind(signal), fs);
  config.beat_latency_s = 0.0;  // hindsight: every beat is known
  dsp::SignalQualityAssessor assessor(config);
  dsp::FeedbackGate gate;
  QualityTally tally;
  std::size_t next_beat = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    while (next_beat < beats.size() && beats[next_beat].sample_index <= static_cast<double>(i)) {
      assessor.add_beat(beats[next_beat++].sample_index / fs);
    }
    // Invalid samples read as a flat line (no signal), never as NaN in the filters.
    const float x = std::isfinite(samples[i]) ? samples[i] : 0.0f;
    const auto q = assessor.push(x);
    if (!q) continue;
    tally.add(*q);
    if (score_per_second) score_per_second->push_back(q->score);
    // The same gate as live: ECG quality judges the signal, not the rhythm (beat templates,
    // dsp/docs/signal-quality.md), so ectopy and bigeminy no longer pause it.
    const bool ok = gate.push(*q);
    if (feedback_ok_per_second) feedback_ok_per_second->push_back(ok ? 1 : 0);
  }
  return tally.summary(name, signal);
}

BeltAnalysis analyze_belt(const records::Record& record, const records::ChannelInfo& channel) {
  BeltAnalysis out;
  dsp::BeltRespirationConfig config;
  config.sample_rate_hz = channel.sample_rate_hz;
  dsp::BeltRespiration belt(config);
  dsp::SignalQualityAssessor assessor(
      dsp::signal_quality_config(ChannelKind::kResp, channel.sample_rate_hz));
  QualityTally tally;
  stream_channel(record, channel.index, [&](std::span<const float> chunk) {
    for (float v : chunk) {
      const float x = std::isfinite(v) ? v : 0.0f;  // a gap reads as a flat line: no breaths
      if (auto b = belt.push(x)) out.breaths.push_back(*b);
      if (auto q = assessor.push(x)) tally.add(*q);
    }
  });
  out.quality = tally.summary(channel.name, SignalChoice::kResp);
  return out;
}

std::vector<double> skin_conductance_per_second(const records::Record& record,
                                                const records::ChannelInfo& channel,
                                                ChannelQualitySummary& quality) {
  std::vector<double> per_second;
  const auto per = static_cast<std::size_t>(std::max(1.0, std::round(channel.sample_rate_hz)));
  dsp::SignalQualityAssessor assessor(
      dsp::signal_quality_config(ChannelKind::kEda, channel.sample_rate_hz));
  QualityTally tally;
  double sum = 0.0;
  std::size_t n = 0, filled = 0;
  stream_channel(record, channel.index, [&](std::span<const float> chunk) {
    for (float v : chunk) {
      if (std::isfinite(v)) {
        sum += v;
        ++n;
      }
      if (auto q = assessor.push(std::isfinite(v) ? v : 0.0f)) tally.add(*q);
      if (++filled == per) {
        per_second.push_back(n > 0 ? sum / static_cast<double>(n) : kNaN);
        sum = 0.0;
        n = filled = 0;
      }
    }
  });
  quality = tally.summary(channel.name, SignalChoice::kEda);
  return per_second;
}

namespace {

/// Surrogate estimates (RSA; EDR from an ECG or PPG modulations from a PPG beat channel) over
/// kRespirationWindowS windows ending at kRespirationWindowS, + kRespirationStepS, ...: the
/// windows the batch tracker runs on (the same as respiration_records_test.cpp).
std::vector<std::vector<dsp::SourcedRate>> surrogate_estimates(
    std::span<const dsp::RrInterval> nn, std::span<const float> beat_samples, double fs,
    SignalChoice signal, std::span<const FileBeat> beats, std::size_t windows) {
  std::vector<std::vector<dsp::SourcedRate>> estimates(windows);
  dsp::SpectralRateConfig spectral;
  spectral.window_s = kRespirationWindowS;
  const auto rsa = dsp::rsa_respiration_rates(nn, kRespirationWindowS, kRespirationStepS, spectral);
  for (std::size_t i = 0; i < std::min(windows, rsa.size()); ++i) {
    estimates[i].push_back({dsp::RespirationSource::kRsa, rsa[i]});
  }
  std::vector<dsp::DetectedBeat> detected;
  detected.reserve(beats.size());
  for (const auto& b : beats) detected.push_back(to_detected(b));
  if (signal == SignalChoice::kEcg && !beat_samples.empty()) {
    dsp::EdrConfig config;
    config.sample_rate_hz = fs;
    config.spectral = spectral;
    const auto edr = dsp::edr_respiration_rates(dsp::edr_beats(beat_samples, detected, config),
                                                kRespirationWindowS, kRespirationStepS, spectral);
    for (std::size_t i = 0; i < std::min(windows, edr.size()); ++i) {
      estimates[i].push_back({dsp::RespirationSource::kEdrAmplitude, edr[i].r_amplitude});
      estimates[i].push_back({dsp::RespirationSource::kEdrArea, edr[i].qrs_area});
    }
  } else if (signal == SignalChoice::kPpg && !beat_samples.empty()) {
    dsp::PpgRespirationConfig config;
    config.sample_rate_hz = fs;
    config.spectral = spectral;
    const auto ppg = dsp::ppg_respiration_rates(
        dsp::ppg_pulse_features(beat_samples, detected, config), kRespirationWindowS,
        kRespirationStepS, spectral);
    for (std::size_t i = 0; i < std::min(windows, ppg.size()); ++i) {
      estimates[i].push_back({dsp::RespirationSource::kPpgIntensity, ppg[i].intensity});
      estimates[i].push_back({dsp::RespirationSource::kPpgAmplitude, ppg[i].amplitude});
      estimates[i].push_back({dsp::RespirationSource::kPpgFrequency, ppg[i].frequency});
    }
  }
  return estimates;
}

/// Without a belt: the Viterbi path of the batch tracker (respiration_tracking.hpp) through
/// the surrogates' windows every kRespirationStepS, read at the end of each 60 s block.
std::vector<dsp::FusedRespiration> tracked_blocks(std::span<const dsp::RrInterval> nn,
                                                  std::span<const float> beat_samples, double fs,
                                                  SignalChoice signal,
                                                  std::span<const FileBeat> beats,
                                                  double duration_s, std::size_t blocks) {
  std::vector<dsp::FusedRespiration> out(blocks);
  if (nn.empty()) return out;
  const auto steps = static_cast<std::size_t>(
      std::floor((duration_s - kRespirationWindowS) / kRespirationStepS + 1e-9)) + 1;
  const auto estimates = surrogate_estimates(nn, beat_samples, fs, signal, beats, steps);
  std::vector<double> ends(steps);
  for (std::size_t w = 0; w < steps; ++w) {
    ends[w] = kRespirationWindowS + static_cast<double>(w) * kRespirationStepS;
  }
  const auto path = dsp::track_respiration_rates(ends, estimates);
  const auto steps_per_block = static_cast<std::size_t>(kRespirationWindowS / kRespirationStepS);
  for (std::size_t i = 0; i < blocks; ++i) {
    const std::size_t w = i * steps_per_block;  // the window ending at (i + 1) x 60 s
    if (w >= path.size()) break;
    out[i].rate_bpm = path[w].rate_bpm;
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
      per_block[i] = dsp::fuse_respiration(
          dsp::belt_respiration_rate(belt->breaths, t0, t0 + kRespirationWindowS), {});
    }
  } else {
    per_block = tracked_blocks(nn, beat_samples, fs, signal, beats, duration_s, windows);
  }
  std::vector<double> rates;
  double quality_sum = 0.0;
  std::array<std::size_t, 16> source_votes{};
  for (std::size_t i = 0; i < windows; ++i) {
    const auto& r = per_block[i];
    if (!std::isfinite(r.rate_bpm)) continue;
    const double t_end = static_cast<double>(i + 1) * kRespirationWindowS;
    out[i] = {t_end, r.rate_bpm, r.quality, kNaN};
    rates.push_back(r.rate_bpm);
    quality_sum += r.quality;
    ++source_votes[static_cast<std::size_t>(r.source) % source_votes.size()];
  }
  summary.windows = rates.size();
  if (!rates.empty()) {
    summary.median_rate_bpm = median(rates);
    summary.mean_quality = quality_sum / static_cast<double>(rates.size());
    const auto best = std::max_element(source_votes.begin(), source_votes.end());
    summary.source = std::string(
        dsp::to_string(static_cast<dsp::RespirationSource>(best - source_votes.begin())));
  }
  if (use_belt) summary.breaths = belt->breaths.size();
  return out;
}

CoherenceSummary summarize_coherence(std::span<const dsp::RrInterval> nn) {
  CoherenceSummary s;
  std::array<std::size_t, 3> levels{};
  double sum = 0.0;
  for (const auto& c : dsp::coherence_series(nn)) {
    if (!std::isfinite(c.ratio)) continue;
    ++s.updates;
    sum += c.ratio;
    s.max_ratio = std::isfinite(s.max_ratio) ? std::max(s.max_ratio, c.ratio) : c.ratio;
    if (c.level == dsp::CoherenceLevel::kLow) ++levels[0];
    if (c.level == dsp::CoherenceLevel::kMedium) ++levels[1];
    if (c.level == dsp::CoherenceLevel::kHigh) ++levels[2];
  }
  if (s.updates > 0) {
    s.mean_ratio = sum / static_cast<double>(s.updates);
    for (std::size_t i = 0; i < 3; ++i) {
      s.percent_low_medium_high[i] =
          100.0 * static_cast<double>(levels[i]) / static_cast<double>(s.updates);
    }
  }
  return s;
}

ArousalSummary analyze_arousal(std::span<const dsp::RrInterval> nn, double duration_s,
                               double baseline_s, std::span<const float> hr_quality_per_second,
                               std::span<const dsp::RespirationRate> respiration,
                               std::span<const double> scl_per_second) {
  ArousalSummary out;
  out.baseline_s = baseline_s;
  out.skin_conductance = !scl_per_second.empty();
  const auto seconds = static_cast<std::size_t>(std::floor(duration_s));
  std::vector<dsp::ArousalInput> inputs;
  inputs.reserve(seconds);
  dsp::SlidingTimeDomainHrv short_hrv(kLnRmssdWindowS);
  std::size_t next = 0;        // next NN interval to push
  std::size_t hr_first = 0;    // first NN interval inside the HR window
  for (std::size_t s = 1; s <= seconds; ++s) {
    const double t = static_cast<double>(s);
    while (next < nn.size() && nn[next].t_s <= t) short_hrv.push(nn[next++]);
    while (hr_first < next && nn[hr_first].t_s <= t - kHeartRateWindowS) ++hr_first;
    dsp::ArousalInput in;
    in.t_s = t;
    if (next > hr_first) {
      double sum = 0.0;
      for (std::size_t i = hr_first; i < next; ++i) sum += nn[i].rr_ms;
      in.hr_bpm = 60000.0 / (sum / static_cast<double>(next - hr_first));
    }
    in.hr_quality = s - 1 < hr_quality_per_second.size() ? hr_quality_per_second[s - 1] : 1.0;
    const auto h = short_hrv.current();
    in.ln_rmssd = h.rmssd_ms > 0.0 ? std::log(h.rmssd_ms) : kNaN;
    in.ln_rmssd_quality = in.hr_quality;
    const std::size_t w = s == 0 ? 0 : (s - 1) / static_cast<std::size_t>(kRespirationWindowS);
    if (w < respiration.size() && std::isfinite(respiration[w].rate_bpm)) {
      in.breathing_rate_bpm = respiration[w].rate_bpm;
      in.breathing_quality = respiration[w].quality;
    }
    if (s - 1 < scl_per_second.size()) in.scl_us = scl_per_second[s - 1];
    inputs.push_back(in);
  }
  const auto estimates = dsp::compute_arousal(inputs, {}, 0.0, baseline_s);
  std::array<std::size_t, 5> bands{};
  double index_sum = 0.0, confidence_sum = 0.0;
  for (const auto& e : estimates) {
    if (e.t_s < baseline_s || !e.shown()) continue;
    ++out.updates;
    index_sum += e.index;
    confidence_sum += e.confidence;
    ++bands[static_cast<std::size_t>(e.band)];
  }
  if (out.updates > 0) {
    out.mean_index = index_sum / static_cast<double>(out.updates);
    out.mean_confidence = confidence_sum / static_cast<double>(out.updates);
    for (std::size_t i = 0; i < bands.size(); ++i) {
      out.percent_by_band[i] = 100.0 * static_cast<double>(bands[i]) / static_cast<double>(out.updates);
    }
  }
  return out;
}

}  // namespace resonant::engine::detail
