#include "ecg_offline_refine.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "ecg_beat_morphology.hpp"

namespace resonant::dsp::detail {
namespace {

constexpr std::size_t kNeighbours = 8;      // on each side
constexpr double kSmallRatio = 0.35;        // of the neighbours' median amplitude
constexpr double kUnlikeCorrelation = 0.7;  // best correlation with any neighbour

}  // namespace

std::vector<DetectedBeat> refine_offline(std::span<const float> ecg_mv,
                                         std::span<const CoreBeat> beats, double sample_rate_hz) {
  const BeatMorphologyShape shape = morphology_shape(sample_rate_hz);
  const std::size_t len = shape.length();
  const std::size_t n = beats.size();
  std::vector<float> waves(n * len);
  for (std::size_t i = 0; i < n; ++i) {
    extract_waveform(ecg_mv, std::lround(beats[i].beat.sample_index), shape,
                     std::span<float>(waves.data() + i * len, len));
  }
  // Normalised once (zero mean, unit norm): a correlation is then one dot product.
  for (std::size_t i = 0; i < n; ++i) {
    normalise_waveform(std::span<float>(waves.data() + i * len, len));
  }
  auto dot = [&](std::size_t i, std::size_t j) {
    const float* a = waves.data() + i * len;
    const float* b = waves.data() + j * len;
    float acc = 0.0f;
    for (std::size_t k = 0; k < len; ++k) acc += a[k] * b[k];
    return static_cast<double>(acc);
  };

  std::vector<DetectedBeat> out;
  out.reserve(n);
  std::array<float, 2 * kNeighbours> amplitudes{};
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t first = i >= kNeighbours ? i - kNeighbours : 0;
    const std::size_t last = std::min(n - 1, i + kNeighbours);
    BeatComparison c;
    std::size_t count = 0;
    double best = -1.0;
    for (std::size_t j = first; j <= last; ++j) {
      if (j == i) continue;
      best = std::max(best, dot(i, j));
      amplitudes[count++] = beats[j].beat.amplitude;
    }
    if (count > 0) {
      c.max_correlation = best;
      const double median = median_of(std::span<const float>(amplitudes.data(), count));
      if (median > 0.0) c.amplitude_ratio = beats[i].beat.amplitude / median;
    }
    if (c.amplitude_ratio < kSmallRatio && c.max_correlation < kUnlikeCorrelation) continue;
    DetectedBeat b = beats[i].beat;
    b.quality = beat_quality(b.found_by_search_back, c, beats[i].noise_score);
    out.push_back(b);
  }
  return out;
}

}  // namespace resonant::dsp::detail
