#include <resonant/records/edf_layout.hpp>

#include <fstream>
#include <string>
#include <string_view>

#include "text_util.hpp"

namespace resonant::records {
namespace {

// EDF header: a 256-byte fixed part (8 version, 80 patient, 80 recording, 8 date, 8 time,
// 8 header bytes, 44 reserved, 8 data records, 8 record duration, 4 signals), then 256 bytes
// per signal stored field by field: "samples per record" is the 8-byte field at 216 x ns.
constexpr std::size_t kFixedHeaderBytes = 256;
constexpr std::size_t kSignalHeaderBytes = 256;
constexpr std::size_t kRecordsFieldAt = 236;
constexpr std::size_t kRecordsFieldLen = 8;
constexpr std::size_t kSignalsFieldAt = 252;
constexpr std::size_t kSignalsFieldLen = 4;
constexpr std::size_t kSamplesFieldAt = 216;  // x ns
constexpr std::size_t kSamplesFieldLen = 8;
constexpr unsigned char kBdfFirstByte = 0xFF;  // BDF's version field starts with 255
constexpr std::uintmax_t kEdfBytesPerSample = 2;
constexpr std::uintmax_t kBdfBytesPerSample = 3;
constexpr long long kMaxSignals = 4096;

/// A whole header field as a non-negative integer, else -1.
long long field(const std::string& text, std::size_t at, std::size_t len) {
  const auto v = detail::parse_int(std::string_view(text).substr(at, len));
  return v && *v >= 0 ? static_cast<long long>(*v) : -1;
}

}  // namespace

std::optional<std::uintmax_t> edf_size_from_header(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string fixed(kFixedHeaderBytes, '\0');
  if (!in.read(fixed.data(), static_cast<std::streamsize>(kFixedHeaderBytes))) return std::nullopt;
  const long long records = field(fixed, kRecordsFieldAt, kRecordsFieldLen);
  const long long signals = field(fixed, kSignalsFieldAt, kSignalsFieldLen);
  if (records < 0 || signals <= 0 || signals > kMaxSignals) return std::nullopt;
  const auto ns = static_cast<std::size_t>(signals);
  std::string per_signal(ns * kSignalHeaderBytes, '\0');
  if (!in.read(per_signal.data(), static_cast<std::streamsize>(per_signal.size()))) {
    return std::nullopt;
  }
  std::uintmax_t samples_per_record = 0;
  for (std::size_t i = 0; i < ns; ++i) {
    const std::size_t at = kSamplesFieldAt * ns + i * kSamplesFieldLen;
    const long long n = field(per_signal, at, kSamplesFieldLen);
    if (n <= 0) return std::nullopt;
    samples_per_record += static_cast<std::uintmax_t>(n);
  }
  const bool bdf = static_cast<unsigned char>(fixed[0]) == kBdfFirstByte;
  const std::uintmax_t bytes_per_sample = bdf ? kBdfBytesPerSample : kEdfBytesPerSample;
  // A damaged header's counts can overflow: no size then, as for any malformed header.
  std::uintmax_t record_bytes = 0;
  std::uintmax_t data_bytes = 0;
  std::uintmax_t total = 0;
  if (__builtin_mul_overflow(samples_per_record, bytes_per_sample, &record_bytes) ||
      __builtin_mul_overflow(static_cast<std::uintmax_t>(records), record_bytes, &data_bytes) ||
      __builtin_add_overflow(kFixedHeaderBytes + ns * kSignalHeaderBytes, data_bytes, &total)) {
    return std::nullopt;
  }
  return total;
}

}  // namespace resonant::records
