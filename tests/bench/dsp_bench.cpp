// Throughput of the beat detectors (streaming push and batch) on synthetic signals. The ECG
// offline mode runs on a synthetic 30-min record at 360 Hz (MIT-BIH's length and rate), and on
// the real MIT-BIH record 100 (MLII, read with resonant::records from ../shared/data; skipped
// with an error when the shared data set is absent).
// Counters: samples_per_s, and x_realtime = seconds of signal processed per second of CPU at the
// benchmark's sample rate (the live pipeline needs x_realtime >= 1 per channel).
//   build-dsp/bench/resonant_bench --benchmark_filter='Ecg|Ppg'
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>
#include <resonant/records/record.hpp>

#include "test_support.hpp"

namespace {

constexpr double kSignalS = 120.0;

double gaussian(double t, double centre, double sigma) {
  const double z = (t - centre) / sigma;
  return std::exp(-0.5 * z * z);
}

constexpr double kRecordS = 1800.0;  // an MIT-BIH record

// Beats every ~0.8 s with respiratory variability, 30 uV noise and 0.3 Hz wander.
std::vector<float> synthetic_ecg_of(double fs, double duration_s) {
  std::vector<float> x(static_cast<std::size_t>(duration_s * fs));
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.0, 0.03);
  std::vector<double> r_times;
  for (double t = 0.4; t < duration_s; t += 0.8 + 0.05 * std::sin(2.0 * std::numbers::pi * 0.25 * t)) {
    r_times.push_back(t);
  }
  std::size_t next = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    while (next + 1 < r_times.size() && r_times[next + 1] < t - 0.4) ++next;
    double v = 0.4 * std::sin(2.0 * std::numbers::pi * 0.3 * t) + noise(rng);
    for (std::size_t b = next; b < r_times.size() && r_times[b] < t + 0.4; ++b) {
      const double r = r_times[b];
      v += 1.2 * gaussian(t, r, 0.010) - 0.25 * gaussian(t, r + 0.03, 0.009) +
           0.35 * gaussian(t, r + 0.28, 0.045) + 0.15 * gaussian(t, r - 0.17, 0.025);
    }
    x[i] = static_cast<float>(v);
  }
  return x;
}

std::vector<float> synthetic_ecg(double fs) { return synthetic_ecg_of(fs, kSignalS); }
std::vector<float> synthetic_ecg_record(double fs) { return synthetic_ecg_of(fs, kRecordS); }

std::vector<float> synthetic_ppg(double fs) {
  std::vector<float> x(static_cast<std::size_t>(kSignalS * fs));
  std::mt19937 rng(2);
  std::normal_distribution<double> noise(0.0, 0.01);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    const double phase = std::fmod(t, 0.85);
    const double dt = phase - 0.25;
    const double systolic = dt < 0.0 ? gaussian(dt, 0.0, 0.07) : gaussian(dt, 0.0, 0.12);
    x[i] = static_cast<float>(systolic + 0.35 * gaussian(dt, 0.32, 0.09) + noise(rng));
  }
  return x;
}

void set_counters(benchmark::State& state, std::size_t samples, double fs) {
  const auto total = static_cast<double>(samples) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
  state.counters["samples_per_s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
  state.counters["x_realtime"] = benchmark::Counter(total / fs, benchmark::Counter::kIsRate);
}

// One streaming and one batch benchmark per detector, sharing the same body.
template <typename Detector, typename Config, auto kSignal>
void bm_streaming(benchmark::State& state) {
  const auto fs = static_cast<double>(state.range(0));
  const auto x = kSignal(fs);
  Config config;
  config.sample_rate_hz = fs;
  Detector detector(config);
  for (auto _ : state) {
    detector.reset();
    std::size_t beats = 0;
    for (const float v : x) beats += detector.push(v).has_value() ? 1 : 0;
    benchmark::DoNotOptimize(beats);
  }
  set_counters(state, x.size(), fs);
}

template <typename Config, auto kDetect, auto kSignal>
void bm_batch(benchmark::State& state) {
  const auto fs = static_cast<double>(state.range(0));
  const auto x = kSignal(fs);
  Config config;
  config.sample_rate_hz = fs;
  for (auto _ : state) {
    auto beats = kDetect(x, config);
    benchmark::DoNotOptimize(beats.data());
  }
  set_counters(state, x.size(), fs);
}

using resonant::dsp::EcgBeatDetector;
using resonant::dsp::EcgDetectorConfig;
using resonant::dsp::PpgBeatDetector;
using resonant::dsp::PpgDetectorConfig;

using resonant::dsp::EcgDetectionMode;

std::vector<resonant::dsp::DetectedBeat> ecg_batch(std::span<const float> x, const EcgDetectorConfig& c) {
  return resonant::dsp::detect_ecg_beats(x, c, EcgDetectionMode::kCausal);
}
std::vector<resonant::dsp::DetectedBeat> ecg_offline(std::span<const float> x, const EcgDetectorConfig& c) {
  return resonant::dsp::detect_ecg_beats(x, c, EcgDetectionMode::kOffline);
}
std::vector<resonant::dsp::DetectedBeat> ppg_batch(std::span<const float> x, const PpgDetectorConfig& c) {
  return resonant::dsp::detect_ppg_beats(x, c);
}

// Offline detection on the real mitdb/100 MLII (650 000 samples at 360 Hz).
void bm_ecg_offline_mitdb100(benchmark::State& state) {
  const auto hea = resonant::testing::shared_data_file("mitdb/100.hea");
  if (hea.empty()) {
    const std::string message = "shared recording mitdb/100.hea not found under " +
                                resonant::testing::shared_data_dir().string();
    state.SkipWithError(message.c_str());
    return;
  }
  const auto record = resonant::records::open_record(hea);
  const auto& mlii = resonant::records::find_channel(record->info(), "MLII");
  const auto x = resonant::records::read_all(*record, mlii.index);
  EcgDetectorConfig config;
  config.sample_rate_hz = mlii.sample_rate_hz;
  for (auto _ : state) {
    auto beats = ecg_offline(x, config);
    benchmark::DoNotOptimize(beats.data());
  }
  set_counters(state, x.size(), mlii.sample_rate_hz);
}

BENCHMARK(bm_streaming<EcgBeatDetector, EcgDetectorConfig, synthetic_ecg>)
    ->Name("BM_EcgStreaming")->Arg(250)->Arg(360)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_batch<EcgDetectorConfig, ecg_batch, synthetic_ecg>)
    ->Name("BM_EcgBatch")->Arg(250)->Arg(360)->Unit(benchmark::kMillisecond);
// Issue 4 target: offline ECG >= 40 M samples/s on one core (30-min record, 360 Hz).
BENCHMARK(bm_batch<EcgDetectorConfig, ecg_offline, synthetic_ecg_record>)
    ->Name("BM_EcgOffline30min")->Arg(360)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_batch<EcgDetectorConfig, ecg_batch, synthetic_ecg_record>)
    ->Name("BM_EcgCausalBatch30min")->Arg(360)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_ecg_offline_mitdb100)->Name("BM_EcgOfflineMitdb100")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_streaming<PpgBeatDetector, PpgDetectorConfig, synthetic_ppg>)
    ->Name("BM_PpgStreaming")->Arg(100)->Arg(250)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_batch<PpgDetectorConfig, ppg_batch, synthetic_ppg>)
    ->Name("BM_PpgBatch")->Arg(100)->Arg(250)->Unit(benchmark::kMillisecond);

}  // namespace
