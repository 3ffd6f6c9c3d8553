// The BLE bridge behind the ProtocolHandler seam (see ble_bridge_handler.hpp).
#include <resonant/drivers/ble_bridge_handler.hpp>

#include <resonant/drivers/ble_bridge_frame.hpp>

namespace resonant::drivers {
namespace {

using namespace ble_bridge;

class BleBridgeHandler final : public DecodingHandler {
 public:
  explicit BleBridgeHandler(BleBridgeOptions options) : decoder_(options) {}

  std::string_view name() const override { return "ble-bridge"; }
  SerialSettings serial_settings() const override { return SerialSettings{kBleBridgeBaud}; }
  std::size_t frames_to_confirm() const override { return 3; }  // CRC-16 protected

  std::vector<std::uint8_t> on_open() override {
    // A leading delimiter ends whatever a probe or another program left half-sent on the line,
    // so our IDENTIFY is not glued to it (an empty block is idle, BLE_BRIDGE.md §2.4).
    std::vector<std::uint8_t> out{0x00};
    command(out, kCmdIdentify, 0, {});
    command(out, kCmdRequestStatus, 0, {});
    return out;
  }

  std::vector<std::uint8_t> on_stall() override {
    std::vector<std::uint8_t> out;
    command(out, kCmdIdentify, 0, {});
    for_each_link([&](std::uint8_t link) { start_pmd(out, link); });
    return out;
  }

  std::vector<std::uint8_t> on_close() override {
    std::vector<std::uint8_t> out;
    for_each_link([&](std::uint8_t link) {
      command(out, kCmdWritePmdCp, link, kPmdStopEcg);
      command(out, kCmdWritePmdCp, link, kPmdStopAcc);
    });
    return out;
  }

  void reset() override {
    decoder_.reset();
    seq_ = 0;
  }

  std::vector<std::string> take_notices() override { return decoder_.take_new_notes(); }

  const BleBridgeDecoder& decoder() const { return decoder_; }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                   EventSink& sink) override {
    decoder_.decode(bytes, t_rx, sink);
    std::vector<std::uint8_t> reply;
    const std::uint8_t links = decoder_.take_links_to_start();
    for (std::uint8_t l = 0; l < kMaxPeripheralLinks; ++l) {
      if (links & (1u << l)) start_pmd(reply, l);
    }
    return reply;
  }
  const DecoderStats& decoder_stats() const override { return decoder_.stats(); }

 private:
  /// Links believed connected, or link 0 when none is known (a stop or start to an empty
  /// link costs the bridge one log line; a missed stop costs an H10 battery).
  template <typename F>
  void for_each_link(F&& f) const {
    const std::uint8_t links = decoder_.connected_links();
    if (links == 0) {
      f(std::uint8_t{0});
      return;
    }
    for (std::uint8_t l = 0; l < kMaxPeripheralLinks; ++l) {
      if (links & (1u << l)) f(l);
    }
  }

  void start_pmd(std::vector<std::uint8_t>& out, std::uint8_t link) {
    command(out, kCmdWritePmdCp, link, kPmdStartEcg);
    command(out, kCmdWritePmdCp, link, kPmdStartAcc);
  }

  void command(std::vector<std::uint8_t>& out, std::uint8_t type, std::uint8_t link,
               std::span<const std::uint8_t> payload) {
    const auto frame = encode_frame(FrameHeader{type, seq_++, link, 0}, payload);
    out.insert(out.end(), frame.begin(), frame.end());
  }

  BleBridgeDecoder decoder_;
  std::uint8_t seq_ = 0;  // host -> bridge frames, wraps
};

}  // namespace

std::unique_ptr<ProtocolHandler> make_ble_bridge_handler(const ProtocolOptions& options) {
  return make_ble_bridge_handler(options, BleBridgeOptions{});
}

std::unique_ptr<ProtocolHandler> make_ble_bridge_handler(const ProtocolOptions& /*options*/,
                                                         BleBridgeOptions bridge_options) {
  return std::make_unique<BleBridgeHandler>(bridge_options);
}

}  // namespace resonant::drivers
