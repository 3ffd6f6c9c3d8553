#include <resonant/engine/file_beats.hpp>

#include <cmath>
#include <optional>
#include <span>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>

#include "file_beats_detail.hpp"
#include "file_channel.hpp"

namespace resonant::engine {
namespace {

FileBeat to_file_beat(const dsp::DetectedBeat& b, std::size_t offset, bool after_gap) {
  return {static_cast<double>(offset) + b.sample_index, b.quality, b.amplitude, after_gap};
}

/// Calls fn(start, span) for each run of valid (finite) samples.
template <typename Fn>
void for_each_valid_run(std::span<const float> x, Fn&& fn) {
  std::size_t i = 0;
  while (i < x.size()) {
    while (i < x.size() && !std::isfinite(x[i])) ++i;
    const std::size_t start = i;
    while (i < x.size() && std::isfinite(x[i])) ++i;
    if (i > start) fn(start, x.subspan(start, i - start));
  }
}

template <typename Detector>
void detect_causal(Detector& detector, const records::Record& record, std::size_t channel,
                   std::vector<FileBeat>& out, const ProgressFn& progress) {
  std::size_t index = 0;       // absolute sample index of the next sample
  std::size_t offset = 0;      // absolute index of the detector's sample 0
  bool in_gap = false;
  bool first_after_gap = true;
  detail::stream_channel(
      record, channel,
      [&](std::span<const float> chunk) {
        for (float v : chunk) {
          if (!std::isfinite(v)) {
            if (!in_gap) detector.reset();
            in_gap = true;
            first_after_gap = true;
          } else {
            if (in_gap) offset = index;
            in_gap = false;
            if (auto beat = detector.push(v)) {
              out.push_back(to_file_beat(*beat, offset, first_after_gap));
              first_after_gap = false;
            }
          }
          ++index;
        }
      },
      progress);
}

}  // namespace

namespace detail {

std::vector<FileBeat> detect_beats_offline(std::span<const float> samples, double sample_rate_hz,
                                           SignalChoice signal) {
  std::vector<FileBeat> out;
  dsp::EcgDetectorConfig ecg_config;
  ecg_config.sample_rate_hz = sample_rate_hz;
  dsp::PpgDetectorConfig ppg_config;
  ppg_config.sample_rate_hz = sample_rate_hz;
  for_each_valid_run(samples, [&](std::size_t start, std::span<const float> run) {
    const auto beats = signal == SignalChoice::kEcg ? dsp::detect_ecg_beats(run, ecg_config)
                                                    : dsp::detect_ppg_beats(run, ppg_config);
    bool first = true;
    for (const auto& b : beats) {
      out.push_back(to_file_beat(b, start, first));
      first = false;
    }
  });
  return out;
}

void check_beat_channel(const std::string& file, double fs, SignalChoice signal) {
  const bool ecg = signal == SignalChoice::kEcg;
  const double low = ecg ? 100.0 : 25.0;
  if (!(fs >= low && fs <= 2000.0)) {
    throw FileSourceError(file + ": " + (ecg ? "ECG" : "PPG") + " sampled at " +
                          detail::number_text(fs) + " Hz; the detector needs " +
                          std::to_string(static_cast<int>(low)) + "-2000 Hz");
  }
}

}  // namespace detail

FileBeats detect_file_beats(const FileSource& source, bool causal, const ProgressFn& progress) {
  auto file = detail::open_file_channel(source);
  const std::string name = source.path.filename().string();
  if (!file.annotator.empty()) {
    throw FileSourceError(name + ": the record has no ECG or PPG channel to detect beats in, only "
                          "the beat annotations in " + detail::annotation_file_name(file) +
                          " (resonant-cli analyze reads those)");
  }
  if (!file.info) {  // an RR-interval list: its beats are already there
    throw FileSourceError(name + ": an RR-interval list holds beats already, there is no "
                          "waveform to detect them in (resonant-cli analyze reads it)");
  }
  if (file.signal != SignalChoice::kEcg && file.signal != SignalChoice::kPpg) {
    throw FileSourceError(name + ": beats are detected in ECG or PPG channels; " +
                          (file.info ? "channel \"" + file.info->name + "\" is " : "this is ") +
                          std::string(to_string(file.signal)) +
                          " (choose another with --channel, or say --signal ecg|ppg)");
  }
  FileBeats result;
  result.channel_name = file.info->name;
  result.signal = file.signal;
  result.sample_rate_hz = file.info->sample_rate_hz;
  result.sample_count = static_cast<std::size_t>(file.info->sample_count);
  const bool ecg = file.signal == SignalChoice::kEcg;
  const double fs = file.info->sample_rate_hz;
  detail::check_beat_channel(name, fs, file.signal);

  if (causal) {
    if (ecg) {
      dsp::EcgDetectorConfig ecg_config;
      ecg_config.sample_rate_hz = fs;
      dsp::EcgBeatDetector detector(ecg_config);
      detect_causal(detector, *file.record, file.info->index, result.beats, progress);
    } else {
      dsp::PpgDetectorConfig ppg_config;
      ppg_config.sample_rate_hz = fs;
      dsp::PpgBeatDetector detector(ppg_config);
      detect_causal(detector, *file.record, file.info->index, result.beats, progress);
    }
    return result;
  }
  const std::vector<float> samples = detail::read_channel(*file.record, file.info->index, progress);
  result.sample_count = samples.size();
  result.beats = detail::detect_beats_offline(samples, fs, file.signal);
  return result;
}

}  // namespace resonant::engine
