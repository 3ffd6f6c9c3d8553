// CMS50 handlers: serial-setting fallback (legacy) and start/keep-alive commands (V7.0).
#include <resonant/drivers/cms50_decoders.hpp>
#include <resonant/drivers/cms50_handlers.hpp>

#include <optional>

namespace resonant::drivers {
namespace {

/// Threading contract: one owner thread (the link's I/O thread).
class Cms50Handler final : public DecodingHandler {
 public:
  std::string_view name() const override { return "cms50"; }
  SerialSettings serial_settings() const override {
    return use_fallback_ ? kCms50FallbackSettings : kCms50PrimarySettings;
  }
  std::vector<std::uint8_t> on_open() override { return {}; }
  std::vector<std::uint8_t> on_stall() override { return {}; }
  std::vector<std::uint8_t> on_close() override { return {}; }
  std::size_t frames_to_confirm() const override { return kCms50PacketsToConfirm; }

  TickResult on_tick(SteadyClock::time_point now) override {
    if (confirmed_) return {};
    if (!window_start_) {
      window_start_ = now;
      return {};
    }
    if (now - *window_start_ < kCms50FallbackAfter) return {};
    // Nothing understood with these settings: try the other ones (the kernel drops bytes
    // with parity errors, so wrong settings often look like silence).
    use_fallback_ = !use_fallback_;
    window_start_ = now;
    TickResult result;
    result.settings_changed = true;
    return result;
  }

  void reset() override {
    // Keep the settings that were tried last: after a reopen they are the best guess.
    decoder_.reset();
    confirmed_ = false;
    window_start_.reset();
  }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                   EventSink& sink) override {
    decoder_.decode(bytes, t_rx, sink);
    if (decoder_.clean_run() >= kCms50PacketsToConfirm) confirmed_ = true;
    return {};
  }
  const DecoderStats& decoder_stats() const override { return decoder_.stats(); }

 private:
  Cms50LegacyDecoder decoder_;
  bool use_fallback_ = false;
  bool confirmed_ = false;
  std::optional<SteadyClock::time_point> window_start_;
};

/// Threading contract: one owner thread (the link's I/O thread).
class Cms50V7Handler final : public DecodingHandler {
 public:
  std::string_view name() const override { return "cms50-v7"; }
  SerialSettings serial_settings() const override { return kCms50V7Settings; }
  std::vector<std::uint8_t> on_open() override { return start_command(); }
  std::vector<std::uint8_t> on_stall() override { return start_command(); }
  std::vector<std::uint8_t> on_close() override { return {}; }  // no stop command documented
  std::size_t frames_to_confirm() const override { return kCms50V7PacketsToConfirm; }

  TickResult on_tick(SteadyClock::time_point now) override {
    TickResult result;
    if (!last_sent_) {
      last_sent_ = now;  // on_open just sent the start command
    } else if (now - *last_sent_ >= kCms50V7KeepAlivePeriod) {
      result.send = start_command();
      last_sent_ = now;
    }
    return result;
  }

  void reset() override {
    decoder_.reset();
    last_sent_.reset();
  }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                   EventSink& sink) override {
    decoder_.decode(bytes, t_rx, sink);
    return {};
  }
  const DecoderStats& decoder_stats() const override { return decoder_.stats(); }

 private:
  static std::vector<std::uint8_t> start_command() {
    return {kCms50V7StartRealTime.begin(), kCms50V7StartRealTime.end()};
  }

  Cms50V7Decoder decoder_;
  std::optional<SteadyClock::time_point> last_sent_;
};

}  // namespace

std::unique_ptr<ProtocolHandler> make_cms50_handler(const ProtocolOptions& /*options*/) {
  return std::make_unique<Cms50Handler>();
}

std::unique_ptr<ProtocolHandler> make_cms50_v7_handler(const ProtocolOptions& /*options*/) {
  return std::make_unique<Cms50V7Handler>();
}

}  // namespace resonant::drivers
