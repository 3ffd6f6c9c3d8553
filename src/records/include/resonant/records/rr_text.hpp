#pragma once
// RR-interval text: one interval a line, or lines of numeric columns of which the last is the
// interval (e.g. EC57's "time_s,rr_s"). '#' starts a comment; separators are commas,
// semicolons, tabs or spaces. Units are detected (median < 10 -> seconds, else milliseconds)
// unless given. The interval time t_s is the first column when there are two or more and it
// rises, else the running sum of the intervals.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace resonant::records {

enum class RrUnits { automatic, milliseconds, seconds };

/// One interval ending at the beat at t_s (compatible with resonant::dsp::RrInterval).
struct RrInterval {
  double t_s = 0.0;
  double rr_ms = 0.0;
};

/// name is used in error messages.
std::vector<RrInterval> parse_rr_text(std::string_view text, const std::string& name,
                                      RrUnits units = RrUnits::automatic);
std::vector<RrInterval> read_rr_text(const std::filesystem::path& path,
                                     RrUnits units = RrUnits::automatic);

/// True when the text looks like an RR list: numbers in one to three columns, the last column
/// positive and within 0.2-3 s or 200-3000 ms for 80 % of the lines. One line in 20 may be
/// odd (a header word, a typing error): parse_rr_text then names it.
bool looks_like_rr_text(std::string_view text);

/// True when a CSV header names a column of intervals: rr, rri, ibi or nn, alone or with a
/// unit (rr_ms, "RR (ms)", ibi_s, rr_interval), any case.
bool names_an_rr_column(const std::vector<std::string>& header);

/// An RR list in a CSV with a header row (Resonant's own export "t_s,rr_ms,nn_ms,label", a
/// strap app's "time,hr,rr"): the first column names_an_rr_column() accepts holds the intervals
/// (an rr column before an nn one: the raw series, corrected again by the analysis), a column
/// named t, t_s or time... their times (seconds; "ms" in its name: milliseconds; clock times
/// that are not numbers: the intervals are timed by their sum); every other column is
/// ignored. Units from the interval column's name, else as given or detected. A line whose
/// interval cell is empty or NA is skipped (its time leaves a hole); any other interval cell
/// that is not a number is an error naming the line.
std::vector<RrInterval> parse_rr_csv(std::string_view text, const std::string& name,
                                     RrUnits units = RrUnits::automatic);

}  // namespace resonant::records
