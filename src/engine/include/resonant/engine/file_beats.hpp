#pragma once
// Beat detection over a recorded ECG or PPG channel (resonant-cli beats).
//
// offline (default): the detector's whole-record form, which may use hindsight;
// causal: exactly the live detector, sample by sample, as the pipeline runs it.
// Invalid samples (NaN, e.g. WFDB's invalid-sample code) split the record: the detector is
// reset after them and no beat is reported inside them.
#include <cstddef>
#include <string>
#include <vector>

#include <resonant/engine/file_source.hpp>

namespace resonant::engine {

struct FileBeat {
  double sample_index = 0.0;  // fractional position in the channel's own sample rate
  float quality = 1.0f;       // [0, 1], as the detector reports it
  float amplitude = 0.0f;     // R-wave / pulse height above the local baseline, channel units
  bool after_gap = false;     // first beat after invalid samples (or the record's start)
};

struct FileBeats {
  std::string channel_name;
  SignalChoice signal = SignalChoice::kEcg;  // kEcg or kPpg
  double sample_rate_hz = 0.0;
  std::size_t sample_count = 0;
  std::vector<FileBeat> beats;
};

/// Throws FileSourceError (bad file, unknown channel, channel that is not ECG/PPG).
FileBeats detect_file_beats(const FileSource& source, bool causal,
                            const ProgressFn& progress = {});

}  // namespace resonant::engine
