#pragma once
// One entry point for every biosignal file Resonant reads: open_record(path) detects the format
// and returns a Record whose channels are read as streams of physical values, chunk by chunk,
// so a 24-hour multi-channel recording is never held whole.
//
// Detection (first match wins):
//   WFDB    .hea; a .dat/.mat whose record has a .hea beside it; a record name without
//           extension whose <name>.hea exists.
//   EDF     .edf/.bdf extension or the EDF ("0       ") / BDF ("\xffBIOSEMI") magic bytes
//           (EDF, EDF+, BDF, BDF+ via EDFlib).
//   text    a "# Simple Text Format"/"# Sampling Rate" comment block (BioSPPy): text table;
//           a first line with a non-numeric cell: CSV with one header row;
//           numbers only: RR-interval list (one interval a line, or time,rr), unless
//           OpenOptions::sample_rate_hz is given, which makes it a headerless signal table.
// A Record and the readers it opens are meant for one thread at a time.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <resonant/records/annotations.hpp>
#include <resonant/records/record_error.hpp>
#include <resonant/records/rr_text.hpp>

namespace resonant::records {

enum class Format { wfdb, edf, edf_plus, bdf, bdf_plus, csv, text_table, rr_text };
enum class SignalKind { ecg, ppg, resp, eda, rr, other };

std::string_view format_name(Format format);
std::string_view signal_kind_name(SignalKind kind);

/// Guess from a channel name and its units: "MLII", "II", "V", "ECG" -> ecg; "PLETH", "PPG",
/// "BVP" -> ppg; "RESP", "RSP" -> resp; "GSR", "EDA" or units of µS -> eda; "RR", "IBI" -> rr.
SignalKind guess_signal_kind(std::string_view name, std::string_view units);

/// True for µS written any usual way ("uS", "µS" with the micro sign or Greek mu, "microsiemens",
/// or "umho", the same unit under its old name); case and spaces do not matter.
bool is_microsiemens(std::string_view units);

/// The unit a column name states in brackets at its end: "GSR (kOhm)" -> "kOhm",
/// "EDA [uS]" -> "uS"; "" when it states none.
std::string units_in_name(std::string_view name);

struct ChannelInfo {
  std::size_t index = 0;
  std::string name;        // WFDB description, EDF label, CSV column name
  std::string units;       // physical units as the file states them ("mV", "NU", "" unknown)
  double sample_rate_hz = std::numeric_limits<double>::quiet_NaN();  // NaN: irregular (RR)
  std::uint64_t sample_count = 0;
  SignalKind kind = SignalKind::other;
  // Digital-to-physical mapping where the file has one: physical = (digital - baseline) / gain.
  double gain = std::numeric_limits<double>::quiet_NaN();       // digital units per unit
  double baseline = std::numeric_limits<double>::quiet_NaN();
  std::optional<std::int32_t> checksum;  // WFDB: 16-bit sum of the stored samples
};

/// A text event of the record (EDF+ annotations), times from the start of the record.
struct TextEvent {
  double onset_s = 0.0;
  double duration_s = std::numeric_limits<double>::quiet_NaN();  // NaN: not given
  std::string text;
};

struct RecordInfo {
  Format format = Format::wfdb;
  std::filesystem::path path;       // the file that was opened (the .hea for WFDB)
  std::string record_name;          // WFDB record name, or the file stem
  double frame_rate_hz = std::numeric_limits<double>::quiet_NaN();  // WFDB frame rate
  std::string start_time;           // as the file writes it ("17:27:45 15/08/1994"), or ""
  std::vector<ChannelInfo> channels;
  std::vector<std::string> comments;     // WFDB '#' lines, EDF recording/patient fields
  std::vector<std::string> annotators;   // WFDB annotation files found beside: "atr", "ecg"
  std::vector<TextEvent> events;         // EDF+ annotations
  bool truncated = false;  // the signal file holds less than the header promises
  /// What the reader noticed that puts in doubt how the file was read, in plain words to show
  /// beside what is made of it (a bare column read as RR intervals that repeats like a
  /// sampled wave; a WFDB signal file read short with allow_truncated).
  std::vector<std::string> reading_notes;
};

struct OpenOptions {
  /// Sample rate for text files without a time column (the CLI's --rate). With a time column
  /// present it must agree within 1 %.
  std::optional<double> sample_rate_hz;
  /// Read what a short WFDB signal file holds instead of failing (RecordInfo::truncated).
  bool allow_truncated = false;
  /// Units of RR-interval text; automatic: median < 10 means seconds, else milliseconds, and a
  /// bare column that repeats like a sampled wave gets a reading note (RecordInfo). Given
  /// units say the column holds intervals: no note.
  RrUnits rr_units = RrUnits::automatic;
};

/// A stream of one channel's samples. Self-contained: it keeps what it needs alive.
class ChannelReader {
 public:
  virtual ~ChannelReader() = default;
  /// Fills out with the next samples in physical units (NaN for samples the file marks
  /// invalid); returns how many, 0 at the end.
  virtual std::size_t read(std::span<float> out) = 0;
  /// The same samples as stored (ADC units); RecordError for formats without them (text).
  virtual std::size_t read_digital(std::span<std::int32_t> out);
  virtual const ChannelInfo& info() const = 0;
};

class Record {
 public:
  virtual ~Record() = default;
  const RecordInfo& info() const { return info_; }
  virtual std::unique_ptr<ChannelReader> open_channel(std::size_t index) const = 0;
  /// WFDB annotation file "<record>.<annotator>" beside the header (e.g. "atr", "ecg").
  virtual std::vector<Annotation> read_annotations(std::string_view annotator) const;
  /// The intervals of an RR-interval text record.
  virtual std::vector<RrInterval> rr_intervals() const;

 protected:
  RecordInfo info_;
};

std::unique_ptr<Record> open_record(const std::filesystem::path& path,
                                    const OpenOptions& options = {});

/// Channel by name (case-insensitive) or by index written as digits ("MLII", "0");
/// RecordError listing the available channels otherwise.
const ChannelInfo& find_channel(const RecordInfo& info, std::string_view name_or_index);

/// A whole channel in memory, for small files; RecordError when longer than max_samples.
std::vector<float> read_all(const Record& record, std::size_t channel,
                            std::size_t max_samples = std::size_t{1} << 26);

/// WFDB-style checksum of a channel: the 16-bit two's-complement sum of its stored samples.
std::int32_t channel_checksum(const Record& record, std::size_t channel);

}  // namespace resonant::records
