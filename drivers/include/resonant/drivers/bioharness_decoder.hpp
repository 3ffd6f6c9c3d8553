#pragma once
// Zephyr BioHarness 3 streaming packets (sensor-protocols.md §2): Zephyr frames -> ECG and
// breathing sample blocks, R-to-R beats, status, gaps; answers (ACK/NAK) to our commands.
//
// Every streaming packet starts with a 9-byte header (§2.4): a per-type sequence number (a jump
// becomes a GapEvent with the packets lost) and the device date + ms since midnight, taken as
// the time of the packet's first sample (jpaalasm, [V-1]). The date is turned into days since
// 1970 so the u32 µs device clock runs on across midnight (and month/year ends).
//
// Waveforms (§2.5): 10-bit samples packed LSB-first. ECG 250 Hz -> channel kEcgChannel in mV
// with App-Zephyr's scale (raw − 512) × 0.025 mV: the vendor scale is UNVERIFIED (§8), the
// channel name says so. Breathing 1000/56 Hz -> channel kRespChannel in raw counts (unitless).
//
// R-to-R (§2.6): 18 signed ms values per packet, one every 56 ms; the sign toggles at each new
// beat, so a beat is a sign change (equal RRs still flip). The first sign after the stream
// starts or after a sequence gap cannot be trusted: the first sign change of a gap-free run
// starts a series (kBeatAfterGap, rr 0). Beat times are chained (previous beat + RR, so t_dev_us
// differences equal rr_us); when the chain drifts from the 56 ms detection grid by more than
// kRrChainToleranceUs, or an RR is no heartbeat interval, the series restarts at the detection.
//
// General data (§2.7) and summary (§2.8, versions 2 and 3 by byte 9) update BioharnessVitals
// and emit a DeviceStatus (battery %, contact bits = "HR valid" / "respiration rate valid").
// Pure: no I/O, no clock, no allocation per byte.
//
// Threading contract: not synchronised; one owner (the I/O thread of its link, or a test).
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>

#include <resonant/drivers/decoder_support.hpp>
#include <resonant/drivers/zephyr_framer.hpp>

namespace resonant::drivers {

namespace bioharness {
// Data packet ids (§2.3).
inline constexpr std::uint8_t kGeneralDataId = 0x20;
inline constexpr std::uint8_t kBreathingId = 0x21;
inline constexpr std::uint8_t kEcgId = 0x22;
inline constexpr std::uint8_t kLifesignId = 0x23;  // §2.2, DLC 0, both directions
inline constexpr std::uint8_t kRrId = 0x24;
inline constexpr std::uint8_t kAccelerometerId = 0x25;  // not enabled by us; ignored
inline constexpr std::uint8_t kSummaryId = 0x2B;

// Common streaming header (§2.4, payload offsets).
inline constexpr std::size_t kSeqOffset = 0;
inline constexpr std::size_t kYearOffset = 1;   // u16 LE
inline constexpr std::size_t kMonthOffset = 3;
inline constexpr std::size_t kDayOffset = 4;
inline constexpr std::size_t kMsOfDayOffset = 5;  // u32 LE
inline constexpr std::size_t kHeaderSize = 9;
inline constexpr std::uint32_t kMsPerDay = 86'400'000;

// Waveforms (§2.5).
inline constexpr unsigned kSampleBits = 10;
inline constexpr int kWaveMidScale = 512;
inline constexpr std::uint32_t kEcgSamplePeriodUs = 4000;         // 250 Hz
inline constexpr std::uint32_t kBreathingSamplePeriodUs = 56'000;  // 17.857 Hz
inline constexpr std::uint32_t kRrSamplePeriodUs = 56'000;
inline constexpr double kEcgRateHz = 1e6 / kEcgSamplePeriodUs;
inline constexpr double kBreathingRateHz = 1e6 / kBreathingSamplePeriodUs;
/// App-Zephyr's conversion; vendor scale UNVERIFIED (§2.5, §8).
inline constexpr float kEcgMillivoltsPerCount = 0.025f;
inline constexpr std::size_t kEcgDlc = 88;        // 63 samples
inline constexpr std::size_t kBreathingDlc = 32;  // 18 samples
inline constexpr std::size_t kRrDlc = 45;         // 18 x i16

// General data (§2.7, payload offsets).
inline constexpr std::size_t kGeneralDlc = 53;
inline constexpr std::size_t kGeneralHrOffset = 9;           // u16 bpm, 0xFFFF invalid
inline constexpr std::size_t kGeneralRespRateOffset = 11;    // u16 x0.1 /min, 0xFFFF invalid
inline constexpr std::size_t kGeneralSkinTempOffset = 13;    // i16 x0.1 °C, 0x8000 invalid
inline constexpr std::size_t kGeneralPostureOffset = 15;     // i16 degrees, 0x8000 invalid
inline constexpr std::size_t kGeneralActivityOffset = 17;    // u16 x0.01 g
inline constexpr std::size_t kGeneralBatteryMvOffset = 21;   // u16 mV
inline constexpr std::size_t kGeneralStatusOffset = 51;      // u16: bit15 worn, bits 0-6 battery %

// Summary (§2.8, payload offsets).
inline constexpr std::size_t kSummaryDlc = 71;
inline constexpr std::size_t kSummaryVersionOffset = 9;
inline constexpr std::size_t kSummaryHrOffset = 10;        // v2 and v3
inline constexpr std::size_t kSummaryRespRateOffset = 12;  // v2 and v3
inline constexpr std::size_t kSummaryV2SkinTempOffset = 14;
inline constexpr std::size_t kSummaryV2PostureOffset = 16;
inline constexpr std::size_t kSummaryV2ActivityOffset = 18;
inline constexpr std::size_t kSummaryV2BatteryMvOffset = 22;
inline constexpr std::size_t kSummaryV2BatteryPctOffset = 24;
inline constexpr std::size_t kSummaryV3PostureOffset = 14;
inline constexpr std::size_t kSummaryV3ActivityOffset = 16;

inline constexpr std::uint8_t kEcgChannel = 0;
inline constexpr std::uint8_t kRespChannel = 1;
inline constexpr std::uint8_t kBeatChannel = kEcgChannel;  // the device finds R waves in the ECG
/// Chained beat times may drift this far from the detection grid before a restart: the
/// detection lags the R wave by up to one 56 ms sample, both for the anchor and for each beat.
inline constexpr std::uint32_t kRrChainToleranceUs = 3 * kRrSamplePeriodUs;
}  // namespace bioharness

/// The latest values of the general-data and summary packets (NaN = invalid / not seen).
struct BioharnessVitals {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  double hr_bpm = kNone;
  double respiration_rate_per_min = kNone;
  double skin_temp_c = kNone;
  double posture_deg = kNone;   // 0 = upright
  double activity_g = kNone;    // vector magnitude units
  double battery_mv = kNone;
  std::uint8_t battery_pct = 255;  // 255 = unknown
  bool worn = false;               // general data status bit 15 [V-1]
  std::uint8_t summary_version = 0;
};

/// Told about every answer (ACK/NAK-terminated frame) the device sends.
class AnswerSink {
 public:
  virtual ~AnswerSink() = default;
  virtual void on_answer(std::uint8_t command_id, bool ack) = 0;
};

class BioharnessDecoder {
 public:
  struct Counts {
    std::uint64_t acks = 0;
    std::uint64_t naks = 0;
    std::uint64_t lifesigns = 0;          // received from the device
    std::uint64_t ignored = 0;            // valid frames of types we do not decode
    std::uint64_t unknown_summary_versions = 0;
    std::uint64_t bad_dates = 0;          // header dates out of range (clock falls back to ms of day)
    std::uint64_t implausible_rr = 0;     // beats emitted without an RR
    std::uint64_t chain_restarts = 0;     // beat chain drifted from the detection grid
  };

  BioharnessDecoder();

  /// Feeds received bytes (any chunking); emits events into sink and answers into answers.
  void push(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx, EventSink& sink,
            AnswerSink* answers = nullptr);

  const DecoderStats& stats() const { return stats_; }
  const Counts& counts() const { return counts_; }
  const BioharnessVitals& vitals() const { return vitals_; }

  /// Forget partial frames, sequence numbers and the beat series (after reopening the port).
  void reset();

 private:
  enum Stream : std::size_t { kGeneral, kBreathing, kEcg, kRr, kSummary, kStreamCount };

  void on_frame(const ZephyrFrame& f, SteadyClock::time_point t_rx, EventSink& sink,
                AnswerSink* answers);
  /// Checks the packet's sequence number; emits a GapEvent on a jump. True after a gap.
  bool follow_sequence(Stream stream, std::uint8_t seq, SteadyClock::time_point t_rx,
                       EventSink& sink);
  std::optional<std::uint64_t> packet_time_us(std::span<const std::uint8_t> p);
  void describe(SteadyClock::time_point t_rx, EventSink& sink);
  void decode_waveform(std::span<const std::uint8_t> p, std::uint64_t t0_us, bool ecg,
                       SteadyClock::time_point t_rx, EventSink& sink);
  void decode_rr(std::span<const std::uint8_t> p, std::uint64_t t0_us, SteadyClock::time_point t_rx,
                 EventSink& sink);
  void decode_general(std::span<const std::uint8_t> p, std::uint64_t t0_us,
                      SteadyClock::time_point t_rx, EventSink& sink);
  bool decode_summary(std::span<const std::uint8_t> p, std::uint64_t t0_us,
                      SteadyClock::time_point t_rx, EventSink& sink);
  void emit_status(bool hr_valid, bool resp_valid, std::uint64_t t_us, SteadyClock::time_point t_rx,
                   EventSink& sink);
  void sync_stats();

  ZephyrFramer framer_;
  SampleBlocker ecg_;
  SampleBlocker resp_;
  bool described_ = false;
  std::array<std::optional<std::uint8_t>, kStreamCount> last_seq_{};
  // R-to-R state: the sign of the last value, and the chained time of the last beat.
  std::optional<bool> rr_negative_;
  std::optional<std::uint64_t> last_beat_us_;
  BioharnessVitals vitals_{};
  Counts counts_{};
  std::uint64_t bad_payloads_ = 0;
  DecoderStats stats_{};
};

}  // namespace resonant::drivers
