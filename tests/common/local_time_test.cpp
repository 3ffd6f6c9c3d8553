// format_local_time: wall-clock metadata in the local time zone through a strftime format.
#include <cstdlib>
#include <ctime>

#include <gtest/gtest.h>

#include <resonant/common/local_time.hpp>

namespace resonant {
namespace {

constexpr std::int64_t kJan7NoonUtcUs = 1767787200LL * 1'000'000;

TEST(LocalTime, WritesTheTimeInTheLocalZone) {
  const char* was = std::getenv("TZ");
  const std::string saved = was != nullptr ? was : "";
  setenv("TZ", "UTC", 1);
  tzset();
  EXPECT_EQ(format_local_time(kJan7NoonUtcUs, "%Y-%m-%d %H:%M:%S"), "2026-01-07 12:00:00");
  EXPECT_EQ(format_local_time(kJan7NoonUtcUs + 999'999, "%d %b %Y %H:%M"), "07 Jan 2026 12:00")
      << "microseconds below a second do not round up";
  setenv("TZ", "UTC-2", 1);  // POSIX: two hours east of UTC
  tzset();
  EXPECT_EQ(format_local_time(kJan7NoonUtcUs, "%H:%M"), "14:00");
  if (was != nullptr) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

}  // namespace
}  // namespace resonant
