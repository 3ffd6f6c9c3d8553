// push() of the streaming processors must not allocate after construction (architecture.md §4:
// allocation-free per-sample path). Counted by replacing the global allocation functions in
// this test binary; counting is on only inside the measured loops.
#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/hrv_windows.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>
#include <resonant/dsp/rr_artifacts.hpp>
#include <resonant/dsp/signal_quality.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <vector>

#include <gtest/gtest.h>

#include "beat_test_helpers.hpp"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* counted_alloc(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace resonant::dsp {
namespace {

class CountAllocations {
 public:
  CountAllocations() {
    g_allocations = 0;
    g_counting = true;
  }
  ~CountAllocations() { g_counting = false; }
  long count() const { return g_allocations.load(); }
};

TEST(Allocation, TheCounterSeesAllocations) {
  // Without this, a counter that never counts would make the tests below pass vacuously.
  long allocations = 0;
  {
    CountAllocations counter;
    auto* p = new std::vector<double>(1000);
    delete p;
    allocations = counter.count();
  }
  EXPECT_GE(allocations, 2);
}

TEST(Allocation, EcgPushNeverAllocates) {
  const double fs = 500.0;
  const auto truth = test::beat_times(0.5, 60.0, [](std::size_t, double) { return 0.8; });
  auto x = test::synthetic_ecg(truth, fs, 60.0).samples;
  // An amplitude drop exercises the search-back and threshold decay as well.
  for (std::size_t i = x.size() / 2; i < x.size(); ++i) x[i] *= 0.3f;
  EcgDetectorConfig config;
  config.sample_rate_hz = fs;
  EcgBeatDetector detector(config);
  std::size_t beats = 0;
  long allocations = 0;
  {
    CountAllocations counter;
    for (const float v : x) beats += detector.push(v).has_value() ? 1 : 0;
    detector.reset();
    for (const float v : x) beats += detector.push(v).has_value() ? 1 : 0;
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_GT(beats, 140u);  // the loop did real work
}

TEST(Allocation, PpgPushNeverAllocates) {
  // 67 then 133 /min: the beat window is 0.667 s, then follows the heart period (set_length).
  const double fs = 125.0;
  const auto truth = test::beat_times(0.4, 60.0, [](std::size_t, double t) {
    return t < 30.0 ? 0.9 : 0.45;
  });
  const auto x = test::synthetic_ppg(truth, fs, 60.0).samples;
  PpgDetectorConfig config;
  config.sample_rate_hz = fs;
  PpgBeatDetector detector(config);
  std::size_t beats = 0;
  long allocations = 0;
  {
    CountAllocations counter;
    for (const float v : x) beats += detector.push(v).has_value() ? 1 : 0;
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_GT(beats, 90u);
}

TEST(Allocation, SlidingHrvPushIsAllocationFreeOnceTheRingHoldsTheWindow) {
  SlidingTimeDomainHrv hrv(60.0, 256);  // 60 s at <= 240 bpm fits in 256
  long allocations = 0;
  {
    CountAllocations counter;
    double t = 0.0;
    for (int i = 0; i < 10000; ++i) {
      const double rr = 700.0 + (i % 7) * 20.0;
      t += rr / 1000.0;
      hrv.push({t, rr, false});
      (void)hrv.current();
    }
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
}

// The live pipeline's per-beat and per-sample processors added for issue 4: after warm-up
// (the first minutes fill rings and analysers' buffers) nothing allocates.
std::vector<RrInterval> rsa_series(double seconds) {
  std::vector<RrInterval> nn;
  double t = 0.0;
  while (t < seconds) {
    const double rr = 850.0 + 60.0 * std::sin(2.0 * M_PI * 0.1 * t) + 7.0 * std::sin(1.3 * t);
    t += rr / 1000.0;
    nn.push_back({t, rr, nn.empty()});
  }
  return nn;
}

TEST(Allocation, LiveHrvWindowsAreAllocationFreeAfterWarmUp) {
  const auto nn = rsa_series(900.0);
  LiveHrvWindows windows;
  const std::size_t warm = nn.size() / 2;  // 450 s: longer than the 300 s window
  for (std::size_t i = 0; i < warm; ++i) {
    windows.push(nn[i]);
    windows.update();
  }
  long allocations = 0;
  {
    CountAllocations counter;
    for (std::size_t i = warm; i < nn.size(); ++i) {
      windows.push(nn[i]);
      windows.update();
    }
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_TRUE(std::isfinite(windows.results().back().hrv.frequency.lf_ms2));
}

TEST(Allocation, StreamingArtifactCorrectorNeverAllocates) {
  auto nn = rsa_series(600.0);
  for (std::size_t i = 50; i < nn.size(); i += 37) nn[i].rr_ms *= 0.7;  // ectopic-like
  StreamingRrArtifactCorrector corrector;
  long allocations = 0;
  std::size_t decided = 0;
  {
    CountAllocations counter;
    for (const auto& r : nn) decided += corrector.push(r).size();
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_GT(decided, nn.size() - 3);
}

TEST(Allocation, SignalQualityPushNeverAllocates) {
  const double fs = 250.0;
  SignalQualityAssessor assessor(signal_quality_config(ChannelKind::kEcg, fs));
  long allocations = 0;
  int verdicts = 0;
  {
    CountAllocations counter;
    for (int i = 0; i < 60 * 250; ++i) {
      const double t = i / fs;
      const double phase = std::fmod(t, 0.8);
      const float x = static_cast<float>(std::exp(-std::pow((phase - 0.4) / 0.01, 2.0)));
      if (assessor.push(x)) ++verdicts;
      if (i % 200 == 100) assessor.add_beat(t);
    }
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(verdicts, 60);  // one per second
}

TEST(Allocation, ArousalUpdateNeverAllocates) {
  ArousalEstimator estimator;
  ArousalInput in;
  for (int s = 0; s < 200; ++s) {  // the automatic baseline (180 s) completes here
    in.t_s = s;
    in.hr_bpm = 65.0 + std::sin(s * 0.1);
    in.ln_rmssd = 3.5 + 0.05 * std::cos(s * 0.07);
    estimator.update(in);
  }
  long allocations = 0;
  {
    CountAllocations counter;
    for (int s = 200; s < 2000; ++s) {
      in.t_s = s;
      in.hr_bpm = 70.0 + std::sin(s * 0.1);
      estimator.update(in);
    }
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
}

}  // namespace
}  // namespace resonant::dsp

