// WFDB header parsing (see wfdb_header.hpp for the grammar).
#include <resonant/records/wfdb_header.hpp>

#include <array>
#include <cmath>

#include <resonant/records/record_error.hpp>

#include "text_util.hpp"

namespace resonant::records {
namespace {

constexpr std::array<int, 9> kFormats = {16, 24, 32, 61, 80, 160, 212, 310, 311};
// Largest header we read: real ones are a few hundred bytes.
constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;

class LineError {
 public:
  LineError(const std::string& name, int line) : name_(name), line_(line) {}
  [[noreturn]] void fail(const std::string& problem) const {
    throw RecordError(name_, "line " + std::to_string(line_) + ": " + problem);
  }

 private:
  const std::string& name_;
  int line_;
};

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && detail::is_space(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !detail::is_space(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::int32_t int32_field(std::string_view token, const char* what, const LineError& err) {
  const auto v = detail::parse_int(token);
  if (!v || *v < INT32_MIN || *v > INT32_MAX) {
    err.fail(std::string("bad ") + what + " '" + std::string(token) + "' (expected an integer)");
  }
  return static_cast<std::int32_t>(*v);
}

void parse_record_line(std::string_view line, WfdbHeader& h, int& signal_count,
                       const LineError& err) {
  const auto f = fields_of(line);
  if (f.size() < 2) {
    err.fail("record line needs at least a record name and a number of signals, got '" +
             std::string(line) + "'");
  }
  std::string_view name = f[0];
  if (name.find('/') != std::string_view::npos) {
    err.fail("record '" + std::string(name) +
             "' is a multi-segment record; multi-segment records are not supported");
  }
  h.record_name = std::string(name);
  const auto n = detail::parse_int(f[1]);
  if (!n || *n < 0 || *n > kMaxWfdbSignals) {
    err.fail("bad number of signals '" + std::string(f[1]) + "' (expected 0 to " +
             std::to_string(kMaxWfdbSignals) + ")");
  }
  signal_count = static_cast<int>(*n);
  if (f.size() > 2) {
    // frame_rate[/counter_rate[(base_counter)]]
    std::string_view rate = f[2];
    const std::size_t slash = rate.find('/');
    const auto fs = detail::parse_double(rate.substr(0, slash));
    if (!fs || !std::isfinite(*fs) || *fs <= 0.0 || *fs > 1e9) {
      err.fail("bad frame rate '" + std::string(rate) + "' (expected a positive number of Hz)");
    }
    h.frame_rate_hz = *fs;
    if (slash != std::string_view::npos) {
      std::string_view counter = rate.substr(slash + 1);
      counter = counter.substr(0, counter.find('('));
      const auto cf = detail::parse_double(counter);
      if (!cf || !std::isfinite(*cf) || *cf <= 0.0) {
        err.fail("bad counter frequency in '" + std::string(rate) + "'");
      }
      h.counter_frequency_hz = *cf;
    }
  }
  if (f.size() > 3) {
    const auto frames = detail::parse_int(f[3]);
    if (!frames || *frames < 0 || *frames > kMaxWfdbFrames) {
      err.fail("bad number of samples '" + std::string(f[3]) + "'");
    }
    if (*frames > 0) h.frame_count = *frames;
  }
  if (f.size() > 4) h.base_time = std::string(f[4]);
  if (f.size() > 5) h.base_date = std::string(f[5]);
}

// "212", "16x32", "212:4", "16+24", "212x4:2+512".
void parse_format(std::string_view token, WfdbSignalSpec& s, const LineError& err) {
  const std::size_t end = token.find_first_of("x:+");
  const auto format = detail::parse_int(token.substr(0, end));
  if (!format) {
    err.fail("bad signal format '" + std::string(token) + "' (expected e.g. 212, 16x4, 212:3, 16+24)");
  }
  if (*format < 0 || *format > 100000 || !is_supported_wfdb_format(static_cast<int>(*format))) {
    err.fail("signal format " + std::to_string(*format) + " is not supported (supported: " +
             supported_wfdb_formats() + ")");
  }
  s.format = static_cast<int>(*format);
  std::size_t pos = end;
  while (pos != std::string_view::npos && pos < token.size()) {
    const char kind = token[pos];
    const std::size_t next = token.find_first_of("x:+", pos + 1);
    const auto value = detail::parse_int(token.substr(pos + 1, next == std::string_view::npos
                                                                  ? std::string_view::npos
                                                                  : next - pos - 1));
    if (!value || *value < 0) {
      err.fail("bad signal format '" + std::string(token) + "' (expected e.g. 212, 16x4, 212:3, 16+24)");
    }
    if (kind == 'x') {
      if (*value < 1 || *value > kMaxSamplesPerFrame) {
        err.fail("samples per frame in '" + std::string(token) + "' must be 1 to " +
                 std::to_string(kMaxSamplesPerFrame));
      }
      s.samples_per_frame = static_cast<int>(*value);
    } else if (kind == ':') {
      if (*value > kMaxWfdbFrames) err.fail("skew in '" + std::string(token) + "' is too large");
      s.skew_frames = *value;
    } else {
      if (*value > (std::int64_t{1} << 50)) err.fail("byte offset in '" + std::string(token) + "' is too large");
      s.byte_offset = *value;
    }
    pos = next;
  }
}

// "200", "200(0)", "200/mV", "12.84(-1605)/mmHg", "1/bpm".
bool parse_gain(std::string_view token, WfdbSignalSpec& s, const LineError& err) {
  const std::size_t open = token.find('(');
  const std::size_t slash = token.find('/');
  const auto gain = detail::parse_double(token.substr(0, std::min(open, slash)));
  if (!gain || !std::isfinite(*gain)) {
    err.fail("bad gain '" + std::string(token) + "' (expected e.g. 200, 200(1024)/mV)");
  }
  s.gain = *gain == 0.0 ? 200.0 : *gain;  // WFDB: a zero gain means the default
  if (slash != std::string_view::npos) s.units = std::string(token.substr(slash + 1));
  if (open == std::string_view::npos || (slash != std::string_view::npos && slash < open)) {
    return false;
  }
  const std::size_t close = token.find(')', open);
  if (close == std::string_view::npos) err.fail("gain '" + std::string(token) + "' lacks a ')'");
  const auto baseline = detail::parse_double(token.substr(open + 1, close - open - 1));
  if (!baseline || !std::isfinite(*baseline)) {
    err.fail("bad baseline in gain '" + std::string(token) + "'");
  }
  s.baseline = *baseline;
  return true;
}

WfdbSignalSpec parse_signal_line(std::string_view line, int index, const LineError& err) {
  const auto f = fields_of(line);
  if (f.size() < 2) {
    err.fail("signal line needs at least a file name and a format, got '" + std::string(line) + "'");
  }
  WfdbSignalSpec s;
  s.file_name = std::string(f[0]);
  if (s.file_name == "-") err.fail("signals on standard input ('-') are not supported");
  parse_format(f[1], s, err);
  bool baseline_given = false;
  if (f.size() > 2) baseline_given = parse_gain(f[2], s, err);
  if (f.size() > 3) {
    const std::int32_t bits = int32_field(f[3], "ADC resolution", err);
    if (bits < 0 || bits > 32) err.fail("bad ADC resolution '" + std::string(f[3]) + "'");
    s.adc_resolution = bits;
  }
  if (f.size() > 4) s.adc_zero = int32_field(f[4], "ADC zero", err);
  if (f.size() > 5) s.initial_value = int32_field(f[5], "initial value", err);
  if (f.size() > 6) s.checksum = int32_field(f[6], "checksum", err);
  if (f.size() > 7) s.block_size = int32_field(f[7], "block size", err);
  if (!baseline_given) s.baseline = s.adc_zero;
  if (f.size() > 8) {
    // The description is the rest of the line, spaces included ("foot GSR").
    const std::size_t at = static_cast<std::size_t>(f[8].data() - line.data());
    s.description = std::string(detail::trim(line.substr(at)));
  }
  if (s.description.empty()) s.description = "signal " + std::to_string(index);
  return s;
}

}  // namespace

bool is_supported_wfdb_format(int format) {
  for (int f : kFormats) {
    if (f == format) return true;
  }
  return false;
}

std::string supported_wfdb_formats() {
  std::string out;
  for (int f : kFormats) {
    if (!out.empty()) out += ", ";
    out += std::to_string(f);
  }
  return out;
}

WfdbHeader parse_wfdb_header(std::string_view text, const std::string& name) {
  WfdbHeader h;
  int signal_count = -1;
  int line_number = 0;
  std::size_t pos = 0;
  std::string_view line;
  while (detail::next_line(text, pos, line)) {
    ++line_number;
    const LineError err(name, line_number);
    const std::string_view trimmed = detail::trim(line);
    if (trimmed.empty()) continue;
    if (trimmed.front() == '#') {
      h.comments.emplace_back(detail::trim(trimmed.substr(1)));
      continue;
    }
    if (trimmed.find('\0') != std::string_view::npos) err.fail("binary data in a text header");
    if (signal_count < 0) {
      parse_record_line(trimmed, h, signal_count, err);
    } else if (static_cast<int>(h.signals.size()) < signal_count) {
      h.signals.push_back(parse_signal_line(trimmed, static_cast<int>(h.signals.size()), err));
    } else {
      // WFDB ignores anything after the signal lines except comments; so do we, but a header
      // with more signal-like lines than it declares is more likely a mistake.
      err.fail("more signal lines than the " + std::to_string(signal_count) +
               " the record line declares");
    }
  }
  if (signal_count < 0) throw RecordError(name, "no record line (is this a WFDB header?)");
  if (static_cast<int>(h.signals.size()) != signal_count) {
    throw RecordError(name, "the record line declares " + std::to_string(signal_count) +
                                " signals but the header has " +
                                std::to_string(h.signals.size()) + " signal lines");
  }
  return h;
}

WfdbHeader read_wfdb_header(const std::filesystem::path& hea_path) {
  return parse_wfdb_header(detail::read_text_file(hea_path.string(), kMaxHeaderBytes),
                           hea_path.string());
}

}  // namespace resonant::records
