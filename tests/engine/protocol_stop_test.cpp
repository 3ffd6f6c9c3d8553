// Stopping a protocol (StopProtocolCommand), and what the engine refuses at the start: a
// protocol at the client's rate without that rate looked up by the controller (the engine
// thread reads no storage), and a time limit for a protocol that cannot fade out.
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <resonant/engine/engine.hpp>
#include <resonant/engine/protocol.hpp>
#include <resonant/engine/protocol_library.hpp>

#include "engine_test_support.hpp"
#include "test_support.hpp"

namespace resonant::engine {
namespace {

using namespace std::chrono_literals;
using testing::clean_simulation;
using testing::scalar;
using testing::wait_for;

constexpr const char* kLongPaced = R"(
[protocol]
name = "Long paced"

[[step]]
name = "Paced"
duration_s = 3000
pacer = { rate_bpm = 5.5 }

[[step]]
name = "After"
duration_s = 60
pacer = { rate_bpm = 7.0 }
)";

constexpr const char* kAtClientRate = R"(
[protocol]
name = "At my rate"

[[step]]
name = "Mine"
duration_s = 3000
rate_from = "client_resonance"
pacer = { rate_bpm = 6.5 }
)";

std::shared_ptr<const Protocol> parsed(const char* text) {
  return std::make_shared<const Protocol>(parse_protocol(text, "test.toml"));
}

TEST(EngineProtocolStop, StopEndsTheProtocolHoldsThePacerAndRecordsTheEnd) {
  testing::TempDir dir;
  const auto path = dir.path() / "s.db";
  EngineConfig config;
  config.recording.database = path.string();
  bool stopped_end = false;
  std::uint32_t stopped_step = 99;
  {
    Engine e(config);
    ASSERT_TRUE(e.post(ConnectCommand{clean_simulation(50.0)}));
    ASSERT_TRUE(e.post(StartProtocolCommand{parsed(kLongPaced), std::nullopt}));
    ASSERT_TRUE(wait_for(e, [](const Snapshot& s) {
      return s.protocol.started && s.pacer_enabled && s.pacer.settings.rate_bpm == 5.5 && s.beat_count > 30;
    })) << "the protocol's first step did not start";
    ASSERT_TRUE(e.post(StopProtocolCommand{}));
    ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return !s.protocol.active && s.protocol.protocol_name.empty(); }))
        << "the Snapshot still shows the protocol";
    // Waits for the end event (the deadline only stops a hang).
    const auto deadline = SteadyClock::now() + 10s;
    while (!stopped_end && SteadyClock::now() < deadline) {
      EngineEvent ev;
      while (e.poll_event(ev)) {
        if (const auto* p = std::get_if<ProtocolEndRecord>(&ev)) {
          stopped_end = p->stopped;
          stopped_step = p->step_index;
        }
      }
      std::this_thread::sleep_for(5ms);
    }
    const Snapshot& s = e.snapshot();
    EXPECT_TRUE(s.pacer_enabled) << "the pacer keeps going";
    EXPECT_DOUBLE_EQ(s.pacer.settings.rate_bpm, 5.5) << "at the rate it had";
    EXPECT_TRUE(s.protocol.refusal.empty());
    e.shutdown();
  }
  EXPECT_TRUE(stopped_end);
  EXPECT_EQ(stopped_step, 0u);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM markers WHERE kind = 'step'"), 2.0);  // start + end
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM markers WHERE kind = 'step' AND text LIKE "
                       "'Long paced: stopped during step 1/2 Paced'"), 1.0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM pacer WHERE rate_bpm = 7.0"), 0.0) << "no later step ran";
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM beats"), 30.0) << "what was recorded stays";
  sqlite3_close(db);
}

TEST(EngineProtocolStop, AProtocolAtTheClientsRateNeedsTheRateInTheCommand) {
  Engine e;  // no database: the engine could not look anything up even if it tried
  ASSERT_TRUE(e.post(ConnectCommand{clean_simulation(20.0)}));
  ASSERT_TRUE(e.post(StartProtocolCommand{parsed(kAtClientRate), std::nullopt}));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return !s.protocol.refusal.empty(); }));
  EXPECT_NE(e.snapshot().protocol.refusal.view().find("\"At my rate\" needs the client's resonance rate"),
            std::string_view::npos)
      << e.snapshot().protocol.refusal.view();
  EXPECT_FALSE(e.snapshot().protocol.active);

  // Looked up and none stored (NaN): the step's written rate.
  ASSERT_TRUE(e.post(StartProtocolCommand{parsed(kAtClientRate), std::nan("")}));
  EXPECT_TRUE(wait_for(e, [](const Snapshot& s) {
    return s.protocol.started && s.protocol.refusal.empty() && s.pacer.settings.rate_bpm == 6.5;
  }));
  // A rate given: used.
  ASSERT_TRUE(e.post(StartProtocolCommand{parsed(kAtClientRate), 5.0}));
  EXPECT_TRUE(wait_for(e, [](const Snapshot& s) { return s.protocol.started && s.pacer.settings.rate_bpm == 5.0; }));
}

TEST(EngineProtocolStop, ATimeLimitForAProtocolWithoutAFadeIsRefused) {
  const auto protocol = parsed(kLongPaced);
  Engine e;
  StartProtocolCommand start{protocol, std::nullopt};
  start.time_limit_s = 600.0;
  ASSERT_TRUE(e.post(start));
  ASSERT_TRUE(wait_for(e, [](const Snapshot& s) { return !s.protocol.refusal.empty(); }));
  EXPECT_NE(e.snapshot().protocol.refusal.view().find("\"Long paced\" has no fade_out step"), std::string_view::npos)
      << e.snapshot().protocol.refusal.view();
  EXPECT_FALSE(e.snapshot().protocol.active);

  // The controllers' message names the protocol and the installed ones that take a limit.
  const std::string why = time_limit_refusal(*protocol);
  EXPECT_NE(why.find("\"Long paced\" has no fade_out step"), std::string::npos) << why;
  EXPECT_NE(why.find("'bedtime_wind_down'"), std::string::npos) << why;
  EXPECT_EQ(why.find("'resting_baseline'"), std::string::npos) << why;
  EXPECT_TRUE(time_limit_refusal(find_protocol("bedtime_wind_down")).empty());
}

}  // namespace
}  // namespace resonant::engine
