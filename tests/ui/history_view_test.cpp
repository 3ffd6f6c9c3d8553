// The History screen and its notes on the main screen, in the headless ImGui harness:
// the sessions given are listed, deleting a client asks first (naming what goes), Review
// replays the session through the live pipeline, and the main screen says when the session
// is not being saved and which protocol step is running.
#include <cmath>
#include <ctime>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/engine/session_import.hpp>
#include <resonant/ui/views.hpp>

#include "view_test_support.hpp"
#include "views/history_trends.hpp"

namespace resonant::ui {
namespace {

using testing::ImGuiHarness;
using testing::make_snapshot;

constexpr std::int64_t kStartUs = 1767787200LL * 1'000'000;  // 2026-01-07 12:00 UTC
constexpr std::int64_t kDayUs = 86'400'000'000LL;

HistoryData two_sessions() {
  HistoryData d;
  d.client = "ana";
  d.clients = {{"me", "", 0, 0}, {"ana", "", 0, 2}};
  engine::SessionEntry newer{12, "ana", "partial", kStartUs + 86'400'000'000LL, "Zephyr HxM",
                             600.0, 700, 62.0, 45.0, 50.0};
  engine::SessionEntry older{7, "ana", "complete", kStartUs, "imported foo.edf", 300.0, 350,
                             70.0, 30.0, 40.0};
  d.sessions = {newer, older};
  engine::SessionTrend t;
  t.id = 7;
  t.started_unix_us = kStartUs;
  t.mean_coherence_ratio = 1.5;
  t.resting_ln_rmssd = 3.4;
  t.time_in_coherence_pct = 40.0;
  t.resonance_rate_bpm = std::nan("");
  d.trends.sessions = {t};
  d.trends.weeks = {{"2026-W02", kStartUs - 2 * kDayUs, 5.0, 1}};  // Monday 5 Jan
  d.client_data = {2, 1050, 40, 900.0};
  return d;
}

/// Clicks at the centre of a rectangle: a frame with the button down, then one with it up.
void click(ImGuiHarness& h, ImVec2 min, ImVec2 max, const engine::Snapshot& snap) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  io.MouseDown[0] = true;
  h.frame([&] { draw_history_contents(snap, h.state); });
  io.MouseDown[0] = false;
  h.frame([&] { draw_history_contents(snap, h.state); });
}

/// All text the frame wrote with ImGui text widgets (the screen's contents in the harness's
/// window: ImGui stops logging at the end of a top-level window).
std::string screen_text(ImGuiHarness& h, const engine::Snapshot& snap) {
  std::string log;
  h.frame([&] { draw_history_contents(snap, h.state); }, true, &log);
  return log;
}

/// The History screen of client "ana" with these lists, after a first frame (tables size on
/// it): its text.
std::string shown_history(ImGuiHarness& h, const engine::Snapshot& snap, const HistoryData& d) {
  h.state.screen = Screen::kHistory;
  h.state.history.client = "ana";
  h.state.history.data = d;
  h.frame([&] { draw_history_contents(snap, h.state); });
  return screen_text(h, snap);
}

/// Vertices drawn in exactly this colour (text glyphs are drawn in the text colour).
int vertices_of_colour(const ImDrawData* data, ImU32 colour) {
  int n = 0;
  for (const auto& v : testing::vertices(data)) {
    const ImU32 c = v.r | (v.g << 8) | (v.b << 16) | (v.a << 24);
    n += c == colour ? 1 : 0;
  }
  return n;
}

TEST(HistoryView, ListsTheSessionsGivenWithTheirFlags) {
  ImGuiHarness h;
  const auto snap = make_snapshot(h.state.now);
  h.state.screen = Screen::kHistory;
  h.state.history.client = "ana";
  h.state.history.data = two_sessions();
  h.frame([&] { draw_history_contents(*snap, h.state); });  // tables size on frame 1
  const std::string text = screen_text(h, *snap);
  EXPECT_NE(text.find(format_session_date(kStartUs)), std::string::npos) << text;
  EXPECT_NE(text.find(format_session_date(kStartUs + 86'400'000'000LL)), std::string::npos);
  EXPECT_NE(text.find("10:00"), std::string::npos) << "length of the newer session";
  EXPECT_NE(text.find("imported"), std::string::npos);
  EXPECT_NE(text.find("partial"), std::string::npos);
  EXPECT_NE(text.find("1.5"), std::string::npos) << "coherence from the trends";
  EXPECT_EQ(text.find("uneven"), std::string::npos) << text;
  EXPECT_EQ(text.find(" *"), std::string::npos) << "both files had a date: " << text;
  EXPECT_EQ(h.state.commands.size(), 0u);
}

// An imported file without a date of its own was dated at import (engine::dated_at_import):
// its date has a * (the sessions help says what it means), the others none.
TEST(HistoryView, ADateGivenAtImportHasAStar) {
  ImGuiHarness h;
  const auto snap = make_snapshot(h.state.now);
  HistoryData d = two_sessions();
  d.sessions[1].source += engine::kDatedAtImportNote;
  const std::string text = shown_history(h, *snap, d);
  EXPECT_NE(text.find(format_session_date(kStartUs) + " *"), std::string::npos) << text;
  EXPECT_EQ(text.find(format_session_date(kStartUs + 86'400'000'000LL) + " *"), std::string::npos)
      << text;
}

// A session whose rhythm was uneven (the trend's rhythm check): "uneven" after its RMSSD.
TEST(HistoryView, AnUnevenRhythmIsSaidBesideTheSessionsRmssd) {
  ImGuiHarness h;
  const auto snap = make_snapshot(h.state.now);
  HistoryData d = two_sessions();
  d.trends.sessions[0].rhythm_uneven = true;
  const std::string text = shown_history(h, *snap, d);
  EXPECT_NE(text.find("30 uneven"), std::string::npos) << "session 7's RMSSD, then: " << text;
  EXPECT_EQ(text.find("45 uneven"), std::string::npos) << text;
  EXPECT_EQ(text.find("uneven at rest"), std::string::npos) << text;
  // Uneven in its rest only: said so, and its rest is the only one, so the resting chart says
  // why it has no line (not that there are too few beats).
  d.trends.sessions[0].rhythm_uneven = false;
  d.trends.sessions[0].resting_rhythm_uneven = true;
  h.state.history.data = d;
  const std::string rest = screen_text(h, *snap);
  EXPECT_NE(rest.find("30 uneven at rest"), std::string::npos) << rest;
}

// An imported session read with a doubt (the trend's reading notes): "note" beside
// "imported", and pointing at it shows the note itself; a session without one has no flag.
TEST(HistoryView, AnImportedSessionsReadingNoteIsFlaggedAndShownOnHover) {
  ImGuiHarness h;
  const auto snap = make_snapshot(h.state.now);
  HistoryData d = two_sessions();
  EXPECT_EQ(shown_history(h, *snap, d).find("imported note"), std::string::npos);
  EXPECT_EQ(h.state.history.first_note_max.x, 0.0f);

  constexpr const char* kNote = "read as RR intervals, but the numbers repeat every 84 values";
  d.trends.sessions[0].reading_notes = {kNote};
  h.state.history.data = d;
  const std::string text = screen_text(h, *snap);
  EXPECT_NE(text.find("imported note"), std::string::npos) << text;
  ASSERT_GT(h.state.history.first_note_max.x, 0.0f);
  ImGui::GetIO().MousePos = ImVec2((h.state.history.first_note_min.x + h.state.history.first_note_max.x) * 0.5f,
                                   (h.state.history.first_note_min.y + h.state.history.first_note_max.y) * 0.5f);
  // Two frames: a tooltip takes its size on its second.
  for (int f = 0; f < 2; ++f) h.frame([&] { draw_history_contents(*snap, h.state); });
  // The harness cannot read a tooltip's text (ImGui stops logging at the end of the tooltip's
  // window): it is there, and tall enough for its heading, a blank line and the note.
  const ImGuiWindow* tooltip = ImGui::FindWindowByName("##Tooltip_00");
  ASSERT_NE(tooltip, nullptr);
  EXPECT_TRUE(tooltip->Active);
  EXPECT_GT(tooltip->ContentSize.y, 2.5f * ImGui::GetTextLineHeight()) << "three lines, not one";
  ImGui::GetIO().MousePos = ImVec2(1.0f, 1.0f);
  h.frame([&] { draw_history_contents(*snap, h.state); });
  EXPECT_FALSE(tooltip->Active) << "only while pointing at the note";
}

// Text at twice the size: the client row wraps (Delete ran off the side) and the trends go
// below the sessions in a scrolling page (the table's columns were crushed to "Le…", "K…").
TEST(HistoryView, LargeTextWrapsTheClientRowAndStacksTheCards) {
  ImGuiHarness h(ImVec2(1280.0f, 800.0f), 2.0f);
  const auto snap = make_snapshot(h.state.now);
  h.state.screen = Screen::kHistory;
  h.state.history.client = "ana";
  h.state.history.data = two_sessions();
  for (int f = 0; f < 3; ++f) h.frame([&] { draw_history_contents(*snap, h.state); });
  EXPECT_LE(h.state.history.delete_max.x, 1280.0f) << "the Delete button is on screen";
  EXPECT_GT(h.state.history.delete_min.x, 0.0f);
  const ImGuiWindow* page = nullptr;
  for (const ImGuiWindow* w : GImGui->Windows) {
    const std::string_view name(w->Name);
    const std::size_t at = name.find("/history content_");
    if (at != std::string_view::npos && name.find('/', at + 1) == std::string_view::npos) page = w;
  }
  ASSERT_NE(page, nullptr) << "the cards are stacked in a scrolling page";
  EXPECT_GT(page->ScrollMax.y, 0.0f) << "the trends are a scroll away";
  EXPECT_GT(h.state.history.first_review_max.x, 0.0f) << "Review is drawn";
  EXPECT_LE(h.state.history.first_review_max.x, 1280.0f);
}

TEST(HistoryView, SaysKindlyWhenThereAreNoSessions) {
  ImGuiHarness h;
  const auto snap = make_snapshot(h.state.now);
  HistoryData d;
  d.client = "me";
  h.state.history.data = d;
  const std::string text = screen_text(h, *snap);
  EXPECT_NE(text.find("No sessions yet"), std::string::npos) << text;
}

TEST(HistoryView, DeletingAClientAsksFirstAndNamesWhatGoes) {
  ImGuiHarness h;
  const auto snap = make_snapshot(h.state.now);
  h.state.history.client = "ana";
  h.state.history.data = two_sessions();
  h.state.history.reload_requested = false;
  h.frame([&] { draw_history_contents(*snap, h.state); });
  click(h, h.state.history.delete_min, h.state.history.delete_max, *snap);
  EXPECT_EQ(h.state.history.confirm_delete, "ana");
  EXPECT_FALSE(h.state.history.delete_client_request) << "nothing is deleted before confirming";
  const std::string text = screen_text(h, *snap);
  EXPECT_NE(text.find("Delete ana\xE2\x80\x99s record and all its data: 2 sessions, 15 min "
                      "recorded, 1050 beats"),
            std::string::npos)
      << text;
  click(h, h.state.history.confirm_min, h.state.history.confirm_max, *snap);
  ASSERT_TRUE(h.state.history.delete_client_request);
  EXPECT_EQ(*h.state.history.delete_client_request, "ana");
  EXPECT_TRUE(h.state.history.confirm_delete.empty());
}

TEST(HistoryView, ReviewReplaysTheSessionOnTheMainScreen) {
  ImGuiHarness h;
  const auto snap = make_snapshot(h.state.now);
  h.state.screen = Screen::kHistory;
  h.state.history.database = "/tmp/records.db";
  h.state.history.client = "ana";
  h.state.history.data = two_sessions();
  engine::SourceSpec live;
  live.kind = engine::SourceKind::kSerial;
  live.port = "/dev/ttyUSB0";
  h.state.source = live;
  h.frame([&] { draw_history_contents(*snap, h.state); });
  h.frame([&] { draw_history_contents(*snap, h.state); });
  ASSERT_GT(h.state.history.first_review_max.x, h.state.history.first_review_min.x);
  click(h, h.state.history.first_review_min, h.state.history.first_review_max, *snap);
  ASSERT_EQ(h.state.commands.size(), 1u)
      << "Review at x " << h.state.history.first_review_min.x << ".." << h.state.history.first_review_max.x
      << " (hovered window: " << (GImGui->HoveredWindow ? GImGui->HoveredWindow->Name : "none") << ")";
  const auto* connect = std::get_if<engine::ConnectCommand>(&h.state.commands[0]);
  ASSERT_NE(connect, nullptr);
  EXPECT_EQ(connect->source.kind, engine::SourceKind::kStoredSession);
  EXPECT_EQ(connect->source.database, "/tmp/records.db");
  EXPECT_EQ(connect->source.session_id, 12) << "the newest session is the first row";
  EXPECT_EQ(connect->source.speed, 1.0);
  EXPECT_EQ(h.state.screen, Screen::kMain);
  EXPECT_EQ(h.state.history.reviewing,
            "Reviewing the session of " + format_session_date(kStartUs + 86'400'000'000LL));
  ASSERT_TRUE(h.state.history.before_review);
  EXPECT_EQ(h.state.history.before_review->port, "/dev/ttyUSB0");
}

TEST(SessionNotes, SayWhenTheSessionIsNotBeingSaved) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->recording.state = engine::RecordingState::kSaving;
  int saving = vertices_of_colour(h.frame([&] { draw_session_notes(*snap, h.state); }),
                                  palette::kWaiting);
  EXPECT_EQ(saving, 0) << "no note while the session is saved";
  snap->recording.state = engine::RecordingState::kNotSaving;
  snap->recording.message.assign("the disk is full: free some space on /home");
  const int not_saving = vertices_of_colour(
      h.frame([&] { draw_session_notes(*snap, h.state); }), palette::kWaiting);
  // "Not being saved — the disk is full: ..." in glyphs of 4 vertices each.
  EXPECT_GT(not_saving, 4 * 40);
}

TEST(SessionNotes, TheReviewNoteEndsWithTheReplay) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->source_kind = engine::SourceKind::kStoredSession;
  h.state.history.reviewing = "Reviewing the session of Wed 07 Jan 2026 12:00";
  EXPECT_GT(vertices_of_colour(h.frame([&] { draw_session_notes(*snap, h.state); }),
                               palette::kPacerLight),
            4 * 20);
  snap->source_kind = engine::SourceKind::kSimulated;  // back to live: the note goes
  h.frame([&] { draw_session_notes(*snap, h.state); });
  EXPECT_TRUE(h.state.history.reviewing.empty());
}

// An earlier run stopped while recording: the next one says the session is kept, calmly (in
// the pacer's own light, not the warning colour), until the person presses OK.
TEST(SessionNotes, AnInterruptedSessionIsSaidUntilClosed) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  snap->recording.state = engine::RecordingState::kSaving;
  const auto notes = [&] { draw_session_notes(*snap, h.state); };
  EXPECT_EQ(vertices_of_colour(h.frame(notes), palette::kPacerLight), 0) << "nothing to say";
  snap->recording.recovered_count = 2;
  snap->recording.recovered_last_id = 12;
  std::string log;
  const ImDrawData* drawn = h.frame(notes, true, &log);
  // "Session 12 was interrupted ... (with 1 older one), in History." in glyphs of 4 vertices.
  EXPECT_GT(vertices_of_colour(drawn, palette::kPacerLight), 4 * 100);
  EXPECT_EQ(vertices_of_colour(drawn, palette::kWaiting), 0) << "not drawn as a warning";
  float height = 0.0f;
  h.frame([&] { height = session_notes_height(*snap, h.state); });
  EXPECT_GT(height, 0.0f) << "the pacer leaves room for it";
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 min = h.state.history.recovered_ok_min, max = h.state.history.recovered_ok_max;
  ASSERT_GT(max.x, min.x);
  io.MousePos = ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  io.MouseDown[0] = true;
  h.frame(notes);
  io.MouseDown[0] = false;
  h.frame(notes);
  EXPECT_EQ(h.state.history.recovered_note_closed_id, 12);
  EXPECT_EQ(vertices_of_colour(h.frame(notes), palette::kPacerLight), 0) << "closed: gone";
  h.frame([&] { height = session_notes_height(*snap, h.state); });
  EXPECT_EQ(height, 0.0f);
}

TEST(ProtocolStep, ShowsTheInstructionAndTheStepOnlyWhileAProtocolRuns) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  const int without = static_cast<int>(
      testing::vertices(h.frame([&] { draw_protocol_step(*snap, h.state); })).size());
  snap->protocol.active = true;
  snap->protocol.started = true;
  snap->protocol.step_index = 1;
  snap->protocol.step_count = 3;
  snap->protocol.step_name.assign("Paced breathing");
  snap->protocol.instruction.assign("Breathe with the circle, in through the nose.");
  snap->protocol.step_start_s = 60.0;
  snap->protocol.step_end_s = 160.0;
  const int with = vertices_of_colour(h.frame([&] { draw_protocol_step(*snap, h.state); }),
                                      palette::kText);
  EXPECT_GT(with, 4 * 30) << "the instruction is written";
  EXPECT_GT(with, without);
  std::string log;
  h.frame([&] { draw_protocol_step(*snap, h.state); }, true, &log);
  EXPECT_NE(log.find("Stop the guided session"), std::string::npos) << "the card offers a stop: " << log;
}

// The step's card sits over the top of the pacer's column; the circle's ring clears it (it
// went under the card before), and gets its room back when the protocol ends.
TEST(ProtocolStep, TheCardNeverCoversThePacersRing) {
  ImGuiHarness h;
  h.state.reduced_motion = true;  // the room changes at once
  auto snap = make_snapshot(h.state.now);
  const auto settle = [&] {
    for (int f = 0; f < 3; ++f) {
      h.frame([&] { draw_dashboard(*snap, h.state); }, false);
      h.tick();
    }
  };
  settle();
  const float radius_without = h.state.pacer.max_radius_px;
  snap->protocol.active = true;
  snap->protocol.started = true;
  snap->protocol.step_count = 9;
  snap->protocol.step_name.assign("6.5 breaths/min");
  snap->protocol.instruction.assign(
      "Follow the circle: in as it grows, out as it shrinks. Gently, without forcing.");
  snap->protocol.step_end_s = 60.0;
  settle();
  const ImGuiWindow* pacer = nullptr;
  for (const ImGuiWindow* w : GImGui->Windows) {
    if (std::string_view(w->Name).find("/pacer_") != std::string_view::npos) pacer = w;
  }
  ASSERT_NE(pacer, nullptr);
  ASSERT_GT(h.state.pacer.step_card_bottom_px, 0.0f);
  const float card_bottom = pacer->Pos.y + h.state.pacer.step_card_bottom_px;
  EXPECT_GE(h.state.pacer.centre.y - h.state.pacer.max_radius_px, card_bottom);
  EXPECT_LT(h.state.pacer.max_radius_px, radius_without);
  snap->protocol.active = false;
  settle();
  EXPECT_EQ(h.state.pacer.step_card_bottom_px, 0.0f);
  EXPECT_FLOAT_EQ(h.state.pacer.max_radius_px, radius_without) << "the room comes back";
}

TEST(ProtocolStep, ARefusedStartSaysWhy) {
  ImGuiHarness h;
  auto snap = make_snapshot(h.state.now);
  const int without = vertices_of_colour(h.frame([&] { draw_protocol_step(*snap, h.state); }), palette::kWaiting);
  snap->protocol.refusal.assign("the protocol \"X\" needs the client's resonance rate");
  const int with = vertices_of_colour(h.frame([&] { draw_protocol_step(*snap, h.state); }), palette::kWaiting);
  EXPECT_GT(with, without + 4 * 20) << "the reason is written";
}

// The practice chart names weeks by their Monday and says "this week" only of this week:
// a week of old sessions is no "0 min this week".
TEST(HistoryTrends, PracticeSaysThisWeekOnlyOfThisWeek) {
  // Local noons (the weeks are the person's own), in whatever time zone the test runs.
  const auto local_noon = [](int day) {
    std::tm tm{};
    tm.tm_year = 2026 - 1900;
    tm.tm_mday = day;  // of January 2026: Monday the 5th, Sunday the 11th
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&tm)) * 1'000'000;
  };
  const std::vector<engine::WeeklyPractice> weeks = {{"2026-W02", local_noon(5), 5.0, 1}};
  EXPECT_EQ(week_label(weeks[0], local_noon(7)), "5 Jan");
  // Seen from another year, the week says its year.
  EXPECT_EQ(week_label(weeks[0], local_noon(7) + 366LL * 24 * 3600 * 1'000'000), "5 Jan 2026");
  EXPECT_EQ(practice_headline(weeks, local_noon(7)), "5 min this week");
  EXPECT_EQ(practice_headline(weeks, local_noon(11)), "5 min this week") << "Sunday";
  EXPECT_EQ(practice_headline(weeks, local_noon(12)), "none this week");
  EXPECT_EQ(practice_headline({}, local_noon(7)), "no live sessions yet");
}

}  // namespace
}  // namespace resonant::ui
