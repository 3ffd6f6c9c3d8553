#include "live_channel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace resonant::engine::detail {
namespace {

// The assessors' and the belt detector's valid rate ranges (signal_quality.hpp,
// respiration_belt.hpp): a channel outside them gets no such processor.
constexpr double kMinQualityRateHz = 4.0;
constexpr double kMaxQualityRateHz = 2000.0;
constexpr double kMinBeltRateHz = 10.0;
constexpr double kMaxBeltRateHz = 1000.0;
constexpr double kBeltHighCutHz = 1.0;  // BeltRespirationConfig default; needs rate > 2 x

}  // namespace

void LiveChannel::configure(ChannelKind kind, double rate_hz, bool beat_channel) {
  configured_ = true;
  kind_ = kind;
  rate_hz_ = rate_hz > 0.0 ? rate_hz : 1.0;
  quality_.reset();
  belt_.reset();
  const bool assessable = kind != ChannelKind::kOther && rate_hz_ >= kMinQualityRateHz &&
                          rate_hz_ <= kMaxQualityRateHz;
  if (assessable) {
    dsp::SignalQualityConfig c = dsp::signal_quality_config(kind, rate_hz_);
    // Only the beat channel has a detector feeding add_beat().
    c.expects_beats = c.expects_beats && beat_channel;
    try {
      quality_.emplace(c);
    } catch (const std::invalid_argument&) {
      quality_.reset();  // e.g. an ECG below 100 Hz: no verdicts rather than wrong ones
    }
  }
  if (kind == ChannelKind::kResp && rate_hz_ >= kMinBeltRateHz && rate_hz_ <= kMaxBeltRateHz &&
      rate_hz_ > 2.0 * kBeltHighCutHz) {
    dsp::BeltRespirationConfig c;
    c.sample_rate_hz = rate_hz_;
    belt_.emplace(c);
  }
  samples_per_second_ = std::max<std::int64_t>(1, std::llround(rate_hz_));
  reset();
}

void LiveChannel::reset() {
  origin_s_ = std::numeric_limits<double>::quiet_NaN();
  n_ = 0;
  if (quality_) quality_->reset();
  if (belt_) belt_->reset();
  last_verdict_.reset();
  scl_sum_ = 0.0;
  scl_count_ = 0;
  scl_us_ = std::numeric_limits<double>::quiet_NaN();
}

LiveChannel::SampleResult LiveChannel::push(float v) {
  SampleResult r;
  ++n_;
  if (quality_) {
    r.verdict = quality_->push(v);
    if (r.verdict) last_verdict_ = r.verdict;
  }
  if (belt_) r.breath = belt_->push(v);
  if (kind_ == ChannelKind::kEda) {
    scl_sum_ += v;
    if (++scl_count_ == samples_per_second_) {
      scl_us_ = scl_sum_ / static_cast<double>(scl_count_);
      scl_sum_ = 0.0;
      scl_count_ = 0;
      r.scl_ready = true;
    }
  }
  return r;
}

void LiveChannel::add_beat(double sample_index) {
  if (quality_) quality_->add_beat(sample_index / rate_hz_);
}

}  // namespace resonant::engine::detail
