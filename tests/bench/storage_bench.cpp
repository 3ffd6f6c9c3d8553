// Sustained recording into the session database through the Recorder (its thread, bounded
// queue, one transaction per 250 ms, WAL with synchronous=FULL), and the database size per
// hour of session.
//
// The mix per second of session is the richest live source Resonant reads, the simulated
// person (ECG 250 Hz, PPG 125 Hz, belt 50 Hz, EDA 25 Hz = 450 samples/s; the BioHarness sends
// 268/s, a Polar H10 330/s), in the recorder's 0.5 s chunks, plus 75 bpm of beats with label
// and NN, every recorded metric changing every second (the engine writes only changes: an
// upper bound) and the session's progress row.
// Counters: x_real_time = seconds of session written per second (target >= 50x);
// db_mb_per_hour = size of the database file after one hour of session.
#include <cmath>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include <resonant/storage/recorder.hpp>

#include "test_support.hpp"

namespace {

using namespace resonant;
using namespace resonant::storage;

constexpr double kSessionS = 3600.0;
constexpr double kChunkS = 0.5;
constexpr double kBeatIntervalS = 0.8;
constexpr int kMetricCount = 41;  // metrics the engine records (session_recorder.cpp)

struct Channel {
  ChannelKind kind;
  double rate_hz;
};
constexpr Channel kChannels[] = {{ChannelKind::kEcg, 250.0},
                                 {ChannelKind::kPpg, 125.0},
                                 {ChannelKind::kResp, 50.0},
                                 {ChannelKind::kEda, 25.0}};

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (int i = 0; i < kMetricCount; ++i) n.push_back("bench_metric_" + std::to_string(i));
    return n;
  }();
  return names;
}

std::int64_t us(double s) { return static_cast<std::int64_t>(s * 1e6); }

/// Pushes a row, waiting for room when the recorder is behind (the bench measures its pace).
std::uint64_t push(Recorder& r, Row row) {
  std::uint64_t waits = 0;
  while (!r.push(row)) {
    ++waits;
    std::this_thread::yield();
  }
  return waits;
}

void record_one_hour(benchmark::State& state) {
  std::uint64_t rows = 0;
  std::uintmax_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    resonant::testing::TempDir dir;
    const auto path = dir.path() / "bench.db";
    state.ResumeTiming();
    {
      Recorder r(RecorderConfig{path});
      BeginSessionRow begin;
      begin.source = "bench";
      push(r, begin);
      double next_beat_s = kBeatIntervalS;
      for (double t = 0.0; t < kSessionS; t += kChunkS) {
        for (std::uint8_t c = 0; c < 4; ++c) {
          SampleChunkRow chunk;
          chunk.channel = c;
          chunk.kind = kChannels[c].kind;
          chunk.rate_hz = kChannels[c].rate_hz;
          chunk.t_first_us = us(t);
          const auto n = static_cast<std::size_t>(kChannels[c].rate_hz * kChunkS);
          chunk.values.resize(n);
          for (std::size_t i = 0; i < n; ++i) chunk.values[i] = static_cast<float>(std::sin(0.01 * static_cast<double>(i) + t));
          push(r, std::move(chunk));
          ++rows;
        }
        for (; next_beat_s < t + kChunkS; next_beat_s += kBeatIntervalS) {
          push(r, BeatRow{us(next_beat_s), 800.0, ChannelKind::kEcg, 0});
          push(r, BeatLabelRow{us(next_beat_s - 2 * kBeatIntervalS), FixedText<15>("normal")});
          push(r, NnRow{us(next_beat_s - 2 * kBeatIntervalS), 800.0, false});
          rows += 3;
        }
        if (std::fmod(t, 1.0) == 0.0) {
          for (int m = 0; m < kMetricCount; ++m) {
            push(r, MetricRow{us(t), metric_names()[static_cast<std::size_t>(m)].c_str(), 60.0 + t * 1e-3 + m});
          }
          push(r, ProgressRow{us(t), static_cast<std::int64_t>(t / kBeatIntervalS), 75.0, 40.0, 50.0});
          rows += kMetricCount + 1;
        }
      }
      push(r, EndSessionRow{ProgressRow{us(kSessionS), 4500, 75.0, 40.0, 50.0}, unix_now_us()});
      r.finish();
      if (r.status().state != RecorderState::kFinished) state.SkipWithError(r.status().message.c_str());
    }
    state.PauseTiming();
    bytes = std::filesystem::file_size(path);  // the last close checkpointed the WAL into it
    state.ResumeTiming();
  }
  const double iterations = static_cast<double>(state.iterations());
  state.counters["x_real_time"] =
      benchmark::Counter(kSessionS * iterations, benchmark::Counter::kIsRate);
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  state.counters["samples_per_s"] =
      benchmark::Counter(450.0 * kSessionS * iterations, benchmark::Counter::kIsRate);
  state.counters["db_mb_per_hour"] = static_cast<double>(bytes) / 1e6 * (3600.0 / kSessionS);
}
BENCHMARK(record_one_hour)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

}  // namespace
