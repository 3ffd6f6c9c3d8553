#include "file_analysis_steps.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/coherence.hpp>
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/dsp/skin_conductance.hpp>

#include "file_channel.hpp"

namespace resonant::engine::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kHeartRateWindowS = 5.0;   // HR input of the arousal index: mean over this
constexpr double kLnRmssdWindowS = 64.0;    // §7.4: lnRMSSD over a short window
constexpr double kSecondsPerMinute = 60.0;

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

BeltAnalysis analyze_belt(const records::Record& record, const records::ChannelInfo& channel,
                          const ProgressFn& progress) {
  BeltAnalysis out;
  dsp::BeltRespirationConfig config;
  config.sample_rate_hz = channel.sample_rate_hz;
  dsp::BeltRespiration belt(config);
  dsp::SignalQualityAssessor assessor(
      dsp::signal_quality_config(ChannelKind::kResp, channel.sample_rate_hz));
  QualityTally tally;
  stream_channel(
      record, channel.index,
      [&](std::span<const float> chunk) {
        for (float v : chunk) {
          const float x = std::isfinite(v) ? v : 0.0f;  // a gap reads as a flat line: no breaths
          if (auto b = belt.push(x)) out.breaths.push_back(*b);
          if (auto q = assessor.push(x)) tally.add(*q);
        }
      },
      progress);
  out.quality = tally.summary(channel.name, SignalChoice::kResp);
  return out;
}

SkinConductanceAnalysis analyze_skin_conductance(const records::Record& record,
                                                 const records::ChannelInfo& channel,
                                                 const ProgressFn& progress) {
  SkinConductanceAnalysis out;
  SkinConductanceSummary& summary = out.summary;
  summary.channel = channel.name;
  summary.units = channel.units;
  // A file that states no unit (a CSV column without one) is read as µS, the unit EDA
  // sensors report.
  const bool in_microsiemens = channel.units.empty() || records::is_microsiemens(channel.units);
  // In µS a level outside skin's range is no skin (electrodes off, a short, another unit):
  // left out of the level as of the responses. In another unit every finite sample counts.
  const auto valid = [&](float v) {
    return std::isfinite(v) && (!in_microsiemens || (v >= dsp::kMinSkinConductanceUs &&
                                                     v <= dsp::kMaxSkinConductanceUs));
  };
  const auto per = static_cast<std::size_t>(std::max(1.0, std::round(channel.sample_rate_hz)));
  dsp::SignalQualityAssessor assessor(
      dsp::signal_quality_config(ChannelKind::kEda, channel.sample_rate_hz));
  dsp::SkinConductanceConfig scr_config;
  scr_config.sample_rate_hz = channel.sample_rate_hz;
  scr_config.low_pass_hz = dsp::skin_conductance_low_pass_hz_for(channel.sample_rate_hz);
  dsp::SkinConductanceResponses responses(scr_config);
  std::vector<double> amplitudes_us;
  QualityTally tally;
  double sum = 0.0;
  std::size_t n = 0, filled = 0;
  stream_channel(
      record, channel.index,
      [&](std::span<const float> chunk) {
        for (float v : chunk) {
          const bool ok = valid(v);
          if (ok) {
            sum += v;
            ++n;
          }
          if (auto q = assessor.push(std::isfinite(v) ? v : 0.0f)) tally.add(*q);
          if (in_microsiemens) {
            if (auto r = responses.push(ok ? v : std::numeric_limits<float>::quiet_NaN())) {
              amplitudes_us.push_back(r->amplitude_us);
            }
          }
          if (++filled == per) {
            out.level_per_second.push_back(n > 0 ? sum / static_cast<double>(n) : kNaN);
            sum = 0.0;
            n = filled = 0;
          }
        }
      },
      progress);
  out.quality = tally.summary(channel.name, SignalChoice::kEda);

  std::vector<double> levels;
  levels.reserve(out.level_per_second.size());
  for (const double level : out.level_per_second) {
    if (std::isfinite(level)) levels.push_back(level);
  }
  summary.valid_s = static_cast<double>(levels.size());
  if (!levels.empty()) {
    const auto mean_of = [](auto first, auto last) {
      return std::accumulate(first, last, 0.0) / static_cast<double>(std::distance(first, last));
    };
    summary.mean_level = mean_of(levels.begin(), levels.end());
    const auto [lo, hi] = std::minmax_element(levels.begin(), levels.end());
    summary.min_level = *lo;
    summary.max_level = *hi;
    // First against last minute only when they do not overlap.
    const auto minute = static_cast<std::ptrdiff_t>(kSecondsPerMinute);
    if (levels.size() >= 2 * static_cast<std::size_t>(minute)) {
      summary.first_minute_level = mean_of(levels.begin(), levels.begin() + minute);
      summary.last_minute_level = mean_of(levels.end() - minute, levels.end());
    }
  }
  if (!in_microsiemens) {
    summary.not_scored = "the channel is in " + channel.units +
                         ", and their threshold (0.01 µS) needs µS";
  } else if (responses.valid_s() == 0.0) {
    summary.not_scored = "no sample lies within skin's range (0.05-100 µS): the electrodes were "
                         "off, or the channel is not in µS";
  } else {
    summary.scored = true;
    summary.responses = amplitudes_us.size();
    summary.scored_s = responses.valid_s();
    // A rate only over at least a minute: fewer seconds would scale a handful up.
    if (summary.scored_s >= kSecondsPerMinute) {
      summary.responses_per_min =
          static_cast<double>(summary.responses) / (summary.scored_s / kSecondsPerMinute);
    }
    if (!amplitudes_us.empty()) {
      std::sort(amplitudes_us.begin(), amplitudes_us.end());
      const std::size_t mid = amplitudes_us.size() / 2;
      summary.median_amplitude_us = amplitudes_us.size() % 2 == 1
                                        ? amplitudes_us[mid]
                                        : 0.5 * (amplitudes_us[mid - 1] + amplitudes_us[mid]);
      summary.largest_amplitude_us = amplitudes_us.back();
    }
  }
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
    in.ln_rmssd = dsp::ln_rmssd_ms(h.rmssd_ms);
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
