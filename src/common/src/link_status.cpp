#include <resonant/common/link_status.hpp>

namespace resonant {

std::string_view to_string(LinkState state) {
  switch (state) {
    case LinkState::kIdle: return "idle";
    case LinkState::kConnecting: return "connecting";
    case LinkState::kStreaming: return "streaming";
    case LinkState::kStalled: return "stalled";
    case LinkState::kDisconnected: return "disconnected";
    case LinkState::kReconnecting: return "reconnecting";
    case LinkState::kFailed: return "failed";
  }
  return "unknown";
}

LinkCounters AtomicLinkCounters::load() const {
  constexpr auto r = std::memory_order_relaxed;
  return LinkCounters{bytes.load(r),          frames.load(r),   crc_errors.load(r),
                      framing_errors.load(r), seq_gaps.load(r), dropped.load(r),
                      disconnects.load(r),    reconnects.load(r)};
}

}  // namespace resonant
