#include "ecg_beat_morphology.hpp"

#include <algorithm>
#include <cmath>

namespace resonant::dsp::detail {
namespace {

constexpr float kSearchBackFactor = 0.7f;
constexpr double kShapeFloor = 0.3;     // correlation that scores 0 ...
constexpr double kShapeFull = 0.9;      // ... and 1
constexpr double kSmallRatio = 0.5;     // smaller than half the median: size score falls
constexpr double kLargeRatio = 3.0;     // larger than three times: falls too (artifact spikes)
constexpr std::size_t kMaxMedianValues = 32;

double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

}  // namespace

BeatMorphologyShape morphology_shape(double sample_rate_hz) {
  BeatMorphologyShape s;
  s.before_n = std::max(1, static_cast<int>(std::lround(kMorphologyBeforeS * sample_rate_hz)));
  s.after_n = std::max(1, static_cast<int>(std::lround(kMorphologyAfterS * sample_rate_hz)));
  return s;
}

void normalise_waveform(std::span<float> w) {
  if (w.empty()) return;
  double mean = 0.0;
  for (const float v : w) mean += v;
  mean /= static_cast<double>(w.size());
  double energy = 0.0;
  for (const float v : w) energy += (v - mean) * (v - mean);
  const double scale = energy > 0.0 ? 1.0 / std::sqrt(energy) : 0.0;
  for (float& v : w) v = static_cast<float>((v - mean) * scale);
}

double waveform_correlation(std::span<const float> a, std::span<const float> b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n == 0) return 0.0;
  double ma = 0.0, mb = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = a[i] - ma, y = b[i] - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0.0 && bb > 0.0 ? ab / std::sqrt(aa * bb) : 0.0;
}

void extract_waveform(const SampleRing<float>& x, std::int64_t r, std::int64_t newest,
                      const BeatMorphologyShape& shape, std::span<float> out) {
  const std::int64_t first = r - shape.before_n;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::int64_t i =
        std::clamp(first + static_cast<std::int64_t>(k), x.oldest_index(), newest);
    out[k] = x.at(i);
  }
}

void extract_waveform(std::span<const float> x, std::int64_t r, const BeatMorphologyShape& shape,
                      std::span<float> out) {
  const std::int64_t first = r - shape.before_n;
  const auto last = static_cast<std::int64_t>(x.size()) - 1;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::int64_t i = std::clamp<std::int64_t>(first + static_cast<std::int64_t>(k), 0, last);
    out[k] = x[static_cast<std::size_t>(i)];
  }
}

float beat_quality(bool search_back, const BeatComparison& c, double noise_score) {
  const double shape =
      std::isnan(c.max_correlation)
          ? 1.0
          : clamp01((c.max_correlation - kShapeFloor) / (kShapeFull - kShapeFloor));
  double size = 1.0;
  if (!std::isnan(c.amplitude_ratio)) {
    if (c.amplitude_ratio < kSmallRatio) size = clamp01(c.amplitude_ratio / kSmallRatio);
    if (c.amplitude_ratio > kLargeRatio) size = clamp01(kLargeRatio / c.amplitude_ratio);
  }
  const double noise = std::isnan(noise_score) ? 1.0 : clamp01(noise_score);
  const double found = search_back ? kSearchBackFactor : 1.0;
  return static_cast<float>(found * (0.4 + 0.6 * shape) * (0.4 + 0.6 * size) *
                            (0.5 + 0.5 * noise));
}

RecentBeats::RecentBeats(const BeatMorphologyShape& shape)
    : shape_(shape), waves_(kCompared * shape.length(), 0.0f) {}

BeatComparison RecentBeats::compare(std::span<const float> waveform, float amplitude) const {
  BeatComparison c;
  if (count_ == 0) return c;
  const std::size_t len = shape_.length();
  double best = -1.0;
  for (std::size_t k = 0; k < count_; ++k) {
    best = std::max(best, waveform_correlation(
                              waveform, std::span<const float>(waves_.data() + k * len, len)));
  }
  c.max_correlation = best;
  const double median = median_of(std::span<const float>(amplitudes_.data(), count_));
  if (median > 0.0) c.amplitude_ratio = amplitude / median;
  return c;
}

void RecentBeats::add(std::span<const float> waveform, float amplitude) {
  const std::size_t len = shape_.length();
  std::copy_n(waveform.begin(), std::min(len, waveform.size()),
              waves_.begin() + static_cast<std::ptrdiff_t>(next_ * len));
  amplitudes_[next_] = amplitude;
  next_ = (next_ + 1) % kCompared;
  count_ = std::min(count_ + 1, kCompared);
}

double median_of(std::span<const float> values) {
  std::array<float, kMaxMedianValues> buf{};
  const std::size_t n = std::min(values.size(), kMaxMedianValues);
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  std::copy_n(values.begin(), n, buf.begin());
  const auto mid = buf.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(buf.begin(), mid, buf.begin() + static_cast<std::ptrdiff_t>(n));
  if (n % 2 == 1) return *mid;
  const float upper = *mid;
  const float lower = *std::max_element(buf.begin(), mid);
  return 0.5 * (static_cast<double>(lower) + static_cast<double>(upper));
}

}  // namespace resonant::dsp::detail
