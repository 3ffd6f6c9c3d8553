#include "ppg_detector_core.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace resonant::dsp::detail {
namespace {

// Elgendi et al. 2013 parameters (physiology-and-metrics.md §1.4.1).
constexpr double kBandLowHz = 0.5;
constexpr double kBandHighHz = 8.0;
constexpr int kBandOrder = 2;
constexpr double kPeakWindowS = 0.111;  // W1: systolic-peak duration
constexpr double kBeatWindowS = 0.667;  // W2: beat duration
// W2 is "the duration of a heartbeat" (Elgendi); 0.667 s is one at 90 /min. Faster, a fixed
// 0.667 s window spans more than one beat (1.4 at 126 /min), so MA_beat rises and falls with
// the pulses it holds, and a smaller pulse after a larger one leaves a block shorter than W1,
// or none (Challenge 2015 a103l, 126 /min, pulse volume changing with breathing: 22 % of its
// pulses lost). So W2 is the heart period when that is shorter than 0.667 s, and the shortest
// block that holds a pulse (W1) shrinks in proportion, as the systolic wave does. The period is
// the second shortest of the last five pulse intervals: a missed pulse doubles an interval, and
// while pulses are missed a median would read the doubled intervals and keep W2 long, which
// keeps them missed; the second shortest holds while two of the five intervals are single
// periods. An extra pulse splits an interval in two shorter ones and can shorten W2 to about
// half a period for five pulses (tested at resting rates: no extra pulses follow). If pulses
// are missed one in two from the start (strict alternans), every interval is a double one and
// W2 stays at 0.667 s. Learnt from this many intervals (until then W2 is Elgendi's 0.667 s):
constexpr std::size_t kMinIntervalsForPeriod = 3;
constexpr double kOffsetBeta = 0.02;    // offset = beta x mean(y)
constexpr double kMeanMemoryS = 10.0;   // time constant of the causal mean(y)
// Where the band-pass delay is evaluated: a typical pulse fundamental (72 bpm).
constexpr double kPulseHz = 1.2;
constexpr double kMarginS = 0.10;   // search half-width around the back-dated maximum
constexpr double kClimbS = 0.15;    // how far the locator may climb beyond that window
// A block's band-passed maximum is final when nothing larger followed for this long (the
// systolic peak dominates the pulse; the diastolic wave comes ~0.3 s later and is lower).
constexpr double kConfirmS = 0.20;
// Addition to Elgendi: a pulse's band-passed maximum must reach this fraction of the previous
// pulse's. Rejects noise blocks in a long diastole (W1 is 3 samples at 25 Hz) and makes a block
// opened by the diastolic recovery at slow rates wait for the systolic upstroke; an amplitude
// step to x0.3 still passes. The reference halves every kReferenceHalfLifeS without a pulse, so
// a larger drop (sensor moved) is followed within seconds.
constexpr double kMinRelativePeak = 0.2;
constexpr double kReferenceHalfLifeS = 2.0;
// An early decision (before the block ends) consumes the block, so it asks for more: a bump of
// the diastolic recovery must not take the place of the systolic peak that follows it.
constexpr double kMinRelativePeakEarly = 0.5;
// Bound on the report delay after the systolic peak, enforced on the search range. Above every
// delay measured (dsp/README.md): at rest pulses are reported ~0.15-0.2 s after their peak.
constexpr double kLatencyS = 0.50;
// Light zero-phase smoothing before locating the peak (triangular kernel) steadies the peak of
// a noisy rounded pulse, but on an asymmetric pulse it moves the maximum by ~ width^2. With the
// half-width floor(sqrt(fs / kSmoothReferenceHz)) samples, that shift stays a fixed fraction of
// a sample (~0.5 measured) at every rate: 0 at 25 Hz, 1 at 100-300 Hz, 3 at 1000 Hz.
constexpr double kSmoothReferenceHz = 100.0;
// The pulse's time is then refined on a wider kernel (ppg_peak_locator.hpp), half-width 30 ms
// (rounded to whole samples): its -3 dB point (8-10 Hz at 100-1000 Hz) lies at the top of the
// detector's 0.5-8 Hz pulse band, and it averages the sensor noise above, which on a rounded
// systolic peak sampled at 250-1000 Hz moved the peak by 5-25 ms from pulse to pulse
// (dsp/README.md, "PPG timing under noise"). On an asymmetric pulse it moves the peak by a few
// ms, the same for every pulse of that shape, so intervals keep it out. The light kernel finds
// the pulse; from then on the refined time is the pulse's time, for the interval rules below
// (minimum interval, heart period) as for the caller.
constexpr double kRefineHalfWidthS = 0.030;
constexpr double kMaxSampleRateHz = 2000.0;
static_assert(kRefineHalfWidthS * kMaxSampleRateHz < kMaxRefineHalfWidth,
              "the refinement's buffers hold the kernel at the highest rate");

int to_samples(double seconds, double fs) {
  return std::max(1, static_cast<int>(std::lround(seconds * fs)));
}

PpgDetectorConfig validated(const PpgDetectorConfig& c) {
  if (!(c.sample_rate_hz >= 25.0 && c.sample_rate_hz <= kMaxSampleRateHz)) {
    throw std::invalid_argument("PpgBeatDetector: sample_rate_hz " +
                                std::to_string(c.sample_rate_hz) + " outside [25, 2000]");
  }
  if (!(c.min_interval_s >= 0.25 && c.min_interval_s <= 0.5)) {
    throw std::invalid_argument("PpgBeatDetector: min_interval_s " +
                                std::to_string(c.min_interval_s) + " outside [0.25, 0.5]");
  }
  return c;
}

}  // namespace

PpgDetectorCore::PpgDetectorCore(const PpgDetectorConfig& config)
    : config_(validated(config)),
      fs_(config.sample_rate_hz),
      peak_window_n_(to_samples(kPeakWindowS, fs_)),
      beat_window_n_(to_samples(kBeatWindowS, fs_)),
      peak_delay_n_((peak_window_n_ - 1) / 2),
      min_block_n_(peak_window_n_),
      band_delay_n_(0),
      margin_n_(to_samples(kMarginS, fs_)),
      climb_n_(to_samples(kClimbS, fs_)),
      confirm_n_(to_samples(kConfirmS, fs_)),
      latency_n_(to_samples(kLatencyS, fs_)),
      min_interval_n_(config.min_interval_s * fs_),
      mean_weight_(1.0 / (kMeanMemoryS * fs_)),
      half_life_n_(kReferenceHalfLifeS * fs_),
      locator_{static_cast<int>(std::sqrt(fs_ / kSmoothReferenceHz)),
               static_cast<int>(std::lround(kRefineHalfWidthS * fs_))},
      band_pass_(butterworth_bandpass(kBandOrder, kBandLowHz, kBandHighHz, fs_)),
      ma_peak_(static_cast<std::size_t>(peak_window_n_)),
      ma_beat_(static_cast<std::size_t>(beat_window_n_), static_cast<std::size_t>(beat_window_n_)),
      raw_(static_cast<std::size_t>(latency_n_ + climb_n_ + 2 * margin_n_ + 8)),
      band_(static_cast<std::size_t>(peak_delay_n_ + 2)) {
  band_delay_n_ = static_cast<int>(std::lround(band_pass_.group_delay_samples(kPulseHz, fs_)));
}

void PpgDetectorCore::reset() {
  band_pass_.reset();
  ma_peak_.reset();
  ma_beat_.reset();
  ma_beat_.set_length(static_cast<std::size_t>(beat_window_n_));
  interval_count_ = 0;
  min_block_n_ = peak_window_n_;
  raw_.clear();
  band_.clear();
  n_ = 0;
  mean_y_ = weight_sum_ = 0.0;
  in_block_ = false;
  block_consumed_ = false;
  block_start_ = block_max_index_ = 0;
  block_max_ = 0.0;
  band_min_since_pulse_ = std::numeric_limits<double>::infinity();
  has_pulse_ = false;
  last_pulse_index_ = last_pulse_band_peak_ = 0.0;
}

double PpgDetectorCore::latency_samples() const {
  // By construction: no pulse time (the light peak or its refinement) lies further back than
  // latency_n_ samples (the locator's `lowest`).
  return latency_n_ + 0.5;
}

std::optional<DetectedBeat> PpgDetectorCore::push(float sample_au) {
  if (n_ == 0) band_pass_.reset_to_steady_state(sample_au);  // no transient from an offset
  raw_.push(sample_au);
  const double band = band_pass_.process(sample_au);
  band_.push(static_cast<float>(band));
  const double clipped = std::max(0.0, band);
  const double y = clipped * clipped;
  const double ma_peak = ma_peak_.push(y);
  const double ma_beat = ma_beat_.push(y);
  // Offset beta x mean(y). Elgendi uses the whole record's mean; the causal stand-in is the
  // mean since reset with a 10 s memory (bias-corrected exponential average), so the offset
  // follows amplitude changes. It must be an absolute level: in a long diastole both averages
  // are near zero and a relative offset would let any ripple open a block.
  mean_y_ += mean_weight_ * (y - mean_y_);
  weight_sum_ += mean_weight_ * (1.0 - weight_sum_);
  const bool above = ma_peak > ma_beat + kOffsetBeta * (mean_y_ / weight_sum_);
  band_min_since_pulse_ = std::min(band_min_since_pulse_, band);

  std::optional<DetectedBeat> beat;
  // MA_beat is only an average once its window is full: no blocks before (after reset).
  const bool warmed_up = n_ >= beat_window_n_;
  if (above && warmed_up) {
    if (!in_block_) {
      in_block_ = true;
      block_consumed_ = false;
      block_start_ = n_;
      // MA_peak lags the band-passed signal by peak_delay_n_: the block's span of the
      // band-passed signal starts that much earlier.
      block_max_index_ = n_;
      block_max_ = band;
      for (std::int64_t i = std::max(band_.oldest_index(), n_ - peak_delay_n_); i < n_; ++i) {
        if (band_.at(i) > block_max_) {
          block_max_ = band_.at(i);
          block_max_index_ = i;
        }
      }
    } else if (band > block_max_) {
      block_max_ = band;
      block_max_index_ = n_;
    }
    // Early decision for long blocks (bounded latency): the maximum is confirmed and large
    // enough to be a systolic peak.
    const bool confirmed = n_ - block_max_index_ >= confirm_n_ &&
                           n_ - block_start_ >= min_block_n_ &&
                           is_plausible_peak(kMinRelativePeakEarly);
    if (!block_consumed_ && confirmed) {
      beat = finish_block();
      block_consumed_ = true;
    }
  } else if (in_block_) {
    in_block_ = false;
    // Elgendi: a block shorter than W1 is noise (W1 scaled with the heart period above 90 /min).
    if (!block_consumed_ && n_ - block_start_ >= min_block_n_ &&
        is_plausible_peak(kMinRelativePeak)) {
      beat = finish_block();
    }
  }
  ++n_;
  return beat;
}

bool PpgDetectorCore::is_plausible_peak(double min_fraction) const {
  if (!has_pulse_) return true;
  const double since_pulse = static_cast<double>(n_) - last_pulse_index_;
  const double reference = last_pulse_band_peak_ * std::exp2(-since_pulse / half_life_n_);
  return block_max_ >= min_fraction * reference;
}

void PpgDetectorCore::follow_heart_period(double interval_n) {
  intervals_n_[interval_count_ % intervals_n_.size()] = interval_n;
  ++interval_count_;
  if (interval_count_ < kMinIntervalsForPeriod) return;
  const std::size_t known = std::min(interval_count_, intervals_n_.size());
  auto sorted = intervals_n_;
  std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(known));
  const double period_n_estimate = sorted[1];  // second shortest
  const auto period_n = static_cast<std::size_t>(std::max(1L, std::lround(period_n_estimate)));
  const auto length = std::min(period_n, static_cast<std::size_t>(beat_window_n_));
  if (length != ma_beat_.length()) ma_beat_.set_length(length);
  min_block_n_ = std::max(
      1, static_cast<int>(std::lround(peak_window_n_ * static_cast<double>(length) /
                                      static_cast<double>(beat_window_n_))));
}

std::optional<DetectedBeat> PpgDetectorCore::finish_block() {
  const int h = locator_.smooth_half_width;
  const std::int64_t highest = n_ - 1 - h;  // the locator reads up to i + 1 + h
  std::int64_t lowest = std::max({n_ - latency_n_, raw_.oldest_index() + 1 + h,
                                  block_max_index_ - band_delay_n_ - margin_n_ - climb_n_});
  if (has_pulse_) {
    lowest = std::max(lowest, static_cast<std::int64_t>(std::ceil(last_pulse_index_)) + 1);
  }
  if (highest <= lowest) return std::nullopt;
  const std::int64_t centre = block_max_index_ - band_delay_n_;
  const std::int64_t begin = std::clamp(centre - margin_n_, lowest, highest);
  const std::int64_t end = std::clamp(centre + margin_n_, begin, highest);
  const LocatedPulsePeak peak = locate_pulse_peak(raw_, begin, end, lowest, highest, locator_);
  // A pulse peak is a maximum of the PPG; a slope means the block held no pulse peak.
  if (!peak.is_maximum) return std::nullopt;
  if (has_pulse_ && peak.index - last_pulse_index_ < min_interval_n_) {
    return std::nullopt;  // Elgendi/NeuroKit: the earlier pulse wins
  }
  const double amplitude = std::max(0.0, block_max_ - band_min_since_pulse_);
  if (has_pulse_) follow_heart_period(peak.index - last_pulse_index_);
  has_pulse_ = true;
  last_pulse_index_ = peak.index;
  last_pulse_band_peak_ = block_max_;
  band_min_since_pulse_ = std::numeric_limits<double>::infinity();
  return DetectedBeat{peak.index, static_cast<float>(amplitude), 1.0f};
}

}  // namespace resonant::dsp::detail
