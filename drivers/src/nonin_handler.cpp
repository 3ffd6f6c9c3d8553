// Nonin handler: data-format negotiation (DF7, else DF2) around NoninDecoder.
#include <resonant/drivers/decoder_support.hpp>
#include <resonant/drivers/nonin_decoder.hpp>
#include <resonant/drivers/nonin_handler.hpp>

#include <optional>

namespace resonant::drivers {
namespace {

/// Threading contract: one owner thread (the link's I/O thread).
class NoninHandler final : public DecodingHandler {
 public:
  std::string_view name() const override { return "nonin"; }
  SerialSettings serial_settings() const override { return kNoninSettings; }
  std::vector<std::uint8_t> on_open() override {
    asked_ = kNoninFormatDf7;
    decoder_.expect_answer(true);
    return nonin_format_command(kNoninFormatDf7);
  }
  // The device takes format commands only right after connecting: nothing to retry on a stall.
  std::vector<std::uint8_t> on_stall() override { return {}; }
  std::vector<std::uint8_t> on_close() override { return {}; }
  std::size_t frames_to_confirm() const override { return kNoninFramesToConfirm; }

  TickResult on_tick(SteadyClock::time_point now) override {
    if (!asked_) return {};
    if (!asked_at_) {
      asked_at_ = now;
    } else if (now - *asked_at_ > kNoninAnswerWindow) {
      stop_waiting();  // no answer: a module without commands, or one keeping its format
    }
    return {};
  }

  void reset() override {
    decoder_.reset();
    stop_waiting();
  }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                   EventSink& sink) override {
    decoder_.decode(bytes, t_rx, sink);
    const auto answer = decoder_.take_answer();
    if (!answer || !asked_) return {};
    if (*answer == NoninDecoder::kNak && *asked_ == kNoninFormatDf7) {
      asked_ = kNoninFormatDf2;  // no 16-bit pleth on this device: the 8-bit one then
      asked_at_.reset();
      return nonin_format_command(kNoninFormatDf2);
    }
    stop_waiting();
    return {};
  }
  const DecoderStats& decoder_stats() const override { return decoder_.stats(); }

 private:
  void stop_waiting() {
    asked_.reset();
    asked_at_.reset();
    decoder_.expect_answer(false);
  }

  NoninDecoder decoder_;
  std::optional<std::uint8_t> asked_;  // the format asked for, while an answer may come
  std::optional<SteadyClock::time_point> asked_at_;
};

}  // namespace

std::unique_ptr<ProtocolHandler> make_nonin_handler(const ProtocolOptions& /*options*/) {
  return std::make_unique<NoninHandler>();
}

}  // namespace resonant::drivers
