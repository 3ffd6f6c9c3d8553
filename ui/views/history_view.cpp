// The History screen: pick a client, see their sessions (newest first) and trends, review a
// session on the main screen, add or delete a client. The lists come from the app's glue
// (state.history.data); this view only draws them and records requests.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <resonant/common/local_time.hpp>
#include <resonant/engine/session_import.hpp>
#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "views/history_trends.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr float kListShare = 0.55f;  // sessions list width; trends take the rest
constexpr float kNarrowListShare = 0.62f;  // below kNarrowEm wide: the table needs its room
constexpr float kNarrowEm = 80.0f;
// Below this width (in lines of text) the two cards go one under the other, at these heights.
constexpr float kStackedBelowEm = 56.0f;
constexpr float kStackedSessionsEm = 16.0f;
constexpr float kStackedTrendsEm = 26.0f;
constexpr const char* kDefaultClient = "me";

/// What deleting removes, in words: "your history" for self-practice ("me"; "Delete me…"
/// read as an instruction to erase oneself), else "Ana's record".
std::string record_words(const std::string& client) {
  return client == kDefaultClient ? "your history" : client + "\xE2\x80\x99s record";
}

constexpr const char* kSessionsHelp =
    "Every session saved for this client, newest first. Length is the time with data; "
    "HR is the mean heart rate (beats per minute), RMSSD the beat-to-beat variation over "
    "the session (ms; a dash under 30 s of beats), and "
    "coherence how steady and wave-like your heart rhythm was (higher is smoother). "
    "\"uneven\" after an RMSSD: the heart rhythm was uneven (extra beats), so that RMSSD is "
    "not heart-rate variability. \"note\" after \"imported\": the file may not have held "
    "what it was read as (point at it to read why). A date with * is the day the file was "
    "imported: it holds no usable date of its own.\n\n"
    "\"recovered\": the program stopped while recording; everything up to its last saved "
    "second is kept. \"partial\": saving stopped during the session (e.g. a full disk); "
    "what was saved before is kept.\n\n"
    "Review plays the session again on the main screen.";
constexpr const char* kDatedAtImportHelp =
    "The imported file holds no usable start date of its own: this is when it was imported, and its "
    "practice counts in that week.";
constexpr const char* kUnevenSessionHelp =
    "The heart rhythm was uneven in this session (\"at rest\": in its resting part only): over\n"
    "one beat in ten came much earlier or later than the one before (extra beats, a slipping\n"
    "sensor). RMSSD then measures those jumps, not heart-rate variability, and an uneven rest\n"
    "is left out of the resting lnRMSSD trend. Not a diagnosis.";

bool begin_card(const char* id, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(palette::kCard));
  const float em = ImGui::GetFontSize();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.0f, em * 0.8f));
  const bool open = ImGui::BeginChild(id, size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  return open;
}


std::string kind_words(const std::string& source) {
  return engine::is_imported(source) ? "imported" : "live";
}

void client_row(HistoryViewState& h) {
  const float em = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  text_coloured(palette::kTextMuted, "Client");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 10.0f);
  if (ImGui::BeginCombo("##client", h.client.c_str())) {
    bool listed_me = false;
    if (h.data) {
      for (const engine::ClientEntry& c : h.data->clients) {
        listed_me = listed_me || c.name == kDefaultClient;
        if (ImGui::Selectable(c.name.c_str(), c.name == h.client) && c.name != h.client) {
          h.client = c.name;
          h.reload_requested = true;
          h.confirm_delete.clear();
        }
      }
    }
    if (!listed_me && ImGui::Selectable(kDefaultClient, h.client == kDefaultClient)) {
      h.client = kDefaultClient;
      h.reload_requested = true;
    }
    ImGui::EndCombo();
  }
  same_line_if_fits(em * 9.0f, em * 1.5f);
  ImGui::SetNextItemWidth(em * 9.0f);
  const bool entered =
      ImGui::InputTextWithHint("##new_client", "new client name", h.typed_client.data(),
                               h.typed_client.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  same_line_if_fits(button_width("Add client"), ImGui::GetStyle().ItemSpacing.x);
  const std::string typed(h.typed_client.data());
  ImGui::BeginDisabled(typed.empty() || h.loading);
  if ((ImGui::Button("Add client") || entered) && !typed.empty() && !h.loading) {
    h.add_client_request = typed;
    h.typed_client.fill('\0');
  }
  ImGui::EndDisabled();
  const std::string label = "Delete " + record_words(h.client) + "\xE2\x80\xA6";
  same_line_if_fits(button_width(label.c_str()), em * 1.5f);
  bool known = false;  // only a client with a record can be deleted
  if (h.data) {
    for (const engine::ClientEntry& c : h.data->clients) known = known || c.name == h.client;
  }
  // The client this run records for cannot be deleted under the live session.
  const bool recording_them = !h.recording_client.empty() && h.client == h.recording_client;
  ImGui::BeginDisabled(h.loading || !known || recording_them);
  if (ImGui::Button(label.c_str())) h.confirm_delete = h.client;
  h.delete_min = ImGui::GetItemRectMin();
  h.delete_max = ImGui::GetItemRectMax();
  ImGui::EndDisabled();
  if (recording_them) {
    const std::string why = "This session is being recorded for " + h.client +
                            ". Delete the record after closing Resonant, or from a terminal: "
                            "resonant-cli clients delete " + h.client + " --yes";
    item_tooltip(why.c_str(), ImGuiHoveredFlags_AllowWhenDisabled);
  }
}

/// The confirmation strip: names the client and everything that goes with them.
void confirm_strip(HistoryViewState& h) {
  if (h.confirm_delete.empty()) return;
  const engine::ClientDataEntry none{};
  const engine::ClientDataEntry& d =
      h.data && h.data->client == h.confirm_delete ? h.data->client_data : none;
  char text[400];
  std::snprintf(text, sizeof text,
                "Delete %s and all its data: %lld session%s, %.0f min recorded, %lld beats? "
                "This cannot be undone.",
                record_words(h.confirm_delete).c_str(), static_cast<long long>(d.sessions),
                d.sessions == 1 ? "" : "s", d.recorded_s / 60.0, static_cast<long long>(d.beats));
  text_coloured(palette::kWaiting, text);
  if (ImGui::Button("Delete")) {
    h.delete_client_request = h.confirm_delete;
    h.confirm_delete.clear();
  }
  h.confirm_min = ImGui::GetItemRectMin();
  h.confirm_max = ImGui::GetItemRectMax();
  ImGui::SameLine();
  if (ImGui::Button("Keep")) h.confirm_delete.clear();
}

const engine::SessionTrend* trend_of(const HistoryData& data, std::int64_t id) {
  for (const engine::SessionTrend& t : data.trends.sessions) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

/// "note" beside an imported session read with a doubt, the doubt itself on hover: its
/// figures may not be a heart's.
void reading_note_flag(const engine::SessionTrend& t, HistoryViewState& h) {
  ImGui::SameLine(0.0f, ImGui::GetFontSize() * 0.3f);
  text_coloured(palette::kWaiting, "note");
  std::string why = "How this file was read:";
  for (const std::string& note : t.reading_notes) why += "\n\n" + note;
  item_tooltip(why.c_str());
  if (h.first_note_max.x <= 0.0f) {
    h.first_note_min = ImGui::GetItemRectMin();
    h.first_note_max = ImGui::GetItemRectMax();
  }
}

void sessions_table(const HistoryData& data, ViewState& state) {
  HistoryViewState& h = state.history;
  h.first_review_min = h.first_review_max = ImVec2(0.0f, 0.0f);
  h.first_note_min = h.first_note_max = ImVec2(0.0f, 0.0f);
  // Stretched in proportion to their contents, so Review stays inside the card.
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingStretchProp |
                                     ImGuiTableFlags_PadOuterX;
  ImGui::PushStyleColor(ImGuiCol_TableHeaderBg, ImGui::ColorConvertU32ToFloat4(palette::kCardEdge));
  if (!ImGui::BeginTable("sessions", 7, kFlags, ImGui::GetContentRegionAvail())) {
    ImGui::PopStyleColor();
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"Date", "Length", "Kind", "HR (bpm)", "RMSSD (ms)", "Coherence", ""}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  ImGui::PopStyleColor();
  for (std::size_t i = 0; i < data.sessions.size(); ++i) {
    const engine::SessionEntry& s = data.sessions[i];
    const engine::SessionTrend* t = trend_of(data, s.id);
    ImGui::PushID(static_cast<int>(s.id));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_session_date(s.started_unix_us).c_str());
    if (engine::dated_at_import(s.source)) {
      ImGui::SameLine(0.0f, 0.0f);
      text_coloured(palette::kTextMuted, "*");
      item_tooltip(kDatedAtImportHelp);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_session_time(s.duration_s).c_str());
    ImGui::TableNextColumn();
    text_coloured(palette::kTextMuted, kind_words(s.source).c_str());
    if (s.status == "recovered" || s.status == "partial" || s.status == "recording") {
      ImGui::SameLine(0.0f, ImGui::GetFontSize() * 0.3f);
      text_coloured(palette::kWaiting, s.status.c_str());
    }
    if (t != nullptr && !t->reading_notes.empty()) reading_note_flag(*t, h);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_value(s.mean_hr_bpm, 0).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_value(s.rmssd_ms, 0).c_str());
    if (t != nullptr && (t->rhythm_uneven || t->resting_rhythm_uneven)) {
      ImGui::SameLine(0.0f, ImGui::GetFontSize() * 0.3f);
      text_coloured(palette::kTextMuted, t->rhythm_uneven ? "uneven" : "uneven at rest");
      item_tooltip(kUnevenSessionHelp);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_value(t != nullptr ? t->mean_coherence_ratio : engine::kNaN, 1).c_str());
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("Review")) {
      state.commands.emplace_back(engine::ConnectCommand{review_source(h, s)});
      h.before_review = state.source;
      state.source = review_source(h, s);
      h.reviewing = "Reviewing the session of " + format_session_date(s.started_unix_us);
      state.screen = Screen::kMain;
    }
    if (i == 0) {
      h.first_review_min = ImGui::GetItemRectMin();
      h.first_review_max = ImGui::GetItemRectMax();
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void empty_sessions(const HistoryViewState& h) {
  text_coloured_wrapped(palette::kTextMuted,
                        h.client == kDefaultClient
                            ? "No sessions yet \xE2\x80\x94 your first breathing session will appear here "
                              "once it is saved. Go back and breathe with the circle for a few minutes."
                            : "No sessions yet \xE2\x80\x94 sessions recorded for this client will appear "
                              "here.");
}

/// The sessions card's contents: its title, then the list, or why there is none.
void sessions_card(const HistoryViewState& h, ViewState& state) {
  text_coloured(palette::kTextMuted, "Sessions");
  help_marker(kSessionsHelp);
  if (!h.data) {
    text_coloured(palette::kTextFaint, "Loading your sessions\xE2\x80\xA6");
  } else if (!h.data->problem.empty()) {
    text_coloured_wrapped(palette::kWaiting,
                          ("The history could not be read: " + h.data->problem).c_str());
  } else if (h.data->sessions.empty()) {
    empty_sessions(h);
  } else {
    sessions_table(*h.data, state);
  }
}

}  // namespace

std::string format_session_date(std::int64_t unix_us) {
  return format_local_time(unix_us, "%d %b %Y %H:%M");
}

engine::SourceSpec review_source(const HistoryViewState& history,
                                 const engine::SessionEntry& session) {
  engine::SourceSpec spec;
  spec.kind = engine::SourceKind::kStoredSession;
  spec.database = history.database;
  spec.session_id = session.id;
  spec.speed = 1.0;  // as it happened
  return spec;
}

void draw_history_view(const engine::Snapshot& snapshot, ViewState& state) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("History", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleVar();
  draw_history_contents(snapshot, state);
  ImGui::End();
}

void draw_history_contents(const engine::Snapshot& /*snapshot*/, ViewState& state) {
  HistoryViewState& h = state.history;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  ImFont* medium = state.fonts.medium != nullptr ? state.fonts.medium : ImGui::GetFont();
  const ImVec2 size = vp->WorkSize;
  const float margin = std::clamp(std::min(size.x, size.y) * 0.028f, em * 0.8f, em * 2.0f);

  // [Top bar] wordmark, title, back.
  ImGui::SetCursorPos(ImVec2(margin, margin));
  text_coloured(palette::kAccent, "Resonant", medium);
  ImGui::SameLine(0.0f, em * 1.4f);
  text_coloured(palette::kText, "History", medium);
  const char* back = "Back to breathing";
  const float back_w = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2.0f;
  ImGui::SameLine(size.x - margin - back_w);
  if (ImGui::Button(back)) state.screen = Screen::kMain;

  ImGui::SetCursorPosX(margin);
  ImGui::Dummy(ImVec2(0.0f, em * 0.4f));
  ImGui::SetCursorPosX(margin);
  ImGui::BeginGroup();
  client_row(h);
  if (h.loading) {
    ImGui::SameLine(0.0f, em);
    text_coloured(palette::kTextFaint, "Loading\xE2\x80\xA6");
  } else if (h.data && !h.data->done.empty()) {
    ImGui::SameLine(0.0f, em);
    text_coloured(palette::kStreaming, h.data->done.c_str());
  }
  confirm_strip(h);
  ImGui::EndGroup();
  ImGui::Dummy(ImVec2(0.0f, em * 0.4f));

  const float top = ImGui::GetCursorPosY();
  const float gap = margin * 0.9f;
  // Side by side when the window is wide enough (in lines of text); with large text or a
  // narrow window the trends go below the sessions and the screen scrolls.
  if (size.x < em * kStackedBelowEm) {
    ImGui::SetCursorPos(ImVec2(0.0f, top));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
    ImGui::BeginChild("history content", ImVec2(size.x, std::max(size.y - top, em * 8.0f)),
                      false, ImGuiWindowFlags_NoBackground);
    ImGui::PopStyleVar();
    const float card_w = size.x - margin * 2.0f - ImGui::GetStyle().ScrollbarSize;
    ImGui::SetCursorPos(ImVec2(margin, 0.0f));
    if (begin_card("sessions_card", ImVec2(card_w, em * kStackedSessionsEm))) {
      sessions_card(h, state);
    }
    ImGui::EndChild();
    ImGui::SetCursorPos(ImVec2(margin, em * kStackedSessionsEm + gap));
    if (begin_card("trends_card", ImVec2(card_w, em * kStackedTrendsEm))) {
      draw_history_trends(h.data ? &h.data->trends : nullptr, state);
    }
    ImGui::EndChild();
    ImGui::Dummy(ImVec2(0.0f, margin));
    ImGui::EndChild();
    return;
  }
  const float height = std::max(size.y - top - margin, em * 8.0f);
  const float inner_w = size.x - margin * 2.0f - gap;
  const float list_w = inner_w * (size.x < em * kNarrowEm ? kNarrowListShare : kListShare);
  ImGui::SetCursorPos(ImVec2(margin, top));
  if (begin_card("sessions_card", ImVec2(list_w, height))) sessions_card(h, state);
  ImGui::EndChild();

  ImGui::SetCursorPos(ImVec2(margin + list_w + gap, top));
  if (begin_card("trends_card", ImVec2(inner_w - list_w, height))) {
    draw_history_trends(h.data ? &h.data->trends : nullptr, state);
  }
  ImGui::EndChild();
}

}  // namespace resonant::ui
