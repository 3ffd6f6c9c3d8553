#pragma once
// Private: the hindsight the offline ECG mode adds to the causal core's beats (see
// ecg_beat_detector.hpp, EcgDetectionMode::kOffline, and dsp/docs/ecg.md).
//
// Every beat is compared with the kNeighbours beats on each side (ecg_beat_morphology): best
// waveform correlation with any of them, and amplitude over their median amplitude. A beat
// that is both small (ratio < kSmallRatio) and unlike all of them (correlation <
// kUnlikeCorrelation) is noise: a real QRS that is small is like its neighbours (an amplitude
// drop changes every beat) and a real QRS of a new shape stands out in size (ectopic beats are
// rarely smaller than a third of the sinus beats). The survivors' quality is recomputed with
// the two-sided comparison.
#include <span>
#include <vector>

#include <resonant/dsp/ecg_beat_detector.hpp>

namespace resonant::dsp::detail {

struct CoreBeat {
  DetectedBeat beat;
  double noise_score = 0.0;  // EcgDetectorCore's, at acceptance
};

std::vector<DetectedBeat> refine_offline(std::span<const float> ecg_mv,
                                         std::span<const CoreBeat> beats, double sample_rate_hz);

}  // namespace resonant::dsp::detail
