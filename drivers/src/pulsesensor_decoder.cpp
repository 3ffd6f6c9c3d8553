// PulseSensor Playground ASCII lines -> PPG samples and IBI beats (rules in the header).
#include <resonant/drivers/pulsesensor_decoder.hpp>

#include <charconv>
#include <cstdlib>

namespace resonant::drivers {
namespace {

constexpr std::uint8_t kSignalBits = 10;  // analogRead on the AVR boards the examples target
constexpr std::size_t kMaxCsvColumns = 16;
constexpr std::size_t kSingleSensorCsvColumns = 3;  // BPM,IBI,Signal
constexpr long kUsPerMs = 1000;

bool parse_number(std::string_view text, long& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end;
}

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

void PulseSensorDecoder::reset() {
  line_len_ = 0;
  overlong_ = false;
  bad_bytes_ = false;
  started_ = false;
  multi_sensor_ = false;
  gap_pending_ = false;
  samples_ = 0;
  last_csv_ibi_ms_.reset();
  last_beat_us_.reset();
  blocker_.clear();
}

void PulseSensorDecoder::decode(std::span<const std::uint8_t> bytes, SteadyClock::time_point t_rx,
                                EventSink& sink) {
  for (const std::uint8_t b : bytes) {
    if (b == '\n') {
      if (overlong_ || bad_bytes_) {
        malformed(t_rx, sink);
      } else {
        std::string_view line(line_.data(), line_len_);
        while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line(line, t_rx, sink);
      }
      line_len_ = 0;
      overlong_ = false;
      bad_bytes_ = false;
      continue;
    }
    if (overlong_) continue;
    if (line_len_ == line_.size()) {
      overlong_ = true;  // the rest of this line is dropped, one error at its end
      continue;
    }
    if ((b < 0x20 && b != '\r') || b >= 0x7F) bad_bytes_ = true;
    line_[line_len_++] = static_cast<char>(b);
  }
}

void PulseSensorDecoder::malformed(SteadyClock::time_point /*t_rx*/, EventSink& /*sink*/) {
  ++stats_.framing_errors;
  if (started_) gap_pending_ = true;  // it may have been a sample or a beat
}

void PulseSensorDecoder::on_line(std::string_view line, SteadyClock::time_point t_rx,
                                 EventSink& sink) {
  if (line.empty()) return;
  const char tag = line.front();
  if (is_digit(tag) || tag == '-') {
    if (!on_csv(line, t_rx, sink)) malformed(t_rx, sink);
    return;
  }
  long value = 0;
  if (!(is_lower(tag) || is_upper(tag)) || !parse_number(line.substr(1), value)) {
    malformed(t_rx, sink);
    return;
  }
  if (tag == 'S' || tag == 'a') {
    if (tag == 'a') multi_sensor_ = true;
    if (value < 0 || value > kPulseSensorMaxSignal) {
      malformed(t_rx, sink);
      return;
    }
    on_sample(value, t_rx, sink);
  } else if (tag == 'M' || (tag == 'Q' && !multi_sensor_)) {
    on_ibi(value, t_rx, sink);
  } else {
    // BPM lines and other sensors' lines: valid, not decoded.
    if (is_lower(tag)) multi_sensor_ = true;
    ++stats_.frames;
    ++ignored_lines_;
  }
}

bool PulseSensorDecoder::on_csv(std::string_view line, SteadyClock::time_point t_rx,
                                EventSink& sink) {
  std::array<long, kMaxCsvColumns> columns{};
  std::size_t n = 0;
  while (true) {
    const std::size_t comma = line.find(',');
    if (n == kMaxCsvColumns || !parse_number(line.substr(0, comma), columns[n])) return false;
    ++n;
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  if (n < 2) return false;  // one number alone is not a Playground format
  const long signal = n == kSingleSensorCsvColumns ? columns[2] : columns[0];
  if (signal < 0 || signal > kPulseSensorMaxSignal) return false;
  if (n == kSingleSensorCsvColumns) {
    // The IBI column repeats the last IBI: a changed value is a new beat, found since the
    // previous line's sample.
    const long ibi_ms = columns[1];
    const bool new_beat = last_csv_ibi_ms_ && *last_csv_ibi_ms_ != ibi_ms;
    last_csv_ibi_ms_ = ibi_ms;
    if (new_beat) on_ibi(ibi_ms, t_rx, sink);
  }
  on_sample(signal, t_rx, sink);
  return true;
}

void PulseSensorDecoder::emit_pending_gap(SteadyClock::time_point t_rx, EventSink& sink) {
  if (!gap_pending_) return;
  blocker_.flush(sink);
  GapEvent gap;  // frames_lost unknown: lines have no counter
  gap.t_rx = t_rx;
  sink.emit(SensorEvent{gap});
  last_beat_us_.reset();
  gap_pending_ = false;
}

void PulseSensorDecoder::on_sample(long value, SteadyClock::time_point t_rx, EventSink& sink) {
  ++stats_.frames;
  ++stats_.data_frames;
  if (!started_) {
    sink.emit(SensorEvent{describe_device("PulseSensor Playground", 1, t_rx)});
    sink.emit(SensorEvent{describe_channel(kPulseSensorPpgChannel, ChannelKind::kPpg,
                                           kPulseSensorSampleRateHz, kSignalBits, "pulse", t_rx)});
    started_ = true;
  }
  emit_pending_gap(t_rx, sink);
  const auto t_us = static_cast<std::uint32_t>(samples_ * kPulseSensorSamplePeriodUs);
  blocker_.push(static_cast<float>(value), t_us, t_rx, sink);
  ++samples_;
}

void PulseSensorDecoder::on_ibi(long ibi_ms, SteadyClock::time_point t_rx, EventSink& sink) {
  ++stats_.frames;
  ++stats_.data_frames;
  if (!started_) return;  // no sample clock yet to place the beat on
  emit_pending_gap(t_rx, sink);
  const std::uint64_t anchor_us = samples_ > 0 ? (samples_ - 1) * kPulseSensorSamplePeriodUs : 0;
  const bool plausible = ibi_ms >= kPulseSensorMinIbiMs && ibi_ms <= kPulseSensorMaxIbiMs;
  DeviceBeat beat;
  beat.channel = kPulseSensorPpgChannel;
  beat.t_rx = t_rx;
  std::uint64_t t_us = anchor_us;
  beat.flags = kBeatAfterGap;
  if (plausible && last_beat_us_) {
    const std::uint64_t predicted_us = *last_beat_us_ + static_cast<std::uint64_t>(ibi_ms * kUsPerMs);
    const auto drift_us = static_cast<std::int64_t>(predicted_us - anchor_us);
    if (static_cast<std::uint64_t>(std::llabs(drift_us)) <= kBeatDriftToleranceUs) {
      t_us = predicted_us;
      beat.flags = 0;
      beat.rr_us = static_cast<std::uint32_t>(ibi_ms * kUsPerMs);
    }
  }
  beat.t_dev_us = static_cast<std::uint32_t>(t_us);
  sink.emit(SensorEvent{beat});
  last_beat_us_ = t_us;
}

}  // namespace resonant::drivers
