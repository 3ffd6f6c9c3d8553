#pragma once
// Opening a recorded file and choosing the channel to analyse (private to the engine).
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <resonant/engine/file_source.hpp>
#include <resonant/records/annotation_rr.hpp>
#include <resonant/records/record.hpp>

namespace resonant::engine::detail {

// An RR list whose next interval does not start where the last one ended (by more than this)
// has a hole: the beat that starts the interval opens a new series. 2 ms covers lists whose
// times and intervals are each rounded to the millisecond.
inline constexpr double kRrContinuityToleranceS = 0.002;

struct FileChannel {
  std::unique_ptr<records::Record> record;
  const records::ChannelInfo* info = nullptr;  // nullptr for an RR list or annotated beats
  SignalChoice signal = SignalChoice::kAutomatic;  // resolved: never kAutomatic
  std::string annotator;  // kRr from a WFDB annotation file ("atr", "ecg"); "" otherwise
};

/// Opens source.path and resolves the channel: by name/index (its kind from --signal or its
/// name), else the first channel of the requested kind, else the first ECG, then PPG channel,
/// else (WFDB) the record's beat annotations. With fall_back_to_belt_or_eda (analyze, which
/// reports those alone), a record without any of these resolves to its first belt, then
/// skin-conductance channel, and a headerless one-column file takes --signal resp or eda too.
/// An RR-interval list, or annotations asked for with FileSource::annotator, resolve to kRr.
/// Throws FileSourceError with the file's name.
FileChannel open_file_channel(const FileSource& source, bool fall_back_to_belt_or_eda = false);

/// The intervals of a kRr channel: the RR list, or the N-N intervals of the annotation file
/// (with what the annotations held in *annotated when given). An RR list whose time column
/// does not fit its intervals as beat times (over a tenth of the intervals would not start
/// where the previous one ended: an index, start times, or another unit) is timed by the
/// running sum of its intervals instead, and *note says so.
std::vector<records::RrInterval> rr_list_of(const FileChannel& file,
                                            records::AnnotatedNnSeries* annotated = nullptr,
                                            std::string* note = nullptr);

/// The interval's start, t_s minus the interval.
double rr_start_s(const records::RrInterval& r);

/// True when `next` does not start where `previous` ended (a hole in the list: a beat, or a
/// left-out non-normal beat's intervals, missing between them).
bool hole_between(const records::RrInterval& previous, const records::RrInterval& next);

/// Intervals whose start is not the previous interval's end (holes in the list).
std::size_t rr_list_holes(std::span<const records::RrInterval> list);

/// "nsr001.ecg": the annotation file's name as a person sees it beside the header.
std::string annotation_file_name(const FileChannel& file);

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
