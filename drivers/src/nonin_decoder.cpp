// Nonin DF2 / DF7 / DF8 stream decoder (wire layouts and rules in nonin_decoder.hpp).
#include <resonant/drivers/nonin_decoder.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace resonant::drivers {
namespace {

constexpr std::uint8_t kBit7 = 0x80;
constexpr std::uint8_t kSevenBits = 0x7F;
constexpr std::uint8_t kHrHighBits = 0x03;
constexpr std::uint8_t kDf2PlethBits = 8;
constexpr std::uint8_t kDf7PlethBits = 16;
// Frames that must follow a SYNC frame before a format is believed (§6.1 pitfalls).
constexpr std::size_t kDf2FramesToLock = 3;
constexpr std::size_t kDf7FramesToLock = 4;
constexpr std::size_t kDf8FramesToLock = 2;

bool checksum_ok(const std::uint8_t* f) {
  return static_cast<std::uint8_t>(f[0] + f[1] + f[2] + f[3]) == f[4];
}

}  // namespace

void NoninDecoder::reset() {
  size_ = 0;
  format_ = Format::kNone;
  waveform_format_ = Format::kNone;
  announced_bits_ = 0;
  device_announced_ = false;
  skipped_ = 0;
  next_index_ = 1;
  hr_msb_ = 0;
  frame_count_ = 0;
  contact_ok_.reset();
  hr_bpm_.reset();
  spo2_pct_.reset();
  answer_.reset();
  marker_was_set_ = false;
  last_beat_us_.reset();
  beat_after_gap_ = true;
  blocker_.clear();
}

void NoninDecoder::decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                          EventSink& sink) {
  for (const std::uint8_t b : bytes) {
    buf_[size_++] = b;
    while (step(t_rx, sink)) {
    }
  }
}

void NoninDecoder::drop(std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t b = buf_[i];
    if (expect_answer_ && (b == kAck || b == kNak)) {
      answer_ = b;  // the device's answer to our data-format command, not garbage
      continue;
    }
    if (skipped_ == 0) ++stats_.framing_errors;  // once per run of skipped bytes
    ++skipped_;
  }
  std::memmove(buf_.data(), buf_.data() + n, size_ - n);
  size_ -= n;
}

NoninDecoder::Match NoninDecoder::match_df2(std::size_t frames) const {
  for (std::size_t k = 0; k < frames; ++k) {
    const std::size_t at = k * kFrameBytes;
    if (size_ > at && buf_[at] != kDf2Start) return Match::kNo;
    if (size_ > at + 1) {
      const std::uint8_t need = k == 0 ? (kStatusMarker | kSync) : kStatusMarker;
      if ((buf_[at + 1] & need) != need) return Match::kNo;
    }
    if (size_ < at + kFrameBytes) return Match::kNeedMore;
    if (!checksum_ok(&buf_[at])) return Match::kNo;
  }
  return Match::kYes;
}

NoninDecoder::Match NoninDecoder::match_df7(std::size_t frames) const {
  for (std::size_t k = 0; k < frames; ++k) {
    const std::size_t at = k * kFrameBytes;
    if (size_ > at) {
      const std::uint8_t need = k == 0 ? (kStatusMarker | kSync) : kStatusMarker;
      if ((buf_[at] & need) != need) return Match::kNo;
    }
    if (size_ < at + kFrameBytes) return Match::kNeedMore;
    if (!checksum_ok(&buf_[at])) return Match::kNo;
  }
  return Match::kYes;
}

NoninDecoder::Match NoninDecoder::match_df8(std::size_t frames) const {
  for (std::size_t i = 0; i < frames * kDf8FrameBytes; ++i) {
    if (i >= size_) return Match::kNeedMore;
    const bool first = i % kDf8FrameBytes == 0;
    if (((buf_[i] & kBit7) != 0) != first) return Match::kNo;
  }
  return Match::kYes;
}

bool NoninDecoder::step(SteadyClock::time_point t_rx, EventSink& sink) {
  if (format_ == Format::kDf2 || format_ == Format::kDf7) {
    if (size_ == 0) return false;
    if (expect_answer_ && (buf_[0] == kAck || buf_[0] == kNak)) {
      // A device already streaming answers our format command between two frames; neither
      // byte can start a DF2/DF7 frame, so it is the answer and the grid is kept.
      drop(1);
      return true;
    }
    if (size_ < kFrameBytes) return false;
    const bool marker_ok = format_ == Format::kDf2
                               ? buf_[0] == kDf2Start && (buf_[1] & kStatusMarker) != 0
                               : (buf_[0] & kStatusMarker) != 0;
    if (marker_ok && checksum_ok(buf_.data())) {
      on_waveform_frame(t_rx, sink);
      std::memmove(buf_.data(), buf_.data() + kFrameBytes, size_ - kFrameBytes);
      size_ -= kFrameBytes;
      return true;
    }
    if (marker_ok) ++stats_.crc_errors;
    // Lost the frame grid: drop one byte and re-acquire at the next SYNC frame.
    format_ = Format::kNone;
    drop(1);
    return true;
  }
  if (size_ == 0) return false;
  // Searching, or between DF8 frames: the checksummed formats first.
  const Match df2 = match_df2(kDf2FramesToLock);
  if (df2 == Match::kYes) {
    lock(Format::kDf2, t_rx, sink);
    return true;
  }
  const Match df7 = match_df7(kDf7FramesToLock);
  if (df7 == Match::kYes) {
    lock(Format::kDf7, t_rx, sink);
    return true;
  }
  if (df2 == Match::kNeedMore || df7 == Match::kNeedMore) return false;
  const Match df8 = match_df8(format_ == Format::kDf8 ? 1 : kDf8FramesToLock);
  if (df8 == Match::kYes) {
    if (format_ != Format::kDf8) lock(Format::kDf8, t_rx, sink);
    on_df8_frame(t_rx, sink);
    std::memmove(buf_.data(), buf_.data() + kDf8FrameBytes, size_ - kDf8FrameBytes);
    size_ -= kDf8FrameBytes;
    return true;
  }
  if (df8 == Match::kNeedMore) return false;
  format_ = Format::kNone;
  drop(1);
  return true;
}

void NoninDecoder::lock(Format f, SteadyClock::time_point t_rx, EventSink& sink) {
  format_ = f;
  announce(t_rx, sink);
  if (f == Format::kDf8) return;
  if (waveform_format_ != Format::kNone && skipped_ > 0) {
    // We lock on a SYNC frame (index 1). Frames lost since the last decoded one: congruent
    // to the index difference mod 25, the multiple of 25 closest to the skipped bytes.
    const std::uint64_t lost_mod = (1 + kFramesPerPacket - next_index_) % kFramesPerPacket;
    const double est = static_cast<double>(skipped_) / kFrameBytes;
    const double packets = std::round((est - static_cast<double>(lost_mod)) / kFramesPerPacket);
    const std::uint64_t lost = lost_mod + kFramesPerPacket * static_cast<std::uint64_t>(std::max(0.0, packets));
    if (lost > 0) {
      emit_frames_lost(lost, t_rx, blocker_, sink, stats_);
      frame_count_ += lost;
      last_beat_us_.reset();
      beat_after_gap_ = true;
    }
  }
  next_index_ = 1;
  waveform_format_ = f;
}

void NoninDecoder::announce(SteadyClock::time_point t_rx, EventSink& sink) {
  if (!device_announced_) {
    sink.emit(SensorEvent{describe_device("Nonin pulse oximeter", 1, t_rx)});
    device_announced_ = true;
  }
  // DF8 carries no waveform; announce 8 bits until a waveform format says otherwise.
  const std::uint8_t bits = format_ == Format::kDf7 ? kDf7PlethBits : kDf2PlethBits;
  if (announced_bits_ == bits || (format_ == Format::kDf8 && announced_bits_ != 0)) return;
  blocker_.flush(sink);
  sink.emit(SensorEvent{describe_channel(kNoninPpgChannel, ChannelKind::kPpg, kNoninSampleRateHz,
                                         bits, "pleth", t_rx)});
  announced_bits_ = bits;
}

void NoninDecoder::set_contact(bool ok, SteadyClock::time_point t_rx, EventSink& sink) {
  if (contact_ok_ == ok) return;
  blocker_.flush(sink);  // keep events in device-time order
  DeviceStatus status;
  status.contact_ok_mask = ok ? std::uint8_t{1u << kNoninPpgChannel} : std::uint8_t{0};
  status.t_dev_us = static_cast<std::uint32_t>(nonin_frame_time_us(frame_count_));
  status.t_rx = t_rx;
  sink.emit(SensorEvent{status});
  contact_ok_ = ok;
}

void NoninDecoder::on_waveform_frame(SteadyClock::time_point t_rx, EventSink& sink) {
  const bool df2 = format_ == Format::kDf2;
  const std::uint8_t status = df2 ? buf_[1] : buf_[0];
  const float pleth = df2 ? static_cast<float>(buf_[2])
                          : static_cast<float>((unsigned{buf_[1]} << 8) | buf_[2]);
  const std::uint8_t fl = buf_[3];
  ++stats_.frames;
  ++stats_.data_frames;
  skipped_ = 0;

  if ((status & kSync) && next_index_ != 1) {
    // A SYNC frame where the count expected another index: whole frames went missing.
    const std::uint64_t lost = (1 + kFramesPerPacket - next_index_) % kFramesPerPacket;
    emit_frames_lost(lost, t_rx, blocker_, sink, stats_);
    frame_count_ += lost;
    last_beat_us_.reset();
    beat_after_gap_ = true;
    next_index_ = 1;
  }
  const unsigned index = next_index_;
  next_index_ = index % kFramesPerPacket + 1;
  if (index == kFrameHrMsb) hr_msb_ = fl & kHrHighBits;
  if (index == kFrameHrLsb) {
    const unsigned hr = (hr_msb_ << 7) | (fl & kSevenBits);
    hr_bpm_ = hr == kMissingHr ? std::nullopt : std::optional<unsigned>(hr);
  }
  if (index == kFrameSpo2) {
    const unsigned spo2 = fl & kSevenBits;
    spo2_pct_ = spo2 == kMissingSpo2 ? std::nullopt : std::optional<unsigned>(spo2);
  }

  const bool contact = !(status & (kSensorAlarm | kOutOfTrack));
  set_contact(contact, t_rx, sink);
  const auto t_us = static_cast<std::uint32_t>(nonin_frame_time_us(frame_count_));
  blocker_.push(pleth, t_us, t_rx, sink, contact ? std::uint8_t{0} : std::uint8_t{RSP_SF_NO_CONTACT});
  pulse_marker((status & kPerfusionBits) != 0, contact && !(status & kArtifact), t_rx, sink);
  ++frame_count_;
}

void NoninDecoder::on_df8_frame(SteadyClock::time_point t_rx, EventSink& sink) {
  ++stats_.frames;  // status only: not a measurement frame for liveness
  skipped_ = 0;
  const unsigned hr = ((buf_[0] & kHrHighBits) << 7) | (buf_[1] & kSevenBits);
  hr_bpm_ = hr == kMissingHr ? std::nullopt : std::optional<unsigned>(hr);
  const unsigned spo2 = buf_[2] & kSevenBits;
  spo2_pct_ = spo2 == kMissingSpo2 ? std::nullopt : std::optional<unsigned>(spo2);
  set_contact(!(buf_[3] & kDf8SensorAlarm) && !(buf_[0] & kDf8OutOfTrack), t_rx, sink);
}

void NoninDecoder::pulse_marker(bool marker, bool usable, SteadyClock::time_point t_rx,
                                EventSink& sink) {
  const bool rising = marker && !marker_was_set_;
  marker_was_set_ = marker;
  if (!usable) {
    // No contact or an artifact on this pulse: the interval around it is not trustworthy.
    last_beat_us_.reset();
    beat_after_gap_ = true;
    return;
  }
  if (!rising) return;
  const std::uint64_t t_us = nonin_frame_time_us(frame_count_);
  std::uint64_t rr_us = 0;
  if (last_beat_us_) {
    rr_us = t_us - *last_beat_us_;
    if (rr_us < kMinRrUs) return;  // the same pulse
    if (rr_us > kMaxRrUs) beat_after_gap_ = true;  // missed beats: no fabricated long RR
  }
  DeviceBeat beat;
  beat.channel = kNoninPpgChannel;
  beat.t_dev_us = static_cast<std::uint32_t>(t_us);
  beat.t_rx = t_rx;
  if (beat_after_gap_ || !last_beat_us_) {
    beat.flags = kBeatAfterGap;
  } else {
    beat.rr_us = static_cast<std::uint32_t>(rr_us);
  }
  sink.emit(SensorEvent{beat});
  last_beat_us_ = t_us;
  beat_after_gap_ = false;
}

}  // namespace resonant::drivers
