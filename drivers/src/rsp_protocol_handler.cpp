// The Resonant protocol behind the ProtocolHandler seam: CobsFramer + RspDecoder + commands.
#include <resonant/drivers/cobs_framer.hpp>
#include <resonant/drivers/protocol_handler.hpp>
#include <resonant/drivers/rsp_decoder.hpp>

namespace resonant::drivers {
namespace {

class RspProtocolHandler final : public ProtocolHandler {
 public:
  std::string_view name() const override { return "resonant"; }
  SerialSettings serial_settings() const override { return SerialSettings{RSP_DEFAULT_BAUD}; }

  std::vector<std::uint8_t> on_open() override {
    // A leading delimiter ends whatever a probe or another program left half-sent on the line,
    // so our IDENTIFY is not glued to it (an empty block is idle to the device, PROTOCOL.md §2).
    std::vector<std::uint8_t> bytes{RSP_DELIMITER};
    const auto identify = command(RSP_C_IDENTIFY);
    bytes.insert(bytes.end(), identify.begin(), identify.end());
    const auto start = command(RSP_C_START);
    bytes.insert(bytes.end(), start.begin(), start.end());
    return bytes;
  }
  std::vector<std::uint8_t> on_stall() override { return command(RSP_C_START); }
  std::vector<std::uint8_t> on_close() override { return command(RSP_C_STOP); }

  BytesResult on_bytes(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                       EventPublisher& publisher, AtomicLinkCounters& counters) override {
    const auto before = framer_.stats();
    const auto lost_before = decoder_.stats().frames_lost;
    BytesResult result;
    std::uint64_t not_understood = 0;
    framer_.push(bytes, [&](std::span<const std::uint8_t> frame) {
      const auto bad_before = decoder_.stats().bad_payloads;
      decoder_.decode(frame, t_rx, [&](SensorEvent&& e) {
        if (std::holds_alternative<SampleBlock>(e) || std::holds_alternative<DeviceBeat>(e)) {
          ++result.data_frames;
        }
        publisher.publish(std::move(e));
      });
      // A checksummed frame whose payload makes no sense is not ours (another protocol on
      // the same COBS + CRC framing, e.g. a BLE bridge): a framing error, not a frame.
      if (decoder_.stats().bad_payloads == bad_before) {
        ++result.frames;
      } else {
        ++not_understood;
      }
    });
    const auto& after = framer_.stats();
    constexpr auto r = std::memory_order_relaxed;
    counters.frames.fetch_add(result.frames, r);
    counters.crc_errors.fetch_add(after.crc_errors - before.crc_errors, r);
    counters.framing_errors.fetch_add(after.framing_errors - before.framing_errors + not_understood, r);
    counters.seq_gaps.fetch_add(decoder_.stats().frames_lost - lost_before, r);
    return result;
  }

  std::optional<std::string> fatal_error() const override { return decoder_.fatal_error(); }

  void reset() override {
    framer_.reset();
    decoder_.reset();
  }

 private:
  std::vector<std::uint8_t> command(std::uint8_t type) { return encode_rsp_command(type, seq_++); }

  CobsFramer framer_;
  RspDecoder decoder_;
  std::uint16_t seq_ = 0;
};

}  // namespace

std::vector<std::uint8_t> encode_rsp_command(std::uint8_t type, std::uint16_t seq) {
  std::vector<std::uint8_t> out(RSP_MAX_ENCODED);
  out.resize(rsp_write_command(out.data(), seq, type));
  return out;
}

std::unique_ptr<ProtocolHandler> make_rsp_handler(const ProtocolOptions& /*options*/) {
  return std::make_unique<RspProtocolHandler>();
}

}  // namespace resonant::drivers
