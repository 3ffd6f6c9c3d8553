// The Zephyr HxM BT behind the ProtocolHandler seam (sensor-protocols.md §1): the strap streams
// on its own and ignores anything sent to it (§1.1, §1.5), so there is nothing to send.
#include <resonant/drivers/hxm_decoder.hpp>

namespace resonant::drivers {
namespace {

constexpr unsigned kHxmBaud = 115200;  // §1.1: 8N1, ignored on Bluetooth SPP
// CRC-8 plus STX/ETX/DLC checks make chance frames rare: two data packets are enough.
constexpr std::size_t kHxmFramesToConfirm = 2;

/// Threading contract: used only by the I/O thread of the link that owns it.
class HxmHandler final : public DecodingHandler {
 public:
  std::string_view name() const override { return "hxm"; }
  SerialSettings serial_settings() const override { return SerialSettings{kHxmBaud, Parity::kNone}; }
  std::vector<std::uint8_t> on_open() override { return {}; }
  std::vector<std::uint8_t> on_stall() override { return {}; }
  std::vector<std::uint8_t> on_close() override { return {}; }
  std::size_t frames_to_confirm() const override { return kHxmFramesToConfirm; }
  void reset() override { decoder_.reset(); }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                   EventSink& sink) override {
    decoder_.push(bytes, t_rx, sink);
    return {};
  }
  const DecoderStats& decoder_stats() const override { return decoder_.stats(); }

 private:
  HxmDecoder decoder_;
};

}  // namespace

std::unique_ptr<ProtocolHandler> make_hxm_handler(const ProtocolOptions& /*options*/) {
  return std::make_unique<HxmHandler>();
}

}  // namespace resonant::drivers
