#pragma once
// PulseSensor Playground serial output (sensor-protocols.md §5.1) [V-impl: library source].
// ASCII lines ending in CR LF; the first character selects the field:
//   PROCESSING_VISUALIZER, one sensor:  S<signal>  every 20 ms;  B<bpm> then Q<ibi_ms> per beat
//   PROCESSING_VISUALIZER, several sensors: a<sig>, b<sig>, ...; A<bpm>/M<ibi> (sensor 0),
//     B/N (sensor 1), ...: only sensor 0 is decoded, the others' lines are valid but ignored
//   SERIAL_PLOTTER (library default), one sensor: BPM,IBI,Signal  e.g. 72,830,512
//     (the IBI column repeats the last IBI: a new beat is a changed value, so two equal IBIs in
//     a row look like one beat; the drift check below catches the missed beat)
//   SERIAL_PLOTTER, several sensors: s0,s1,... (any column count but 3): sensor 0 decoded
// The library samples every 2 ms and prints every 10th sample: the signal is a 50 Hz channel;
// IBIs have 2 ms resolution. BPM is ignored (the engine derives rate from IBIs).
//
// Device time is synthesised from the sample lines (t = n * 20 ms). A beat is timed by the
// chain of IBIs (t_prev + IBI, so t_dev_us differences equal rr_us) as long as that stays
// within kBeatDriftTolerance of the sample clock at its arrival (the library prints the beat
// right after the sample it was found in, so the two clocks agree); otherwise, for the first
// beat, after a malformed line and for implausible IBIs, the beat is placed at the latest
// sample with rr_us = 0 and kBeatAfterGap.
//
// Malformed lines (bad syntax, numbers out of range, non-text bytes, longer than
// kMaxLineChars) are framing errors and a GapEvent (a sample may have been lost); never a crash.
//
// Threading contract: not synchronised; one owner thread (the link's I/O thread or a test).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <resonant/drivers/decoder_support.hpp>

namespace resonant::drivers {

inline constexpr double kPulseSensorSampleRateHz = 50.0;  // 500 Hz / 10 samples per line
inline constexpr std::uint64_t kPulseSensorSamplePeriodUs = 20'000;
inline constexpr std::uint8_t kPulseSensorPpgChannel = 0;
inline constexpr std::size_t kPulseSensorBlockSamples = 10;  // 0.2 s
/// Longer than any valid line ("65535,65535,65535" is 17): anything longer is garbage.
inline constexpr std::size_t kPulseSensorMaxLineChars = 40;
/// Signal values: analogRead 0..1023 on AVR, up to 16 bits elsewhere.
inline constexpr long kPulseSensorMaxSignal = 65535;
/// Plausible IBI (the library's own limits are wider): 300 bpm .. 20 bpm.
inline constexpr long kPulseSensorMinIbiMs = 200;
inline constexpr long kPulseSensorMaxIbiMs = 3000;
inline constexpr std::uint64_t kBeatDriftToleranceUs = 100'000;

class PulseSensorDecoder {
 public:
  void decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx, EventSink& sink);
  void reset();
  const DecoderStats& stats() const { return stats_; }
  /// Lines that were valid but belong to other sensors or carry BPM.
  std::uint64_t ignored_lines() const { return ignored_lines_; }

 private:
  void on_line(std::string_view line, SteadyClock::time_point t_rx, EventSink& sink);
  bool on_csv(std::string_view line, SteadyClock::time_point t_rx, EventSink& sink);
  void on_sample(long value, SteadyClock::time_point t_rx, EventSink& sink);
  void on_ibi(long ibi_ms, SteadyClock::time_point t_rx, EventSink& sink);
  void malformed(SteadyClock::time_point t_rx, EventSink& sink);
  void emit_pending_gap(SteadyClock::time_point t_rx, EventSink& sink);

  std::array<char, kPulseSensorMaxLineChars> line_{};
  std::size_t line_len_ = 0;
  bool overlong_ = false;  // discarding the rest of a too-long line
  bool bad_bytes_ = false; // the current line holds non-text bytes
  bool started_ = false;
  bool multi_sensor_ = false;  // lowercase sample lines seen: 'Q' is another sensor's IBI
  bool gap_pending_ = false;   // a malformed line since the last good one
  std::uint64_t samples_ = 0;
  std::optional<long> last_csv_ibi_ms_;
  std::optional<std::uint64_t> last_beat_us_;
  std::uint64_t ignored_lines_ = 0;
  SampleBlocker blocker_{kPulseSensorPpgChannel, kPulseSensorSampleRateHz, kPulseSensorBlockSamples};
  DecoderStats stats_{};
};

}  // namespace resonant::drivers
