// Throughput of the RR artifact correction: the batch form on 24 h of beats and the streaming
// form per push. Synthetic RR: 6/min RSA of +-150 ms around 900 ms, 5 ms noise, and 2 % of the
// beats turned into ectopic / missed / extra artifacts.
//   build-artifacts/tests/bench/resonant_bench --benchmark_filter='RrArtifact'
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

#include <resonant/dsp/rr_artifacts.hpp>

namespace {

constexpr double kDayS = 24.0 * 3600.0;

std::vector<resonant::dsp::RrInterval> day_of_intervals() {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 5.0);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::vector<double> t{0.0};
  while (t.back() < kDayS) {
    const double rr =
        900.0 + 150.0 * std::sin(2.0 * std::numbers::pi * 0.1 * t.back()) + noise(rng);
    const double next = t.back() + rr / 1000.0;
    const double p = u01(rng);
    if (p < 0.007) {
      t.push_back(next - 0.3 * rr / 1000.0);  // ectopic (premature)
    } else if (p < 0.014) {
      continue;  // missed: this beat is never added
    } else if (p < 0.02) {
      t.push_back(t.back() + 0.4 * rr / 1000.0);  // extra, then the real beat
      t.push_back(next);
    } else {
      t.push_back(next);
    }
  }
  std::vector<resonant::dsp::RrInterval> rr;
  for (std::size_t i = 1; i < t.size(); ++i) rr.push_back({t[i], 1000.0 * (t[i] - t[i - 1]), false});
  return rr;
}

const std::vector<resonant::dsp::RrInterval>& intervals() {
  static const auto rr = day_of_intervals();
  return rr;
}

void BM_RrArtifactsBatch24h(benchmark::State& state) {
  const auto& rr = intervals();
  for (auto _ : state) {
    auto result = resonant::dsp::correct_rr_artifacts(rr);
    benchmark::DoNotOptimize(result.corrected.data());
  }
  state.counters["intervals_per_s"] = benchmark::Counter(
      static_cast<double>(rr.size()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["x_realtime"] =
      benchmark::Counter(kDayS, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RrArtifactsBatch24h)->Unit(benchmark::kMillisecond);

void BM_RrArtifactsStreamingPush(benchmark::State& state) {
  const auto& rr = intervals();
  resonant::dsp::StreamingRrArtifactCorrector corrector;
  std::size_t i = 0;
  for (auto _ : state) {
    auto decided = corrector.push(rr[i]);
    benchmark::DoNotOptimize(decided.data());
    if (++i == rr.size()) {
      i = 0;
      corrector.reset();
    }
  }
  state.counters["pushes_per_s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RrArtifactsStreamingPush);

}  // namespace
