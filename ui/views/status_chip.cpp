// Link status: a rounded chip with soft colours, a non-modal banner while the signal is
// paused (the pacer carries on), and a modal only when the person has to act (kFailed).
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <string_view>

#include <resonant/ui/format.hpp>
#include <resonant/ui/views.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr float kBannerFadeS = 0.6f;  // fade in/out time: noticeable, never sudden
constexpr const char* kFailedPopup = "Sensor connection stopped";

ImU32 state_colour(LinkState s) {
  switch (s) {
    case LinkState::kStreaming: return palette::kStreaming;
    case LinkState::kConnecting:
    case LinkState::kStalled:
    case LinkState::kDisconnected:
    case LinkState::kReconnecting: return palette::kWaiting;
    case LinkState::kFailed: return palette::kFailed;
    case LinkState::kIdle: return palette::kIdle;
  }
  return palette::kIdle;
}

const char* source_words(const engine::Snapshot& snap) {
  if (!snap.source_description.empty()) return snap.source_description.chars.data();
  switch (snap.source_kind) {
    case engine::SourceKind::kSimulated: return "Simulated person";
    case engine::SourceKind::kSerial: return "Serial sensor";
    case engine::SourceKind::kStoredSession: return "Replay of a saved session";
    case engine::SourceKind::kNone: return "No sensor: the pacer runs on its own";
  }
  return "";
}

// 0 = none, 1 = paused (stalled), 2 = lost (disconnected / reconnecting).
int banner_kind(LinkState s) {
  switch (s) {
    case LinkState::kStalled: return 1;
    case LinkState::kDisconnected:
    case LinkState::kReconnecting: return 2;
    default: return 0;
  }
}

// text, cut (at a UTF-8 boundary) and ended with an ellipsis if wider than max_width_px.
std::string fit_text(std::string_view text, float max_width_px) {
  std::string out(text);
  if (ImGui::CalcTextSize(out.c_str()).x <= max_width_px) return out;
  const std::string ellipsis = "\xE2\x80\xA6";
  while (!out.empty()) {
    // Drop the last whole character: its continuation bytes, then its lead byte.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0u) == 0x80u) {
      out.pop_back();
    }
    if (!out.empty()) out.pop_back();
    if (ImGui::CalcTextSize((out + ellipsis).c_str()).x <= max_width_px) break;
  }
  return out.empty() ? std::string() : out + ellipsis;
}

/// heading: what the chip would say when it is drawn as the dot alone ("" = nothing).
void counters_tooltip(const engine::Snapshot& snap, const std::string& heading) {
  const LinkCounters& c = snap.counters;
  ImGui::BeginTooltip();
  if (!heading.empty()) {
    ImGui::TextUnformatted(heading.c_str());
    ImGui::Separator();
  }
  text_coloured(palette::kTextMuted, "Connection details");
  ImGui::Separator();
  if (ImGui::BeginTable("counters", 2, ImGuiTableFlags_SizingFixedFit)) {
    auto row = [](const char* name, std::uint64_t v) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text_coloured(palette::kTextMuted, name);
      ImGui::TableNextColumn();
      ImGui::Text("%" PRIu64, v);
    };
    row("Bytes received", c.bytes);
    row("Frames received", c.frames);
    row("Checksum (CRC) errors", c.crc_errors);
    row("Malformed frames", c.framing_errors);
    row("Frames missing (sequence gaps)", c.seq_gaps);
    row("Dropped (app too busy)", c.dropped);
    row("Disconnects", c.disconnects);
    row("Reconnects", c.reconnects);
    ImGui::EndTable();
  }
  if (!snap.link_message.empty()) {
    ImGui::Separator();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
    text_coloured(palette::kTextMuted, snap.link_message.chars.data());
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  text_coloured(palette::kTextFaint, "Click to choose the sensor");
  ImGui::EndTooltip();
}

}  // namespace

void draw_status_chip(const engine::Snapshot& snap, ViewState& state) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float start_x = ImGui::GetCursorScreenPos().x;
  const float em = ImGui::GetFontSize();
  const std::string_view label = link_state_label(snap.link_state);
  const ImU32 colour = state_colour(snap.link_state);

  const ImVec2 text_size = ImGui::CalcTextSize(label.data(), label.data() + label.size());
  const float dot = em * 0.32f;
  const float pad_x = em * 0.8f;
  const float h = em * 1.75f;
  const float full_w = pad_x * 2.0f + dot * 2.0f + em * 0.5f + text_size.x;
  // Large text in a narrow window: the dot alone (its colour and tooltip keep the state), so
  // the chip never runs under the top bar's buttons.
  const bool compact =
      state.status.chip_max_width_px > 0.0f && full_w > state.status.chip_max_width_px;
  state.status.chip_compact = compact;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 p1(p0.x + (compact ? h : full_w), p0.y + h);
  dl->AddRectFilled(p0, p1, with_alpha(colour, 0.16f), h * 0.5f);
  dl->AddRect(p0, p1, with_alpha(colour, 0.35f), h * 0.5f, 0, 1.0f);
  const ImVec2 dot_c(compact ? (p0.x + p1.x) * 0.5f : p0.x + pad_x + dot, p0.y + h * 0.5f);
  dl->AddCircleFilled(dot_c, dot, colour, 20);
  if (!compact) {
    dl->AddText(ImVec2(dot_c.x + dot + em * 0.5f, p0.y + (h - text_size.y) * 0.5f),
                mix(colour, palette::kText, 0.35f), label.data(), label.data() + label.size());
  }
  // Clicking the chip opens the sensor panel (choose port and protocol).
  if (ImGui::InvisibleButton("##link_chip", ImVec2(p1.x - p0.x, h))) {
    state.devices.open = !state.devices.open;
  }
  const bool hovered = ImGui::IsItemHovered();

  // The source beside the chip.
  ImGui::SameLine(0.0f, em * 0.8f);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (h - em) * 0.5f);
  const float room = state.status.chip_max_width_px > 0.0f
                         ? state.status.chip_max_width_px - (ImGui::GetCursorScreenPos().x - start_x)
                         : ImGui::GetContentRegionAvail().x;
  const std::string source = compact ? std::string() : fit_text(source_words(snap), room);
  text_coloured(palette::kTextMuted, source.c_str());
  const bool source_hovered = ImGui::IsItemHovered();
  if (hovered || source_hovered) {
    counters_tooltip(snap, compact ? std::string(label) + " \xC2\xB7 " + source_words(snap) : "");
  }
}

void draw_link_banner(const engine::Snapshot& snap, ViewState& state) {
  StatusViewState& sv = state.status;
  const int kind = banner_kind(snap.link_state);
  if (kind != 0) sv.banner_kind = kind;
  const float target = kind != 0 ? 1.0f : 0.0f;
  const float step = state.reduced_motion ? 1.0f : state.dt_s / kBannerFadeS;  // appear at once
  sv.banner_alpha = sv.banner_alpha < target ? std::min(target, sv.banner_alpha + step)
                                             : std::max(target, sv.banner_alpha - step);
  if (sv.banner_alpha <= 0.0f) return;

  const float a = sv.banner_alpha * sv.banner_alpha * (3.0f - 2.0f * sv.banner_alpha);  // ease
  const char* title = "Sensor signal paused \xE2\x80\x94 the pacer carries on.";
  const char* tail = sv.banner_kind == 1 ? "Waiting for the signal\xE2\x80\xA6"
                                         : "Reconnecting\xE2\x80\xA6";
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float em = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 title_size = ImGui::CalcTextSize(title);
  const ImVec2 tail_size = ImGui::CalcTextSize(tail);
  const float text_w = title_size.x + em * 0.5f + tail_size.x;
  const float w = std::min(width, text_w + em * 3.2f);
  const float h = em * 2.4f;
  // Slides down by a few pixels as it fades in: soft, not a pop.
  const float y = origin.y + (1.0f - a) * -em * 0.4f;
  const ImVec2 p0(origin.x + (width - w) * 0.5f, y);
  const ImVec2 p1(p0.x + w, y + h);
  dl->AddRectFilled(p0, p1, with_alpha(mix(palette::kCard, palette::kWaiting, 0.14f), 0.97f * a),
                    h * 0.5f);
  dl->AddRect(p0, p1, with_alpha(palette::kWaiting, 0.35f * a), h * 0.5f, 0, 1.0f);
  const float tx = p0.x + (w - text_w) * 0.5f;
  const float ty = p0.y + (h - title_size.y) * 0.5f;
  dl->PushClipRect(p0, p1, true);
  dl->AddText(ImVec2(tx, ty), with_alpha(palette::kText, a), title);
  dl->AddText(ImVec2(tx + title_size.x + em * 0.5f, ty), with_alpha(palette::kWaiting, a), tail);
  dl->PopClipRect();
}

void draw_failed_modal(const engine::Snapshot& snap, ViewState& state) {
  StatusViewState& sv = state.status;
  const bool failed = snap.link_state == LinkState::kFailed;
  if (!failed) {
    sv.failed_dismissed = false;  // a later failure may ask again
    if (sv.failed_modal_open) {
      // Recovered on its own (e.g. the person plugged the sensor back in).
      if (ImGui::BeginPopupModal(kFailedPopup)) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
      }
      sv.failed_modal_open = false;
    }
    return;
  }
  if (!sv.failed_dismissed && !sv.failed_modal_open) {
    ImGui::OpenPopup(kFailedPopup);
    sv.failed_modal_open = true;
  }
  const float em = ImGui::GetFontSize();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f,
                                 vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(em * 30.0f, vp->WorkSize.x * 0.9f), 0.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.4f, em * 1.2f));
  if (ImGui::BeginPopupModal(kFailedPopup, nullptr,
                             ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::PushTextWrapPos(0.0f);
    text_coloured(palette::kText,
                  snap.link_message.empty() ? "The sensor could not be reached."
                                            : snap.link_message.chars.data());
    ImGui::Dummy(ImVec2(0.0f, em * 0.3f));
    text_coloured(palette::kTextMuted,
                  "The pacer keeps running, so you can go on breathing with the circle while "
                  "you check the sensor.");
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0.0f, em * 0.5f));
    if (state.source.has_value()) {
      if (ImGui::Button("Try again")) {
        state.commands.emplace_back(engine::ConnectCommand{*state.source});
        sv.failed_dismissed = true;
        sv.failed_modal_open = false;
        ImGui::CloseCurrentPopup();
      }
      ImGui::SameLine();
    }
    if (ImGui::Button("Continue without the sensor")) {
      sv.failed_dismissed = true;
      sv.failed_modal_open = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  } else {
    sv.failed_modal_open = false;
  }
  ImGui::PopStyleVar();
}

}  // namespace resonant::ui
