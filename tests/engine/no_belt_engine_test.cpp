// The threaded Engine with the simulated person wearing no breathing belt (as with a chest
// strap or a pulse sensor alone): the breathing rate comes from the heart rhythm.
#include <resonant/engine/engine.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "engine_test_support.hpp"

namespace resonant::engine {
namespace {

using namespace std::chrono_literals;

constexpr double kSpeed = 20.0;
constexpr double kSessionS = 120.0;  // two 64 s respiration windows and more
// The person breathes with the default pacer (6 /min); a surrogate estimate of a clean
// person is within this of it (dsp/docs/respiration.md; loose: one estimate, not a mean).
constexpr double kRateToleranceBpm = 1.0;

TEST(EngineNoBelt, TheBreathingRateComesFromTheHeartRhythm) {
  const EngineConfig config;
  ASSERT_DOUBLE_EQ(config.initial_pacer.rate_bpm, 6.0);
  ASSERT_TRUE(config.pacer_enabled);
  Engine e(config);
  SourceSpec spec = testing::clean_simulation(kSpeed);
  spec.belt = false;
  ASSERT_TRUE(e.post(ConnectCommand{spec}));
  // Waits on the estimate itself; the timeout (several times the 6 s of wall time) only stops
  // a hang.
  ASSERT_TRUE(testing::wait_for(
      e, [](const Snapshot& s) { return s.live.respiration.t_s >= kSessionS; }, 60s))
      << "link: " << to_string(e.snapshot().link_state) << " "
      << e.snapshot().link_message.view() << "; respiration at "
      << e.snapshot().live.respiration.t_s << " s";
  const RespirationFigures r = e.snapshot().live.respiration;
  std::printf("[ no belt ] %.0f s at x%.0f: breathing %.2f /min from %s, quality %.2f, clear %d\n",
              r.t_s, kSpeed, r.rate_bpm, std::string(dsp::to_string(r.source)).c_str(),
              r.quality, int{r.clear});
  EXPECT_EQ(e.snapshot().beat_channel, ChannelKind::kEcg);
  EXPECT_FALSE(r.has_belt);
  EXPECT_NE(r.source, dsp::RespirationSource::kBelt);
  EXPECT_NE(r.source, dsp::RespirationSource::kNone);
  EXPECT_TRUE(std::isnan(r.belt_phase)) << "no belt, no belt phase";
  ASSERT_TRUE(std::isfinite(r.rate_bpm));
  EXPECT_NEAR(r.rate_bpm, config.initial_pacer.rate_bpm, kRateToleranceBpm);
  // Clean paced breathing moves the heart strongly: the estimate is clear enough to show.
  EXPECT_TRUE(r.clear) << "quality " << r.quality;
}

}  // namespace
}  // namespace resonant::engine
