// GLFW window + Dear ImGui context + OpenGL 3.3 backend: the ImGui example loop
// (poll, new frame, draw, render, swap), plus an in-process PNG screenshot of the last frame
// for headless checks under Xvfb (stack-notes.md §3, §5).
#include <resonant/ui/app_window.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <GLFW/glfw3.h>  // also brings the GL 1.x API used here (viewport, clear, read pixels)
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "widgets/gl_textures.hpp"
#include "window_modes.hpp"

namespace resonant::ui {
namespace {

using Clock = std::chrono::steady_clock;

// In --frames mode frames are paced at 60 per second so N frames last about N/60 s and a
// simulated person has time to produce beats. Interactively vsync paces the loop; the cap
// only guards against drivers (or Xvfb) that ignore vsync and would spin a core.
constexpr double kFramesModeFps = 60.0;
constexpr double kInteractiveMaxFps = 120.0;

std::string g_last_glfw_error;  // main thread only (GLFW reports errors on the calling thread)

void on_glfw_error(int code, const char* description) {
  g_last_glfw_error = description != nullptr ? description : ("error " + std::to_string(code));
}

std::string glfw_error_text() {
  const char* desc = nullptr;
  if (glfwGetError(&desc) != GLFW_NO_ERROR && desc != nullptr) return desc;
  return g_last_glfw_error.empty() ? std::string("unknown error") : g_last_glfw_error;
}

float colour_channel(ImU32 c, int shift) {
  return static_cast<float>((c >> shift) & 0xFFu) / 255.0f;
}

// Tears down in reverse order of set-up, whatever happens inside the loop.
struct Session {
  GLFWwindow* window = nullptr;
  bool imgui = false;
  bool glfw_backend = false;
  bool gl_backend = false;
  ~Session() {
    if (gl_backend) {
      gl_textures::uninstall();
      ImGui_ImplOpenGL3_Shutdown();
    }
    if (glfw_backend) ImGui_ImplGlfw_Shutdown();
    if (imgui) ImGui::DestroyContext();
    if (window != nullptr) glfwDestroyWindow(window);
    glfwTerminate();
  }
};

/// F toggles full screen, Esc leaves it (detail::window_key_action()).
void handle_window_keys(GLFWwindow* window, detail::FullScreen& full_screen) {
  switch (detail::window_key_action()) {
    case detail::WindowKeyAction::kToggleFullScreen: full_screen.toggle(window); return;
    case detail::WindowKeyAction::kLeaveFullScreen: full_screen.leave(window); return;
    case detail::WindowKeyAction::kNone: return;
  }
}

/// Opens, draws or closes the client window as asked; false when the loop must end (its
/// screenshot could not be written).
bool step_client_window(const ClientWindowOptions& client, detail::ClientWindow& window, bool last,
                        RunResult& result) {
  if (window.close_requested()) {
    window.close();
    if (client.on_closed) client.on_closed();
  }
  const bool wanted = client.wanted && client.wanted();
  if (!wanted) {
    window.close();
    return true;
  }
  if (!window.is_open()) {
    std::string message;
    if (!window.open(client.width, client.height, client.title, message)) {
      std::fprintf(stderr, "%s\n", message.c_str());
      if (client.on_closed) client.on_closed();
      return true;
    }
  }
  window.begin_frame();
  if (client.draw) client.draw(FrameContext{window.fonts(), window.content_scale()});
  const bool shoot = last && !client.screenshot_path.empty();
  if (!window.end_frame(shoot, client.screenshot_path)) {
    result.exit_code = 1;
    result.message = "resonant: cannot write the client window's screenshot to " + client.screenshot_path;
    return false;
  }
  return true;
}

}  // namespace

FrameTimeStats frame_time_stats(std::vector<double> frame_ms) {
  FrameTimeStats stats;
  stats.frames = frame_ms.size();
  if (frame_ms.empty()) return stats;
  std::sort(frame_ms.begin(), frame_ms.end());
  const std::size_t n = frame_ms.size();
  stats.median_ms = n % 2 == 1 ? frame_ms[n / 2] : 0.5 * (frame_ms[n / 2 - 1] + frame_ms[n / 2]);
  const auto p99_index = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(n))) - 1;
  stats.p99_ms = frame_ms[std::min(p99_index, n - 1)];
  return stats;
}

namespace {

std::string no_display_message() {
  return "resonant: no display available (GLFW: " + glfw_error_text() +
         "). Run under a desktop session, or use resonant-cli session --simulate for a "
         "headless live session.";
}

}  // namespace

bool probe_display(std::string& message) {
  glfwSetErrorCallback(on_glfw_error);
  if (glfwInit() == GLFW_FALSE) {
    message = no_display_message();
    return false;
  }
  glfwTerminate();
  return true;
}

RunResult run_window(const WindowOptions& options,
                     const std::function<void(const FrameContext&)>& draw_frame,
                     const ClientWindowOptions* client) {
  RunResult result;
  glfwSetErrorCallback(on_glfw_error);
  if (glfwInit() == GLFW_FALSE) {
    result.exit_code = 2;
    result.message = no_display_message();
    return result;
  }
  Session session;

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // --size is in logical pixels
  session.window = glfwCreateWindow(std::max(options.width, 320), std::max(options.height, 240),
                                    options.title.c_str(), nullptr, nullptr);
  if (session.window == nullptr) {
    result.exit_code = 2;
    result.message = "resonant: cannot open a window with OpenGL 3.3 (GLFW: " +
                     glfw_error_text() +
                     "). Check the graphics driver, or use resonant-cli session --simulate.";
    return result;
  }
  if (options.has_position) glfwSetWindowPos(session.window, options.x, options.y);
  glfwMakeContextCurrent(session.window);
  glfwSwapInterval(options.frames > 0 ? 0 : 1);

  float scale_x = 1.0f;
  float scale_y = 1.0f;
  glfwGetWindowContentScale(session.window, &scale_x, &scale_y);
  const float content_scale =
      std::isfinite(scale_x) && scale_x > 0.0f ? std::max(scale_x, scale_y) : 1.0f;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  session.imgui = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout persistence comes later; tests must not write files
  io.LogFilename = nullptr;
  // The person's font scale multiplies the monitor's (text and the style's paddings); a
  // change through options.live_font_scale rebuilds the fonts between frames.
  float font_scale = std::clamp(options.font_scale, kMinFontScale, kMaxFontScale);
  apply_theme(content_scale * font_scale);
  Fonts fonts = load_fonts(content_scale * font_scale);
  session.glfw_backend = ImGui_ImplGlfw_InitForOpenGL(session.window, true);
  session.gl_backend = ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!session.glfw_backend || !session.gl_backend) {
    result.exit_code = 2;
    result.message = "resonant: the OpenGL 3.3 renderer could not start.";
    return result;
  }

  gl_textures::install();  // the pacer glow and solid-fill textures (widgets/gl_textures.hpp)
  const FrameContext context{fonts, content_scale};
  detail::FullScreen full_screen;
  if (options.full_screen) full_screen.toggle(session.window);  // the same path as pressing F
  detail::ClientWindow client_window;  // destroyed before session: its contexts go first
  const double fps_cap = options.frames > 0 ? kFramesModeFps : kInteractiveMaxFps;
  const auto frame_period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / fps_cap));
  std::vector<double> frame_ms;
  double first_frame_ms = 0.0;
  frame_ms.reserve(options.frames > 0 ? static_cast<std::size_t>(options.frames) : 4096u);

  for (int frame = 0; !glfwWindowShouldClose(session.window); ++frame) {
    // First thing each turn, so a minimised window still ends on SIGINT/SIGTERM.
    if (options.stop_requested != nullptr && options.stop_requested->load()) break;
    const auto start = Clock::now();
    glfwPollEvents();
    if (glfwGetWindowAttrib(session.window, GLFW_ICONIFIED) != 0 && options.frames <= 0) {
      glfwWaitEventsTimeout(0.1);  // minimised: nothing to draw, do not spin
      continue;
    }
    if (options.live_font_scale != nullptr && *options.live_font_scale != font_scale) {
      font_scale = std::clamp(*options.live_font_scale, kMinFontScale, kMaxFontScale);
      ImGui::GetIO().Fonts->Clear();
      fonts = load_fonts(content_scale * font_scale);  // context refers to fonts: updated too
      apply_theme(content_scale * font_scale);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    draw_frame(context);
    handle_window_keys(session.window, full_screen);
    ImGui::Render();

    int fb_w = 0;
    int fb_h = 0;
    glfwGetFramebufferSize(session.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImU32 bg = palette::kBackground;  // read each frame: it follows use_theme()
    glClearColor(colour_channel(bg, 0), colour_channel(bg, 8), colour_channel(bg, 16), 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    const bool last = options.frames > 0 && frame + 1 >= options.frames;
    const bool shoot = last && !options.screenshot_path.empty();
    // A frame's cost includes the swap (software renderers draw there). On the screenshot
    // frame, glFinish() stands in for the swap so the read-back and PNG encoding are not
    // counted as drawing.
    if (shoot) {
      glFinish();
    } else {
      glfwSwapBuffers(session.window);
    }
    const double this_frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (frame == 0) {
      first_frame_ms = this_frame_ms;  // one-time work: font texture upload, shader compile
    } else {
      frame_ms.push_back(this_frame_ms);
    }
    if (shoot) {
      if (!detail::write_framebuffer_png(options.screenshot_path, fb_w, fb_h)) {
        result.exit_code = 1;
        result.message = "resonant: cannot write the screenshot to " + options.screenshot_path;
      }
      glfwSwapBuffers(session.window);
    }
    if (client != nullptr) {
      const auto client_start = Clock::now();
      if (!step_client_window(*client, client_window, last, result)) break;
      const double client_ms = std::chrono::duration<double, std::milli>(Clock::now() - client_start).count();
      (frame == 0 ? first_frame_ms : frame_ms.back()) += client_ms;
    }
    if (last) break;
    std::this_thread::sleep_until(start + frame_period);
  }
  glfwGetWindowSize(session.window, &result.width, &result.height);
  glfwGetWindowPos(session.window, &result.x, &result.y);
  if (full_screen.active(session.window)) {  // remember the window, not the monitor
    result.width = full_screen.windowed_width();
    result.height = full_screen.windowed_height();
    result.x = full_screen.windowed_x();
    result.y = full_screen.windowed_y();
  }
  result.width = static_cast<int>(std::lround(static_cast<float>(result.width) / content_scale));
  result.height = static_cast<int>(std::lround(static_cast<float>(result.height) / content_scale));
  result.window_known = true;
  result.frame_time = frame_time_stats(std::move(frame_ms));
  result.frame_time.first_frame_ms = first_frame_ms;
  return result;
}

}  // namespace resonant::ui
