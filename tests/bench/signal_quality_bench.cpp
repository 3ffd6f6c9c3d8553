// Throughput of the signal-quality assessor (per sample, 250 Hz ECG with its beats fed) and of
// one arousal update. Counters: samples_per_s and x_realtime (seconds of signal per CPU second).
//   build-arousal/tests/bench/resonant_bench --benchmark_filter='SignalQuality|Arousal'
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/signal_quality.hpp>

namespace {

constexpr double kFs = 250.0;
constexpr double kSignalS = 120.0;
constexpr double kRrS = 0.8;

std::vector<float> ecg_like() {
  std::vector<float> x(static_cast<std::size_t>(kSignalS * kFs));
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.0, 0.02);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / kFs;
    const double phase = std::fmod(t, kRrS) - 0.4;
    x[i] = static_cast<float>(std::exp(-0.5 * phase * phase / 1e-4) +
                              0.3 * std::sin(2.0 * std::numbers::pi * 0.3 * t) + noise(rng));
  }
  return x;
}

void BM_SignalQualityEcgStreaming250Hz(benchmark::State& state) {
  const auto x = ecg_like();
  resonant::dsp::SignalQualityAssessor assessor(
      resonant::dsp::signal_quality_config(resonant::ChannelKind::kEcg, kFs));
  const auto samples_per_beat = static_cast<std::size_t>(kRrS * kFs);
  for (auto _ : state) {
    assessor.reset();
    double beat_t = 0.4;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (i % samples_per_beat == samples_per_beat / 2) {
        assessor.add_beat(beat_t);
        beat_t += kRrS;
      }
      benchmark::DoNotOptimize(assessor.push(x[i]));
    }
  }
  const double n = static_cast<double>(state.iterations()) * static_cast<double>(x.size());
  state.counters["samples_per_s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["x_realtime"] = benchmark::Counter(n / kFs, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SignalQualityEcgStreaming250Hz);

void BM_ArousalUpdate(benchmark::State& state) {
  resonant::dsp::ArousalEstimator estimator;
  resonant::dsp::ArousalBaseline baseline;
  baseline.median = {65.0, 3.8, 12.0, 4.0};
  baseline.scale = {3.0, 0.2, 1.5, 0.3};
  baseline.duration_s = {300.0, 300.0, 300.0, 300.0};
  estimator.set_baseline(baseline);
  resonant::dsp::ArousalInput in;
  in.hr_bpm = 70.0;
  in.ln_rmssd = 3.6;
  in.breathing_rate_bpm = 14.0;
  in.scl_us = 4.5;
  for (auto _ : state) {
    in.t_s += 1.0;
    benchmark::DoNotOptimize(estimator.update(in));
  }
  state.counters["updates_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ArousalUpdate);

}  // namespace
