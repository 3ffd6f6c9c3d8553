#include <resonant/drivers/bioharness_decoder.hpp>

#include <cstdlib>

namespace resonant::drivers {
namespace {

using namespace bioharness;

constexpr std::uint16_t kInvalidU16 = 0xFFFF;  // §2.7/§2.8 "invalid" marker of u16 fields
constexpr std::int16_t kInvalidI16 = INT16_MIN; // 0x8000
constexpr double kTenths = 0.1;
constexpr double kHundredths = 0.01;
constexpr std::uint16_t kStatusWornBit = 0x8000;
constexpr std::uint16_t kStatusBatteryMask = 0x007F;
constexpr std::uint8_t kBatteryMaxPct = 100;
constexpr std::uint8_t kSummaryV2 = 2;
constexpr std::uint8_t kSummaryV3 = 3;
constexpr std::size_t kSummaryV2MinDlc = 25;  // through the battery % byte
constexpr std::size_t kSummaryV3MinDlc = 18;  // through activity
constexpr std::uint64_t kUsPerMs = 1000;
// A heart beats 20..300 times a minute: RR in [200 ms, 3 s] (event_invariants.hpp).
constexpr std::uint32_t kMinRrMs = 200;
constexpr std::uint32_t kMaxRrMs = 3000;
constexpr std::size_t kBitsPerByte = 8;

std::uint16_t le16(std::span<const std::uint8_t> p, std::size_t off) {
  return static_cast<std::uint16_t>(p[off] | (p[off + 1] << 8));
}
std::int16_t le16s(std::span<const std::uint8_t> p, std::size_t off) {
  return static_cast<std::int16_t>(le16(p, off));
}
std::uint32_t le32(std::span<const std::uint8_t> p, std::size_t off) {
  return static_cast<std::uint32_t>(p[off]) | (static_cast<std::uint32_t>(p[off + 1]) << 8) |
         (static_cast<std::uint32_t>(p[off + 2]) << 16) | (static_cast<std::uint32_t>(p[off + 3]) << 24);
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// Sample k of a 10-bit LSB-first packed run starting at data[0] (§2.5).
int packed_sample(std::span<const std::uint8_t> data, std::size_t k) {
  const std::size_t bit = k * kSampleBits;
  const std::size_t j = bit / kBitsPerByte;
  const unsigned shift = bit % kBitsPerByte;
  const unsigned hi = j + 1 < data.size() ? data[j + 1] : 0u;
  return static_cast<int>(((data[j] | (hi << 8)) >> shift) & ((1u << kSampleBits) - 1));
}

double tenths_or_none(std::uint16_t v) { return v == kInvalidU16 ? BioharnessVitals::kNone : v * kTenths; }
double signed_or_none(std::int16_t v, double scale) {
  return v == kInvalidI16 ? BioharnessVitals::kNone : v * scale;
}

}  // namespace

BioharnessDecoder::BioharnessDecoder()
    : ecg_(kEcgChannel, kEcgRateHz, kMaxSamplesPerBlock),
      resp_(kRespChannel, kBreathingRateHz, kMaxSamplesPerBlock) {}

void BioharnessDecoder::reset() {
  framer_.reset();
  ecg_.clear();
  resp_.clear();
  described_ = false;
  last_seq_ = {};
  rr_negative_.reset();
  last_beat_us_.reset();
  vitals_ = {};
}

void BioharnessDecoder::push(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                             EventSink& sink, AnswerSink* answers) {
  framer_.push(bytes, [&](const ZephyrFrame& f) { on_frame(f, t_rx, sink, answers); });
  sync_stats();
}

void BioharnessDecoder::sync_stats() {
  const auto& f = framer_.stats();
  stats_.frames = f.frames;
  stats_.crc_errors = f.crc_errors;
  stats_.framing_errors = f.framing_errors + bad_payloads_;
}

void BioharnessDecoder::on_frame(const ZephyrFrame& f, SteadyClock::time_point t_rx,
                                 EventSink& sink, AnswerSink* answers) {
  if (f.terminator != kZephyrEtx) {
    // An answer to one of our commands carries the command's id (§2.1, §2.9).
    const bool ack = f.terminator == kZephyrAck;
    ++(ack ? counts_.acks : counts_.naks);
    if (answers != nullptr) answers->on_answer(f.id, ack);
    return;
  }
  const auto p = f.payload;
  Stream stream{};
  std::size_t want_dlc = 0;
  switch (f.id) {
    case kGeneralDataId: stream = kGeneral; want_dlc = kGeneralDlc; break;
    case kBreathingId: stream = kBreathing; want_dlc = kBreathingDlc; break;
    case kEcgId: stream = kEcg; want_dlc = kEcgDlc; break;
    case kRrId: stream = kRr; want_dlc = kRrDlc; break;
    case kSummaryId: stream = kSummary; want_dlc = kSummaryVersionOffset + 1; break;
    case kLifesignId: ++counts_.lifesigns; return;
    default: ++counts_.ignored; return;  // accelerometer, events, answers we did not ask for
  }
  // Summary packets come in versions of their own; everything else has one fixed size.
  const bool size_ok = stream == kSummary ? p.size() >= want_dlc : p.size() == want_dlc;
  const auto t0_us = size_ok ? packet_time_us(p) : std::nullopt;
  if (!t0_us) {
    ++bad_payloads_;
    return;
  }
  describe(t_rx, sink);
  const bool gap = follow_sequence(stream, p[kSeqOffset], t_rx, sink);
  switch (stream) {
    case kGeneral: decode_general(p, *t0_us, t_rx, sink); break;
    case kBreathing:
    case kEcg: decode_waveform(p, *t0_us, stream == kEcg, t_rx, sink); break;
    case kRr:
      if (gap) {
        // The sign before the gap says nothing about beats inside it (§2.6).
        rr_negative_.reset();
        last_beat_us_.reset();
      }
      decode_rr(p, *t0_us, t_rx, sink);
      break;
    case kSummary:
      if (!decode_summary(p, *t0_us, t_rx, sink)) return;  // not counted as data
      break;
    default: break;
  }
  ++stats_.data_frames;
}

std::optional<std::uint64_t> BioharnessDecoder::packet_time_us(std::span<const std::uint8_t> p) {
  const std::uint32_t ms_of_day = le32(p, kMsOfDayOffset);
  if (ms_of_day >= kMsPerDay) return std::nullopt;
  const unsigned month = p[kMonthOffset];
  const unsigned day = p[kDayOffset];
  std::int64_t days = 0;
  if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
    days = days_from_civil(le16(p, kYearOffset), month, day);
  } else {
    ++counts_.bad_dates;  // the clock keeps its ms of day only: it jumps back at midnight
  }
  const std::int64_t ms = days * static_cast<std::int64_t>(kMsPerDay) + ms_of_day;
  // Dates before 1970 (an unset clock) still give a consistent clock modulo 2^64.
  return static_cast<std::uint64_t>(ms) * kUsPerMs;
}

bool BioharnessDecoder::follow_sequence(Stream stream, std::uint8_t seq,
                                        SteadyClock::time_point t_rx, EventSink& sink) {
  auto& last = last_seq_[stream];
  const bool first = !last.has_value();
  const auto lost = first ? std::uint8_t{0} : static_cast<std::uint8_t>(seq - *last - 1);
  last = seq;
  if (lost == 0) return first;
  stats_.frames_lost += lost;
  if (stream == kEcg) ecg_.clear();
  if (stream == kBreathing) resp_.clear();
  // Each stream counts its own packets: a lost breathing packet says nothing about the ECG.
  const int channel = stream == kEcg         ? bioharness::kEcgChannel
                      : stream == kBreathing ? bioharness::kRespChannel
                      : stream == kRr        ? kBeatChannel
                                             : GapEvent::kAllChannels;
  sink.emit(SensorEvent{GapEvent{lost, 0, t_rx, channel}});
  return true;
}

void BioharnessDecoder::describe(SteadyClock::time_point t_rx, EventSink& sink) {
  if (described_) return;
  described_ = true;
  sink.emit(SensorEvent{describe_device("Zephyr BioHarness 3", 2, t_rx)});
  sink.emit(SensorEvent{describe_channel(kEcgChannel, ChannelKind::kEcg, kEcgRateHz, kSampleBits,
                                         "ECG (0.025 mV/count, unverified)", t_rx)});
  sink.emit(SensorEvent{describe_channel(kRespChannel, ChannelKind::kResp, kBreathingRateHz,
                                         kSampleBits, "Breathing (raw 10-bit counts)", t_rx)});
}

void BioharnessDecoder::decode_waveform(std::span<const std::uint8_t> p, std::uint64_t t0_us,
                                        bool ecg, SteadyClock::time_point t_rx, EventSink& sink) {
  const auto data = p.subspan(kHeaderSize);
  const std::size_t n = data.size() * kBitsPerByte / kSampleBits;
  SampleBlocker& blocker = ecg ? ecg_ : resp_;
  const std::uint64_t period_us = ecg ? kEcgSamplePeriodUs : kBreathingSamplePeriodUs;
  for (std::size_t k = 0; k < n; ++k) {
    const int raw = packed_sample(data, k);
    const float value = ecg ? static_cast<float>(raw - kWaveMidScale) * kEcgMillivoltsPerCount
                            : static_cast<float>(raw);
    blocker.push(value, static_cast<std::uint32_t>(t0_us + k * period_us), t_rx, sink);
  }
  blocker.flush(sink);  // one block per packet: the engine sees samples as they arrive
}

void BioharnessDecoder::decode_rr(std::span<const std::uint8_t> p, std::uint64_t t0_us,
                                  SteadyClock::time_point t_rx, EventSink& sink) {
  const std::size_t n = (p.size() - kHeaderSize) / 2;
  for (std::size_t k = 0; k < n; ++k) {
    const int value_ms = le16s(p, kHeaderSize + 2 * k);
    const bool negative = value_ms < 0;
    const bool changed = rr_negative_.has_value() && *rr_negative_ != negative;
    rr_negative_ = negative;
    if (!changed) continue;
    // A new R wave since the previous sample: the value is its RR interval (ms-exact).
    const auto rr_ms = static_cast<std::uint32_t>(std::abs(value_ms));
    const std::uint64_t detected_us = t0_us + k * kRrSamplePeriodUs;
    DeviceBeat beat;
    beat.channel = kBeatChannel;
    beat.t_rx = t_rx;
    const bool plausible = rr_ms >= kMinRrMs && rr_ms <= kMaxRrMs;
    if (!plausible) ++counts_.implausible_rr;
    std::uint64_t t_us = detected_us;
    bool chained = false;
    if (last_beat_us_ && plausible) {
      const std::uint64_t chain_us = *last_beat_us_ + rr_ms * kUsPerMs;
      const auto drift = static_cast<std::int64_t>(chain_us - detected_us);
      if (std::llabs(drift) <= kRrChainToleranceUs) {
        t_us = chain_us;
        chained = true;
      } else {
        ++counts_.chain_restarts;  // beats the device dropped, or a clock step
      }
    }
    if (chained) {
      beat.rr_us = rr_ms * static_cast<std::uint32_t>(kUsPerMs);
    } else {
      beat.flags = kBeatAfterGap;
    }
    beat.t_dev_us = static_cast<std::uint32_t>(t_us);
    last_beat_us_ = t_us;
    sink.emit(SensorEvent{beat});
  }
}

void BioharnessDecoder::decode_general(std::span<const std::uint8_t> p, std::uint64_t t0_us,
                                       SteadyClock::time_point t_rx, EventSink& sink) {
  const std::uint16_t hr = le16(p, kGeneralHrOffset);
  const std::uint16_t resp = le16(p, kGeneralRespRateOffset);
  const std::uint16_t status = le16(p, kGeneralStatusOffset);
  const bool hr_valid = hr != kInvalidU16 && hr != 0;
  const bool resp_valid = resp != kInvalidU16;
  vitals_.hr_bpm = hr_valid ? hr : BioharnessVitals::kNone;
  vitals_.respiration_rate_per_min = tenths_or_none(resp);
  vitals_.skin_temp_c = signed_or_none(le16s(p, kGeneralSkinTempOffset), kTenths);
  vitals_.posture_deg = signed_or_none(le16s(p, kGeneralPostureOffset), 1.0);
  vitals_.activity_g = le16(p, kGeneralActivityOffset) * kHundredths;
  vitals_.battery_mv = le16(p, kGeneralBatteryMvOffset);
  vitals_.worn = (status & kStatusWornBit) != 0;
  const auto pct = static_cast<std::uint8_t>(status & kStatusBatteryMask);
  vitals_.battery_pct = pct <= kBatteryMaxPct ? pct : std::uint8_t{255};
  emit_status(hr_valid, resp_valid, t0_us, t_rx, sink);
}

bool BioharnessDecoder::decode_summary(std::span<const std::uint8_t> p, std::uint64_t t0_us,
                                       SteadyClock::time_point t_rx, EventSink& sink) {
  const std::uint8_t version = p[kSummaryVersionOffset];
  const bool v2 = version == kSummaryV2 && p.size() >= kSummaryV2MinDlc;
  const bool v3 = version == kSummaryV3 && p.size() >= kSummaryV3MinDlc;
  if (!v2 && !v3) {
    ++counts_.unknown_summary_versions;  // a valid frame we cannot read: neither data nor error
    return false;
  }
  vitals_.summary_version = version;
  const std::uint16_t hr = le16(p, kSummaryHrOffset);
  const std::uint16_t resp = le16(p, kSummaryRespRateOffset);
  const bool hr_valid = hr != kInvalidU16 && hr != 0;
  vitals_.hr_bpm = hr_valid ? hr : BioharnessVitals::kNone;
  vitals_.respiration_rate_per_min = tenths_or_none(resp);
  if (v2) {
    vitals_.skin_temp_c = signed_or_none(le16s(p, kSummaryV2SkinTempOffset), kTenths);
    vitals_.posture_deg = signed_or_none(le16s(p, kSummaryV2PostureOffset), 1.0);
    vitals_.activity_g = le16(p, kSummaryV2ActivityOffset) * kHundredths;
    vitals_.battery_mv = le16(p, kSummaryV2BatteryMvOffset);
    const std::uint8_t pct = p[kSummaryV2BatteryPctOffset];
    vitals_.battery_pct = pct <= kBatteryMaxPct ? pct : std::uint8_t{255};
  } else {
    vitals_.posture_deg = signed_or_none(le16s(p, kSummaryV3PostureOffset), 1.0);
    vitals_.activity_g = le16(p, kSummaryV3ActivityOffset) * kHundredths;
  }
  emit_status(hr_valid, resp != kInvalidU16, t0_us, t_rx, sink);
  return true;
}

void BioharnessDecoder::emit_status(bool hr_valid, bool resp_valid, std::uint64_t t_us,
                                    SteadyClock::time_point t_rx, EventSink& sink) {
  DeviceStatus status;
  // Contact from the verified fields: the device only reports a heart rate (respiration rate)
  // while it sees the ECG (breathing) signal.
  status.contact_ok_mask = static_cast<std::uint8_t>((hr_valid ? 1u << kEcgChannel : 0u) |
                                                     (resp_valid ? 1u << kRespChannel : 0u));
  status.battery_pct = vitals_.battery_pct;
  status.t_dev_us = static_cast<std::uint32_t>(t_us);
  status.t_rx = t_rx;
  sink.emit(SensorEvent{status});
}

}  // namespace resonant::drivers
