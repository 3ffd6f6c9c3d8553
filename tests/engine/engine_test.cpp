// The threaded Engine with the simulated person on its internal pty: Snapshots reach the
// reader, Commands reach the engine, and it shuts down in order.
#include <resonant/engine/engine.hpp>

#include <chrono>
#include <cmath>
#include <utility>
#include <vector>
#include <thread>

#include <gtest/gtest.h>

namespace resonant::engine {
namespace {

using namespace std::chrono_literals;

/// Polls the snapshot until pred is true or the timeout passes.
template <typename Pred>
bool wait_for(Engine& e, Pred pred, std::chrono::milliseconds timeout = 20s) {
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    if (pred(e.snapshot())) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

SourceSpec simulated(double speed) {
  SourceSpec s;
  s.kind = SourceKind::kSimulated;
  s.speed = speed;
  s.scenario = "clean";
  return s;
}

TEST(Engine, PublishesASnapshotBeforeAnySourceWithARunningPacerClock) {
  Engine e;
  const Snapshot& s = e.snapshot();
  EXPECT_EQ(s.link_state, LinkState::kIdle);
  EXPECT_EQ(s.source_kind, SourceKind::kNone);
  EXPECT_TRUE(s.pacer_enabled);
  EXPECT_DOUBLE_EQ(s.pacer.settings.rate_bpm, 6.0);
  const double t0 = s.clock.session_now(SteadyClock::now());
  std::this_thread::sleep_for(50ms);
  EXPECT_GT(e.snapshot().clock.session_now(SteadyClock::now()), t0 + 0.04);
}

TEST(Engine, SimulatedPersonStreamsBeatsIntoSnapshotsAndEvents) {
  Engine e;
  ASSERT_TRUE(e.post(ConnectCommand{simulated(20.0)}));
  // 45 beats: RMSSD is shown once the window holds 30 s of intervals (dsp::hrv_is_settled).
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return s.beat_count >= 45; }))
      << "link: " << to_string(e.snapshot().link_state) << " " << e.snapshot().link_message.view();
  const Snapshot& s = e.snapshot();
  EXPECT_EQ(s.link_state, LinkState::kStreaming);
  EXPECT_EQ(s.source_kind, SourceKind::kSimulated);
  EXPECT_EQ(s.beat_channel, ChannelKind::kEcg);
  EXPECT_GT(s.hr_bpm, 40.0);
  EXPECT_LT(s.hr_bpm, 110.0);
  EXPECT_TRUE(std::isfinite(s.rmssd_ms));
  EXPECT_GT(s.tachogram_size, 10u);
  EXPECT_GT(s.counters.frames, 100u);
  EXPECT_TRUE(s.data_flowing);
  EXPECT_DOUBLE_EQ(s.clock.session_per_host_s, 20.0);
  // Every beat also arrives, in order, as an event.
  std::size_t beats = 0;
  double last_t = -1.0;
  bool saw_stream = false;
  EngineEvent ev;
  while (e.poll_event(ev)) {
    if (const auto* b = std::get_if<BeatRecord>(&ev)) {
      EXPECT_GT(b->t_s, last_t);
      last_t = b->t_s;
      ++beats;
    }
    saw_stream |= std::holds_alternative<StreamRecord>(ev);
  }
  EXPECT_TRUE(saw_stream);
  EXPECT_GE(beats, 20u);
  e.shutdown();
  const SessionSummary sum = e.summary();
  EXPECT_GE(sum.beats, beats);
  EXPECT_EQ(sum.final_link_state, LinkState::kIdle);
  EXPECT_GT(sum.data_duration_s, 10.0);
}

TEST(Engine, PacerCommandChangesTheRateWithoutAJump) {
  Engine e;
  const Snapshot before = e.snapshot();
  PacerSettings p;
  p.rate_bpm = 4.5;
  ASSERT_TRUE(e.post(SetPacerCommand{p, true}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return s.pacer.settings.rate_bpm == 4.5; }));
  const Snapshot& after = e.snapshot();
  // The new segment starts where the old one was: its start volume equals the old volume then.
  const double v_at_change = pacer_state(before.pacer, after.pacer.t_start_s).volume;
  EXPECT_NEAR(pacer_state(after.pacer, after.pacer.t_start_s).volume, v_at_change, 1e-9);
  ASSERT_TRUE(e.post(SetPacerCommand{p, false}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return !s.pacer_enabled; }));
}

/// Frequency (Hz) of the largest spectral peak of heart rate in [lo, hi], from beats
/// resampled at 4 Hz (linear) and a plain DFT on a 0.001 Hz grid.
double dominant_hr_frequency(const std::vector<std::pair<double, double>>& beats, double lo, double hi) {
  constexpr double kFs = 4.0;
  std::vector<double> hr;
  std::size_t j = 1;
  for (double t = beats.front().first; t < beats.back().first; t += 1.0 / kFs) {
    while (j + 1 < beats.size() && beats[j].first < t) ++j;
    const auto& a = beats[j - 1];
    const auto& b = beats[j];
    hr.push_back(a.second + (b.second - a.second) * (t - a.first) / (b.first - a.first));
  }
  double mean = 0;
  for (double v : hr) mean += v;
  mean /= static_cast<double>(hr.size());
  double best_f = 0, best_p = -1;
  for (double f = lo; f <= hi; f += 0.001) {
    double re = 0, im = 0;
    for (std::size_t k = 0; k < hr.size(); ++k) {
      const double ph = 2 * M_PI * f * static_cast<double>(k) / kFs;
      re += (hr[k] - mean) * std::cos(ph);
      im += (hr[k] - mean) * std::sin(ph);
    }
    if (re * re + im * im > best_p) {
      best_p = re * re + im * im;
      best_f = f;
    }
  }
  return best_f;
}

// The loop the product is about: the pacer on screen -> the (simulated) person breathes with
// it -> the heart rate oscillates at the pacer's rate.
TEST(Engine, TheSimulatedPersonFollowsThePacer) {
  for (const double rate_bpm : {4.5, 7.0}) {
    EngineConfig config;
    config.initial_pacer.rate_bpm = rate_bpm;
    Engine e(config);
    ASSERT_TRUE(e.post(ConnectCommand{simulated(100.0)}));
    std::vector<std::pair<double, double>> beats;  // (t_s, hr_bpm)
    const auto deadline = SteadyClock::now() + 30s;
    while (SteadyClock::now() < deadline && (beats.empty() || beats.back().first < 240.0)) {
      EngineEvent ev;
      while (e.poll_event(ev)) {
        if (const auto* b = std::get_if<BeatRecord>(&ev); b && std::isfinite(b->hr_bpm)) {
          if (b->t_s > 30.0) beats.emplace_back(b->t_s, b->hr_bpm);  // after settling
        }
      }
      std::this_thread::sleep_for(5ms);
    }
    ASSERT_GT(beats.size(), 150u);
    const double f = dominant_hr_frequency(beats, 0.04, 0.3);
    EXPECT_NEAR(f, rate_bpm / 60.0, 0.005) << "pacer " << rate_bpm << "/min";
  }
}

TEST(Engine, ABadPortEndsInFailedWithAnActionableMessage) {
  Engine e;
  SourceSpec s;
  s.kind = SourceKind::kSerial;
  s.port = "/dev/resonant-no-such-port";
  ASSERT_TRUE(e.post(ConnectCommand{s}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& snap) { return snap.link_state == LinkState::kFailed; }));
  EXPECT_NE(e.snapshot().link_message.view().find("plugged in"), std::string_view::npos)
      << e.snapshot().link_message.view();
}

TEST(Engine, DisconnectAfterAFailureLeavesACleanIdleState) {
  Engine e;
  SourceSpec s;
  s.kind = SourceKind::kSerial;
  s.port = "/dev/resonant-no-such-port";
  ASSERT_TRUE(e.post(ConnectCommand{s}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& snap) { return snap.link_state == LinkState::kFailed; }));
  ASSERT_TRUE(e.post(DisconnectCommand{}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& snap) { return snap.link_state == LinkState::kIdle; }));
  EXPECT_TRUE(e.snapshot().source_description.empty());
}

TEST(Engine, AfterASpedUpSimulationTheClockRunsAtRealTimeAgain) {
  Engine e;
  ASSERT_TRUE(e.post(ConnectCommand{simulated(20.0)}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& snap) { return snap.clock.session_per_host_s == 20.0; }));
  ASSERT_TRUE(e.post(DisconnectCommand{}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& snap) { return snap.source_kind == SourceKind::kNone; }));
  EXPECT_DOUBLE_EQ(e.snapshot().clock.session_per_host_s, 1.0) << "the pacer must not race";
}

TEST(Engine, AnUnknownScenarioFailsAtConnect) {
  Engine e;
  SourceSpec s = simulated(1.0);
  s.scenario = "party";
  ASSERT_TRUE(e.post(ConnectCommand{s}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& snap) { return snap.link_state == LinkState::kFailed; }));
  EXPECT_NE(e.snapshot().link_message.view().find("unknown scenario"), std::string_view::npos);
}

TEST(Engine, DisconnectAndReconnectKeepSessionTimeGoing) {
  Engine e;
  ASSERT_TRUE(e.post(ConnectCommand{simulated(20.0)}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return s.beat_count >= 3; }));
  ASSERT_TRUE(e.post(DisconnectCommand{}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return s.source_kind == SourceKind::kNone; }));
  EXPECT_EQ(e.snapshot().link_state, LinkState::kIdle);
  const double t_disconnected = e.snapshot().clock.session_now(SteadyClock::now());
  ASSERT_TRUE(e.post(ConnectCommand{simulated(20.0)}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return s.link_state == LinkState::kStreaming; }));
  EXPECT_GE(e.snapshot().clock.session_now(SteadyClock::now()), t_disconnected)
      << "session time never goes back";
}

TEST(Engine, ShutdownIsIdempotentAndTheDestructorJoins) {
  auto e = std::make_unique<Engine>();
  ASSERT_TRUE(e->post(ConnectCommand{simulated(5.0)}));
  std::this_thread::sleep_for(100ms);
  e->shutdown();
  e->shutdown();
  e.reset();  // no hang, no crash
  SUCCEED();
}

}  // namespace
}  // namespace resonant::engine
