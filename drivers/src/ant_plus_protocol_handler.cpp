// The ANT+ HRM behind the ProtocolHandler seam: Framer + ChannelControl + AntHrmDecoder.
#include <resonant/drivers/ant_plus.hpp>
#include <resonant/drivers/ant_plus_channel.hpp>
#include <resonant/drivers/ant_plus_framer.hpp>
#include <resonant/drivers/ant_plus_hrm_decoder.hpp>
#include <resonant/drivers/ant_plus_key.hpp>
#include <resonant/drivers/decoder_support.hpp>

#include <utility>

namespace resonant::drivers {
namespace {

// ANTUSB (CP210x) runs at 115200 8N1 (§3.1); the native USB sticks ignore the setting.
constexpr unsigned kAntUsbBaud = 115200;
// A strap search may take a while: restart the whole sequence on a stall at most this often.
constexpr auto kMinTimeBetweenRestarts = std::chrono::seconds(10);
// Broadcast content: channel number, then the 8-byte payload (§3.4); extended messages append
// flag and channel id after it.
constexpr std::size_t kBroadcastMinContent = 1 + ant::kBroadcastPayloadBytes;

/// Threading contract: one owner thread (the I/O thread of its link).
class AntPlusHandler final : public DecodingHandler {
 public:
  explicit AntPlusHandler(const ProtocolOptions& options)
      : key_source_(options.ant_key_source.empty() ? default_ant_plus_config_path().string()
                                                   : options.ant_key_source) {
    if (options.ant_network_key) {
      control_.emplace(*options.ant_network_key);
    } else {
      fatal_ = "no ANT+ network key. " + ant_plus_key_advice(key_source_);
    }
  }

  std::string_view name() const override { return "ant-plus"; }
  SerialSettings serial_settings() const override { return SerialSettings{kAntUsbBaud}; }

  std::vector<std::uint8_t> on_open() override {
    if (!control_) return {};
    restart_time_unknown_ = true;  // the next tick says when
    return control_->start();
  }

  std::vector<std::uint8_t> on_stall() override {
    if (!control_ || control_->pending_step()) return {};  // the sequence retries on its own
    // Data stopped while the channel should be open: the stick may have lost its state. Give
    // a strap search some time before starting over.
    if (last_tick_ - last_restart_ < kMinTimeBetweenRestarts) return {};
    last_restart_ = last_tick_;
    hrm_.mark_gap();
    return control_->start();
  }

  std::vector<std::uint8_t> on_close() override {
    return control_ ? control_->stop() : std::vector<std::uint8_t>{};
  }

  TickResult on_tick(SteadyClock::time_point now) override {
    last_tick_ = now;
    if (std::exchange(restart_time_unknown_, false)) last_restart_ = now;
    TickResult r;
    if (control_) r.send = control_->on_tick(now);
    return r;
  }

  std::size_t frames_to_confirm() const override { return 3; }  // broadcast data messages

  std::optional<std::string> fatal_error() const override {
    if (fatal_) return fatal_;
    if (control_ && control_->fatal_error()) return control_->fatal_error();
    return std::nullopt;
  }

  void reset() override {
    framer_.reset();
    hrm_.reset();
  }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes,
                                   SteadyClock::time_point t_rx, EventSink& sink) override {
    std::vector<std::uint8_t> reply;
    framer_.push(bytes, [&](std::uint8_t mid, std::span<const std::uint8_t> content) {
      on_message(mid, content, t_rx, sink, reply);
    });
    const auto& f = framer_.stats();
    stats_.frames = f.frames;
    stats_.crc_errors = f.crc_errors;
    stats_.framing_errors = f.framing_errors;
    stats_.frames_lost = hrm_.stats().beats_missed;
    return reply;
  }

  const DecoderStats& decoder_stats() const override { return stats_; }

 private:
  void on_message(std::uint8_t mid, std::span<const std::uint8_t> content,
                  SteadyClock::time_point t_rx, EventSink& sink, std::vector<std::uint8_t>& reply) {
    if (!control_) return;  // no key: the channel never opens
    auto add = [&](const std::vector<std::uint8_t>& bytes) {
      reply.insert(reply.end(), bytes.begin(), bytes.end());
    };
    if (mid == ant::kMidBroadcastData) {
      if (content.size() < kBroadcastMinContent || content[0] != ant::kChannel) {
        ++ignored_messages_;
        return;
      }
      ++stats_.data_frames;
      hrm_.decode(content.subspan<1, ant::kBroadcastPayloadBytes>(), t_rx, sink);
      add(control_->on_data(t_rx));
      return;
    }
    add(control_->on_message(mid, content, t_rx));
    if (control_->take_channel_lost()) hrm_.mark_gap();
  }

  std::string key_source_;
  std::optional<std::string> fatal_;
  std::optional<ant::ChannelControl> control_;
  ant::Framer framer_;
  AntHrmDecoder hrm_;
  DecoderStats stats_{};
  std::uint64_t ignored_messages_ = 0;
  SteadyClock::time_point last_tick_{};
  SteadyClock::time_point last_restart_{};
  bool restart_time_unknown_ = false;
};

}  // namespace

std::unique_ptr<ProtocolHandler> make_ant_plus_handler(const ProtocolOptions& options) {
  return std::make_unique<AntPlusHandler>(options);
}

}  // namespace resonant::drivers
