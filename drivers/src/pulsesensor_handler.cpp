// PulseSensor handler: a listen-only link around PulseSensorDecoder.
#include <resonant/drivers/decoder_support.hpp>
#include <resonant/drivers/pulsesensor_decoder.hpp>
#include <resonant/drivers/pulsesensor_handler.hpp>

namespace resonant::drivers {
namespace {

/// Threading contract: one owner thread (the link's I/O thread).
class PulseSensorHandler final : public DecodingHandler {
 public:
  std::string_view name() const override { return "pulsesensor"; }
  SerialSettings serial_settings() const override { return kPulseSensorSettings; }
  std::vector<std::uint8_t> on_open() override { return {}; }
  std::vector<std::uint8_t> on_stall() override { return {}; }
  std::vector<std::uint8_t> on_close() override { return {}; }
  std::size_t frames_to_confirm() const override { return kPulseSensorLinesToConfirm; }
  void reset() override { decoder_.reset(); }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                   EventSink& sink) override {
    decoder_.decode(bytes, t_rx, sink);
    return {};
  }
  const DecoderStats& decoder_stats() const override { return decoder_.stats(); }

 private:
  PulseSensorDecoder decoder_;
};

}  // namespace

std::unique_ptr<ProtocolHandler> make_pulsesensor_handler(const ProtocolOptions& /*options*/) {
  return std::make_unique<PulseSensorHandler>();
}

}  // namespace resonant::drivers
