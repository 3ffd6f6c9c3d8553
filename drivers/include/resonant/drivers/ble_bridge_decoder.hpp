#pragma once
// BLE-to-serial bridge: byte stream -> SensorEvents (hardware/BLE_BRIDGE.md).
//
// Framing is the Resonant protocol's COBS + CRC-16 (CobsFramer with the bridge's frame
// sizes); ble_bridge_frame.hpp has the header, ble_bridge_payloads.hpp the payload layouts.
//
// Channels (ids < 8, one set per BLE link 0..2, plus two local analog inputs):
//   link L ECG (PMD, 130 Hz, mV)                    channel 2L,   kEcg
//   link L chest ACC z axis (PMD, mG) [experimental] channel 2L+1, kResp
//   link L beats (0x2A37 RR)                        beat id 2L (its contact bit)
//   local analog input n (frame link 0x10 + n)      channel 6+n,  kind from the block
//
// ONE device clock per link: the bridge's free-running t_us (u32, wraps). Beats are timed on
// it directly. PMD samples carry the sensor's own ns clock; it gives the spacing of samples
// (SDK behaviour: the frame timestamp is the LAST sample's, samples spread evenly back to the
// previous frame's timestamp, 1/nominal rate for the first frame or an implausible spacing),
// and is mapped onto the bridge clock with an offset = lower envelope of
// (bridge receipt t_us - PMD time) per link: it steps down at most kPmdOffsetStepDownUs per
// frame (a less-delayed frame) and creeps up kPmdOffsetCreepUs per frame (follows a PMD
// clock that runs slow against the bridge's), so BLE latency jitter never reaches the
// samples and successive frames join without steps a SampleBlocker would cut. A jump of more
// than kPmdReanchorUs (sensor clock set, reconnect) re-anchors the mapping.
//
// RR chain (sensor-protocols.md §4.1 pitfalls): RR in 1/1024 s (or ms with the per-device
// option), rounded to µs; successive beats are chained so that t_dev_us differences equal
// rr_us; a new chain is anchored with the notification's LAST beat at the bridge's receipt
// t_us. The chain restarts (first beat kBeatAfterGap, rr_us = 0) at the first notification,
// after a sequence gap, a disconnect, or when Σ RR drifts from the bridge clock: the lag of
// the receipt behind the chained last beat leaves its running mean by more than
// kMaxChainDriftRr x the last RR + kReceiptScatterUs (a beat waits up to one notification
// period for its notification, so the lag naturally scatters that much). Lost notifications
// are never papered over with a long RR; a single lost beat may go unnoticed (BLE
// notifications are link-layer acknowledged; UART loss is caught by seq).
// An RR outside [kMinRrUs, kMaxRrUs] gives its beat rr_us = 0.
//
// Pure: bytes + host receive time in, events out; no I/O, no clock, no allocation per byte.
// Threading contract: not synchronised; one owner thread (the I/O thread of its link).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <resonant/drivers/ble_bridge_frame.hpp>
#include <resonant/drivers/ble_bridge_payloads.hpp>
#include <resonant/drivers/cobs_framer.hpp>
#include <resonant/drivers/decoder_support.hpp>

namespace resonant::drivers {

struct BleBridgeOptions {
  /// Some BLE straps reportedly send RR in ms instead of 1/1024 s (sensor-protocols.md §4.1,
  /// UNVERIFIED which): a per-device override.
  bool rr_in_ms = false;
};

/// Counters beyond DecoderStats, for diagnostics and tests.
struct BleBridgeStats {
  std::uint64_t hrs_frames = 0;
  std::uint64_t pmd_frames = 0;
  std::uint64_t cp_responses = 0;
  std::uint64_t cp_errors = 0;          // CP responses with a non-zero status
  std::uint64_t status_frames = 0;
  std::uint64_t link_events = 0;
  std::uint64_t text_logs = 0;
  std::uint64_t identities = 0;
  std::uint64_t analog_frames = 0;
  std::uint64_t unknown_types = 0;      // valid frames of types this host does not know
  std::uint64_t unknown_links = 0;      // valid frames for link ids without channels
  std::uint64_t unsupported_pmd = 0;    // PMD measurement/frame types not decoded (not errors)
  std::uint64_t bad_payloads = 0;       // too short / inconsistent (also framing errors)
  std::uint64_t chain_restarts = 0;     // RR chains (re)started
  std::uint64_t drift_restarts = 0;     // of those, because Σ RR left the bridge clock
  std::uint64_t implausible_rr = 0;
};

class BleBridgeDecoder {
 public:
  // Channel layout (see above).
  static constexpr std::uint8_t kChannelsPerLink = 2;
  static constexpr std::uint8_t kLocalChannelBase = 6;
  // Rates (sensor-protocols.md §4.2): H10 ECG 130 Hz; ACC as requested by the start command
  // the handler sends (200 Hz), re-described if the timestamps show another H10 rate.
  static constexpr double kEcgRateHz = 130.0;
  static constexpr double kAccDefaultRateHz = 200.0;
  static constexpr std::array<double, 4> kAccRatesHz = {25.0, 50.0, 100.0, 200.0};
  static constexpr double kAccRateMatch = 0.1;         // measured within 10 % of a standard rate
  static constexpr double kSpacingTolerance = 0.25;    // PMD spacing vs nominal, else nominal
  static constexpr std::int64_t kPmdOffsetStepDownUs = 1'000;
  static constexpr std::int64_t kPmdOffsetCreepUs = 100;
  static constexpr std::int64_t kPmdReanchorUs = 2'000'000;
  static constexpr double kMaxChainDriftRr = 1.5;
  static constexpr double kReceiptScatterUs = 500'000.0;  // half a 1 Hz notification period
  static constexpr double kLagSmoothing = 1.0 / 8.0;     // running mean of the receipt lag
  static constexpr std::uint32_t kMinRrUs = 200'000;    // 300 bpm
  static constexpr std::uint32_t kMaxRrUs = 3'000'000;  // 20 bpm
  static constexpr unsigned kEcgDeltaResolutionBits = 24;  // UNVERIFIED: SDK has no compressed ECG
  static constexpr unsigned kAccResolutionBits = 16;
  static constexpr float kMaxPmdFactor = 1e3f;

  explicit BleBridgeDecoder(BleBridgeOptions options = {});

  /// Decodes bytes, emitting events into sink.
  void decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx, EventSink& sink);

  /// Links on which a peripheral connected since the last call (bit n = link n): the handler
  /// answers with the PMD start commands.
  std::uint8_t take_links_to_start();
  /// Links believed connected now (bit n = link n).
  std::uint8_t connected_links() const;

  const DecoderStats& stats() const { return stats_; }
  const BleBridgeStats& bridge_stats() const { return bridge_; }
  /// Readable notes about refused PMD commands and link changes (newest last, at most
  /// NoteLog::kCapacity): the "log" of this pure decoder.
  const std::vector<std::string>& notes() const { return notes_.all(); }
  /// The notes since the last call (for the link's messages).
  std::vector<std::string> take_new_notes() { return notes_.take_new(); }

  /// Forget partial frames and all stream state (after reopening the port). Counters stay.
  void reset();

 private:
  struct PmdStream {
    std::optional<std::int64_t> prev_us;  // previous frame's timestamp (PMD clock, µs)
    float factor = 1.0f;                  // from the start response's FACTOR setting
  };
  struct Peripheral {
    bool connected = false;
    bool contact_supported = false;
    bool contact_detected = false;
    std::uint8_t battery_pct = ble_bridge::kBatteryUnknown;
    std::uint16_t overruns = 0;
    bool chain_active = false;
    std::int64_t last_beat_us = 0;  // unwrapped bridge clock
    double mean_lag_us = 0.0;       // receipt time - chained last beat, running mean
    bool pmd_anchored = false;
    std::int64_t pmd_offset_us = 0;  // bridge µs - PMD µs
    PmdStream ecg, acc;
    double acc_rate_hz = kAccDefaultRateHz;
    bool contact_ok() const { return connected && (!contact_supported || contact_detected); }
  };
  struct LocalInput {
    std::uint8_t kind = 0xFF;  // not described yet
    std::uint32_t rate_mhz = 0;
    bool contact = true;
  };

  void on_frame(std::span<const std::uint8_t> frame, SteadyClock::time_point t_rx, EventSink& sink);
  void check_seq(std::uint8_t seq, SteadyClock::time_point t_rx, EventSink& sink);
  void on_hrs(std::uint8_t link, std::span<const std::uint8_t> p, SteadyClock::time_point t_rx,
              EventSink& sink);
  void on_rr(std::uint8_t link, const ble_bridge::HeartRateMeasurement& m,
             SteadyClock::time_point t_rx, EventSink& sink);
  void on_pmd_data(std::uint8_t link, std::span<const std::uint8_t> p,
                   SteadyClock::time_point t_rx, EventSink& sink);
  void emit_pmd(std::uint8_t link, bool ecg, std::int64_t pmd_us, float scale,
                SteadyClock::time_point t_rx, EventSink& sink);
  void on_pmd_cp(std::uint8_t link, std::span<const std::uint8_t> p);
  void on_status(std::uint8_t link, std::span<const std::uint8_t> p, SteadyClock::time_point t_rx,
                 EventSink& sink);
  void on_link(std::uint8_t link, std::span<const std::uint8_t> p, SteadyClock::time_point t_rx,
               EventSink& sink);
  void on_identity(std::span<const std::uint8_t> p, SteadyClock::time_point t_rx, EventSink& sink);
  void on_analog(std::uint8_t input, std::span<const std::uint8_t> p, SteadyClock::time_point t_rx,
                 EventSink& sink);

  void announce(SteadyClock::time_point t_rx, EventSink& sink);
  void describe(std::uint8_t channel, ChannelKind kind, double rate_hz, std::uint8_t bits,
                std::string_view name, SteadyClock::time_point t_rx, EventSink& sink);
  void emit_status(std::uint8_t link, SteadyClock::time_point t_rx, EventSink& sink);
  void break_streams(Peripheral& p);
  void bad_payload();
  void note(std::string text);

  BleBridgeOptions options_;
  CobsFramer framer_{ble_bridge::kMinFrame, ble_bridge::kMaxFrame};
  CounterUnwrapper clock_{32};
  std::int64_t now_us_ = 0;       // unwrapped bridge t_us of the frame being decoded
  std::uint32_t now_raw_us_ = 0;  // its raw u32 value
  std::optional<std::uint8_t> expected_seq_;
  bool announced_ = false;
  std::uint8_t described_mask_ = 0;
  std::string device_name_ = "BLE bridge";
  std::array<std::uint8_t, 3> firmware_{};
  std::array<Peripheral, ble_bridge::kMaxPeripheralLinks> links_{};
  std::array<LocalInput, ble_bridge::kMaxLocalInputs> inputs_{};
  std::vector<SampleBlocker> blockers_;  // one per channel id (8)
  std::uint8_t links_to_start_ = 0;
  ble_bridge::PmdSamples samples_{};     // scratch, reused for every PMD frame
  NoteLog notes_;
  DecoderStats stats_{};
  BleBridgeStats bridge_{};
};

}  // namespace resonant::drivers
