// RR-interval text lists (see rr_text.hpp).
#include <resonant/records/rr_text.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include <resonant/records/record_error.hpp>

#include "text_util.hpp"

namespace resonant::records {
namespace {

constexpr double kSecondsMedianLimit = 10.0;  // a median RR below this is in seconds
constexpr std::size_t kMaxRrFileBytes = std::size_t{256} << 20;
constexpr std::size_t kSniffLines = 200;
constexpr std::size_t kMaxColumns = 3;
/// At most one line in this many of a sniffed RR list may be odd (not numbers).
constexpr std::size_t kMaxOddLineShare = 20;

std::string_view strip_comment(std::string_view line) {
  return detail::trim(line.substr(0, line.find('#')));
}

/// Intervals (in their file unit, x to_ms = ms) at their times in seconds, or, without a time
/// column, at the running sum of the intervals.
std::vector<RrInterval> timed_intervals(const std::vector<double>& rr,
                                        const std::vector<double>& t_s, double to_ms) {
  std::vector<RrInterval> out;
  out.reserve(rr.size());
  double clock_s = 0.0;
  for (std::size_t i = 0; i < rr.size(); ++i) {
    const double rr_ms = rr[i] * to_ms;
    clock_s += rr_ms / 1000.0;
    // A time left empty (NaN) is its interval after the previous beat.
    const double previous_s = out.empty() ? 0.0 : out.back().t_s;
    const double t = t_s.empty() ? clock_s
                     : std::isnan(t_s[i]) ? previous_s + rr_ms / 1000.0
                                          : t_s[i];
    out.push_back({t, rr_ms});
  }
  return out;
}

}  // namespace

std::vector<RrInterval> parse_rr_text(std::string_view text, const std::string& name,
                                      RrUnits units) {
  std::vector<double> rr;
  std::vector<double> t;
  std::size_t columns = 0;
  bool header_allowed = true;
  std::size_t pos = 0;
  std::size_t line_number = 0;
  std::string_view line;
  std::vector<std::string_view> cells;
  while (detail::next_line(text, pos, line)) {
    ++line_number;
    const std::string_view content = strip_comment(line);
    if (content.empty()) continue;
    detail::split_loose(content, cells);
    if (cells.empty()) continue;  // separators only (";")
    std::vector<double> values;
    bool numeric = true;
    for (auto cell : cells) {
      const auto v = detail::parse_double(cell);
      if (!v) {
        numeric = false;
        break;
      }
      values.push_back(*v);
    }
    if (!numeric) {
      // One header line ("time,rr") may come first.
      const bool all_words = std::none_of(cells.begin(), cells.end(),
                                          [](auto c) { return detail::parse_double(c).has_value(); });
      if (header_allowed && all_words) {
        header_allowed = false;
        continue;
      }
      throw RecordError(name, "line " + std::to_string(line_number) + ": '" + std::string(content) +
                                  "' is not an RR interval (expected numbers)");
    }
    header_allowed = false;
    if (columns == 0) columns = values.size();
    if (values.size() != columns) {
      throw RecordError(name, "line " + std::to_string(line_number) + " has " +
                                  std::to_string(values.size()) + " columns, earlier lines have " +
                                  std::to_string(columns));
    }
    const double r = values.back();
    if (!std::isfinite(r) || r <= 0.0) {
      throw RecordError(name, "line " + std::to_string(line_number) + ": RR interval " +
                                  std::string(cells.back()) + " is not a positive number");
    }
    rr.push_back(r);
    if (columns >= 2) {
      if (!std::isfinite(values.front()) || (!t.empty() && values.front() < t.back())) {
        throw RecordError(name, "line " + std::to_string(line_number) +
                                    ": the time column goes backwards or is not a number");
      }
      t.push_back(values.front());
    }
  }
  if (rr.empty()) throw RecordError(name, "no RR intervals in the file");
  if (units == RrUnits::automatic) {
    units = detail::median_of(rr) < kSecondsMedianLimit ? RrUnits::seconds : RrUnits::milliseconds;
  }
  const double to_ms = units == RrUnits::seconds ? 1000.0 : 1.0;
  // The time column is in the unit of the intervals (EC57: both in seconds).
  for (double& v : t) v *= to_ms / 1000.0;
  return timed_intervals(rr, t, to_ms);
}

namespace {

enum class ColumnUnit { unknown, milliseconds, seconds };

/// rr, rr_ms, "RR (ms)", rri, ibi_s, nn, rr_interval, rr-interval-ms ...: the interval kind
/// and the unit its name gives.
std::optional<ColumnUnit> interval_column(std::string_view header_cell) {
  std::string n = detail::to_lower(detail::trim(header_cell));
  if (n.size() >= 2 && n.front() == '"' && n.back() == '"') n = n.substr(1, n.size() - 2);
  for (char& c : n) {
    if (c == '(' || c == ')' || c == '-' || c == ' ' || c == '[' || c == ']') c = '_';
  }
  while (!n.empty() && n.back() == '_') n.pop_back();
  std::string unit_part;
  for (const char* base : {"rr_interval", "rri", "ibi", "rr", "nn"}) {
    const std::string b = base;
    if (n == b) return ColumnUnit::unknown;
    if (n.rfind(b + "_", 0) == 0) {
      std::string rest = n.substr(b.size() + 1);
      while (!rest.empty() && rest.front() == '_') rest.erase(0, 1);
      if (rest == "ms") return ColumnUnit::milliseconds;
      if (rest == "s" || rest == "sec") return ColumnUnit::seconds;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

/// nn (a corrected series) only when there is no raw one: the analysis corrects again.
bool is_nn_column(std::string_view header_cell) {
  return detail::to_lower(detail::trim(header_cell)).rfind("nn", 0) == 0;
}

/// The newest finite time, or -inf when none.
double last_finite(const std::vector<double>& t) {
  for (auto it = t.rbegin(); it != t.rend(); ++it) {
    if (std::isfinite(*it)) return *it;
  }
  return -std::numeric_limits<double>::infinity();
}

char csv_delimiter(std::string_view header) {
  const auto count = [&](char c) { return std::count(header.begin(), header.end(), c); };
  return count(';') > count(',') && count(';') >= count('\t') ? ';'
         : count('\t') > count(',')                          ? '\t'
                                                             : ',';
}

}  // namespace

bool names_an_rr_column(const std::vector<std::string>& header) {
  return std::any_of(header.begin(), header.end(),
                     [](const std::string& h) { return interval_column(h).has_value(); });
}

std::vector<RrInterval> parse_rr_csv(std::string_view text, const std::string& name,
                                     RrUnits units) {
  std::size_t pos = 0;
  std::size_t line_number = 0;
  std::string_view line;
  std::vector<std::string_view> cells;
  char delimiter = ',';
  std::optional<std::size_t> rr_col;
  constexpr std::size_t kNoColumn = std::numeric_limits<std::size_t>::max();
  std::size_t time_col = kNoColumn;  // a size_t, not an optional: GCC 12 warns wrongly on it
  ColumnUnit rr_unit = ColumnUnit::unknown;
  double time_to_s = 1.0;
  std::vector<double> rr;
  std::vector<double> t;
  while (detail::next_line(text, pos, line)) {
    ++line_number;
    const std::string_view content = detail::trim(line);
    if (detail::is_blank_or_comment(content)) continue;
    if (!rr_col) {  // the header
      delimiter = csv_delimiter(content);
      detail::split(content, delimiter, cells);
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (const auto unit = interval_column(cells[c])) {
          if (!rr_col || (is_nn_column(cells[*rr_col]) && !is_nn_column(cells[c]))) {
            rr_col = c;
            rr_unit = *unit;
          }
          continue;
        }
        if (time_col != kNoColumn) continue;
        if (const auto scale_s = detail::time_column_seconds_per_unit(cells[c])) {
          time_col = c;
          time_to_s = *scale_s;
        }
      }
      if (!rr_col) throw RecordError(name, "no column of RR intervals in the header row");
      continue;
    }
    detail::split(content, delimiter, cells);
    const auto cell = [&](std::size_t c) {
      return c < cells.size() ? detail::trim(cells[c]) : std::string_view{};
    };
    const std::string_view r = cell(*rr_col);
    if (detail::is_missing_cell(r) || r == "nan" || r == "NaN") continue;
    const auto v = detail::parse_double(r);
    if (!v || !std::isfinite(*v) || *v <= 0.0) {
      throw RecordError(name, "line " + std::to_string(line_number) + ": '" + std::string(r) +
                                  "' is not an RR interval (a positive number)");
    }
    if (time_col != kNoColumn && detail::is_missing_cell(cell(time_col))) {
      t.push_back(std::numeric_limits<double>::quiet_NaN());  // timed by its interval
    } else if (time_col != kNoColumn) {
      const auto tv = detail::parse_double(cell(time_col));
      if (!tv || !std::isfinite(*tv)) {
        // Clock times ("10:32:05") or dates: the intervals are timed by their sum instead.
        time_col = kNoColumn;
        t.clear();
      } else if (const double last_s = last_finite(t); *tv * time_to_s < last_s) {
        throw RecordError(name, "line " + std::to_string(line_number) +
                                    ": the time column goes backwards");
      } else {
        t.push_back(*tv * time_to_s);
      }
    }
    rr.push_back(*v);
  }
  if (rr.empty()) throw RecordError(name, "no RR intervals in the file");
  if (units == RrUnits::automatic) {
    units = rr_unit == ColumnUnit::milliseconds                 ? RrUnits::milliseconds
            : rr_unit == ColumnUnit::seconds                      ? RrUnits::seconds
            : detail::median_of(rr) < kSecondsMedianLimit         ? RrUnits::seconds
                                                                  : RrUnits::milliseconds;
  }
  return timed_intervals(rr, t, units == RrUnits::seconds ? 1000.0 : 1.0);
}

std::vector<RrInterval> read_rr_text(const std::filesystem::path& path, RrUnits units) {
  return parse_rr_text(detail::read_text_file(path.string(), kMaxRrFileBytes), path.string(), units);
}

bool looks_like_rr_text(std::string_view text) {
  std::size_t pos = 0;
  std::string_view line;
  std::vector<std::string_view> cells;
  // Each sniffed line's numbers; an empty row is an odd line (not numbers).
  std::vector<std::vector<double>> rows;
  while (rows.size() < kSniffLines && detail::next_line(text, pos, line)) {
    const std::string_view content = strip_comment(line);
    if (content.empty()) continue;
    detail::split_loose(content, cells);
    if (cells.empty()) continue;
    std::vector<double> values;
    for (auto cell : cells) {
      const auto v = detail::parse_double(cell);
      if (!v || !std::isfinite(*v)) break;
      values.push_back(*v);
    }
    if (values.size() != cells.size()) values.clear();
    rows.push_back(std::move(values));
  }
  // The column count most lines have (a typo's line may come first); other lines are odd.
  std::array<std::size_t, kMaxColumns + 2> by_count{};
  for (const auto& r : rows) ++by_count[std::min(r.size(), kMaxColumns + 1)];
  const std::size_t columns = static_cast<std::size_t>(
      std::max_element(by_count.begin() + 1, by_count.end()) - by_count.begin());
  if (columns > kMaxColumns) return false;
  std::vector<double> last;
  std::size_t odd_lines = 0;
  double previous_time = -std::numeric_limits<double>::infinity();
  for (const auto& r : rows) {
    if (r.size() != columns) {
      ++odd_lines;
      continue;
    }
    if (columns >= 2) {
      if (r.front() < previous_time) return false;
      previous_time = r.front();
    }
    last.push_back(r.back());
  }
  // A few odd lines (a header word, a typing error) in a list of intervals: still a list, so
  // that reading it says which line is wrong instead of "unknown format".
  if (last.empty() || odd_lines * kMaxOddLineShare > rows.size()) return false;
  const double scale = detail::median_of(last) < kSecondsMedianLimit ? 1000.0 : 1.0;
  const auto plausible = std::count_if(last.begin(), last.end(), [&](double v) {
    return v * scale >= 200.0 && v * scale <= 3000.0;
  });
  return static_cast<double>(plausible) >= 0.8 * static_cast<double>(last.size());
}

}  // namespace resonant::records
