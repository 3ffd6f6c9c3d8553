#pragma once
// test-only; the product's WFDB/EDF/CSV readers come with the analyze command.
//
// Just enough of PhysioNet's WFDB formats to run golden tests on ../shared/data:
//  - .hea headers (record line + one line per signal: file, format[xSPF], gain[(baseline)]
//    [/units], resolution, ADC zero, initial value, checksum, block size, description);
//  - format 212 signal files (two 12-bit two's-complement samples packed in 3 bytes) and
//    format 16 (little-endian int16), with an optional byte offset ("16+24");
//  - MIT-format annotation files (.atr, .ecg): 16-bit little-endian words holding a 6-bit type
//    code and a 10-bit time difference, with the pseudo-codes SKIP (59: a 32-bit interval
//    follows), NUM (60), SUB (61), CHN (62) and AUX (63: that many bytes of text follow);
//  - a CSV table with one header row (NeuroKit example files).
// Errors throw std::runtime_error naming the file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace resonant::testing {

struct WfdbSignalInfo {
  std::string file_name;
  int format = 0;
  int samples_per_frame = 1;
  std::size_t byte_offset = 0;  // bytes to skip at the start of the signal file
  double gain = 200.0;   // ADC units per physical unit
  double baseline = 0.0; // ADC value of physical zero (the ADC zero when not given)
  std::string description;
};

struct WfdbHeader {
  std::string record;
  double frame_rate_hz = 0.0;
  std::int64_t frame_count = 0;
  std::vector<WfdbSignalInfo> signals;
};

WfdbHeader read_wfdb_header(const std::filesystem::path& hea_path);

/// All signals of a record whose signals share one format-212 or format-16 file, in physical
/// units ((raw - baseline) / gain). result[s] holds signal s at frame_rate x samples_per_frame.
std::vector<std::vector<float>> read_wfdb_signals(const std::filesystem::path& hea_path,
                                                  WfdbHeader* header_out = nullptr);

struct WfdbAnnotation {
  std::int64_t sample = 0;  // samples from the start of the record
  int code = 0;             // MIT annotation code (1 = N, 5 = V, ...)
  int subtype = 0;
  int channel = 0;
  int number = 0;
  std::string aux;          // e.g. "(AFIB" on rhythm annotations
};

std::vector<WfdbAnnotation> read_mit_annotations(const std::filesystem::path& path);

/// Mnemonic of an MIT annotation code ('N', 'V', '+', ...); '?' style fallbacks for unknown.
char annotation_symbol(int code);

/// True for the beat labels EC57 scores: N L R B A a J S V r F e j n E / f Q ?
bool is_beat_annotation(int code);

inline constexpr int kAnnotationNormal = 1;  // 'N'

struct CsvTable {
  std::vector<std::string> columns;
  std::vector<std::vector<float>> values;  // values[column][row]
  /// The named column; throws std::out_of_range when absent.
  const std::vector<float>& column(const std::string& name) const;
};

CsvTable read_csv_table(const std::filesystem::path& path);

}  // namespace resonant::testing
