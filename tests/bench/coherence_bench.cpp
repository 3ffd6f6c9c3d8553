// Coherence: one 5 s update on a 64 s window (the live cost every 5 s), and the per-beat push.
#include <resonant/dsp/coherence.hpp>
#include <resonant/dsp/resonance_assessment.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace {

using resonant::dsp::RrInterval;

std::vector<RrInterval> beats(double duration_s) {
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.0, 15.0);
  std::vector<RrInterval> nn;
  double t = 0.0;
  while (t < duration_s) {
    const double rr = 900.0 + 60.0 * std::sin(2.0 * std::numbers::pi * 0.1 * t) + noise(rng);
    t += rr / 1000.0;
    nn.push_back({t, rr, false});
  }
  return nn;
}

// One update: 64 s of beats (~71), spline to 2 Hz, Hann periodogram of 1024 points, CR.
void BM_CoherenceUpdate64s(benchmark::State& state) {
  const auto nn = beats(64.0 + 5.0 + 2.0);
  for (auto _ : state) {
    resonant::dsp::CoherenceTracker tracker;
    std::size_t produced = 0;
    for (const auto& iv : nn) produced += tracker.push(iv);
    benchmark::DoNotOptimize(produced);
  }
  state.SetLabel("71 s of beats, 1-2 updates incl. pushes");
}
BENCHMARK(BM_CoherenceUpdate64s);

// The spectral part alone: 128 samples -> CR.
void BM_CoherenceOfWindow(benchmark::State& state) {
  std::vector<double> x(128);
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = 900.0 + 60.0 * std::sin(0.1 * std::numbers::pi * static_cast<double>(k));
  for (auto _ : state) benchmark::DoNotOptimize(resonant::dsp::coherence_of_window(x, 2.0).ratio);
}
BENCHMARK(BM_CoherenceOfWindow);

// Steady state: an hour of beats through one tracker (720 updates); per beat.
void BM_CoherenceStreamHour(benchmark::State& state) {
  const auto nn = beats(3600.0);
  for (auto _ : state) {
    resonant::dsp::CoherenceTracker tracker;
    for (const auto& iv : nn) tracker.push(iv);
    benchmark::DoNotOptimize(tracker.updates());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(nn.size()));
}
BENCHMARK(BM_CoherenceStreamHour);

// The whole 10 min resonance assessment (offline, once per protocol).
void BM_ResonanceAssessment(benchmark::State& state) {
  const auto nn = beats(600.0);
  const auto segs = resonant::dsp::stepped_protocol();
  for (auto _ : state) benchmark::DoNotOptimize(resonant::dsp::assess_resonance(nn, segs).confidence);
}
BENCHMARK(BM_ResonanceAssessment);

}  // namespace
