#include <resonant/drivers/bioharness_commands.hpp>

#include <cstdio>

#include <resonant/drivers/bioharness_decoder.hpp>
#include <resonant/drivers/zephyr_framer.hpp>

namespace resonant::drivers {
namespace bioharness {

std::vector<std::uint8_t> set_stream_frame(std::uint8_t command, bool on) {
  const std::uint8_t payload[] = {on ? kStreamOn : kStreamOff};
  return encode_zephyr_frame(command, payload);
}

std::vector<std::uint8_t> lifesign_frame() { return encode_zephyr_frame(kLifesignId, {}); }

std::string stream_name(std::uint8_t command) {
  switch (command) {
    case kSetGeneralData: return "general data";
    case kSetBreathing: return "breathing waveform";
    case kSetEcg: return "ECG waveform";
    case kSetRr: return "R-to-R";
    default: break;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", command);
  return std::string("command ") + hex;
}

}  // namespace bioharness

namespace {
std::string hex_id(std::uint8_t id) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", id);
  return hex;
}
}  // namespace

using bioharness::kStreamCommands;

std::vector<std::uint8_t> BioharnessCommander::begin() {
  step_ = 0;
  attempts_ = 1;
  sent_at_.reset();  // timed from the next tick: begin() is called without a clock
  return bioharness::set_stream_frame(kStreamCommands[0], true);
}

std::vector<std::uint8_t> BioharnessCommander::on_answer(std::uint8_t command_id, bool ack,
                                                         SteadyClock::time_point now) {
  if (all_answered() || command_id != kStreamCommands[step_]) return {};  // e.g. a late repeat
  if (!ack) {
    note("the BioHarness refused to enable " + bioharness::stream_name(command_id) + " (NAK to " +
         hex_id(command_id) + "); continuing without it");
  }
  return advance(now);
}

std::vector<std::uint8_t> BioharnessCommander::advance(SteadyClock::time_point now) {
  ++step_;
  attempts_ = 1;
  sent_at_ = now;
  if (all_answered()) return {};
  return bioharness::set_stream_frame(kStreamCommands[step_], true);
}

std::vector<std::uint8_t> BioharnessCommander::on_tick(SteadyClock::time_point now) {
  std::vector<std::uint8_t> out;
  if (!all_answered()) {
    if (!sent_at_) {
      sent_at_ = now;
    } else if (now - *sent_at_ >= bioharness::kAnswerTimeout) {
      if (attempts_ < bioharness::kMaxAttempts) {
        ++attempts_;
        sent_at_ = now;
        out = bioharness::set_stream_frame(kStreamCommands[step_], true);
      } else {
        note("the BioHarness did not answer the enable of " +
             bioharness::stream_name(kStreamCommands[step_]) + " (" + hex_id(kStreamCommands[step_]) +
             ") after " + std::to_string(bioharness::kMaxAttempts) + " tries; going on");
        out = advance(now);
      }
    }
  }
  if (!last_lifesign_ || now - *last_lifesign_ >= bioharness::kLifesignPeriod) {
    last_lifesign_ = now;
    ++lifesigns_sent_;
    const auto ls = bioharness::lifesign_frame();
    out.insert(out.end(), ls.begin(), ls.end());
  }
  return out;
}

std::vector<std::uint8_t> BioharnessCommander::stop_all() const {
  std::vector<std::uint8_t> out;
  for (const std::uint8_t command : kStreamCommands) {
    const auto f = bioharness::set_stream_frame(command, false);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

void BioharnessCommander::note(std::string text) {
  notes_.add(std::move(text));
}

}  // namespace resonant::drivers
