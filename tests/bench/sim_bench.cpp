// Speed of the simulated person: model ticks per second of PersonModel::next().
// The simulated device runs at up to x100 real time, i.e. 25 000 ticks/s; the
// "x_real_time" counter says how many times faster than real time one core can run it.
#include <cstdint>
#include <string>

#include <benchmark/benchmark.h>

#include <resonant/drivers/sim/person_model.hpp>

namespace {

using resonant::drivers::sim::kTickRateHz;
using resonant::drivers::sim::PersonModel;
using resonant::drivers::sim::Scenario;

void person_model_next(benchmark::State& state) {
  const auto scenario = static_cast<Scenario>(state.range(0));
  PersonModel model(scenario, 1);
  resonant::PacerSettings pacer;
  pacer.rate_bpm = 6.0;
  model.set_pacer(resonant::PacerSegment{0.0, pacer, 0.0}, state.range(1) != 0);
  model.next();  // the first call also runs the warm-up: keep it out of the timing
  for (auto _ : state) {
    const auto& tick = model.next();
    benchmark::DoNotOptimize(tick.ecg_mv);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["x_real_time"] = benchmark::Counter(
      static_cast<double>(state.iterations()) / kTickRateHz, benchmark::Counter::kIsRate);
  state.SetLabel(std::string(to_string(scenario)) + (state.range(1) != 0 ? ", paced" : ", free"));
}

// Every scenario, free and paced breathing.
BENCHMARK(person_model_next)->ArgsProduct({benchmark::CreateDenseRange(0, 4, 1), {0, 1}});

// Constructing a model and producing its first tick (30 s of warm-up physiology).
void person_model_start(benchmark::State& state) {
  std::uint64_t seed = 0;
  for (auto _ : state) {
    PersonModel model(Scenario::kCalm, ++seed);
    benchmark::DoNotOptimize(model.next().ecg_mv);
  }
}
BENCHMARK(person_model_start)->Unit(benchmark::kMillisecond);

}  // namespace
