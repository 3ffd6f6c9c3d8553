#include <resonant/dsp/ppg_beat_detector.hpp>

#include "ppg_detector_core.hpp"

namespace resonant::dsp {

struct PpgBeatDetector::Impl {
  explicit Impl(const PpgDetectorConfig& config) : core(config) {}
  detail::PpgDetectorCore core;
};

PpgBeatDetector::PpgBeatDetector(const PpgDetectorConfig& config)
    : impl_(std::make_unique<Impl>(config)) {}
PpgBeatDetector::~PpgBeatDetector() = default;
PpgBeatDetector::PpgBeatDetector(PpgBeatDetector&&) noexcept = default;
PpgBeatDetector& PpgBeatDetector::operator=(PpgBeatDetector&&) noexcept = default;

std::optional<DetectedBeat> PpgBeatDetector::push(float sample_au) {
  return impl_->core.push(sample_au);
}

void PpgBeatDetector::reset() { impl_->core.reset(); }

std::int64_t PpgBeatDetector::samples_pushed() const { return impl_->core.samples_pushed(); }

double PpgBeatDetector::latency_s() const {
  return impl_->core.latency_samples() / impl_->core.config().sample_rate_hz;
}

const PpgDetectorConfig& PpgBeatDetector::config() const { return impl_->core.config(); }

std::vector<DetectedBeat> detect_ppg_beats(std::span<const float> ppg_au,
                                           const PpgDetectorConfig& config) {
  // The same core as the stream; nothing to add with hindsight (no learning period).
  detail::PpgDetectorCore core(config);
  std::vector<DetectedBeat> beats;
  for (const float x : ppg_au) {
    if (const auto beat = core.push(x)) beats.push_back(*beat);
  }
  return beats;
}

}  // namespace resonant::dsp
