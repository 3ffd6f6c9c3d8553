#include <string>

#include <gtest/gtest.h>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

TEST(StatusChip, NamesEveryStateInWords) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  for (LinkState s : {LinkState::kIdle, LinkState::kConnecting, LinkState::kStreaming,
                      LinkState::kStalled, LinkState::kDisconnected, LinkState::kReconnecting,
                      LinkState::kFailed}) {
    snap->link_state = s;
    std::string log;
    const ImDrawData* data = h.frame([&] { draw_status_chip(*snap, h.state); }, true, &log);
    EXPECT_GT(data->TotalVtxCount, 0);
    EXPECT_NE(log.find("Resonant simulated person"), std::string::npos) << log;
  }
  EXPECT_EQ(link_state_label(LinkState::kReconnecting), "Reconnecting");
  EXPECT_EQ(link_state_label(LinkState::kStreaming), "Streaming");
}

// The sensor panel says the link's health in plain words (it printed "frames, checksum
// errors, malformed"); the technical counters stay in its tooltip.
TEST(LinkCountersWords, PlainWordsForTheLinksHealth) {
  LinkCounters c;
  c.frames = 3819;
  EXPECT_EQ(link_counters_words(c), "3819 messages received, all intact");
  c.crc_errors = 2;
  c.seq_gaps = 5;
  c.reconnects = 1;
  EXPECT_EQ(link_counters_words(c),
            "3819 messages received; 2 damaged, 5 lost on the way; reconnected 1 time");
  c = LinkCounters{};
  c.frames = 1;
  c.framing_errors = 1;
  c.reconnects = 2;
  EXPECT_EQ(link_counters_words(c), "1 message received; 1 garbled; reconnected 2 times");
}

TEST(LinkBanner, FadesInWhenTheSignalPausesAndOutWhenItReturns) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->link_state = LinkState::kReconnecting;
  float prev = h.state.status.banner_alpha;
  EXPECT_EQ(prev, 0.0f);
  for (int f = 0; f < 60; ++f) {
    h.state.dt_s = 1.0f / 60.0f;
    h.frame([&] { draw_link_banner(*snap, h.state); });
    const float a = h.state.status.banner_alpha;
    EXPECT_GE(a, prev);
    EXPECT_LE(a - prev, 0.05f) << "fades, never pops";
    prev = a;
  }
  EXPECT_FLOAT_EQ(prev, 1.0f);
  snap->link_state = LinkState::kStreaming;
  for (int f = 0; f < 60; ++f) {
    h.frame([&] { draw_link_banner(*snap, h.state); });
    EXPECT_LE(h.state.status.banner_alpha, prev);
    prev = h.state.status.banner_alpha;
  }
  EXPECT_FLOAT_EQ(prev, 0.0f);
}

TEST(FailedModal, OnlyForFailureAndOffersToTryAgain) {
  ImGuiHarness h;
  h.state.source = engine::SourceSpec{};
  auto snap = make_snapshot(h.state.now);
  snap->link_state = LinkState::kStalled;
  h.frame([&] { draw_dashboard(*snap, h.state); }, false);
  EXPECT_FALSE(h.state.status.failed_modal_open) << "transient loss: banner, not a modal";
  EXPECT_EQ(GImGui->OpenPopupStack.Size, 0);

  snap->link_state = LinkState::kFailed;
  snap->link_message.assign("Permission denied on /dev/ttyUSB0: add your user to the dialout group");
  h.frame([&] { draw_dashboard(*snap, h.state); }, false);
  h.frame([&] { draw_dashboard(*snap, h.state); }, false);
  EXPECT_TRUE(h.state.status.failed_modal_open);
  EXPECT_EQ(GImGui->OpenPopupStack.Size, 1);

  // Recovering closes it without the person doing anything.
  snap->link_state = LinkState::kStreaming;
  h.frame([&] { draw_dashboard(*snap, h.state); }, false);
  h.frame([&] { draw_dashboard(*snap, h.state); }, false);
  EXPECT_FALSE(h.state.status.failed_modal_open);
  EXPECT_EQ(GImGui->OpenPopupStack.Size, 0);
  EXPECT_TRUE(h.state.commands.empty());
}

TEST(SessionTimer, ShowsSessionTime) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now, 222.7);
  std::string log;
  h.frame([&] { draw_session_timer(*snap, h.state); }, true, &log);
  EXPECT_NE(log.find("03:42"), std::string::npos) << log;
}

}  // namespace
}  // namespace resonant::ui
