#include <resonant/ui/format.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace resonant::ui {

std::string format_value(double value, int decimals) {
  if (!std::isfinite(value)) return std::string(kNoValue);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, value);
  return buf;
}

std::string format_session_time(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0) seconds = 0.0;
  const auto total = static_cast<long long>(std::floor(seconds));
  const long long h = total / 3600;
  const long long m = (total / 60) % 60;
  const long long s = total % 60;
  char buf[40];
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, s);
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", m, s);
  }
  return buf;
}

std::string link_counters_words(const LinkCounters& c) {
  const auto count = [](std::uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string s = count(c.frames, "message", "messages") + " received";
  std::string problems;
  const auto add = [&problems](std::uint64_t n, const char* what) {
    if (n == 0) return;
    problems += (problems.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(c.crc_errors, "damaged");
  add(c.framing_errors, "garbled");
  add(c.seq_gaps, "lost on the way");
  s += problems.empty() ? ", all intact" : "; " + problems;
  if (c.reconnects > 0) s += "; reconnected " + count(c.reconnects, "time", "times");
  return s;
}

std::string_view link_state_label(LinkState state) {
  switch (state) {
    case LinkState::kIdle: return "Idle";
    case LinkState::kConnecting: return "Connecting";
    case LinkState::kStreaming: return "Streaming";
    case LinkState::kStalled: return "Stalled";
    case LinkState::kDisconnected: return "Disconnected";
    case LinkState::kReconnecting: return "Reconnecting";
    case LinkState::kFailed: return "Failed";
  }
  return "Idle";
}

}  // namespace resonant::ui
