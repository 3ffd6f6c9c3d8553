// File analysis of the channels beside the heart (file_analysis_steps.hpp): a belt and skin
// conductance, with a heart channel or on their own.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <resonant/dsp/breath_statistics.hpp>

#include "file_analysis_steps.hpp"
#include "file_beats_detail.hpp"
#include "file_channel.hpp"

namespace resonant::engine::detail {

void analyze_companions(const FileChannel& file, FileAnalysis& out,
                        std::optional<BeltAnalysis>& belt, std::vector<double>& scl,
                        const ProgressFn& progress) {
  const auto& info = file.record->info();
  const auto channel_of = [&](SignalChoice kind) {
    return file.signal == kind ? file.info : find_companion(info, kind);
  };
  // Progress only for the analysed channel (the report's one reading when there is no heart).
  const auto progress_of = [&](const records::ChannelInfo* c) {
    return c == file.info ? progress : ProgressFn{};
  };
  if (const auto* c = channel_of(SignalChoice::kResp)) {
    const double fs = c->sample_rate_hz;
    if (fs >= kMinBeltRateHz && fs <= kMaxBeltRateHz) {
      belt = analyze_belt(*file.record, *c, progress_of(c));
      out.quality.push_back(belt->quality);
      auto statistics = dsp::breath_statistics(belt->breaths);
      // The first onset, moved back by the band-pass's delay correction, can fall just
      // before the recording's start.
      statistics.longest_breath_onset_s = std::max(0.0, statistics.longest_breath_onset_s);
      out.breathing = BreathingSummary{c->name, statistics};
    } else {
      out.notes.push_back("respiration channel \"" + c->name + "\" left out: sampled at " +
                          number_text(fs) + " Hz, the breath detector needs 10-1000 Hz");
    }
  }
  if (const auto* c = channel_of(SignalChoice::kEda)) {
    const double fs = c->sample_rate_hz;
    if (fs >= kMinQualityRateHz && fs <= kMaxQualityRateHz) {
      auto eda = analyze_skin_conductance(*file.record, *c, progress_of(c));
      out.quality.push_back(eda.quality);
      out.skin_conductance = std::move(eda.summary);
      scl = std::move(eda.level_per_second);
    } else {
      out.notes.push_back("skin-conductance channel \"" + c->name + "\" left out: sampled at " +
                          number_text(fs) + " Hz, outside 4-2000 Hz");
    }
  }
}

FileAnalysis analyze_without_heart(const FileSource& source, const AnalysisOptions& options,
                                   const FileChannel& file, FileAnalysis out,
                                   const ProgressFn& progress) {
  const std::string name = source.path.filename().string();
  const auto& info = file.record->info();
  const std::string kind = std::string(to_string(file.signal));
  if (!options.resonance_segments.empty()) {
    throw FileSourceError(name + ": --resonance needs heart beats (an ECG, PPG or RR channel); "
                          "channel \"" + file.info->name + "\" is " + kind);
  }
  const double fs = file.info->sample_rate_hz;
  const bool belt = file.signal == SignalChoice::kResp;
  const double low = belt ? kMinBeltRateHz : kMinQualityRateHz;
  const double high = belt ? kMaxBeltRateHz : kMaxQualityRateHz;
  if (!(fs >= low && fs <= high)) {
    throw FileSourceError(name + ": channel \"" + file.info->name + "\" (" + kind +
                          ") is sampled at " + number_text(fs) + " Hz; " +
                          (belt ? "the breath detector" : "skin conductance") + " needs " +
                          number_text(low) + "-" + number_text(high) + " Hz");
  }
  out.heart_analysed = false;
  out.channel_name = file.info->name;
  out.sample_rate_hz = fs;
  out.duration_s = static_cast<double>(file.info->sample_count) / fs;
  std::string heart_channels;
  bool ecg = false, ppg = false;
  for (const auto& c : info.channels) {
    if (c.kind == records::SignalKind::ecg || c.kind == records::SignalKind::ppg) {
      heart_channels += (heart_channels.empty() ? "\"" : ", \"") + c.name + "\"";
      (c.kind == records::SignalKind::ecg ? ecg : ppg) = true;
    }
  }
  out.heart_not_analysed =
      info.channels.size() == 1 ? "the record holds only this channel"
      : heart_channels.empty()
          ? "the record has no heart channel recognised by name (ECG, PPG or RR); name one with "
            "--channel NAME|N --signal ecg|ppg"
          : "this report covers the " + std::string(belt ? "breathing belt" : "skin conductance") +
                "; the record's heart channel (" + heart_channels +
                ") is analysed with --signal " + (ecg && ppg ? "ecg or ppg" : ecg ? "ecg" : "ppg");
  std::optional<BeltAnalysis> belt_analysis;
  std::vector<double> scl;
  analyze_companions(file, out, belt_analysis, scl, progress);
  if (belt_analysis) {
    respiration_windows(belt_analysis, {}, {}, fs, file.signal, {}, out.duration_s,
                                out.respiration);
  }
  out.arousal.not_computed = "It needs heart beats: heart rate and lnRMSSD carry half its "
                             "weight.";
  return out;
}

}  // namespace resonant::engine::detail
