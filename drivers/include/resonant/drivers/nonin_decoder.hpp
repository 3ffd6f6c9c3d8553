#pragma once
// Nonin serial data formats (sensor-protocols.md §6.1), recognised from the stream:
//
//  DF2 [V-doc+impl]: 5-byte frames  01 | STATUS | PLETH (8 bit) | FLOAT | CHK
//  DF7 [V-doc]:      5-byte frames  STATUS | PLETH MSB | PLETH LSB | FLOAT | CHK
//    CHK = (sum of the 4 bytes before it) mod 256. 75 frames/s, 25-frame packets; STATUS:
//    b7 = 1, b5 ARTF (artifact), b4 OOT (out of track), b3 SNSA (sensor alarm / finger out),
//    b2 RPRF, b1 GPRF (perfusion: set for 12 frames on each detected pulse = pulse marker),
//    b0 SYNC (frame 1 of a packet). FLOAT by frame index: 1/2 HR MSB/LSB, 3 SpO2,
//    8 STAT2 (b0 low battery), ... HR = ((MSB & 3) << 7) | LSB, 511 = missing; SpO2 127 = missing.
//  DF8 [V-doc+impl]: 1 frame/s, 4 bytes, no checksum: b7 pattern 1,0,0,0; byte 1 b5 OOT,
//    b1..0 HR bits 8..7; byte 2 HR bits 6..0; byte 3 SpO2-D; byte 4 b3 SNSA, b0 low battery.
//  DF13 (the 9560's spot-check default) is not a stream: its bytes are skipped.
//
// Acquisition (§6.1 "Resync and pitfalls"): at each position the checksummed formats are
// tried first: DF2 needs a SYNC frame (01, STATUS & 0x81 == 0x81, CHK) and 2 more valid frames;
// DF7 (its STATUS >= 0x80 is a weak marker) a SYNC frame and 3 more valid frames. DF8 needs two
// consecutive 1,0,0,0 patterns when searching, one once locked, and is taken only when
// neither DF2 nor DF7 can still match at that position. On any failure one byte is dropped.
// Locked DF2/DF7 frames must keep their marker and checksum; a failure drops the lock and one
// byte and acquisition starts again at the next SYNC frame. Frames lost in between are
// estimated from the frame index (mod 25) and the bytes skipped; the sample clock advances by
// them and a GapEvent tells the engine.
//
// No device clock is used (the 1/3-s TMR field's byte layout is not in the spec): device time
// is synthesised from the waveform frame count at 75 Hz, t_dev_us(n) = n * 1e6 / 75.
//
// While the handler waits for the answer to its data-format command, a skipped 0x06 (ACK) or
// 0x15 (NAK) byte is taken as that answer instead of a framing error.
//
// Threading contract: not synchronised; one owner thread (the link's I/O thread or a test).
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include <resonant/drivers/decoder_support.hpp>

namespace resonant::drivers {

inline constexpr double kNoninSampleRateHz = 75.0;
inline constexpr std::uint8_t kNoninPpgChannel = 0;
/// 0.2 s of pleth per SampleBlock.
inline constexpr std::size_t kNoninBlockSamples = 15;

constexpr std::uint64_t nonin_frame_time_us(std::uint64_t n) { return n * 1'000'000u / 75u; }

class NoninDecoder {
 public:
  enum class Format : std::uint8_t { kNone, kDf2, kDf7, kDf8 };

  static constexpr std::size_t kFrameBytes = 5;      // DF2, DF7
  static constexpr std::size_t kDf8FrameBytes = 4;
  static constexpr unsigned kFramesPerPacket = 25;
  static constexpr std::uint8_t kDf2Start = 0x01;
  // STATUS bits.
  static constexpr std::uint8_t kStatusMarker = 0x80;
  static constexpr std::uint8_t kArtifact = 0x20;
  static constexpr std::uint8_t kOutOfTrack = 0x10;
  static constexpr std::uint8_t kSensorAlarm = 0x08;
  static constexpr std::uint8_t kPerfusionBits = 0x06;  // RPRF | GPRF: pulse marker
  static constexpr std::uint8_t kSync = 0x01;
  // DF8 bits.
  static constexpr std::uint8_t kDf8OutOfTrack = 0x20;
  static constexpr std::uint8_t kDf8SensorAlarm = 0x08;
  // FLOAT frame indexes (1-based) and missing-data values.
  static constexpr unsigned kFrameHrMsb = 1;
  static constexpr unsigned kFrameHrLsb = 2;
  static constexpr unsigned kFrameSpo2 = 3;
  static constexpr unsigned kMissingHr = 511;
  static constexpr unsigned kMissingSpo2 = 127;
  // Answers to the data-format command.
  static constexpr std::uint8_t kAck = 0x06;
  static constexpr std::uint8_t kNak = 0x15;
  static constexpr std::uint64_t kMinRrUs = 200'000;
  static constexpr std::uint64_t kMaxRrUs = 3'000'000;

  void decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx, EventSink& sink);
  void reset();

  const DecoderStats& stats() const { return stats_; }
  Format format() const { return format_; }
  /// Watch skipped bytes for an ACK/NAK (see the file comment).
  void expect_answer(bool on) { expect_answer_ = on; }
  /// The answer seen since the last call, if any.
  std::optional<std::uint8_t> take_answer() {
    auto a = answer_;
    answer_.reset();
    return a;
  }
  std::optional<unsigned> heart_rate_bpm() const { return hr_bpm_; }
  std::optional<unsigned> spo2_pct() const { return spo2_pct_; }

 private:
  enum class Match : std::uint8_t { kNo, kYes, kNeedMore };
  static constexpr std::size_t kBufferBytes = 32;  // >= the longest acquisition window (20)

  bool step(SteadyClock::time_point t_rx, EventSink& sink);
  Match match_df2(std::size_t frames) const;
  Match match_df7(std::size_t frames) const;
  Match match_df8(std::size_t frames) const;
  void drop(std::size_t n);
  void lock(Format f, SteadyClock::time_point t_rx, EventSink& sink);
  void on_waveform_frame(SteadyClock::time_point t_rx, EventSink& sink);
  void on_df8_frame(SteadyClock::time_point t_rx, EventSink& sink);
  void announce(SteadyClock::time_point t_rx, EventSink& sink);
  void set_contact(bool ok, SteadyClock::time_point t_rx, EventSink& sink);
  void pulse_marker(bool marker, bool usable, SteadyClock::time_point t_rx, EventSink& sink);

  std::array<std::uint8_t, kBufferBytes> buf_{};
  std::size_t size_ = 0;
  Format format_ = Format::kNone;
  Format waveform_format_ = Format::kNone;  // the last DF2/DF7 locked (for gap estimates)
  std::uint8_t announced_bits_ = 0;
  bool device_announced_ = false;
  std::uint64_t skipped_ = 0;  // bytes dropped since the last frame
  unsigned next_index_ = 1;    // expected frame index 1..25 of the next waveform frame
  unsigned hr_msb_ = 0;
  std::uint64_t frame_count_ = 0;  // waveform frames (sample clock)
  std::optional<bool> contact_ok_;
  std::optional<unsigned> hr_bpm_;
  std::optional<unsigned> spo2_pct_;
  bool expect_answer_ = false;
  std::optional<std::uint8_t> answer_;
  // Pulse marker -> beats.
  bool marker_was_set_ = false;
  std::optional<std::uint64_t> last_beat_us_;
  bool beat_after_gap_ = true;
  SampleBlocker blocker_{kNoninPpgChannel, kNoninSampleRateHz, kNoninBlockSamples};
  DecoderStats stats_{};
};

}  // namespace resonant::drivers
