#include <resonant/common/channel.hpp>

namespace resonant {

std::string_view to_string(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kEcg: return "ecg";
    case ChannelKind::kPpg: return "ppg";
    case ChannelKind::kResp: return "resp";
    case ChannelKind::kEda: return "eda";
    case ChannelKind::kOther: return "other";
  }
  return "other";
}

std::string_view unit_of(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kEcg: return "mV";
    case ChannelKind::kEda: return "uS";
    case ChannelKind::kPpg:
    case ChannelKind::kResp:
    case ChannelKind::kOther: return "au";
  }
  return "au";
}

}  // namespace resonant
