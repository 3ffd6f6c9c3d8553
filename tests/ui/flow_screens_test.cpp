// The guided flow's screens headless: space starts from prepare and stops the practice,
// the flow's phase changes switch screens, and everything stays on screen.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <gtest/gtest.h>

#include <resonant/dsp/signal_quality.hpp>
#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

constexpr int kKeySpace = 32;

/// One frame of draw_screen with space held, then one with it released.
void press_space(ImGuiHarness& h, const engine::Snapshot& snap) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Space] = kKeySpace;
  io.KeysDown[kKeySpace] = true;
  h.frame([&] { draw_screen(snap, h.state); }, false);
  h.tick();
  io.KeysDown[kKeySpace] = false;
  h.frame([&] { draw_screen(snap, h.state); }, false);
  h.tick();
}

template <typename T>
int count_commands(const ViewState& state) {
  return static_cast<int>(std::count_if(state.commands.begin(), state.commands.end(),
                                        [](const engine::Command& c) { return std::holds_alternative<T>(c); }));
}

TEST(FlowScreens, SpaceOnPrepareStartsTheFlowWithTheChosenLengths) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.state.screen = Screen::kPrepare;
  h.state.flow.baseline_min = 3.0f;
  h.state.flow.practice_min = 12.0f;
  press_space(h, *snap);
  ASSERT_EQ(count_commands<engine::StartFlowCommand>(h.state), 1);
  const auto& start = std::get<engine::StartFlowCommand>(h.state.commands.front());
  EXPECT_DOUBLE_EQ(start.settings.baseline_s, 180.0);
  EXPECT_DOUBLE_EQ(start.settings.practice_s, 720.0);
  EXPECT_DOUBLE_EQ(start.settings.practice_pacer.rate_bpm, snap->pacer.settings.rate_bpm);
  EXPECT_EQ(count_commands<engine::RateCommand>(h.state), 0) << "ratings are optional";
}

TEST(FlowScreens, LettingGoOfARatingSliderSendsOneRateCommand) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.state.screen = Screen::kPrepare;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  // The screen's content is a scrolling child of its window (begin_flow_screen).
  ImGuiWindow* window = nullptr;
  for (ImGuiWindow* w : GImGui->Windows) {
    if (std::string_view(w->Name).rfind("Prepare/flow content", 0) == 0) window = w;
  }
  ASSERT_NE(window, nullptr);
  const ImGuiID calm = window->GetID("calm##before");
  // Find the calm slider by moving the mouse down near its right end (value about 9).
  ImGuiIO& io = ImGui::GetIO();
  const float em = h.state.fonts.body->FontSize;
  const FlowScreenFrame frame{io.DisplaySize, std::clamp(std::min(io.DisplaySize.x, io.DisplaySize.y) * 0.04f, em, em * 3.0f)};
  const float x = window->Pos.x + frame.margin_px + em * 12.0f;  // sliders are 14 em wide
  bool found = false;
  for (float y = 0.0f; y < io.DisplaySize.y && !found; y += 3.0f) {
    io.MousePos = ImVec2(x, y);
    h.frame([&] { draw_screen(*snap, h.state); }, false);
    found = GImGui->HoveredId == calm;
  }
  ASSERT_TRUE(found) << "the calm slider was not under the mouse anywhere at x " << x;
  io.MouseDown[0] = true;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_EQ(count_commands<engine::RateCommand>(h.state), 0) << "nothing while the slider is held";
  io.MouseDown[0] = false;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  ASSERT_EQ(count_commands<engine::RateCommand>(h.state), 1);
  const auto& rate = std::get<engine::RateCommand>(h.state.commands.front());
  EXPECT_EQ(rate.scale, engine::RatingScale::kCalm);
  EXPECT_EQ(rate.when, engine::RatingWhen::kBefore);
  EXPECT_GT(rate.value, 5.0);
  EXPECT_LE(rate.value, 10.0);
  EXPECT_EQ(rate.value, h.state.flow.calm_before);
}

TEST(FlowScreens, TheFlowShowsTheMainScreenThenSpaceStopsItIntoTheDebrief) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.state.screen = Screen::kPrepare;
  snap->flow.phase = engine::FlowPhase::kPractice;
  snap->flow.phase_end_s = 400.0;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_EQ(h.state.screen, Screen::kMain);
  press_space(h, *snap);
  EXPECT_EQ(count_commands<engine::StopFlowCommand>(h.state), 1);
  EXPECT_EQ(count_commands<engine::StartFlowCommand>(h.state), 0);
  snap->flow.phase = engine::FlowPhase::kDebrief;
  h.frame([&] { draw_screen(*snap, h.state); }, false);
  EXPECT_EQ(h.state.screen, Screen::kDebrief);
}

// A phase whose rhythm was uneven (early beats): the debrief says so under the figures, in the
// engine's words (the terminal's debrief prints the same sentence).
TEST(FlowScreens, TheDebriefSaysWhenAPhasesRhythmWasUneven) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->flow.phase = engine::FlowPhase::kDebrief;
  snap->flow.practice.rmssd_ms = 310.0;
  const auto debrief_text = [&] {
    std::string log;
    h.frame([&] { draw_debrief_figures(snap->flow, 600.0f); }, true, &log);
    return log;
  };
  const std::string steady = debrief_text();
  EXPECT_NE(steady.find("310"), std::string::npos) << steady;
  EXPECT_EQ(steady.find("uneven"), std::string::npos) << steady;
  snap->flow.practice.rhythm_uneven = true;
  const std::string uneven = debrief_text();
  const std::string note = engine::uneven_rhythm_note(snap->flow.baseline, snap->flow.practice);
  ASSERT_FALSE(note.empty());
  // The note wraps: compare the words, not the line breaks.
  const auto words = [](std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    s.erase(std::unique(s.begin(), s.end(), [](char a, char b) { return a == ' ' && b == ' '; }),
            s.end());
    return s;
  };
  EXPECT_NE(words(uneven).find(words(note)), std::string::npos) << uneven;
  EXPECT_NE(uneven.find("310"), std::string::npos) << "the figure stays: " << uneven;
}

TEST(FlowScreens, SpaceDoesNothingOnTheMainScreenWithoutAFlow) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  press_space(h, *snap);
  EXPECT_EQ(count_commands<engine::StopFlowCommand>(h.state), 0);
  EXPECT_EQ(h.state.screen, Screen::kMain);
}

TEST(FlowScreens, BothScreensStayInsideTheWindow) {
  for (const ImVec2 display : {ImVec2(1024.0f, 640.0f), ImVec2(1920.0f, 1080.0f)}) {
    for (const Screen screen : {Screen::kPrepare, Screen::kDebrief}) {
      ImGuiHarness h(display);
      auto snap = make_snapshot(h.state.now);
      snap->flow.phase = engine::FlowPhase::kDebrief;
      snap->flow.flow_start_s = 0.0;
      snap->flow.practice_start_s = 60.0;
      snap->flow.practice_end_s = 180.0;
      snap->flow.series_size = 36;
      for (std::uint32_t i = 0; i < 36; ++i) {
        snap->flow.hr_bpm[i] = 65.0f + static_cast<float>(i % 5);
        snap->flow.coherence[i] = 1.0f + 0.1f * static_cast<float>(i);
      }
      h.state.screen = screen;
      h.state.flow.last_phase = engine::FlowPhase::kDebrief;
      const ImDrawData* data = nullptr;
      for (int f = 0; f < 2; ++f) {
        data = h.frame([&] { draw_screen(*snap, h.state); }, false);
        h.tick();
      }
      ASSERT_GT(data->TotalVtxCount, 500);
      for (const auto& v : testing::vertices(data)) {
        if (v.a == 0) continue;
        EXPECT_LE(v.pos.x, display.x + 1.0f);
        EXPECT_LE(v.pos.y, display.y + 1.0f);
      }
      EXPECT_EQ(h.state.screen, screen);
    }
  }
}

// Text at twice the size: the flow screens wrap at the margin and scroll above the footer
// (the introduction ran off the right side, the debrief's table under its charts).
TEST(FlowScreens, LargeTextWrapsInsideTheWindowAndScrolls) {
  const ImVec2 display(1280.0f, 800.0f);
  for (const Screen screen : {Screen::kPrepare, Screen::kDebrief}) {
    ImGuiHarness h(display, 2.0f);
    auto snap = make_snapshot(h.state.now);
    snap->flow.phase = engine::FlowPhase::kDebrief;
    h.state.screen = screen;
    h.state.flow.last_phase = engine::FlowPhase::kDebrief;
    for (int f = 0; f < 3; ++f) {
      h.frame([&] { draw_screen(*snap, h.state); }, false);
      h.tick();
    }
    const std::string prefix =
        std::string(screen == Screen::kPrepare ? "Prepare" : "Debrief") + "/flow content";
    const ImGuiWindow* content = nullptr;
    for (const ImGuiWindow* w : GImGui->Windows) {
      if (std::string_view(w->Name).rfind(prefix, 0) == 0) content = w;
    }
    ASSERT_NE(content, nullptr) << prefix;
    EXPECT_LE(content->ContentSize.x, content->Size.x)
        << prefix << ": nothing wider than the window";
    EXPECT_GT(content->ScrollMax.y, 0.0f) << prefix << ": the rest is a scroll away";
    // Scrolled to the end, the page keeps its height: what is placed below the figures (the
    // debrief's charts) moves with them, not over them.
    const float page_h = content->ContentSize.y;
    ImGuiWindow* scrolled = const_cast<ImGuiWindow*>(content);
    scrolled->Scroll.y = scrolled->ScrollMax.y;
    for (int f = 0; f < 2; ++f) {
      h.frame([&] { draw_screen(*snap, h.state); }, false);
      h.tick();
    }
    EXPECT_NEAR(content->ContentSize.y, page_h, 1.0f) << prefix;
    EXPECT_LT(content->Pos.y + content->Size.y, display.y - h.state.fonts.body->FontSize)
        << prefix << ": the content stops above the footer";
  }
}

// Prepare's sensor check names each channel as the person wears it, and a poor one says what
// is wrong and what to do, in the same words as the paused note (engine/signal_advice.hpp).
TEST(FlowScreens, TheSensorCheckSaysWhatIsWrongAndWhatToDo) {
  engine::ChannelQuality q;
  q.present = true;
  q.kind = ChannelKind::kEcg;
  q.level = dsp::QualityLevel::kGood;
  EXPECT_EQ(sensor_check_line(q, false), "Heart (ECG): good");
  q.kind = ChannelKind::kPpg;
  q.level = dsp::QualityLevel::kPoor;
  q.reasons = static_cast<std::uint8_t>(dsp::QualityReason::kNoise);
  EXPECT_EQ(sensor_check_line(q, false),
            "Pulse (PPG): poor \xE2\x80\x94 the pulse signal is disturbed by movement. Keep your "
            "hand still, resting on something.");
  q.kind = ChannelKind::kResp;
  q.level = dsp::QualityLevel::kUnusable;
  q.reasons = static_cast<std::uint8_t>(dsp::QualityReason::kFlat);
  EXPECT_EQ(sensor_check_line(q, false),
            "Breathing belt: no usable signal \xE2\x80\x94 the belt does not move. Fasten the belt "
            "around the lower ribs, snug but comfortable.");
  q.kind = ChannelKind::kEcg;
  EXPECT_EQ(sensor_check_line(q, true),
            "Heart (ECG): the electrodes have no skin contact. Check that the strap or electrodes "
            "sit against the skin; moistening a strap's electrodes helps.");
  // The device's flag outranks a last second that still looked fine.
  q.kind = ChannelKind::kPpg;
  q.level = dsp::QualityLevel::kGood;
  q.reasons = 0;
  EXPECT_EQ(sensor_check_line(q, true),
            "Pulse (PPG): the finger is out of the sensor. Rest a fingertip in the sensor, gently.");
  q.kind = ChannelKind::kEda;
  q.level = dsp::QualityLevel::kFair;
  EXPECT_EQ(sensor_check_line(q, false), "Skin conductance: fair");
}

}  // namespace
}  // namespace resonant::ui
