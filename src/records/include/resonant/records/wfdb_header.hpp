#pragma once
// WFDB header (.hea) files, after PhysioNet's "header(5)" specification.
//
// Record line:  name[/segments] signals [frame_rate[/counter_rate[(base_counter)]]
//               [frames [base_time [base_date]]]]
// Signal line:  file format[xSPF][:skew][+byte_offset] [gain[(baseline)][/units]
//               [adc_resolution [adc_zero [initial_value [checksum [block_size
//               [description]]]]]]]
// '#' lines are comments. Defaults as in WFDB: frame rate 250, gain 200 (also when written
// as 0), units "mV", baseline = ADC zero.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resonant::records {

struct WfdbSignalSpec {
  std::string file_name;
  int format = 0;
  int samples_per_frame = 1;
  std::int64_t skew_frames = 0;     // the signal's frame f is stored in file frame f + skew
  std::int64_t byte_offset = 0;     // bytes before the first sample in the signal file
  double gain = 200.0;              // ADC units per physical unit
  double baseline = 0.0;            // ADC value of physical zero
  std::string units = "mV";
  int adc_resolution = 0;           // bits; 0 when not given
  std::int32_t adc_zero = 0;
  std::optional<std::int32_t> initial_value;
  std::optional<std::int32_t> checksum;
  std::int64_t block_size = 0;
  std::string description;
};

struct WfdbHeader {
  std::string record_name;
  double frame_rate_hz = 250.0;
  std::optional<double> counter_frequency_hz;
  std::optional<std::int64_t> frame_count;  // absent or 0 in the file: unknown
  std::string base_time;
  std::string base_date;
  std::vector<WfdbSignalSpec> signals;
  std::vector<std::string> comments;        // without the '#'
};

// Limits that keep a hostile header from asking for absurd memory or time.
inline constexpr int kMaxWfdbSignals = 4096;
inline constexpr int kMaxSamplesPerFrame = 65536;
inline constexpr std::int64_t kMaxWfdbFrames = std::int64_t{1} << 40;

/// The signal formats this reader decodes.
bool is_supported_wfdb_format(int format);
std::string supported_wfdb_formats();  // "16, 24, 32, 61, 80, 160, 212, 310, 311"

/// name is used in error messages ("<name> line <n>: ...").
WfdbHeader parse_wfdb_header(std::string_view text, const std::string& name);
WfdbHeader read_wfdb_header(const std::filesystem::path& hea_path);

}  // namespace resonant::records
