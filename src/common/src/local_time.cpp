#include <resonant/common/local_time.hpp>

#include <ctime>

namespace resonant {

namespace {
constexpr std::int64_t kUsPerSecond = 1'000'000;
}

std::string format_local_time(std::int64_t unix_us, const char* strftime_format) {
  const std::time_t t = static_cast<std::time_t>(unix_us / kUsPerSecond);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, strftime_format, &tm);
  return std::string(buf, n);
}

}  // namespace resonant
