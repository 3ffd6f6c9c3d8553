#pragma once
// Small text helpers shared by the parsers (internal to resonant::records).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <resonant/records/record.hpp>
#include <resonant/records/record_error.hpp>

namespace resonant::records::detail {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

inline std::string to_upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

/// A token as from_chars reads it: surrounding spaces and quotes and a leading '+' dropped.
/// ec is std::errc::result_out_of_range for a number beyond a double ("1e400").
struct NumberRead {
  double value = 0.0;
  std::errc ec = std::errc::invalid_argument;
};
inline NumberRead read_number(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  NumberRead r;
  if (s.empty()) return r;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), r.value);
  r.ec = end == s.data() + s.size() ? ec : std::errc::invalid_argument;
  return r;
}

/// A whole token as a number (leading '+' allowed, surrounding spaces and quotes ignored).
inline std::optional<double> parse_double(std::string_view s) {
  const NumberRead r = read_number(s);
  if (r.ec != std::errc()) return std::nullopt;
  return r.value;
}

inline std::optional<std::int64_t> parse_int(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

/// Splits on one delimiter character, keeping empty fields.
inline void split(std::string_view line, char delimiter, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t at = line.find(delimiter, start);
    if (at == std::string_view::npos) {
      out.push_back(line.substr(start));
      return;
    }
    out.push_back(line.substr(start, at - start));
    start = at + 1;
  }
}

/// Splits on runs of spaces/tabs/commas/semicolons (for loosely written numeric text).
inline void split_loose(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  auto is_sep = [](char c) { return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\r'; };
  while (i < line.size()) {
    while (i < line.size() && is_sep(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_sep(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
}

/// Next line of text (without "\n" or "\r\n"); false at the end.
inline bool next_line(std::string_view text, std::size_t& pos, std::string_view& line) {
  if (pos >= text.size()) return false;
  const std::size_t end = text.find('\n', pos);
  const std::size_t stop = end == std::string_view::npos ? text.size() : end;
  line = text.substr(pos, stop - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos = end == std::string_view::npos ? text.size() : end + 1;
  return true;
}

/// A UTF-8 byte-order mark, as spreadsheet programs write at the start of a CSV: not part
/// of the first cell (with it, "ECG" was not found by name and a time column was not seen).
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// Removes a byte-order mark from the start of text.
inline void strip_utf8_bom(std::string& text) {
  if (text.starts_with(kUtf8Bom)) text.erase(0, kUtf8Bom.size());
}

/// Reads a whole (small) file; RecordError naming it when it cannot be read or is larger
/// than max_bytes.
inline std::string read_text_file(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RecordError(path, "cannot open the file (missing or not readable)");
  std::string text;
  char chunk[65536];
  while (in) {
    in.read(chunk, sizeof chunk);
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw RecordError(path, "file too large for this kind of file (more than " +
                                  std::to_string(max_bytes) + " bytes)");
    }
  }
  strip_utf8_bom(text);
  return text;
}

/// The median (the upper one of an even count); NaN for no values.
inline double median_of(std::vector<double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Spreadsheets write an error value where a formula gave no number ("#N/A", "#DIV/0!").
inline constexpr std::string_view kSpreadsheetErrors[] = {"#N/A",   "#VALUE!", "#DIV/0!", "#REF!",
                                                          "#NAME?", "#NUM!",   "#NULL!"};

/// Length of the spreadsheet error value `s` starts with (any case), 0 when none: it must be
/// a whole cell, so what follows is the end or a delimiter (a comment "#N/A values are
/// dropouts" is no cell).
inline std::size_t spreadsheet_error_at_start(std::string_view s) {
  for (const std::string_view e : kSpreadsheetErrors) {
    if (s.size() < e.size() || to_upper(s.substr(0, e.size())) != e) continue;
    if (s.size() == e.size() || s[e.size()] == ',' || s[e.size()] == ';' ||
        s[e.size()] == '\t') {
      return e.size();
    }
  }
  return 0;
}

/// A cell with no value: empty, NA, N/A, "" or a spreadsheet error value.
inline bool is_missing_cell(std::string_view cell) {
  cell = trim(cell);
  return cell.empty() || cell == "NA" || cell == "N/A" || cell == "\"\"" ||
         spreadsheet_error_at_start(cell) == cell.size();
}

/// A blank line or a comment ('#'); a row that starts with a spreadsheet error value is data.
inline bool is_blank_or_comment(std::string_view line) {
  const std::string_view s = trim(line);
  return s.empty() || (s.front() == '#' && spreadsheet_error_at_start(s) == 0);
}

/// Seconds per unit of a time column, from its name ("time", "t", "t_ms", "Timestamp_ms",
/// "millis", "micros", "time (msec)", "elapsed_s"); nullopt when the name is no time column's.
/// Arduino sketches log millis() and micros() under those names.
inline std::optional<double> time_column_seconds_per_unit(std::string_view name) {
  constexpr double kMilli = 1e-3;
  constexpr double kMicro = 1e-6;
  constexpr double kMinute = 60.0;
  constexpr double kHour = 3600.0;
  std::string lower = to_lower(trim(name));
  if (lower.size() >= 2 && lower.front() == '"' && lower.back() == '"') {
    lower = lower.substr(1, lower.size() - 2);
  }
  const auto starts = [&](std::string_view prefix) { return lower.rfind(prefix, 0) == 0; };
  // millis and micros as a word: "microsiemens" is no time.
  const auto word = [&](std::string_view w) {
    return starts(w) && (lower.size() == w.size() || lower[w.size()] == '_' ||
                         lower[w.size()] == ' ' || lower[w.size()] == '(');
  };
  const bool time = lower == "t" || starts("t_") || starts("time") || starts("elapsed") ||
                    word("millis") || word("micros") || lower == "seconds" || lower == "sec";
  if (!time) return std::nullopt;
  const std::string unit = to_lower(units_in_name(name));
  const auto is = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), unit) != names.end();
  };
  if (is({"ms", "msec", "millisecond", "milliseconds"})) return kMilli;
  if (is({"us", "usec", "\xc2\xb5s", "\xce\xbcs", "microsecond", "microseconds"})) {
    return kMicro;
  }
  if (is({"min", "minute", "minutes"})) return kMinute;
  if (is({"h", "hr", "hour", "hours"})) return kHour;
  if (!unit.empty()) return 1.0;  // s, sec, seconds
  if (word("micros") || lower.find("_us") != std::string::npos) return kMicro;
  if (word("millis") || lower.find("ms") != std::string::npos) return kMilli;
  return 1.0;
}

}  // namespace resonant::records::detail
