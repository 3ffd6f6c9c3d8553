#pragma once
// The Zephyr BioHarness 3 behind the ProtocolHandler seam (sensor-protocols.md §2): 115200 8N1
// (ignored on Bluetooth SPP); on open the stream enables go out one by one, each after the
// previous one's answer; lifesigns from on_tick; on a stall the enables start over; on close
// the streams are disabled. Public (not only the factory) so callers can show notes().
#include <memory>
#include <string>
#include <vector>

#include <resonant/drivers/bioharness_commands.hpp>
#include <resonant/drivers/bioharness_decoder.hpp>
#include <resonant/drivers/decoder_support.hpp>

namespace resonant::drivers {

/// Threading contract: used only by the I/O thread of the link that owns it (or a test).
class BioharnessHandler final : public DecodingHandler, private AnswerSink {
 public:
  std::string_view name() const override { return "bioharness"; }
  SerialSettings serial_settings() const override;
  std::vector<std::uint8_t> on_open() override { return commander_.begin(); }
  /// The device may have restarted: enable the streams again.
  std::vector<std::uint8_t> on_stall() override { return commander_.begin(); }
  std::vector<std::uint8_t> on_close() override { return commander_.stop_all(); }
  TickResult on_tick(SteadyClock::time_point now) override { return {commander_.on_tick(now), false}; }
  std::size_t frames_to_confirm() const override;
  void reset() override { decoder_.reset(); }
  std::vector<std::string> take_notices() override { return commander_.take_new_notes(); }

  const BioharnessDecoder& decoder() const { return decoder_; }
  const BioharnessCommander& commander() const { return commander_; }
  /// Refused or unanswered commands, in words (not fatal: the other streams still work).
  const std::vector<std::string>& notes() const { return commander_.notes(); }

 protected:
  std::vector<std::uint8_t> decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                   EventSink& sink) override;
  const DecoderStats& decoder_stats() const override { return decoder_.stats(); }

 private:
  void on_answer(std::uint8_t command_id, bool ack) override;

  BioharnessDecoder decoder_;
  BioharnessCommander commander_;
  std::vector<std::uint8_t> pending_;  // commands to send after the bytes being decoded
  SteadyClock::time_point now_{};
};

std::unique_ptr<ProtocolHandler> make_bioharness_handler(const ProtocolOptions& options);

}  // namespace resonant::drivers
