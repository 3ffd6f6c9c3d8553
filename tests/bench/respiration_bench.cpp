// Throughput of the respiration processors: the belt per sample (streaming), one spectral rate
// estimate (the per-beat / per-second update of RSA, EDR and PPG-derived respiration), one
// fusion, and one adherence update.
//   build-resp/tests/bench/resonant_bench --benchmark_filter='Respiration|PacerAdherence'
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/pacer_adherence.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/dsp/respiration_rsa.hpp>

namespace {

constexpr double kPi = std::numbers::pi;

std::vector<float> belt_signal(double fs, double duration_s) {
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.0, 0.05);
  std::vector<float> x(static_cast<std::size_t>(fs * duration_s));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    x[i] = static_cast<float>(2.0 - std::cos(2.0 * kPi * 0.1 * t) + noise(rng));
  }
  return x;
}

void BM_RespirationBeltStreaming(benchmark::State& state) {
  const double fs = static_cast<double>(state.range(0));
  const auto x = belt_signal(fs, 120.0);
  resonant::dsp::BeltRespirationConfig config;
  config.sample_rate_hz = fs;
  resonant::dsp::BeltRespiration belt(config);
  for (auto _ : state) {
    belt.reset();
    for (const float v : x) benchmark::DoNotOptimize(belt.push(v));
  }
  const double samples = static_cast<double>(state.iterations()) * static_cast<double>(x.size());
  state.counters["samples_per_s"] = benchmark::Counter(samples, benchmark::Counter::kIsRate);
  state.counters["x_realtime"] = benchmark::Counter(samples / fs, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RespirationBeltStreaming)->Arg(25)->Arg(100)->Arg(1000);

void BM_RespirationRsaEstimate(benchmark::State& state) {
  // 64 s window of NN intervals (one estimate = resample, detrend, periodogram, peak).
  resonant::dsp::RsaRespiration rsa;
  double t = 0.0;
  while (t < 300.0) {
    const double rr = 900.0 + 60.0 * std::sin(2.0 * kPi * 0.1 * t);
    t += rr / 1000.0;
    rsa.push({t, rr, false});
  }
  for (auto _ : state) benchmark::DoNotOptimize(rsa.estimate(t));
}
BENCHMARK(BM_RespirationRsaEstimate);

void BM_RespirationFusionUpdate(benchmark::State& state) {
  using resonant::dsp::RespirationSource;
  const auto make = [](RespirationSource s, double rate, double q) {
    resonant::dsp::RespirationRate r;
    r.rate_bpm = rate;
    r.quality = q;
    return resonant::dsp::SourcedRate{s, r};
  };
  const resonant::dsp::SourcedRate e[] = {
      make(RespirationSource::kRsa, 6.0, 0.8), make(RespirationSource::kEdrAmplitude, 16.0, 0.7),
      make(RespirationSource::kEdrArea, 16.4, 0.6), make(RespirationSource::kPpgIntensity, 15.8, 0.5),
      make(RespirationSource::kPpgAmplitude, 16.2, 0.4), make(RespirationSource::kPpgFrequency, 6.1, 0.6)};
  for (auto _ : state) benchmark::DoNotOptimize(resonant::dsp::fuse_respiration(std::nullopt, e));
}
BENCHMARK(BM_RespirationFusionUpdate);

void BM_PacerAdherenceUpdate(benchmark::State& state) {
  // A full 60 s window of 6 /min breaths and 512 NN intervals: one update (PLV, median, fit).
  const resonant::PacerSchedule pacer{};
  resonant::dsp::PacerAdherenceTracker tracker;
  for (int k = 0; k < 30; ++k) {
    resonant::dsp::Breath b;
    b.onset_s = 10.0 * k;
    b.end_s = b.onset_s + 10.0;
    b.peak_s = b.onset_s + 4.0;
    b.inhale_fraction = 0.4;
    b.rate_bpm = 6.0;
    tracker.push_breath(b, pacer);
  }
  for (double t = 0.5; t < 300.0; t += 0.9) tracker.push_nn({t, 900.0, false});
  for (auto _ : state) benchmark::DoNotOptimize(tracker.update(300.0));
}
BENCHMARK(BM_PacerAdherenceUpdate);

}  // namespace
