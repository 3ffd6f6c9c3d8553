#include <resonant/dsp/ecg_beat_detector.hpp>

#include <array>
#include <cmath>

#include "ecg_detector_core.hpp"
#include "ecg_offline_refine.hpp"

namespace resonant::dsp {

struct EcgBeatDetector::Impl {
  explicit Impl(const EcgDetectorConfig& config) : core(config) {}

  // Beats waiting to be reported, oldest first: the learning period's beats arrive all at
  // once when it ends, and push() hands out one per call. Fixed size: no allocation.
  static constexpr std::size_t kPendingCapacity = detail::EcgDetectorCore::kMaxLearningBeats + 2;

  void enqueue(const DetectedBeat& b) {
    if (pending_size < kPendingCapacity) {
      pending[(pending_head + pending_size) % kPendingCapacity] = b;
      ++pending_size;
    }
  }

  std::optional<DetectedBeat> push(float sample_mv) {
    const bool was_learning = core.samples_pushed() < static_cast<std::int64_t>(core.learning_samples());
    const auto beat = core.push(sample_mv);
    if (was_learning && core.samples_pushed() >= static_cast<std::int64_t>(core.learning_samples())) {
      for (std::size_t i = 0; i < core.learning_beat_count(); ++i) enqueue(core.learning_beat(i));
    }
    if (beat) enqueue(*beat);
    if (pending_size == 0) return std::nullopt;
    const DetectedBeat out = pending[pending_head];
    pending_head = (pending_head + 1) % kPendingCapacity;
    --pending_size;
    return out;
  }

  void reset() {
    core.reset();
    pending_head = pending_size = 0;
  }

  detail::EcgDetectorCore core;
  std::array<DetectedBeat, kPendingCapacity> pending{};
  std::size_t pending_head = 0;
  std::size_t pending_size = 0;
};

EcgBeatDetector::EcgBeatDetector(const EcgDetectorConfig& config)
    : impl_(std::make_unique<Impl>(config)) {}
EcgBeatDetector::~EcgBeatDetector() = default;
EcgBeatDetector::EcgBeatDetector(EcgBeatDetector&&) noexcept = default;
EcgBeatDetector& EcgBeatDetector::operator=(EcgBeatDetector&&) noexcept = default;

std::optional<DetectedBeat> EcgBeatDetector::push(float sample_mv) {
  return impl_->push(sample_mv);
}

void EcgBeatDetector::reset() { impl_->reset(); }

std::int64_t EcgBeatDetector::samples_pushed() const { return impl_->core.samples_pushed(); }

double EcgBeatDetector::latency_s() const {
  return impl_->core.latency_samples() / impl_->core.config().sample_rate_hz;
}

double EcgBeatDetector::max_latency_s() const {
  return impl_->core.max_latency_samples() / impl_->core.config().sample_rate_hz;
}

double EcgBeatDetector::learning_s() const {
  return impl_->core.learning_samples() / impl_->core.config().sample_rate_hz;
}

const EcgDetectorConfig& EcgBeatDetector::config() const { return impl_->core.config(); }

namespace {

std::vector<DetectedBeat> detect_causal(std::span<const float> ecg_mv,
                                        const EcgDetectorConfig& config) {
  // The streaming object itself: the causal batch form cannot drift from the live detector.
  EcgBeatDetector detector(config);
  std::vector<DetectedBeat> beats;
  for (const float x : ecg_mv) {
    if (const auto beat = detector.push(x)) beats.push_back(*beat);
  }
  return beats;
}

std::vector<DetectedBeat> detect_offline(std::span<const float> ecg_mv,
                                         const EcgDetectorConfig& config) {
  detail::EcgDetectorCore core(config);
  std::vector<detail::CoreBeat> beats;
  const auto learning_end = static_cast<std::int64_t>(core.learning_samples());
  for (const float x : ecg_mv) {
    const auto beat = core.push(x);
    if (core.samples_pushed() == learning_end) {
      // The learning period's beats, which the stream reports late, in their place.
      for (std::size_t i = 0; i < core.learning_beat_count(); ++i) {
        beats.push_back({core.learning_beat(i), core.learning_beat_noise_score(i)});
      }
    }
    if (beat) beats.push_back({*beat, core.last_noise_score()});
  }
  if (ecg_mv.empty()) return {};
  // Hold the last value for one latency so that beats in the final latency_s() are confirmed
  // too (their R peaks are in the data; the padding is flat).
  const auto tail = static_cast<std::int64_t>(std::ceil(core.latency_samples()));
  const auto last_sample = static_cast<double>(ecg_mv.size() - 1);
  for (std::int64_t i = 0; i < tail; ++i) {
    const auto beat = core.push(ecg_mv.back());
    if (beat && beat->sample_index <= last_sample) {
      beats.push_back({*beat, core.last_noise_score()});
    }
  }
  return detail::refine_offline(ecg_mv, beats, config.sample_rate_hz);
}

}  // namespace

std::vector<DetectedBeat> detect_ecg_beats(std::span<const float> ecg_mv,
                                           const EcgDetectorConfig& config,
                                           EcgDetectionMode mode) {
  return mode == EcgDetectionMode::kCausal ? detect_causal(ecg_mv, config)
                                           : detect_offline(ecg_mv, config);
}

}  // namespace resonant::dsp
