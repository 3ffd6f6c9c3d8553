// BLE bridge decoder: frames -> events (design and timing rules in ble_bridge_decoder.hpp).
#include <resonant/drivers/ble_bridge_decoder.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>

#include "resonant_protocol.h"

namespace resonant::drivers {

using namespace ble_bridge;

namespace {

constexpr std::uint8_t kChannelCount = 8;

std::uint8_t ecg_channel(std::uint8_t link) {
  return static_cast<std::uint8_t>(link * BleBridgeDecoder::kChannelsPerLink);
}
std::uint8_t acc_channel(std::uint8_t link) { return static_cast<std::uint8_t>(ecg_channel(link) + 1); }
/// The beat stream of a link shares the ECG channel's id (and contact bit): both are the
/// same electrodes.
std::uint8_t beat_id(std::uint8_t link) { return ecg_channel(link); }

std::uint32_t to_u32(std::int64_t t_us) { return static_cast<std::uint32_t>(static_cast<std::uint64_t>(t_us)); }

}  // namespace

BleBridgeDecoder::BleBridgeDecoder(BleBridgeOptions options) : options_(options) {
  blockers_.reserve(kChannelCount);
  for (std::uint8_t c = 0; c < kChannelCount; ++c) {
    blockers_.emplace_back(c, kEcgRateHz, kMaxSamplesPerBlock);
  }
}

void BleBridgeDecoder::reset() {
  framer_.reset();
  clock_.reset();
  expected_seq_.reset();
  announced_ = false;
  described_mask_ = 0;
  links_ = {};
  inputs_ = {};
  for (auto& b : blockers_) b.clear();
  links_to_start_ = 0;
}

std::uint8_t BleBridgeDecoder::take_links_to_start() {
  return std::exchange(links_to_start_, std::uint8_t{0});
}

std::uint8_t BleBridgeDecoder::connected_links() const {
  std::uint8_t mask = 0;
  for (std::uint8_t l = 0; l < links_.size(); ++l) {
    if (links_[l].connected) mask = static_cast<std::uint8_t>(mask | 1u << l);
  }
  return mask;
}

void BleBridgeDecoder::decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                              EventSink& sink) {
  framer_.push(bytes, [&](std::span<const std::uint8_t> frame) { on_frame(frame, t_rx, sink); });
  const auto& f = framer_.stats();
  stats_.frames = f.frames;
  stats_.crc_errors = f.crc_errors;
  stats_.framing_errors = f.framing_errors + bridge_.bad_payloads;
}

void BleBridgeDecoder::bad_payload() { ++bridge_.bad_payloads; }

void BleBridgeDecoder::note(std::string text) {
  notes_.add(std::move(text));
}

void BleBridgeDecoder::on_frame(std::span<const std::uint8_t> frame, SteadyClock::time_point t_rx,
                                EventSink& sink) {
  const auto header = read_header(frame);
  if (!header) return;  // CobsFramer's minimum size makes this unreachable
  announce(t_rx, sink);
  check_seq(header->seq, t_rx, sink);
  now_raw_us_ = header->t_us;
  now_us_ = static_cast<std::int64_t>(clock_.unwrap(header->t_us));
  const auto payload = frame.subspan(kHeaderSize);
  const std::uint8_t link = header->link;
  const bool peripheral = link < kMaxPeripheralLinks;
  switch (header->type) {
    case kTypeHrs:
    case kTypePmdData:
    case kTypePmdCp:
    case kTypeStatus:
    case kTypeLink:
      if (!peripheral) {
        ++bridge_.unknown_links;
        return;
      }
      if (header->type == kTypeHrs) on_hrs(link, payload, t_rx, sink);
      if (header->type == kTypePmdData) on_pmd_data(link, payload, t_rx, sink);
      if (header->type == kTypePmdCp) on_pmd_cp(link, payload);
      if (header->type == kTypeStatus) on_status(link, payload, t_rx, sink);
      if (header->type == kTypeLink) on_link(link, payload, t_rx, sink);
      return;
    case kTypeText:
      ++bridge_.text_logs;  // for humans; nothing to decode
      return;
    case kTypeIdentity:
      on_identity(payload, t_rx, sink);
      return;
    case kTypeAnalog:
      if (link < kLocalLinkBase || link >= kLocalLinkBase + kMaxLocalInputs) {
        ++bridge_.unknown_links;
        return;
      }
      on_analog(static_cast<std::uint8_t>(link - kLocalLinkBase), payload, t_rx, sink);
      return;
    default:
      ++bridge_.unknown_types;  // a newer bridge: ignore, never guess
      return;
  }
}

void BleBridgeDecoder::check_seq(std::uint8_t seq, SteadyClock::time_point t_rx, EventSink& sink) {
  if (expected_seq_ && seq != *expected_seq_) {
    const std::uint8_t lost = static_cast<std::uint8_t>(seq - *expected_seq_);
    stats_.frames_lost += lost;
    GapEvent gap;
    gap.frames_lost = lost;
    gap.t_rx = t_rx;
    sink.emit(SensorEvent{gap});
    // A lost frame may have held beats or samples: no chain or spacing spans it.
    for (auto& p : links_) break_streams(p);
    for (auto& b : blockers_) b.flush(sink);
  }
  expected_seq_ = static_cast<std::uint8_t>(seq + 1);
}

void BleBridgeDecoder::break_streams(Peripheral& p) {
  p.chain_active = false;
  p.ecg.prev_us.reset();
  p.acc.prev_us.reset();
}

// ---- identity and channels -------------------------------------------------------------------

void BleBridgeDecoder::announce(SteadyClock::time_point t_rx, EventSink& sink) {
  if (announced_) return;
  announced_ = true;
  DeviceInfo info = describe_device(device_name_, static_cast<std::uint8_t>(std::popcount(described_mask_)), t_rx);
  info.firmware = firmware_;
  sink.emit(SensorEvent{info});
}

void BleBridgeDecoder::describe(std::uint8_t channel, ChannelKind kind, double rate_hz,
                                std::uint8_t bits, std::string_view name,
                                SteadyClock::time_point t_rx, EventSink& sink) {
  const std::uint8_t bit = static_cast<std::uint8_t>(1u << channel);
  if (!(described_mask_ & bit)) {
    // The channel set grew: tell the engine how many channels there are now.
    described_mask_ = static_cast<std::uint8_t>(described_mask_ | bit);
    DeviceInfo info = describe_device(device_name_, static_cast<std::uint8_t>(std::popcount(described_mask_)), t_rx);
    info.firmware = firmware_;
    sink.emit(SensorEvent{info});
  }
  blockers_[channel].flush(sink);
  blockers_[channel] = SampleBlocker(channel, rate_hz, kMaxSamplesPerBlock);
  sink.emit(SensorEvent{describe_channel(channel, kind, rate_hz, bits, name, t_rx)});
}

void BleBridgeDecoder::on_identity(std::span<const std::uint8_t> p, SteadyClock::time_point t_rx,
                                   EventSink& sink) {
  const auto id = parse_identity(p);
  if (!id) {
    bad_payload();
    return;
  }
  ++bridge_.identities;
  device_name_ = "BLE bridge";
  if (!id->name.empty()) device_name_ += " " + std::string(id->name.substr(0, kMaxNameChars));
  firmware_ = id->firmware;
  DeviceInfo info = describe_device(device_name_, static_cast<std::uint8_t>(std::popcount(described_mask_)), t_rx);
  info.firmware = firmware_;
  sink.emit(SensorEvent{info});
}

// ---- status and link changes -------------------------------------------------------------------

void BleBridgeDecoder::emit_status(std::uint8_t link, SteadyClock::time_point t_rx, EventSink& sink) {
  DeviceStatus s;
  for (std::uint8_t l = 0; l < links_.size(); ++l) {
    if (links_[l].contact_ok()) {
      s.contact_ok_mask = static_cast<std::uint8_t>(s.contact_ok_mask | 1u << ecg_channel(l) |
                                                    1u << acc_channel(l));
    }
  }
  for (std::uint8_t n = 0; n < inputs_.size(); ++n) {
    if (inputs_[n].kind != 0xFF && inputs_[n].contact) {
      s.contact_ok_mask = static_cast<std::uint8_t>(s.contact_ok_mask | 1u << (kLocalChannelBase + n));
    }
  }
  if (link < links_.size()) {
    s.battery_pct = links_[link].battery_pct;
    s.overruns = links_[link].overruns;
    if (links_[link].connected) s.flags = RSP_STATUS_STREAMING;
  }
  s.t_dev_us = now_raw_us_;
  s.t_rx = t_rx;
  sink.emit(SensorEvent{s});
}

void BleBridgeDecoder::on_status(std::uint8_t link, std::span<const std::uint8_t> p,
                                 SteadyClock::time_point t_rx, EventSink& sink) {
  const auto st = parse_status(p);
  if (!st) {
    bad_payload();
    return;
  }
  ++bridge_.status_frames;
  Peripheral& per = links_[link];
  const bool connected = (st->flags & kStatusConnected) != 0;
  if (per.connected && !connected) break_streams(per);  // a missed LINK event: same meaning
  per.connected = connected;
  per.battery_pct = st->battery_pct;
  per.overruns = st->overruns;
  emit_status(link, t_rx, sink);
}

void BleBridgeDecoder::on_link(std::uint8_t link, std::span<const std::uint8_t> p,
                               SteadyClock::time_point t_rx, EventSink& sink) {
  const auto change = parse_link(p);
  if (!change) {
    bad_payload();
    return;
  }
  ++bridge_.link_events;
  Peripheral& per = links_[link];
  break_streams(per);
  per.pmd_anchored = false;  // a reconnected sensor may have a new clock
  per.contact_supported = false;
  per.contact_detected = false;
  std::string name = change->name.empty() ? std::string("peripheral") : std::string(change->name.substr(0, 40));
  if (change->event == kLinkConnected) {
    per.connected = true;
    // Start PMD on a peripheral that has it, or when the bridge did not look (services 0);
    // one without PMD answers "not supported", which is ignored.
    if ((change->services & kServicePmd) || change->services == 0) {
      links_to_start_ = static_cast<std::uint8_t>(links_to_start_ | 1u << link);
    }
    note("link " + std::to_string(link) + ": " + name + " connected");
  } else {
    per.connected = false;
    per.ecg = {};
    per.acc = {};
    note("link " + std::to_string(link) + ": " + name + " disconnected");
  }
  emit_status(link, t_rx, sink);
}

// ---- Heart Rate Measurement ----------------------------------------------------------------------

void BleBridgeDecoder::on_hrs(std::uint8_t link, std::span<const std::uint8_t> p,
                              SteadyClock::time_point t_rx, EventSink& sink) {
  const auto m = parse_heart_rate(p);
  if (!m) {
    bad_payload();
    return;
  }
  ++bridge_.hrs_frames;
  ++stats_.data_frames;
  Peripheral& per = links_[link];
  const bool was_ok = per.contact_ok();
  const bool was_connected = per.connected;
  per.connected = true;  // notifications prove it, even if the LINK event was lost
  per.contact_supported = m->contact_supported;
  per.contact_detected = m->contact_detected;
  if (per.contact_ok() != was_ok || !was_connected) emit_status(link, t_rx, sink);
  if (m->rr_count > 0) on_rr(link, *m, t_rx, sink);
}

void BleBridgeDecoder::on_rr(std::uint8_t link, const HeartRateMeasurement& m,
                             SteadyClock::time_point t_rx, EventSink& sink) {
  Peripheral& per = links_[link];
  std::array<std::int64_t, kMaxRrPerNotification> rr_us{};
  std::int64_t total_us = 0;
  for (std::size_t i = 0; i < m.rr_count; ++i) {
    rr_us[i] = options_.rr_in_ms ? std::int64_t{m.rr_raw[i]} * 1000
                                 : std::llround(m.rr_raw[i] * 1e6 / 1024.0);
    total_us += rr_us[i];
  }
  const std::int64_t last_rr_us = rr_us[m.rr_count - 1];
  bool restart = !per.chain_active;
  if (!restart) {
    // How far the receipt lags the chained last beat, against its running mean: it scatters
    // by half a notification period (beats wait up to one period for their notification);
    // slow clock drift moves the mean; lost beats move it by their RR sum at once.
    const auto lag_us = static_cast<double>(now_us_ - (per.last_beat_us + total_us));
    const double limit_us =
        kMaxChainDriftRr * static_cast<double>(std::max<std::int64_t>(last_rr_us, kMinRrUs)) +
        kReceiptScatterUs;
    if (std::abs(lag_us - per.mean_lag_us) > limit_us) {
      restart = true;
      ++bridge_.drift_restarts;
    } else {
      per.mean_lag_us += (lag_us - per.mean_lag_us) * kLagSmoothing;
    }
  }
  if (restart) {
    ++bridge_.chain_restarts;
    per.mean_lag_us = 0.0;  // the new chain's last beat sits at the receipt
  }
  // A new chain puts the notification's last beat at its receipt time.
  std::int64_t t_us = restart ? now_us_ - (total_us - rr_us[0]) : per.last_beat_us + rr_us[0];
  const bool no_contact = m.contact_supported && !m.contact_detected;
  for (std::size_t i = 0; i < m.rr_count; ++i) {
    if (i > 0) t_us += rr_us[i];
    DeviceBeat beat;
    beat.channel = beat_id(link);
    beat.t_dev_us = to_u32(t_us);
    beat.t_rx = t_rx;
    const bool plausible = rr_us[i] >= kMinRrUs && rr_us[i] <= kMaxRrUs;
    if (!plausible) ++bridge_.implausible_rr;
    if ((i == 0 && restart) || !plausible) {
      beat.rr_us = 0;
      beat.flags = kBeatAfterGap;
    } else {
      beat.rr_us = static_cast<std::uint32_t>(rr_us[i]);
    }
    if (no_contact) beat.flags = static_cast<std::uint8_t>(beat.flags | kBeatNoContact);
    sink.emit(SensorEvent{beat});
  }
  per.last_beat_us = t_us;
  per.chain_active = true;
}

// ---- PMD -----------------------------------------------------------------------------------------

void BleBridgeDecoder::on_pmd_cp(std::uint8_t link, std::span<const std::uint8_t> p) {
  const auto r = parse_pmd_cp(p);
  if (!r) {
    ++bridge_.unsupported_pmd;  // a continuation or another indication: nothing we use
    return;
  }
  ++bridge_.cp_responses;
  Peripheral& per = links_[link];
  PmdStream* stream = r->measurement == kPmdTypeEcg   ? &per.ecg
                      : r->measurement == kPmdTypeAcc ? &per.acc
                                                      : nullptr;
  if (r->status == kPmdStatusSuccess) {
    if (r->opcode == kPmdOpStart && stream != nullptr) {
      const auto factor = find_pmd_factor(r->params);
      stream->factor = factor && *factor <= kMaxPmdFactor ? *factor : 1.0f;
    }
    return;
  }
  ++bridge_.cp_errors;
  if (r->status == kPmdStatusAlreadyInState) return;  // a repeated start: harmless
  // "device in charger", "not supported" and the rest: the stream stays off; say why once
  // per response and go on with what the sensor does send (HR/RR needs no PMD).
  const char* what = r->measurement == kPmdTypeEcg ? "ECG" : r->measurement == kPmdTypeAcc ? "ACC" : "PMD";
  const char* op = r->opcode == kPmdOpStart ? "start" : r->opcode == kPmdOpStop ? "stop" : "command";
  note("link " + std::to_string(link) + ": " + op + " " + what + " refused: " +
       std::string(pmd_status_text(r->status)));
}

void BleBridgeDecoder::on_pmd_data(std::uint8_t link, std::span<const std::uint8_t> p,
                                   SteadyClock::time_point t_rx, EventSink& sink) {
  const auto f = parse_pmd_data(p);
  if (!f) {
    bad_payload();
    return;
  }
  ++bridge_.pmd_frames;
  Peripheral& per = links_[link];
  bool ok = false;
  float scale = 1.0f;
  const bool ecg = f->measurement == kPmdTypeEcg;
  if (ecg) {
    if (f->compressed) {
      ok = decode_delta_samples(f->samples, 1, kEcgDeltaResolutionBits, samples_);
      scale = per.ecg.factor;
    } else if (f->frame_type == 0) {
      ok = decode_raw_samples(f->samples, 1, 3, samples_);  // i24 µV
    } else {
      ++bridge_.unsupported_pmd;
      return;
    }
    scale /= 1000.0f;  // µV -> mV
  } else if (f->measurement == kPmdTypeAcc) {
    if (f->compressed && f->frame_type <= 1) {
      ok = decode_delta_samples(f->samples, 3, kAccResolutionBits, samples_);
      // SDK: compressed type 0 is in G (factor * 1000 -> mG), type 1 in mG (factor).
      scale = f->frame_type == 0 ? per.acc.factor * 1000.0f : per.acc.factor;
    } else if (!f->compressed && f->frame_type <= 2) {
      ok = decode_raw_samples(f->samples, 3, std::size_t{f->frame_type} + 1, samples_);  // mG
    } else {
      ++bridge_.unsupported_pmd;
      return;
    }
  } else {
    ++bridge_.unsupported_pmd;  // PPG, PPI, gyro... not sent by an H10
    return;
  }
  if (!ok || samples_.count == 0) {
    bad_payload();
    return;
  }
  ++stats_.data_frames;
  per.connected = true;
  // ns since 2000 -> µs; u64 / 1000 fits i64 for 292 000 years.
  const auto pmd_us = static_cast<std::int64_t>(f->timestamp_ns / 1000u);
  const std::int64_t d = now_us_ - pmd_us;
  if (!per.pmd_anchored || std::abs(d - per.pmd_offset_us) > kPmdReanchorUs) {
    if (per.pmd_anchored) break_streams(per);
    per.pmd_anchored = true;
    per.pmd_offset_us = d;
  } else if (d < per.pmd_offset_us) {
    per.pmd_offset_us -= std::min(per.pmd_offset_us - d, kPmdOffsetStepDownUs);
  } else {
    per.pmd_offset_us += std::min(d - per.pmd_offset_us, kPmdOffsetCreepUs);
  }
  emit_pmd(link, ecg, pmd_us, scale, t_rx, sink);
}

void BleBridgeDecoder::emit_pmd(std::uint8_t link, bool ecg, std::int64_t pmd_us, float scale,
                                SteadyClock::time_point t_rx, EventSink& sink) {
  Peripheral& per = links_[link];
  PmdStream& stream = ecg ? per.ecg : per.acc;
  const std::uint8_t channel = ecg ? ecg_channel(link) : acc_channel(link);
  const std::size_t n = samples_.count;
  std::optional<double> measured_period_us;
  if (stream.prev_us && pmd_us > *stream.prev_us) {
    measured_period_us = static_cast<double>(pmd_us - *stream.prev_us) / static_cast<double>(n);
  }
  stream.prev_us = pmd_us;
  if (!ecg && measured_period_us) {
    // The ACC rate is what the start command asked for, unless the timestamps say otherwise
    // (e.g. a bridge that started ACC itself at 50 Hz).
    const double measured_hz = 1e6 / *measured_period_us;
    for (const double r : kAccRatesHz) {
      if (r != per.acc_rate_hz && std::abs(measured_hz / r - 1.0) < kAccRateMatch) {
        per.acc_rate_hz = r;
        describe(channel, ChannelKind::kResp, r, 16, "chest motion (ACC z, mG)", t_rx, sink);
        break;
      }
    }
  }
  const double rate_hz = ecg ? kEcgRateHz : per.acc_rate_hz;
  if (!(described_mask_ & (1u << channel))) {
    if (ecg) {
      describe(channel, ChannelKind::kEcg, rate_hz, 24, "Polar H10 ECG", t_rx, sink);
    } else {
      describe(channel, ChannelKind::kResp, rate_hz, 16, "chest motion (ACC z, mG)", t_rx, sink);
    }
  }
  const double nominal_us = 1e6 / rate_hz;
  double period_us = nominal_us;
  if (measured_period_us && std::abs(*measured_period_us / nominal_us - 1.0) < kSpacingTolerance) {
    period_us = *measured_period_us;
  }
  const std::uint8_t flags = per.contact_supported && !per.contact_detected ? RSP_SF_NO_CONTACT : 0;
  const std::size_t axis = ecg ? 0 : 2;  // ACC: the z axis (chest breathing motion)
  for (std::size_t i = 0; i < n; ++i) {
    const double back_us = static_cast<double>(n - 1 - i) * period_us;
    const std::int64_t t = pmd_us + per.pmd_offset_us - std::llround(back_us);
    const float v = static_cast<float>(samples_.value[i][axis]) * scale;
    if (!std::isfinite(v)) continue;
    blockers_[channel].push(v, to_u32(t), t_rx, sink, flags);
  }
  blockers_[channel].flush(sink);  // one block per frame: no added latency
}

// ---- local analog input ------------------------------------------------------------------------

void BleBridgeDecoder::on_analog(std::uint8_t input, std::span<const std::uint8_t> p,
                                 SteadyClock::time_point t_rx, EventSink& sink) {
  const auto a = parse_analog(p);
  if (!a || a->count() == 0) {
    bad_payload();
    return;
  }
  ++bridge_.analog_frames;
  ++stats_.data_frames;
  const auto channel = static_cast<std::uint8_t>(kLocalChannelBase + input);
  LocalInput& in = inputs_[input];
  const double rate_hz = a->rate_mhz / 1000.0;
  if (in.kind != a->kind || in.rate_mhz != a->rate_mhz) {
    in.kind = a->kind;
    in.rate_mhz = a->rate_mhz;
    const std::string name = "local input " + std::to_string(input);
    describe(channel, static_cast<ChannelKind>(a->kind), rate_hz, 16, name, t_rx, sink);
  }
  const bool contact = (a->flags & RSP_SF_NO_CONTACT) == 0;
  if (contact != in.contact) {
    in.contact = contact;
    emit_status(kMaxPeripheralLinks, t_rx, sink);
  }
  // The header's t_us is the time of the block's FIRST sample (BLE_BRIDGE.md §3.8).
  for (std::size_t i = 0; i < a->count(); ++i) {
    const std::int64_t t = now_us_ + std::llround(static_cast<double>(i) * 1e6 / rate_hz);
    const float v = static_cast<float>(a->raw(i)) * a->scale + a->offset;
    blockers_[channel].push(v, to_u32(t), t_rx, sink, a->flags);
  }
  blockers_[channel].flush(sink);
}

}  // namespace resonant::drivers
