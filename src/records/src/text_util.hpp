#pragma once
// Small text helpers shared by the parsers (internal to resonant::records).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

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

}  // namespace resonant::records::detail
