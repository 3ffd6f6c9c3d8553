#include "file_channel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace resonant::engine::detail {
namespace {

constexpr std::size_t kChunkSamples = std::size_t{1} << 16;  // 256 KiB of floats
constexpr double kMillisecondsPerSecond = 1000.0;
// A time column is not trusted when more than 1 in this many intervals leave a hole: real
// exports drop a beat now and then, not every tenth.
constexpr std::size_t kMaxHoleShareDenominator = 10;

records::SignalKind to_record_kind(SignalChoice c) {
  switch (c) {
    case SignalChoice::kEcg: return records::SignalKind::ecg;
    case SignalChoice::kPpg: return records::SignalKind::ppg;
    case SignalChoice::kResp: return records::SignalKind::resp;
    case SignalChoice::kEda: return records::SignalKind::eda;
    case SignalChoice::kRr: return records::SignalKind::rr;
    case SignalChoice::kAutomatic: break;
  }
  return records::SignalKind::other;
}

SignalChoice from_record_kind(records::SignalKind k) {
  switch (k) {
    case records::SignalKind::ecg: return SignalChoice::kEcg;
    case records::SignalKind::ppg: return SignalChoice::kPpg;
    case records::SignalKind::resp: return SignalChoice::kResp;
    case records::SignalKind::eda: return SignalChoice::kEda;
    case records::SignalKind::rr: return SignalChoice::kRr;
    case records::SignalKind::other: break;
  }
  return SignalChoice::kAutomatic;
}

std::string channel_list(const records::RecordInfo& info) {
  std::string list;
  for (const auto& c : info.channels) {
    if (!list.empty()) list += ", ";
    list += std::to_string(c.index) + " \"" + c.name + "\" (" +
            std::string(records::signal_kind_name(c.kind)) + ")";
  }
  return list.empty() ? std::string("none") : list;
}

const records::ChannelInfo* first_of(const records::RecordInfo& info, records::SignalKind kind) {
  for (const auto& c : info.channels) {
    if (c.kind == kind) return &c;
  }
  return nullptr;
}

std::string annotator_list(const records::RecordInfo& info) {
  std::string list;
  for (const auto& a : info.annotators) list += (list.empty() ? "" : ", ") + a;
  return list.empty() ? std::string("none") : list;
}

/// The annotator to read beats from: "atr" (PhysioNet's reference annotations) when present,
/// else the first one found; "" when there is none.
std::string default_annotator(const records::RecordInfo& info) {
  if (std::find(info.annotators.begin(), info.annotators.end(), "atr") != info.annotators.end()) {
    return "atr";
  }
  return info.annotators.empty() ? std::string{} : info.annotators.front();
}

/// Checks an explicit --annotations request against the record.
void check_annotator(const FileSource& source, const records::RecordInfo& info,
                     const std::string& file) {
  if (info.format != records::Format::wfdb) {
    throw FileSourceError(file + ": --annotations reads WFDB annotation files; this is a " +
                          std::string(records::format_name(info.format)) + " file");
  }
  if (!source.channel.empty()) {
    throw FileSourceError(file + ": --annotations takes the beats from the annotation file, "
                          "--channel detects them in a channel: give one of the two");
  }
  if (source.signal != SignalChoice::kAutomatic && source.signal != SignalChoice::kRr) {
    throw FileSourceError(file + ": --annotations gives beat intervals (rr), not a " +
                          std::string(to_string(source.signal)) + " channel");
  }
  const auto& found = info.annotators;
  if (std::find(found.begin(), found.end(), source.annotator) == found.end()) {
    throw FileSourceError(file + ": no annotation file " + info.record_name + "." +
                          source.annotator + " beside the header (annotation files found: " +
                          annotator_list(info) + ")");
  }
}

records::RrUnits to_record_units(RrUnitsChoice u) {
  switch (u) {
    case RrUnitsChoice::kMilliseconds: return records::RrUnits::milliseconds;
    case RrUnitsChoice::kSeconds: return records::RrUnits::seconds;
    case RrUnitsChoice::kAutomatic: break;
  }
  return records::RrUnits::automatic;
}

}  // namespace

FileChannel open_file_channel(const FileSource& source, bool fall_back_to_belt_or_eda) {
  return translating_record_errors([&] {
    records::OpenOptions options;
    options.sample_rate_hz = source.sample_rate_hz;
    options.allow_truncated = source.allow_truncated;
    options.rr_units = to_record_units(source.rr_units);
    FileChannel out;
    out.record = records::open_record(source.path, options);
    const auto& info = out.record->info();
    const std::string file = source.path.filename().string();

    if (!source.annotator.empty()) {
      check_annotator(source, info, file);
      out.signal = SignalChoice::kRr;
      out.annotator = source.annotator;
      return out;
    }
    if (info.format == records::Format::rr_text) {
      if (source.signal != SignalChoice::kAutomatic && source.signal != SignalChoice::kRr) {
        throw FileSourceError(file + ": this is a list of RR intervals, not a " +
                              std::string(to_string(source.signal)) + " waveform");
      }
      out.signal = SignalChoice::kRr;
      return out;
    }
    if (!source.channel.empty()) {
      out.info = &records::find_channel(info, source.channel);
      out.signal = source.signal != SignalChoice::kAutomatic ? source.signal
                                                             : from_record_kind(out.info->kind);
      if (out.signal == SignalChoice::kAutomatic) {
        throw FileSourceError(file + ": cannot tell what channel \"" + out.info->name +
                              "\" holds; say it with --signal (" +
                              std::string(kSignalChoiceNames) + ")");
      }
      return out;
    }
    if (source.signal != SignalChoice::kAutomatic) {
      out.info = first_of(info, to_record_kind(source.signal));
      // One column of no known kind (a sensor's log without a header, read with --rate, or a
      // sketch's "millis,value"): --signal says which heart signal (or, for analyze, which
      // other signal) it holds.
      const bool heart_signal =
          source.signal == SignalChoice::kEcg || source.signal == SignalChoice::kPpg;
      const bool other_signal =
          source.signal == SignalChoice::kResp || source.signal == SignalChoice::kEda;
      const bool readable = heart_signal || (fall_back_to_belt_or_eda && other_signal);
      const bool table =
          info.format == records::Format::text_table || info.format == records::Format::csv;
      if (out.info == nullptr && readable && table && info.channels.size() == 1 &&
          info.channels[0].kind == records::SignalKind::other) {
        out.info = &info.channels[0];
      }
      if (out.info == nullptr) {
        throw FileSourceError(file + ": no " + std::string(to_string(source.signal)) +
                              " channel found by name; choose one with --channel. Channels: " +
                              channel_list(info));
      }
      out.signal = source.signal;
      return out;
    }
    for (auto kind : {records::SignalKind::ecg, records::SignalKind::ppg}) {
      if (const auto* c = first_of(info, kind)) {
        out.info = c;
        out.signal = from_record_kind(kind);
        return out;
      }
    }
    if (info.channels.empty()) {
      if (info.format == records::Format::wfdb && !info.annotators.empty()) {
        // A beat-annotation record (nsr2db: no signals, only beats): analyse the annotations.
        out.signal = SignalChoice::kRr;
        out.annotator = default_annotator(info);
        return out;
      }
      throw FileSourceError(file + ": the record has no signal channels and no annotation file "
                            "beside its header (a WFDB .atr or .ecg file with its beats)");
    }
    if (fall_back_to_belt_or_eda && info.annotators.empty()) {
      for (auto kind : {records::SignalKind::resp, records::SignalKind::eda}) {
        if (const auto* c = first_of(info, kind)) {
          out.info = c;
          out.signal = from_record_kind(kind);
          return out;
        }
      }
    }
    const std::string annotations_hint =
        info.annotators.empty() ? std::string{}
                                : " (or take the beats from its annotations with --annotations " +
                                      default_annotator(info) + ")";
    throw FileSourceError(file + ": no " +
                          (fall_back_to_belt_or_eda && info.annotators.empty()
                               ? "ECG, PPG, breathing belt or skin-conductance"
                               : "ECG or PPG") +
                          " channel recognised by name; choose one with --channel NAME|N and "
                          "--signal" + annotations_hint + ". Channels: " + channel_list(info));
  });
}

double rr_start_s(const records::RrInterval& r) {
  return r.t_s - r.rr_ms / kMillisecondsPerSecond;
}

bool hole_between(const records::RrInterval& previous, const records::RrInterval& next) {
  return std::abs(rr_start_s(next) - previous.t_s) > kRrContinuityToleranceS;
}

std::size_t rr_list_holes(std::span<const records::RrInterval> list) {
  std::size_t holes = 0;
  for (std::size_t i = 1; i < list.size(); ++i) holes += hole_between(list[i - 1], list[i]) ? 1 : 0;
  return holes;
}

std::vector<records::RrInterval> rr_list_of(const FileChannel& file,
                                            records::AnnotatedNnSeries* annotated,
                                            std::string* note) {
  return translating_record_errors([&] {
    if (file.annotator.empty()) {
      std::vector<records::RrInterval> list = file.record->rr_intervals();
      const std::size_t holes = rr_list_holes(list);
      if (holes * kMaxHoleShareDenominator > list.size()) {
        double t_s = 0.0;
        for (auto& r : list) r.t_s = t_s += r.rr_ms / kMillisecondsPerSecond;
        if (note != nullptr) {
          *note = "the first column does not fit the intervals as beat times (" +
                  std::to_string(holes) + " of " + std::to_string(list.size()) +
                  " intervals would not start where the previous one ended), so the intervals "
                  "were timed by their running sum";
        }
      }
      return list;
    }
    records::AnnotatedNnSeries series = records::nn_series_from_annotations(
        file.record->read_annotations(file.annotator), file.record->info().frame_rate_hz);
    if (series.nn.empty()) {
      throw FileSourceError(annotation_file_name(file) + ": no two consecutive normal beats "
                            "(N, L, R or B) among its " + std::to_string(series.beats) +
                            " beat annotations, so there is no N-N interval to analyse; "
                            "annotation files beside the header: " +
                            annotator_list(file.record->info()) +
                            " (choose one with --annotations NAME)");
    }
    std::vector<records::RrInterval> nn = std::move(series.nn);
    series.nn.clear();
    if (annotated != nullptr) *annotated = std::move(series);
    return nn;
  });
}

std::string annotation_file_name(const FileChannel& file) {
  return file.record->info().record_name + "." + file.annotator;
}

const records::ChannelInfo* find_companion(const records::RecordInfo& info, SignalChoice kind) {
  return first_of(info, to_record_kind(kind));
}

void stream_channel(const records::Record& record, std::size_t channel,
                    const std::function<void(std::span<const float>)>& consume,
                    const ProgressFn& progress) {
  translating_record_errors([&] {
    auto reader = record.open_channel(channel);
    const double total = static_cast<double>(reader->info().sample_count);
    std::vector<float> chunk(kChunkSamples);
    double done = 0.0;
    for (;;) {
      const std::size_t n = reader->read(chunk);
      if (n == 0) break;
      consume(std::span<const float>(chunk.data(), n));
      done += static_cast<double>(n);
      if (progress && total > 0.0) progress(std::min(1.0, done / total));
    }
  });
}

std::vector<float> read_channel(const records::Record& record, std::size_t channel,
                                const ProgressFn& progress) {
  std::vector<float> all;
  all.reserve(static_cast<std::size_t>(record.info().channels.at(channel).sample_count));
  stream_channel(
      record, channel, [&](std::span<const float> s) { all.insert(all.end(), s.begin(), s.end()); },
      progress);
  return all;
}

}  // namespace resonant::engine::detail
