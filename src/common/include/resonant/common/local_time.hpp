#pragma once
// Wall-clock times (record metadata such as a session's start, never signal time) written
// in the local time zone, for lists in the CLI and the dashboard.
#include <cstdint>
#include <string>

namespace resonant {

/// unix_us (microseconds since 1970 UTC) in local time through a strftime format, e.g.
/// "%Y-%m-%d %H:%M:%S"; at most 63 characters of text.
std::string format_local_time(std::int64_t unix_us, const char* strftime_format);

}  // namespace resonant
