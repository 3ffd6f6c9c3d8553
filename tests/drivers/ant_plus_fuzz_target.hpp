#pragma once
// The fuzzing harness shared by the always-run gtest (ant_plus_fuzz_test.cpp) and the
// libFuzzer target (tests/fuzz/ant_plus_fuzz.cpp): feed bytes through the whole ANT+ handler
// (framer, channel control, HRM decoder) in chunkings and host times derived from the data,
// with ticks in between, and check every event plus the protocol's own invariants:
//  - a DeviceInfo comes before any beat;
//  - a beat with rr_us != 0 follows a beat and rr_us equals the t_dev_us difference;
//  - a beat with rr_us == 0 carries kBeatAfterGap;
//  - the handler answers each message it receives with at most one command: a chunk's reply
//    holds no more bytes than kLongestCommandBytes per frame the chunk completed (several
//    start-up messages and responses can share one read, each answered by the next step).
#include <chrono>
#include <span>
#include <string>

#include <resonant/drivers/ant_plus.hpp>
#include <resonant/drivers/decoder_support.hpp>

#include "event_invariants.hpp"

namespace resonant::drivers {

// The longest command the handler sends: the network key (sync, length, message id, channel
// network number + 8 key bytes, checksum).
constexpr std::size_t kLongestCommandBytes = 4 + 9;

struct AntFuzzOutcome {
  bool invariants_hold = true;
  std::string problem;
  std::size_t events = 0;
  std::size_t beats = 0;
};

inline AntFuzzOutcome fuzz_ant_plus_bytes(std::span<const std::uint8_t> bytes) {
  AntFuzzOutcome o;
  ProtocolOptions opts;
  opts.ant_network_key = std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8};
  auto handler = make_ant_plus_handler(opts);
  SensorQueue queue(128);  // drained after every chunk (a chunk holds a few messages)
  AtomicLinkCounters counters;
  EventPublisher publisher(queue, counters);
  bool described = false;
  std::optional<std::uint32_t> last_beat_us;
  auto fail = [&](std::string why) {
    if (o.invariants_hold) o.problem = std::move(why);
    o.invariants_hold = false;
  };
  auto check = [&](SensorEvent& e) {
    ++o.events;
    if (auto p = event_problem(e)) fail(*p);
    if (std::holds_alternative<DeviceInfo>(e)) described = true;
    if (const auto* b = std::get_if<DeviceBeat>(&e)) {
      ++o.beats;
      if (!described) fail("beat before DeviceInfo");
      if (b->rr_us == 0 && !(b->flags & kBeatAfterGap)) fail("unknown RR without gap flag");
      if (b->rr_us != 0 && (!last_beat_us || b->rr_us != b->t_dev_us - *last_beat_us)) {
        fail("rr_us differs from the t_dev_us difference");
      }
      last_beat_us = b->t_dev_us;
    }
  };
  SteadyClock::time_point t = SteadyClock::time_point{} + std::chrono::hours(1);
  (void)handler->on_open();
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::uint8_t lead = bytes[pos];
    const std::size_t chunk = 1 + (lead % 23);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    // Host time: mostly 4 Hz, sometimes a long silence (the 16-bit event time wraps).
    t += lead == 0xFE ? std::chrono::milliseconds(40'000) : std::chrono::milliseconds(lead % 300);
    const auto r = handler->on_bytes(part, t, publisher, counters);
    if (r.reply.size() > kLongestCommandBytes * r.frames) {
      fail("reply of " + std::to_string(r.reply.size()) + " bytes to " +
           std::to_string(r.frames) + " messages");
    }
    if (lead % 5 == 0) (void)handler->on_tick(t);
    if (lead == 0x7F) (void)handler->on_stall();
    queue.drain(check);
    pos += part.size();
  }
  (void)handler->on_close();
  (void)handler->fatal_error();
  return o;
}

}  // namespace resonant::drivers
