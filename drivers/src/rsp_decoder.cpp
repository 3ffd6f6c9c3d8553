#include <resonant/drivers/rsp_decoder.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <string_view>

namespace resonant::drivers {
namespace {

constexpr double kMaxRateHz = 10000.0;
constexpr double kMilliHzPerHz = 1000.0;
// Clock rates a HELLO may declare: x0.1 to x1000 real time.
constexpr std::uint32_t kMinClockUsPerS = RSP_REAL_TIME_US_PER_S / 10;
constexpr std::uint32_t kMaxClockUsPerS = RSP_REAL_TIME_US_PER_S * 1000u;

float get_f32(const std::uint8_t* p) { return std::bit_cast<float>(rsp_get_u32(p)); }

std::string_view text_of(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool valid_channel_kind(std::uint8_t k) { return k <= RSP_CH_EDA; }

}  // namespace

void RspDecoder::reset() {
  expected_seq_.reset();
  channels_ = {};
  has_identity_ = false;
  fatal_error_.reset();
}

bool RspDecoder::decode_samples(std::span<const std::uint8_t> p, std::uint32_t t_dev_us,
                                SteadyClock::time_point t_rx, SampleBlock& block) {
  if (p.size() < RSP_SAMPLES_HEADER_SIZE) return false;
  const std::uint8_t channel = p[0];
  const std::uint8_t count = p[2];
  if (channel >= kMaxChannels || count == 0 || count > kMaxSamplesPerBlock ||
      p.size() < RSP_SAMPLES_HEADER_SIZE + 2u * count) {
    return false;
  }
  const ChannelScale& cs = channels_[channel];
  if (!cs.known) {
    ++stats_.samples_without_channel;
    return false;
  }
  block.channel = channel;
  block.flags = p[1];
  block.count = count;
  block.t_dev_us = t_dev_us;
  block.t_rx = t_rx;
  const std::uint8_t* s = p.data() + RSP_SAMPLES_HEADER_SIZE;
  for (std::size_t i = 0; i < count; ++i) {
    const auto raw = static_cast<std::int16_t>(rsp_get_u16(s + 2 * i));
    block.values[i] = static_cast<float>(raw) * cs.scale + cs.offset;
  }
  return true;
}

int RspDecoder::decode_into(std::span<const std::uint8_t> frame, SteadyClock::time_point t_rx,
                            SensorEvent (&out)[2]) {
  if (frame.size() < RSP_HEADER_SIZE) {
    ++stats_.bad_payloads;
    return 0;
  }
  ++stats_.frames;
  const std::uint8_t type = frame[0];
  const std::uint16_t seq = rsp_get_u16(frame.data() + 1);
  const std::uint32_t t_dev_us = rsp_get_u32(frame.data() + 3);
  const std::span<const std::uint8_t> p = frame.subspan(RSP_HEADER_SIZE);

  int n = 0;
  if (expected_seq_ && seq != *expected_seq_) {
    const auto lost = static_cast<std::uint16_t>(seq - *expected_seq_);
    stats_.frames_lost += lost;
    GapEvent gap;
    gap.frames_lost = lost;
    gap.t_rx = t_rx;
    out[n++] = gap;
  }
  expected_seq_ = static_cast<std::uint16_t>(seq + 1);

  switch (type) {
    case RSP_T_SAMPLES: {
      SampleBlock block;
      if (decode_samples(p, t_dev_us, t_rx, block)) {
        out[n++] = block;
      } else if (p.size() >= RSP_SAMPLES_HEADER_SIZE && p[0] < kMaxChannels &&
                 !channels_[p[0]].known) {
        // counted in samples_without_channel
      } else {
        ++stats_.bad_payloads;
      }
      break;
    }
    case RSP_T_HELLO: {
      if (p.size() < RSP_HELLO_MIN_PAYLOAD) {
        ++stats_.bad_payloads;
        break;
      }
      if (p[0] != RSP_VERSION_MAJOR) {
        fatal_error_ = "the device speaks Resonant protocol " + std::to_string(p[0]) + "." +
                       std::to_string(p[1]) + ", this Resonant understands " +
                       std::to_string(RSP_VERSION_MAJOR) + ".x: update Resonant or the device firmware";
        break;
      }
      DeviceInfo info;
      info.protocol_major = p[0];
      info.protocol_minor = p[1];
      info.device_kind = p[2];
      info.channel_count = p[3];
      info.firmware = {p[4], p[5], p[6]};
      const std::uint32_t us_per_s = rsp_get_u32(p.data() + 7);
      if (us_per_s < kMinClockUsPerS || us_per_s > kMaxClockUsPerS) {
        ++stats_.bad_payloads;
        break;
      }
      info.clock_speed = static_cast<double>(us_per_s) / RSP_REAL_TIME_US_PER_S;
      info.name.assign(text_of(p.subspan(RSP_HELLO_MIN_PAYLOAD)));
      info.t_rx = t_rx;
      has_identity_ = true;
      out[n++] = info;
      break;
    }
    case RSP_T_CHANNEL: {
      if (p.size() < RSP_CHANNEL_MIN_PAYLOAD || p[0] >= kMaxChannels || !valid_channel_kind(p[1])) {
        ++stats_.bad_payloads;
        break;
      }
      const double rate_hz = static_cast<double>(rsp_get_u32(p.data() + 4)) / kMilliHzPerHz;
      const float scale = get_f32(p.data() + 8);
      const float offset = get_f32(p.data() + 12);
      if (!(rate_hz > 0.0 && rate_hz <= kMaxRateHz) || !std::isfinite(scale) || scale == 0.0f ||
          !std::isfinite(offset)) {
        ++stats_.bad_payloads;
        break;
      }
      ChannelInfo info;
      info.channel = p[0];
      info.kind = static_cast<ChannelKind>(p[1]);
      info.adc_bits = p[2];
      info.rate_hz = rate_hz;
      info.scale = scale;
      info.offset = offset;
      info.name.assign(text_of(p.subspan(RSP_CHANNEL_MIN_PAYLOAD)));
      info.t_rx = t_rx;
      channels_[info.channel] = ChannelScale{true, scale, offset};
      out[n++] = info;
      break;
    }
    case RSP_T_BEAT: {
      if (p.size() < RSP_BEAT_PAYLOAD) {
        ++stats_.bad_payloads;
        break;
      }
      DeviceBeat beat;
      beat.channel = p[0];
      beat.flags = p[1];
      beat.rr_us = rsp_get_u32(p.data() + 2);
      beat.t_dev_us = t_dev_us;
      beat.t_rx = t_rx;
      out[n++] = beat;
      break;
    }
    case RSP_T_STATUS: {
      if (p.size() < RSP_STATUS_PAYLOAD) {
        ++stats_.bad_payloads;
        break;
      }
      DeviceStatus st;
      st.flags = p[0];
      st.contact_ok_mask = p[1];
      st.saturated_mask = p[2];
      st.battery_pct = p[3];
      st.overruns = rsp_get_u16(p.data() + 4);
      st.t_dev_us = t_dev_us;
      st.t_rx = t_rx;
      out[n++] = st;
      break;
    }
    case RSP_T_ACK: {
      if (p.size() < RSP_ACK_PAYLOAD) {
        ++stats_.bad_payloads;
        break;
      }
      ++stats_.acks;
      if (p[3] != RSP_ACK_OK) ++stats_.nacks;
      break;
    }
    case RSP_T_TEXT:
      break;  // diagnostics for humans; a later version may log them
    default:
      ++stats_.unknown_types;  // a newer minor version added it: ignore (PROTOCOL.md §6)
      break;
  }
  return n;
}

}  // namespace resonant::drivers
