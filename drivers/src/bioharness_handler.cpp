#include <resonant/drivers/bioharness_handler.hpp>

namespace resonant::drivers {
namespace {
constexpr unsigned kBioharnessBaud = 115200;  // §2.1 (as §1.1): 8N1, ignored on SPP
// CRC-8 plus STX/ETX/DLC checks make chance frames rare: two data packets are enough.
constexpr std::size_t kBioharnessFramesToConfirm = 2;
}  // namespace

SerialSettings BioharnessHandler::serial_settings() const {
  return SerialSettings{kBioharnessBaud, Parity::kNone};
}

std::size_t BioharnessHandler::frames_to_confirm() const { return kBioharnessFramesToConfirm; }

std::vector<std::uint8_t> BioharnessHandler::decode(std::span<const std::uint8_t> bytes,
                                                    SteadyClock::time_point t_rx, EventSink& sink) {
  pending_.clear();
  now_ = t_rx;
  decoder_.push(bytes, t_rx, sink, this);
  return std::move(pending_);
}

void BioharnessHandler::on_answer(std::uint8_t command_id, bool ack) {
  const auto next = commander_.on_answer(command_id, ack, now_);
  pending_.insert(pending_.end(), next.begin(), next.end());
}

std::unique_ptr<ProtocolHandler> make_bioharness_handler(const ProtocolOptions& /*options*/) {
  return std::make_unique<BioharnessHandler>();
}

}  // namespace resonant::drivers
