#pragma once
// The application window: GLFW + Dear ImGui + OpenGL 3.3, in the ImGui example loop
// (poll, new frame, draw, render, swap). It knows nothing about the engine: the caller's
// per-frame function draws and talks to the engine.
//
// Threading contract: call run_window() from the main thread (GLFW requires it).
#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>
#include <string>

#include <resonant/ui/theme.hpp>

namespace resonant::ui {

struct WindowOptions {
  int width = 1280;                 // logical size; multiplied by the content scale on HiDPI
  int height = 800;
  std::string title = "Resonant";
  bool has_position = false;        // place the window at x, y (screen coordinates) when true
  int x = 0;
  int y = 0;
  bool full_screen = false;         // start full screen (as pressing F); Esc leaves it
  float font_scale = 1.0f;          // the person's font scale [kMinFontScale, kMaxFontScale]
  /// When set, read before each frame: a new value rebuilds the fonts (UI thread only).
  const float* live_font_scale = nullptr;
  int frames = 0;                   // > 0: render exactly this many frames, capped at 60 fps
  std::string screenshot_path;      // non-empty: write the last frame as PNG, then exit
  /// When set and it becomes true (e.g. from a SIGINT handler), the loop ends cleanly.
  const std::atomic<bool>* stop_requested = nullptr;
};

struct FrameTimeStats {
  std::size_t frames = 0;           // frames in the statistics (all but the first)
  double median_ms = 0.0;           // time producing a frame (poll..render), without the fps-cap
  double p99_ms = 0.0;              // sleep and without a screenshot's read-back and PNG encoding
  double first_frame_ms = 0.0;      // the first frame alone: it uploads fonts, compiles shaders
};

struct RunResult {
  int exit_code = 0;                // 0 ok, 1 screenshot could not be written, 2 no display
  std::string message;              // one line for stderr when exit_code != 0
  FrameTimeStats frame_time;
  // Where the window was when it closed (logical size, screen position), to save as a setting;
  // window_known false when no window opened.
  bool window_known = false;
  int width = 0;
  int height = 0;
  int x = 0;
  int y = 0;
};

/// What the per-frame function gets: the loaded fonts and the content scale.
struct FrameContext {
  const Fonts& fonts;
  float content_scale;
};

/// The office mode's second OS window (for a second monitor): the client's view, drawn in
/// its own ImGui context each frame after the main window's. F toggles full screen in either
/// window, Esc leaves it (the main window ignores them while a text field has focus).
struct ClientWindowOptions {
  std::function<bool()> wanted;       // polled every frame: true opens it, false closes it
  std::function<void()> on_closed;    // the person closed it with its close button
  std::function<void(const FrameContext&)> draw;  // between its NewFrame() and Render()
  std::string screenshot_path;        // with frames > 0: its last frame as PNG (if open)
  int width = 1024;                   // logical size when it opens
  int height = 640;
  std::string title = "Resonant";
};

/// Opens the window and runs until it is closed (or options.frames frames were drawn).
/// draw_frame is called between ImGui::NewFrame() and ImGui::Render(). client: the optional
/// second window (nullptr: none).
RunResult run_window(const WindowOptions& options,
                     const std::function<void(const FrameContext&)>& draw_frame,
                     const ClientWindowOptions* client = nullptr);

/// Whether a window can be opened here: initialises GLFW once and lets it go again.
/// On failure, message is the one-line explanation run_window() would give.
bool probe_display(std::string& message);

/// Median and 99th percentile of per-frame times in milliseconds (empty -> zeros).
FrameTimeStats frame_time_stats(std::vector<double> frame_ms);

}  // namespace resonant::ui
