#include <resonant/ui/format.hpp>

#include <cmath>
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
