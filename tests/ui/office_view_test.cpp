// Office mode views in the headless harness: the markers strip (M key, labels), the card text,
// and the client view (number-free: no text at all; the feedback glyph follows coherence and
// hides while feedback is paused).
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

void press(ImGuiHarness& h, int key, const std::function<void()>& draw) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key] = true;
  h.frame(draw);
  io.KeysDown[key] = false;
  h.frame(draw);
}

const engine::MarkCommand* only_mark(const ViewState& state) {
  if (state.commands.size() != 1) return nullptr;
  return std::get_if<engine::MarkCommand>(&state.commands.front());
}

TEST(OfficePanel, MKeyStartsABlockWithTheLastLabel) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  h.state.office.enabled = true;
  h.state.office.last_label = "grounding";
  press(h, kKeyM, [&] { draw_office_panel(*snap, h.state); });
  const engine::MarkCommand* mark = only_mark(h.state);
  ASSERT_NE(mark, nullptr) << h.state.commands.size() << " commands";
  EXPECT_EQ(mark->kind, engine::MarkKind::kBlockStart);
  EXPECT_EQ(mark->text.view(), "grounding");
  EXPECT_TRUE(std::isnan(mark->t_s)) << "the engine stamps it at the newest data";
}

TEST(OfficePanel, MKeyDoesNothingWhileTypingOrWhenOfficeModeIsOff) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  press(h, kKeyM, [&] { draw_office_panel(*snap, h.state); });
  EXPECT_TRUE(h.state.commands.empty()) << "office mode off";

  h.state.office.enabled = true;
  std::array<char, 32> text{};
  const auto draw = [&] {
    ImGui::SetKeyboardFocusHere();
    ImGui::InputText("notes", text.data(), text.size());
    draw_office_panel(*snap, h.state);
  };
  h.frame(draw);
  h.frame(draw);  // the field becomes active
  h.frame(draw);  // and ImGui says so from the next frame on (io.WantTextInput)
  ASSERT_TRUE(ImGui::GetIO().WantTextInput);
  press(h, kKeyM, draw);
  for (const auto& c : h.state.commands) {
    EXPECT_FALSE(std::holds_alternative<engine::MarkCommand>(c)) << "M typed into a text field";
  }
}

TEST(OfficePanel, StartingABlockRemembersTheLabelForM) {
  ImGuiHarness h;
  start_office_block("pendulation", h.state);
  EXPECT_EQ(h.state.office.last_label, "pendulation");
  const engine::MarkCommand* mark = only_mark(h.state);
  ASSERT_NE(mark, nullptr);
  EXPECT_EQ(mark->text.view(), "pendulation");
}

TEST(OfficePanel, CardLineIsCalmAndReadable) {
  engine::ExerciseCard card;
  card.label.assign("grounding");
  card.card.ended = true;
  card.card.delta_hr_bpm = 3.21;
  card.card.delta_rsa_bpm = -1.14;
  card.card.return_s = 42.3;
  card.card.return_final = true;
  EXPECT_EQ(office_card_line(card), "HR +3.2 bpm, RSA \xE2\x88\x92" "1.1 bpm, back to baseline in 42 s");
  card.card.return_s = NAN;
  card.card.return_final = false;
  EXPECT_EQ(office_card_line(card), "HR +3.2 bpm, RSA \xE2\x88\x92" "1.1 bpm, not back yet");
  card.card.ended = false;
  card.card.delta_rsa_bpm = NAN;
  EXPECT_EQ(office_card_line(card), "HR +3.2 bpm, RSA --, in progress");
}

TEST(OfficePanel, DrawsCardsInsideTheWindow) {
  const ImVec2 display(1024.0f, 640.0f);
  ImGuiHarness h(display);
  auto snap = make_snapshot(h.state.now);
  h.state.office.enabled = true;
  snap->response_card_count = 5;
  for (std::uint32_t i = 0; i < 5; ++i) {
    snap->response_cards[i].label.assign("orienting");
    snap->response_cards[i].card.ended = i < 4;
    snap->response_cards[i].card.delta_hr_bpm = 2.0;
  }
  const ImDrawData* data = nullptr;
  for (int f = 0; f < 3; ++f) data = h.frame([&] { draw_dashboard(*snap, h.state); }, false);
  for (const auto& v : testing::vertices(data)) {
    if (v.a == 0) continue;
    EXPECT_GE(v.pos.x, -1.0f);
    EXPECT_LE(v.pos.x, display.x + 1.0f);
    EXPECT_LE(v.pos.y, display.y + 1.0f);
  }
  EXPECT_TRUE(h.state.commands.empty());
}

const ImGuiWindow* window_named(std::string_view prefix) {
  for (const ImGuiWindow* w : GImGui->Windows) {
    if (std::string_view(w->Name).rfind(prefix, 0) == 0) return w;
  }
  return nullptr;
}

// Text at twice the size on a laptop's 1280x800: the strip (docked under the pacer) leaves the
// pacer the room for its circle and controls, so the rate buttons are never under it; its
// buttons wrap inside its width, and what does not fit below is a scroll away. At the usual
// size it holds everything without scrolling.
TEST(OfficePanel, LargeTextKeepsThePacerClearAndTheStripScrolls) {
  const ImVec2 display(1280.0f, 800.0f);
  for (const float scale : {1.0f, 2.0f}) {
    ImGuiHarness h(display, scale);
    auto snap = make_snapshot(h.state.now);
    h.state.office.enabled = true;
    for (int f = 0; f < 4; ++f) {
      h.frame([&] { draw_dashboard(*snap, h.state); }, false);
      h.tick();
    }
    const ImGuiWindow* strip = window_named("Office");
    // Side by side ("Resonant/pacer_..."), or (large text) inside the one scrolling column.
    const ImGuiWindow* pacer = nullptr;
    for (const ImGuiWindow* w : GImGui->Windows) {
      if (std::string_view(w->Name).find("/pacer_") != std::string_view::npos) pacer = w;
    }
    ASSERT_NE(strip, nullptr);
    ASSERT_NE(pacer, nullptr) << "the dashboard's pacer column";
    EXPECT_LE(pacer->ContentSize.y, pacer->Size.y + 0.5f)
        << "scale " << scale << ": the pacer's controls fit its column";
    EXPECT_LE(h.state.pacer.faster_max.y, strip->Pos.y) << "scale " << scale;
    EXPECT_LE(pacer->Pos.y + pacer->Size.y, strip->Pos.y) << "scale " << scale;
    EXPECT_LE(strip->ContentSize.x, strip->Size.x) << "scale " << scale << ": rows wrap";
    EXPECT_LE(strip->Pos.y + strip->Size.y, display.y - h.state.fonts.body->FontSize)
        << "scale " << scale << ": above the footer";
    EXPECT_EQ(strip->ScrollMax.y > 0.0f, scale > 1.5f) << "scale " << scale;
  }
}

// The strip is measured where it is drawn (full width or docked) and each place keeps its own
// measurement, so deciding whether to dock never flips from frame to frame: the decision made
// on the first frames holds, at every text size Settings offers above 1.
TEST(OfficePanel, TheStripStaysWhereItIsFromFrameToFrame) {
  for (const float scale : {1.0f, 1.25f, 1.5f, 1.75f, 2.0f}) {
    ImGuiHarness h(ImVec2(1280.0f, 800.0f), scale);
    auto snap = make_snapshot(h.state.now);
    h.state.office.enabled = true;
    for (int f = 0; f < 3; ++f) {
      h.frame([&] { draw_dashboard(*snap, h.state); }, false);
      h.tick();
    }
    const float dock = h.state.office.dock_width_px;
    const float top = office_panel_top(h.state);
    for (int f = 0; f < 10; ++f) {
      h.frame([&] { draw_dashboard(*snap, h.state); }, false);
      h.tick();
      EXPECT_EQ(h.state.office.dock_width_px, dock) << "scale " << scale << ", frame " << f;
      EXPECT_EQ(office_panel_top(h.state), top) << "scale " << scale << ", frame " << f;
    }
  }
}

// Every vertex of the client view is a plain shape: ImGui's white pixel or its anti-aliased
// line texture; a glyph (a digit, a word) would sample the font's letters.
TEST(ClientView, DrawsNoTextAtAll) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->live.coherence.level = dsp::CoherenceLevel::kHigh;
  const ImDrawData* data = nullptr;
  for (int f = 0; f < 3; ++f) {
    data = h.frame([&] { draw_client_view(*snap, h.state); }, false);
    h.tick();
  }
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const ImFontAtlasCustomRect* lines = atlas->GetCustomRectByIndex(atlas->PackIdLines);
  const float u0 = static_cast<float>(lines->X) * atlas->TexUvScale.x;
  const float u1 = static_cast<float>(lines->X + lines->Width) * atlas->TexUvScale.x;
  const float v0 = static_cast<float>(lines->Y) * atlas->TexUvScale.y;
  const float v1 = static_cast<float>(lines->Y + lines->Height) * atlas->TexUvScale.y;
  const ImVec2 white = atlas->TexUvWhitePixel;
  int count = 0;
  for (int l = 0; l < data->CmdListsCount; ++l) {
    for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer) {
      ++count;
      const bool plain = (v.uv.x == white.x && v.uv.y == white.y) ||
                         (v.uv.x >= u0 && v.uv.x <= u1 && v.uv.y >= v0 && v.uv.y <= v1);
      ASSERT_TRUE(plain) << "a glyph at " << v.pos.x << "," << v.pos.y;
    }
  }
  EXPECT_GT(count, 500) << "the pacer and the glyph are drawn";
}

TEST(ClientView, GlyphWarmsWithCoherenceAndHidesWhileFeedbackIsPaused) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->live.coherence.level = dsp::CoherenceLevel::kHigh;
  for (int f = 0; f < 300; ++f) {  // 5 s of frames: the easing settles
    h.frame([&] { draw_client_view(*snap, h.state); }, false);
    h.tick();
  }
  EXPECT_NEAR(h.state.office.client_glow, 1.0f, 0.05f);
  EXPECT_NEAR(h.state.office.client_glow_alpha, 1.0f, 0.05f);

  snap->live.coherence.level = dsp::CoherenceLevel::kLow;
  snap->live.feedback_ok = false;
  for (int f = 0; f < 300; ++f) {
    h.frame([&] { draw_client_view(*snap, h.state); }, false);
    h.tick();
  }
  EXPECT_NEAR(h.state.office.client_glow, 0.2f, 0.05f);
  EXPECT_LT(h.state.office.client_glow_alpha, 0.05f) << "hidden while feedback is paused";
}

}  // namespace
}  // namespace resonant::ui
