#include "file_channel.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace resonant::engine::detail {
namespace {

constexpr std::size_t kChunkSamples = std::size_t{1} << 16;  // 256 KiB of floats

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

records::RrUnits to_record_units(RrUnitsChoice u) {
  switch (u) {
    case RrUnitsChoice::kMilliseconds: return records::RrUnits::milliseconds;
    case RrUnitsChoice::kSeconds: return records::RrUnits::seconds;
    case RrUnitsChoice::kAutomatic: break;
  }
  return records::RrUnits::automatic;
}

}  // namespace

FileChannel open_file_channel(const FileSource& source) {
  return translating_record_errors([&] {
    records::OpenOptions options;
    options.sample_rate_hz = source.sample_rate_hz;
    options.allow_truncated = source.allow_truncated;
    options.rr_units = to_record_units(source.rr_units);
    FileChannel out;
    out.record = records::open_record(source.path, options);
    const auto& info = out.record->info();
    const std::string file = source.path.filename().string();

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
    throw FileSourceError(file + ": no ECG or PPG channel recognised by name; choose one with "
                          "--channel NAME|N and --signal. Channels: " + channel_list(info));
  });
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
