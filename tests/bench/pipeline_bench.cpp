// Speed of the engine's synchronous core: SensorEvents (80 ms blocks of a simulated ECG, plus
// PPG, belt and EDA blocks) through time mapping, beat detection, artifact correction and
// every live metric (HRV windows, coherence, resonance indicators, respiration, a 6 /min
// pacer's adherence, signal quality, arousal), plus a Snapshot fill every 100 ms of data.
// "x_real_time" says how many seconds of data one core processes per second; "core_pct" is
// the share of one core the live pipeline needs at the device's rates (250 Hz ECG + 3 channels).
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include <resonant/drivers/sim/person_model.hpp>
#include <resonant/engine/pipeline.hpp>

namespace {

using namespace resonant;

constexpr int kBlockTicks = 20;  // 80 ms at 250 Hz
constexpr double kDataS = 600.0;

/// Ten minutes of the calm simulated person, as the device would send it.
std::vector<drivers::SensorEvent> make_events() {
  drivers::sim::PersonModel model(drivers::sim::Scenario::kCalm, 3);
  std::vector<drivers::SensorEvent> events;
  const ChannelKind kinds[] = {ChannelKind::kEcg, ChannelKind::kPpg, ChannelKind::kResp, ChannelKind::kEda};
  const int decimation[] = {1, 2, 5, 10};
  for (std::uint8_t c = 0; c < 4; ++c) {
    drivers::ChannelInfo info;
    info.channel = c;
    info.kind = kinds[c];
    info.rate_hz = 250.0 / decimation[c];
    events.emplace_back(info);
  }
  const auto t0 = SteadyClock::now();
  const auto blocks = static_cast<int>(kDataS * 250.0 / kBlockTicks);
  for (int b = 0; b < blocks; ++b) {
    drivers::SampleBlock out[4];
    for (int i = 0; i < kBlockTicks; ++i) {
      const auto& t = model.next();
      const float v[] = {t.ecg_mv, t.ppg_au, t.resp_au, t.eda_us};
      for (int c = 0; c < 4; ++c) {
        if (i % decimation[c] != 0) continue;
        drivers::SampleBlock& blk = out[c];
        if (blk.count == 0) {
          blk.channel = static_cast<std::uint8_t>(c);
          blk.t_dev_us = static_cast<std::uint32_t>(t.t_s * 1e6);
          blk.t_rx = t0 + std::chrono::microseconds(static_cast<long>((t.t_s + 0.1) * 1e6));
        }
        blk.values[blk.count++] = v[c];
      }
    }
    for (auto& blk : out) events.emplace_back(blk);
  }
  return events;
}

void pipeline_push(benchmark::State& state) {
  static const std::vector<drivers::SensorEvent> events = make_events();
  constexpr std::size_t kFillEveryEvents = 5;  // 4 channel blocks per 80 ms: ~ every 100 ms
  std::size_t beats = 0;
  auto snapshot = std::make_unique<engine::Snapshot>();
  const PacerSchedule pacer(PacerSettings{}, 0.0);  // 6 /min
  for (auto _ : state) {
    engine::Pipeline pipeline(engine::PipelineConfig{}, [&](const engine::EngineEvent& e) {
      beats += std::holds_alternative<engine::BeatRecord>(e);
    });
    pipeline.set_pacer(pacer, true);
    std::size_t n = 0;
    for (const auto& e : events) {
      pipeline.push(e);
      if (++n % kFillEveryEvents == 0) pipeline.fill(*snapshot, SteadyClock::now());
    }
    benchmark::DoNotOptimize(pipeline.data_time_s());
    benchmark::DoNotOptimize(snapshot->live.coherence.ratio);
  }
  const double data_s = kDataS * static_cast<double>(state.iterations());
  state.counters["x_real_time"] = benchmark::Counter(data_s, benchmark::Counter::kIsRate);
  // Printed with an "s" suffix (an inverted rate), but it is % of one core.
  state.counters["core_pct"] = benchmark::Counter(
      data_s / 100.0, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["beats"] = static_cast<double>(beats) / static_cast<double>(state.iterations());
}
BENCHMARK(pipeline_push)->Unit(benchmark::kMillisecond);

}  // namespace
