#pragma once
// A whole record in memory, channels by name: a thin convenience over resonant::records (the
// product's reader; nothing is decoded here) for golden tests that want every sample at once.
// Header-only: include it only from targets that link resonant::records.
#include <cstddef>
#include <filesystem>
#include <string_view>
#include <vector>

#include <resonant/records/record.hpp>

namespace resonant::testing {

struct WholeRecord {
  records::RecordInfo info;
  std::vector<std::vector<float>> channels;  // channels[i]: every sample of info.channels[i]

  /// By name (any case) or index written as digits; RecordError listing the channels otherwise.
  const std::vector<float>& channel(std::string_view name_or_index) const {
    return channels.at(records::find_channel(info, name_or_index).index);
  }
  double sample_rate_hz(std::string_view name_or_index) const {
    return records::find_channel(info, name_or_index).sample_rate_hz;
  }
};

/// Opens any record open_record() reads (WFDB .hea, CSV, ...) and reads all its channels.
inline WholeRecord read_whole_record(const std::filesystem::path& path,
                                     const records::OpenOptions& options = {}) {
  const auto record = records::open_record(path, options);
  WholeRecord out;
  out.info = record->info();
  out.channels.reserve(out.info.channels.size());
  for (std::size_t c = 0; c < out.info.channels.size(); ++c) {
    out.channels.push_back(records::read_all(*record, c));
  }
  return out;
}

/// A table without a time column (the NeuroKit example CSVs) at the given rate.
inline WholeRecord read_whole_record_at(const std::filesystem::path& path, double rate_hz) {
  records::OpenOptions options;
  options.sample_rate_hz = rate_hz;
  return read_whole_record(path, options);
}

}  // namespace resonant::testing
