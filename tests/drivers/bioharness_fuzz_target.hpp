#pragma once
// The BioHarness fuzzing harness shared by the always-run gtest (bioharness_fuzz_test.cpp) and
// the libFuzzer target (tests/fuzz/bioharness_fuzz.cpp): random chunkings, event invariants,
// beat timing invariants, waveform values within the 10-bit range, answers only from ACK/NAK.
#include <resonant/drivers/bioharness_decoder.hpp>

#include "zephyr_fuzz_checks.hpp"

namespace resonant::drivers {

inline ZephyrFuzzOutcome fuzz_bioharness_bytes(std::span<const std::uint8_t> bytes) {
  BioharnessDecoder decoder;
  ZephyrFuzzOutcome o;
  ZephyrCheckingSink checks(o);
  // Extra BioHarness checks on top of the shared ones.
  struct RangeSink final : EventSink {
    ZephyrCheckingSink& inner;
    ZephyrFuzzOutcome& out;
    RangeSink(ZephyrCheckingSink& i, ZephyrFuzzOutcome& o2) : inner(i), out(o2) {}
    void emit(SensorEvent&& e) override {
      if (const auto* b = std::get_if<SampleBlock>(&e)) {
        const float lo = b->channel == bioharness::kEcgChannel ? -512 * bioharness::kEcgMillivoltsPerCount : 0.0f;
        const float hi = b->channel == bioharness::kEcgChannel ? 511 * bioharness::kEcgMillivoltsPerCount : 1023.0f;
        for (std::size_t k = 0; k < b->count; ++k) {
          if (b->values[k] < lo || b->values[k] > hi) {
            out.invariants_hold = false;
            out.problem = "sample outside the 10-bit range";
          }
        }
        if (b->channel > bioharness::kRespChannel) {
          out.invariants_hold = false;
          out.problem = "unknown channel";
        }
      }
      inner.emit(std::move(e));
    }
  } sink(checks, o);
  struct CountingAnswers final : AnswerSink {
    std::uint64_t n = 0;
    void on_answer(std::uint8_t, bool) override { ++n; }
  } answers;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t chunk = 1 + (bytes[pos] % 61);
    const auto part = bytes.subspan(pos, std::min(chunk, bytes.size() - pos));
    decoder.push(part, SteadyClock::time_point{}, sink, &answers);
    pos += part.size();
  }
  const auto& c = decoder.counts();
  if (answers.n != c.acks + c.naks) {
    o.invariants_hold = false;
    o.problem = "answers not counted";
  }
  if (decoder.stats().data_frames > decoder.stats().frames) {
    o.invariants_hold = false;
    o.problem = "more data frames than frames";
  }
  return o;
}

}  // namespace resonant::drivers
