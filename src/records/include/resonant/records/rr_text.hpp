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

/// True when the text looks like an RR list: only numbers, one to three columns, the last
/// column positive and within 0.2-3 s or 200-3000 ms for most lines.
bool looks_like_rr_text(std::string_view text);

}  // namespace resonant::records
