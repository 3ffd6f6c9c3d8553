#pragma once
// PPG pulse (systolic peak) detector, causal, for the live pipeline and whole records.
//
// Method: Elgendi et al. 2013 (PLoS One 8:e76585) event-related moving averages: band-pass
// 0.5-8 Hz, clip negatives and square, W1 = 111 ms and W2 = 667 ms moving averages, offset
// beta = 0.02 of the mean, blocks where MA_peak > MA_beat + offset lasting >= W1, the peak is the
// maximum inside the block; minimum distance between pulses 0.3 s
// (physiology-and-metrics.md §1.4.1). Robust to baseline wander and amplitude changes.
// Made causal with one-sided moving averages; the pulse time is the systolic maximum of the
// (delay-compensated) filtered signal, refined by a parabola.
//
// Latency: reported at most latency_s() after the systolic peak.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <resonant/dsp/ecg_beat_detector.hpp>  // DetectedBeat

namespace resonant::dsp {

struct PpgDetectorConfig {
  double sample_rate_hz = 125.0;  // [25, 2000]
  double min_interval_s = 0.3;    // [0.25, 0.5]
};

class PpgBeatDetector {
 public:
  explicit PpgBeatDetector(const PpgDetectorConfig& config = {});
  ~PpgBeatDetector();
  PpgBeatDetector(PpgBeatDetector&&) noexcept;
  PpgBeatDetector& operator=(PpgBeatDetector&&) noexcept;

  std::optional<DetectedBeat> push(float sample_au);
  void reset();
  std::int64_t samples_pushed() const;
  double latency_s() const;
  const PpgDetectorConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::vector<DetectedBeat> detect_ppg_beats(std::span<const float> ppg_au,
                                           const PpgDetectorConfig& config = {});

}  // namespace resonant::dsp
