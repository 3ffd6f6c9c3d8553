#pragma once
// Opening a recorded file and choosing the channel to analyse (private to the engine).
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include <resonant/engine/file_source.hpp>
#include <resonant/records/record.hpp>

namespace resonant::engine::detail {

struct FileChannel {
  std::unique_ptr<records::Record> record;
  const records::ChannelInfo* info = nullptr;  // nullptr for an RR-interval list
  SignalChoice signal = SignalChoice::kAutomatic;  // resolved: never kAutomatic
};

/// Opens source.path and resolves the channel: by name/index (its kind from --signal or its
/// name), else the first channel of the requested kind, else the first ECG, then PPG channel.
/// An RR-interval list resolves to kRr. Throws FileSourceError with the file's name.
FileChannel open_file_channel(const FileSource& source);

/// The first channel of a kind other than the chosen one (e.g. a belt beside an ECG), or
/// nullptr.
const records::ChannelInfo* find_companion(const records::RecordInfo& info, SignalChoice kind);

/// Streams a channel in chunks to `consume` (physical units, NaN = invalid), reporting
/// progress; memory stays bounded by the chunk.
void stream_channel(const records::Record& record, std::size_t channel,
                    const std::function<void(std::span<const float>)>& consume,
                    const ProgressFn& progress = {});

/// The whole channel as floats (4 bytes a sample: 86 MB for 24 h at 250 Hz).
std::vector<float> read_channel(const records::Record& record, std::size_t channel,
                                const ProgressFn& progress = {});

/// Runs fn, turning records::RecordError into FileSourceError (same message).
template <typename Fn>
auto translating_record_errors(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const records::RecordError& e) {
    throw FileSourceError(e.what());
  }
}

}  // namespace resonant::engine::detail
