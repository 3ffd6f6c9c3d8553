// open_record(): format detection, channel lookup and the helpers shared by all formats.
#include <resonant/records/record.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>

#include "record_impl.hpp"
#include "text_util.hpp"

namespace resonant::records {
namespace {

constexpr std::size_t kChecksumChunk = 65536;

bool lead_name(const std::string& n) {
  // Limb, augmented and chest leads, MIT-BIH's modified leads (MLII, MCL1, CM5, ...).
  static const std::array<std::string_view, 16> kLeads = {
      "I", "II", "III", "AVR", "AVL", "AVF", "V", "V1", "V2", "V3", "V4", "V5", "V6", "MLI", "MLII", "MLIII"};
  if (std::find(kLeads.begin(), kLeads.end(), n) != kLeads.end()) return true;
  for (std::string_view prefix : {"MCL", "CM", "ML"}) {
    if (n.rfind(prefix, 0) == 0 && n.size() <= prefix.size() + 1) return true;
  }
  return false;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string channel_list(const RecordInfo& info) {
  if (info.channels.empty()) return "the record has no channels";
  std::string out = "available:";
  for (const auto& c : info.channels) out += " " + std::to_string(c.index) + " '" + c.name + "'";
  return out;
}

bool has_magic(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 8> head{};
  in.read(head.data(), head.size());
  if (in.gcount() < 8) return false;
  const std::string_view h(head.data(), head.size());
  return h == "0       " || h == "\xff" "BIOSEMI";
}

}  // namespace

std::string_view format_name(Format format) {
  switch (format) {
    case Format::wfdb: return "WFDB";
    case Format::edf: return "EDF";
    case Format::edf_plus: return "EDF+";
    case Format::bdf: return "BDF";
    case Format::bdf_plus: return "BDF+";
    case Format::csv: return "CSV";
    case Format::text_table: return "text table";
    case Format::rr_text: return "RR-interval text";
  }
  return "?";
}

std::string_view signal_kind_name(SignalKind kind) {
  switch (kind) {
    case SignalKind::ecg: return "ecg";
    case SignalKind::ppg: return "ppg";
    case SignalKind::resp: return "resp";
    case SignalKind::eda: return "eda";
    case SignalKind::rr: return "rr";
    case SignalKind::other: return "other";
  }
  return "other";
}

SignalKind guess_signal_kind(std::string_view name, std::string_view units) {
  const std::string n = detail::to_upper(detail::trim(name));
  if (contains(n, "ECG") || contains(n, "EKG") || lead_name(n)) return SignalKind::ecg;
  if (contains(n, "PLETH") || contains(n, "PPG") || contains(n, "BVP")) return SignalKind::ppg;
  if (contains(n, "RESP") || contains(n, "RSP") || contains(n, "BREATH") || contains(n, "THOR") ||
      contains(n, "ABDO")) {
    return SignalKind::resp;
  }
  if (contains(n, "GSR") || contains(n, "EDA") || contains(n, "SKIN CONDUCT") ||
      (!units.empty() && is_microsiemens(units))) {
    return SignalKind::eda;
  }
  if (n == "RR" || n == "NN" || n == "IBI" || contains(n, "RR INTERVAL") || contains(n, "RR_")) {
    return SignalKind::rr;
  }
  return SignalKind::other;
}

bool is_microsiemens(std::string_view units) {
  std::string u;
  for (const char c : units) {
    if (!detail::is_space(c)) u += c;
  }
  // The short forms need their capital S: "us" is a microsecond.
  for (const std::string_view micro : {"u", "U", "\xc2\xb5", "\xce\xbc"}) {
    if (u.size() == micro.size() + 1 && u.compare(0, micro.size(), micro) == 0 &&
        u.back() == 'S') {
      return true;
    }
  }
  const std::string lower = detail::to_lower(u);
  return lower == "microsiemens" || lower == "umho" || lower == "\xc2\xb5mho" ||
         lower == "\xce\xbcmho";
}

namespace {

// Units a column name may state in brackets, in lower case: time, the physiological signals'
// and skin conductance's or resistance's. Anything else in brackets ("EDA (wrist)") is part
// of the name.
constexpr std::string_view kKnownUnits[] = {
    "s", "sec", "secs", "second", "seconds", "ms", "msec", "millisecond", "milliseconds", "us",
    "usec", "\xc2\xb5s", "\xce\xbcs", "microsecond", "microseconds", "min", "minute",
    "minutes", "h", "hr", "hour", "hours", "v", "mv", "uv", "\xc2\xb5v", "\xce\xbcv", "ns",
    "microsiemens", "umho", "\xc2\xb5mho", "\xce\xbcmho", "ohm", "ohms", "kohm", "kohms",
    "mohm", "bpm", "mmhg", "au", "a.u.", "%", "hz", "nu", "adc", "counts", "raw"};

}  // namespace

std::string units_in_name(std::string_view name) {
  const std::string_view t = detail::trim(name);
  if (t.empty()) return {};
  const char open = t.back() == ')' ? '(' : t.back() == ']' ? '[' : '\0';
  if (open == '\0') return {};
  const std::size_t at = t.rfind(open);
  // A name that is all brackets states no unit beside a name.
  if (at == std::string_view::npos || at == 0) return {};
  const std::string_view unit = detail::trim(t.substr(at + 1, t.size() - at - 2));
  // µS (micro sign or Greek mu) before the lower-case list, which has µs, a microsecond.
  if (is_microsiemens(unit)) return std::string(unit);
  const std::string lower = detail::to_lower(unit);
  for (const std::string_view known : kKnownUnits) {
    if (lower == known) return std::string(unit);
  }
  // Ohms as a sign ("kΩ"): to_lower leaves its UTF-8 bytes alone.
  for (const std::string_view ohms : {"\xce\xa9", "k\xce\xa9", "M\xce\xa9"}) {
    if (unit == ohms) return std::string(unit);
  }
  return {};
}

namespace detail {
void finish_channel(ChannelInfo& channel) { channel.kind = guess_signal_kind(channel.name, channel.units); }
}  // namespace detail

std::size_t ChannelReader::read_digital(std::span<std::int32_t>) {
  throw RecordError(info().name, "channel has no stored (digital) values in this format");
}

std::vector<Annotation> Record::read_annotations(std::string_view annotator) const {
  throw RecordError(info_.path.string(), std::string(format_name(info_.format)) +
                                             " records have no WFDB annotation files (asked for '" +
                                             std::string(annotator) + "')");
}

std::vector<RrInterval> Record::rr_intervals() const {
  throw RecordError(info_.path.string(), "not an RR-interval list but a " +
                                             std::string(format_name(info_.format)) + " record");
}

std::unique_ptr<Record> open_record(const std::filesystem::path& path, const OpenOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string ext = detail::to_lower(path.extension().string());
  if (!fs::exists(path, ec)) {
    fs::path hea = path;
    hea += ".hea";
    if (fs::is_regular_file(hea, ec)) return detail::open_wfdb_record(hea, options);
    throw RecordError(path.string(), "file not found");
  }
  if (fs::is_directory(path, ec)) throw RecordError(path.string(), "is a folder, not a record file");
  if (ext == ".hea") return detail::open_wfdb_record(path, options);
  if (ext == ".dat" || ext == ".mat") {
    fs::path hea = path;
    hea.replace_extension(".hea");
    if (fs::is_regular_file(hea, ec)) return detail::open_wfdb_record(hea, options);
    throw RecordError(path.string(), "a " + ext + " signal file needs its WFDB header " +
                                         hea.filename().string() + " beside it (not found)");
  }
  if (ext == ".edf" || ext == ".bdf" || has_magic(path)) return detail::open_edf_record(path, options);
  return detail::open_text_file_record(path, options);
}

const ChannelInfo& find_channel(const RecordInfo& info, std::string_view name_or_index) {
  const std::string wanted = detail::to_lower(detail::trim(name_or_index));
  for (const auto& c : info.channels) {
    if (detail::to_lower(c.name) == wanted) return c;
  }
  if (const auto index = detail::parse_int(wanted);
      index && !wanted.empty() && std::isdigit(static_cast<unsigned char>(wanted.front())) &&
      *index >= 0 && static_cast<std::uint64_t>(*index) < info.channels.size()) {
    return info.channels[static_cast<std::size_t>(*index)];
  }
  throw RecordError(info.path.string(), "unknown channel '" + std::string(name_or_index) + "' (" +
                                            channel_list(info) + ")");
}

std::vector<float> read_all(const Record& record, std::size_t channel, std::size_t max_samples) {
  auto reader = record.open_channel(channel);
  const auto count = reader->info().sample_count;
  if (count > max_samples) {
    throw RecordError(record.info().path.string(),
                      "channel '" + reader->info().name + "' has " + std::to_string(count) +
                          " samples, more than read_all allows (" + std::to_string(max_samples) +
                          "): read it with open_channel() in chunks");
  }
  std::vector<float> out(static_cast<std::size_t>(count));
  std::size_t filled = 0;
  while (filled < out.size()) {
    const std::size_t n = reader->read(std::span<float>(out).subspan(filled));
    if (n == 0) break;
    filled += n;
  }
  out.resize(filled);
  return out;
}

std::int32_t channel_checksum(const Record& record, std::size_t channel) {
  auto reader = record.open_channel(channel);
  std::vector<std::int32_t> chunk(kChecksumChunk);
  std::uint32_t sum = 0;  // unsigned: wraps like WFDB's 16-bit sum
  while (const std::size_t n = reader->read_digital(chunk)) {
    for (std::size_t i = 0; i < n; ++i) sum += static_cast<std::uint32_t>(chunk[i]);
  }
  return static_cast<std::int16_t>(sum & 0xFFFFU);
}

}  // namespace resonant::records
