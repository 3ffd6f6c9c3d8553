// Cost of the HRV analyses: the full batch metric set (time + frequency + nonlinear) of a
// 30-min series (~2400 beats), one live multi-window update (64/120/300 s) and its parts.
//   build-spectral/tests/bench/resonant_bench --benchmark_filter='Hrv'
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <resonant/dsp/hrv_summary.hpp>
#include <resonant/dsp/hrv_windows.hpp>

namespace {

using resonant::dsp::RrInterval;

std::vector<RrInterval> synthetic_rr(double duration_s) {
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.0, 10.0);
  std::vector<RrInterval> out;
  double t = 0.0;
  while (t < duration_s) {
    const double rr = 750.0 + 40.0 * std::sin(2.0 * std::numbers::pi * 0.1 * t) +
                      15.0 * std::sin(2.0 * std::numbers::pi * 0.27 * t) + noise(rng);
    t += rr / 1000.0;
    out.push_back({t, rr, false});
  }
  return out;
}

void BM_HrvBatch30Min(benchmark::State& state) {
  const auto rr = synthetic_rr(1800.0);
  resonant::dsp::HrvConfig config;
  config.frequency.method = state.range(0) == 0 ? resonant::dsp::SpectralMethod::kWelch
                                                : resonant::dsp::SpectralMethod::kLombScargle;
  for (auto _ : state) {
    auto h = resonant::dsp::compute_hrv(rr, config);
    benchmark::DoNotOptimize(h);
  }
  state.counters["beats"] = static_cast<double>(rr.size());
  state.SetLabel(state.range(0) == 0 ? "Welch" : "Lomb-Scargle");
}
BENCHMARK(BM_HrvBatch30Min)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_HrvLiveWindowsUpdate(benchmark::State& state) {
  // Steady state: windows full; each iteration pushes one beat and updates all three windows.
  const auto rr = synthetic_rr(3600.0);
  resonant::dsp::LiveHrvWindows live;
  std::size_t next = 0;
  for (; rr[next].t_s < 400.0; ++next) live.push(rr[next]);
  live.update();
  double offset_s = 0.0;  // the series repeats with times kept increasing
  for (auto _ : state) {
    RrInterval r = rr[next];
    r.t_s += offset_s;
    live.push(r);
    auto results = live.update();
    benchmark::DoNotOptimize(results.data());
    if (++next == rr.size()) {
      next = 0;
      offset_s += rr.back().t_s;
    }
  }
}
BENCHMARK(BM_HrvLiveWindowsUpdate)->Unit(benchmark::kMicrosecond);

void BM_HrvFrequency5Min(benchmark::State& state) {
  // One 300 s window's frequency analysis alone (spline, detrend, Welch on ~1200 points).
  const auto rr = synthetic_rr(300.0);
  resonant::dsp::FrequencyHrvAnalyzer analyzer;
  analyzer.analyse(rr);
  for (auto _ : state) {
    auto h = analyzer.analyse(rr);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_HrvFrequency5Min)->Unit(benchmark::kMicrosecond);

}  // namespace
