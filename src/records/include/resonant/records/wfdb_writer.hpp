#pragma once
// Streaming WFDB writer (format 16, all channels in one .dat at one rate) for test fixtures
// and long synthetic recordings: frames go straight to disk, the header (with the frame count
// and each signal's checksum) is written by close().
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

namespace resonant::records {

struct WfdbWriterChannel {
  std::string name;
  std::string units = "mV";
  double gain = 200.0;        // ADC units per physical unit
  std::int32_t baseline = 0;  // ADC value of physical zero
};

class WfdbWriter {
 public:
  /// Writes <dir>/<record_name>.hea and .dat. RecordError if the files cannot be created.
  WfdbWriter(const std::filesystem::path& dir, std::string record_name, double rate_hz,
             std::vector<WfdbWriterChannel> channels);
  ~WfdbWriter();  // closes if close() was not called (errors are swallowed there)
  WfdbWriter(const WfdbWriter&) = delete;
  WfdbWriter& operator=(const WfdbWriter&) = delete;

  /// Frames interleaved (channel 0, 1, ... of frame 0, then frame 1, ...), physical units;
  /// NaN is written as the invalid sample -32768, values out of range are clamped.
  void write_frames(std::span<const float> interleaved);
  /// Writes the header; RecordError on a write failure.
  void close();
  std::filesystem::path header_path() const;

 private:
  std::filesystem::path dir_;
  std::string record_name_;
  double rate_hz_;
  std::vector<WfdbWriterChannel> channels_;
  std::ofstream dat_;
  std::vector<std::int32_t> checksums_;
  std::vector<std::int32_t> first_values_;
  std::vector<char> buffer_;
  std::int64_t frames_ = 0;
  bool closed_ = false;
};

}  // namespace resonant::records
