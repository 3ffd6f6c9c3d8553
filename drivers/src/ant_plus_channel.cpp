#include <resonant/drivers/ant_plus_channel.hpp>

#include <cstdio>

namespace resonant::drivers::ant {
namespace {

constexpr ChannelControl::Step kFullSequence[] = {
    ChannelControl::Step::kReset,         ChannelControl::Step::kNetworkKey,
    ChannelControl::Step::kAssignChannel, ChannelControl::Step::kChannelId,
    ChannelControl::Step::kPeriod,        ChannelControl::Step::kRfFrequency,
    ChannelControl::Step::kSearchTimeout, ChannelControl::Step::kOpenChannel,
};
// After a reset the channel configuration is gone; after the stick's own startup message
// (reset already done) the key comes first.
constexpr std::span<const ChannelControl::Step> kAfterStartup(kFullSequence + 1,
                                                               std::size(kFullSequence) - 1);
// A closed channel stays assigned and configured: set the (pinned) id and search again.
constexpr ChannelControl::Step kReopen[] = {ChannelControl::Step::kChannelId,
                                            ChannelControl::Step::kOpenChannel};

constexpr std::uint8_t kMidOf[] = {kMidResetSystem,  kMidNetworkKey,   kMidAssignChannel,
                                   kMidChannelId,    kMidChannelPeriod, kMidRfFrequency,
                                   kMidSearchTimeout, kMidOpenChannel};

std::uint8_t mid_of(ChannelControl::Step step) { return kMidOf[static_cast<std::size_t>(step)]; }

void append(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

}  // namespace

const char* to_string(ChannelControl::Step step) {
  switch (step) {
    case ChannelControl::Step::kReset: return "reset";
    case ChannelControl::Step::kNetworkKey: return "set network key";
    case ChannelControl::Step::kAssignChannel: return "assign channel";
    case ChannelControl::Step::kChannelId: return "set channel id";
    case ChannelControl::Step::kPeriod: return "set channel period";
    case ChannelControl::Step::kRfFrequency: return "set RF frequency";
    case ChannelControl::Step::kSearchTimeout: return "set search timeout";
    case ChannelControl::Step::kOpenChannel: return "open channel";
  }
  return "?";
}

std::optional<ChannelControl::Step> ChannelControl::pending_step() const {
  if (plan_pos_ >= plan_len_) return std::nullopt;
  return plan_[plan_pos_];
}

std::vector<std::uint8_t> ChannelControl::message_for(Step step) const {
  switch (step) {
    case Step::kReset:
      return encode_message(kMidResetSystem, {0x00});
    case Step::kNetworkKey: {
      std::array<std::uint8_t, 1 + kNetworkKeyBytes> content{kNetwork};
      for (std::size_t i = 0; i < kNetworkKeyBytes; ++i) content[1 + i] = key_[i];
      return encode_message(kMidNetworkKey, content);
    }
    case Step::kAssignChannel:
      return encode_message(kMidAssignChannel, {kChannel, kChannelTypeSlave, kNetwork});
    case Step::kChannelId: {
      const std::uint16_t device = pinned_device_.value_or(kDeviceNumberWildcard);
      return encode_message(kMidChannelId,
                            {kChannel, static_cast<std::uint8_t>(device & 0xFF),
                             static_cast<std::uint8_t>(device >> 8), kDeviceTypeHeartRate,
                             kTransmissionTypeWildcard});
    }
    case Step::kPeriod:
      return encode_message(kMidChannelPeriod,
                            {kChannel, static_cast<std::uint8_t>(kHrmPeriod32768ths & 0xFF),
                             static_cast<std::uint8_t>(kHrmPeriod32768ths >> 8)});
    case Step::kRfFrequency:
      return encode_message(kMidRfFrequency, {kChannel, kRfFrequencyOffsetMhz});
    case Step::kSearchTimeout:
      return encode_message(kMidSearchTimeout, {kChannel, kSearchTimeout2500ms});
    case Step::kOpenChannel:
      return encode_message(kMidOpenChannel, {kChannel});
  }
  return {};
}

std::vector<std::uint8_t> ChannelControl::start() {
  ++stats_.sequences;
  if (open_) channel_lost_ = true;
  open_ = false;
  return begin_plan(kFullSequence, std::nullopt);
}

std::vector<std::uint8_t> ChannelControl::stop() {
  plan_len_ = plan_pos_ = 0;
  open_ = false;
  auto out = encode_message(kMidCloseChannel, {kChannel});
  append(out, message_for(Step::kReset));
  return out;
}

std::vector<std::uint8_t> ChannelControl::begin_plan(std::span<const Step> steps,
                                                     std::optional<SteadyClock::time_point> now) {
  plan_len_ = steps.size();
  for (std::size_t i = 0; i < plan_len_; ++i) plan_[i] = steps[i];
  plan_pos_ = 0;
  tries_ = 0;
  return send_current(now);
}

std::vector<std::uint8_t> ChannelControl::send_current(std::optional<SteadyClock::time_point> now) {
  if (plan_pos_ >= plan_len_) return {};
  ++tries_;
  sent_at_ = now;  // nullopt: the next tick starts the reply timeout
  return message_for(plan_[plan_pos_]);
}

std::vector<std::uint8_t> ChannelControl::advance(SteadyClock::time_point now) {
  if (plan_[plan_pos_] == Step::kOpenChannel) {
    open_ = true;
    opened_at_ = now;
  }
  ++plan_pos_;
  tries_ = 0;
  return send_current(now);
}

std::vector<std::uint8_t> ChannelControl::on_message(std::uint8_t mid,
                                                     std::span<const std::uint8_t> content,
                                                     SteadyClock::time_point t_rx) {
  if (fatal_) return {};
  if (mid == kMidStartup) {
    const auto pending = pending_step();
    if (pending == Step::kReset) return advance(t_rx);
    // The stick reset itself (brown-out, USB glitch): its configuration is gone.
    ++stats_.stick_resets;
    if (open_) channel_lost_ = true;
    open_ = false;
    ++stats_.sequences;
    return begin_plan(kAfterStartup, t_rx);
  }
  if (mid == kMidChannelEvent && content.size() >= 3 && content[0] == kChannel) {
    if (content[1] == kEventMarker) {
      on_channel_event(content[2]);
      if (reopen_wanted_ && !pending_step()) {
        reopen_wanted_ = false;
        ++stats_.reopens;
        const std::size_t skip = pinned_device_ ? 0 : 1;  // no pin: just open again
        return begin_plan(std::span<const Step>(kReopen).subspan(skip), t_rx);
      }
      return {};
    }
    return on_response(content[1], content[2], t_rx);
  }
  if (mid == kMidChannelId && content.size() >= 5 && content[0] == kChannel) {
    const auto device = static_cast<std::uint16_t>(content[1] | (content[2] << 8));
    if (device != kDeviceNumberWildcard && content[3] == kDeviceTypeHeartRate) {
      pinned_device_ = device;
    }
    return {};
  }
  ++stats_.other_messages;
  return {};
}

std::vector<std::uint8_t> ChannelControl::on_response(std::uint8_t answered_mid, std::uint8_t code,
                                                      SteadyClock::time_point t_rx) {
  const auto pending = pending_step();
  if (!pending || answered_mid != mid_of(*pending)) {
    ++stats_.other_messages;  // e.g. the answer to a close, or a late duplicate
    return {};
  }
  if (code == kResponseNoError) return advance(t_rx);
  ++stats_.refusals;
  if (tries_ >= kMaxTries) {
    char code_hex[8];
    std::snprintf(code_hex, sizeof code_hex, "0x%02X", code);
    fatal_ = std::string("the ANT stick refused '") + to_string(*pending) + "' " +
             std::to_string(tries_) + " times (response code " + code_hex +
             "); unplug the stick, plug it in again and reconnect";
    return {};
  }
  ++stats_.resends;
  return send_current(t_rx);
}

void ChannelControl::on_channel_event(std::uint8_t code) {
  switch (code) {
    case kEventRxFail: ++stats_.rx_fails; break;
    case kEventRxSearchTimeout: ++stats_.search_timeouts; break;  // CHANNEL_CLOSED follows
    case kEventRxFailGoToSearch:
      ++stats_.go_to_search;
      channel_lost_ = true;
      break;
    case kEventChannelCollision: ++stats_.collisions; break;
    case kEventChannelClosed:
      if (open_) {
        open_ = false;
        channel_lost_ = true;
        reopen_wanted_ = true;
      }
      break;
    default: ++stats_.other_messages; break;
  }
}

std::vector<std::uint8_t> ChannelControl::on_data(SteadyClock::time_point t_rx) {
  if (!open_ || id_requested_ || pinned_device_) return {};
  id_requested_ = true;
  (void)t_rx;
  return encode_message(kMidRequestMessage, {kChannel, kMidChannelId});
}

std::vector<std::uint8_t> ChannelControl::on_tick(SteadyClock::time_point now) {
  if (fatal_) return {};
  const auto pending = pending_step();
  if (!pending) return {};
  if (!sent_at_) {
    sent_at_ = now;
    return {};
  }
  if (now - *sent_at_ < kReplyTimeout) return {};
  if (*pending == Step::kReset) {
    ++stats_.missing_startup;  // go on: the next step's answer shows whether the stick is there
    return advance(now);
  }
  if (tries_ >= kMaxTries) {
    fatal_ = std::string("the ANT stick does not answer (no reply to '") + to_string(*pending) +
             "' after " + std::to_string(tries_) +
             " tries): is this port an ANT USB stick? Close other programs using it (Garmin "
             "Express, openant), unplug it, plug it in again and reconnect";
    return {};
  }
  ++stats_.resends;
  return send_current(now);
}

}  // namespace resonant::drivers::ant
