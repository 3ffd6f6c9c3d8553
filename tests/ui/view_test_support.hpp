#pragma once
// Draws views against synthetic Snapshots without a window: an ImGui context with a built
// font atlas and a display size, one NewFrame/Render per frame (ImGui's "null backend").
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/theme.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui::testing {

// Key indices for io.KeysDown (any values below 512; the GLFW backend uses GLFW key codes).
inline constexpr int kKeyLeft = 263;
inline constexpr int kKeyRight = 262;
inline constexpr int kKeyDown = 264;
inline constexpr int kKeyUp = 265;

/// A calm, streaming session 100 s in: 65 bpm with a breathing swing, pacer at 6/min.
inline std::unique_ptr<engine::Snapshot> make_snapshot(SteadyClock::time_point host_now,
                                                        double session_now_s = 100.0) {
  auto s = std::make_unique<engine::Snapshot>();
  s->sequence = 1;
  s->clock.host_anchor = host_now;
  s->clock.session_anchor_s = session_now_s;
  s->source_kind = engine::SourceKind::kSimulated;
  s->source_description.assign("Resonant simulated person 1.0: ecg 250 Hz");
  s->link_state = LinkState::kStreaming;
  s->data_flowing = true;
  s->beat_channel = ChannelKind::kEcg;
  s->hr_bpm = 65.4;
  s->rr_ms = 917.0;
  s->rmssd_ms = 42.3;
  s->sdnn_ms = 51.8;
  s->hrv_window_s = 64.0;
  s->hrv_window_beats = 69;
  s->hrv_window_span_s = 63.4;
  s->pacer.t_start_s = 0.0;
  s->pacer.settings.rate_bpm = 6.0;
  s->pacer.settings.inhale_fraction = 0.4;
  std::uint32_t n = 0;
  for (double t = 1.0; t <= session_now_s && n < engine::kTachogramCapacity; t += 0.92) {
    const double hr = 65.0 + 6.0 * std::sin(2.0 * 3.14159265358979 * t / 10.0);
    s->tachogram[n] = {t, static_cast<float>(60000.0 / hr), static_cast<float>(hr), false};
    ++n;
  }
  s->tachogram_size = n;
  s->beat_count = n;
  s->last_beat_t_s = s->tachogram[n - 1].t_s;
  return s;
}

class ImGuiHarness {
 public:
  /// text_scale: as the app's --font-scale (fonts and style sizes).
  explicit ImGuiHarness(ImVec2 display = ImVec2(1280.0f, 800.0f), float text_scale = 1.0f) {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    io.KeyMap[ImGuiKey_LeftArrow] = kKeyLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kKeyRight;
    io.KeyMap[ImGuiKey_DownArrow] = kKeyDown;
    io.KeyMap[ImGuiKey_UpArrow] = kKeyUp;
    apply_theme(text_scale);
    state.fonts = load_fonts(text_scale);
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    state.now = SteadyClock::now();
  }
  ~ImGuiHarness() { ImGui::DestroyContext(context_); }
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;

  /// One frame: draw() runs inside a window covering the display (or bare, for full
  /// layouts that open their own window). Text rendered by ImGui widgets goes to log.
  ImDrawData* frame(const std::function<void()>& draw, bool own_window = true,
                    std::string* log = nullptr) {
    ImGui::NewFrame();
    if (own_window) {
      ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
      ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
      ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    }
    if (log != nullptr && own_window) ImGui::LogToBuffer();
    draw();
    if (log != nullptr && own_window) {
      *log = GImGui->LogBuffer.c_str();
      ImGui::LogFinish();
    }
    if (own_window) ImGui::End();
    ImGui::Render();
    return ImGui::GetDrawData();
  }

  /// Advances the view clock by one frame (the session clock follows it).
  void tick() { state.now += std::chrono::microseconds(16667); }

  ViewState state;

 private:
  ImGuiContext* context_ = nullptr;
};

struct Vertex {
  ImVec2 pos;
  unsigned r, g, b, a;
};

inline std::vector<Vertex> vertices(const ImDrawData* data) {
  std::vector<Vertex> out;
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImDrawList* list = data->CmdLists[l];
    for (const ImDrawVert& v : list->VtxBuffer) {
      out.push_back({v.pos, v.col & 0xFFu, (v.col >> 8) & 0xFFu, (v.col >> 16) & 0xFFu,
                     (v.col >> 24) & 0xFFu});
    }
  }
  return out;
}

}  // namespace resonant::ui::testing
