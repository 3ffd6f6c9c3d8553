#include "window_modes.hpp"
#include "widgets/gl_textures.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

namespace resonant::ui::detail {
namespace {

GLFWmonitor* monitor_under(GLFWwindow* window) {
  int wx = 0, wy = 0, ww = 0, wh = 0;
  glfwGetWindowPos(window, &wx, &wy);
  glfwGetWindowSize(window, &ww, &wh);
  const int cx = wx + ww / 2;
  const int cy = wy + wh / 2;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
    int mx = 0, my = 0;
    glfwGetMonitorPos(monitors[i], &mx, &my);
    if (mode != nullptr && cx >= mx && cx < mx + mode->width && cy >= my && cy < my + mode->height) {
      return monitors[i];
    }
  }
  return glfwGetPrimaryMonitor();
}

float colour_channel(ImU32 c, int shift) { return static_cast<float>((c >> shift) & 0xFFu) / 255.0f; }

// The client window's own keys (it has no ImGui input callbacks): F and Esc.
void on_client_key(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
  if (action != GLFW_PRESS) return;
  auto* self = static_cast<FullScreen*>(glfwGetWindowUserPointer(window));
  if (self == nullptr) return;
  if (key == GLFW_KEY_F) self->toggle(window);
  if (key == GLFW_KEY_ESCAPE) self->leave(window);
}

}  // namespace

WindowKeyAction window_key_action() {
  if (ImGui::GetIO().WantTextInput) return WindowKeyAction::kNone;
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) return WindowKeyAction::kToggleFullScreen;
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) return WindowKeyAction::kLeaveFullScreen;
  return WindowKeyAction::kNone;
}

bool FullScreen::active(GLFWwindow* window) const { return glfwGetWindowMonitor(window) != nullptr; }

void FullScreen::toggle(GLFWwindow* window) {
  if (active(window)) {
    leave(window);
    return;
  }
  GLFWmonitor* monitor = monitor_under(window);
  const GLFWvidmode* mode = monitor != nullptr ? glfwGetVideoMode(monitor) : nullptr;
  if (mode == nullptr) return;  // no monitor to fill (e.g. a headless server): stay windowed
  glfwGetWindowPos(window, &x_, &y_);
  glfwGetWindowSize(window, &width_, &height_);
  glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
}

void FullScreen::leave(GLFWwindow* window) {
  if (!active(window)) return;
  glfwSetWindowMonitor(window, nullptr, x_, y_, std::max(width_, 320), std::max(height_, 240), 0);
}

bool ClientWindow::open(int width, int height, const std::string& title, std::string& message) {
  if (window_ != nullptr) return true;
  main_window_ = glfwGetCurrentContext();
  main_imgui_ = ImGui::GetCurrentContext();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window_ = glfwCreateWindow(std::max(width, 320), std::max(height, 240), title.c_str(), nullptr, nullptr);
  if (window_ == nullptr) {
    message = "resonant: cannot open the client window (OpenGL 3.3); the therapist window goes on.";
    return false;
  }
  glfwSetWindowUserPointer(window_, &full_screen_);
  glfwSetKeyCallback(window_, on_client_key);
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(0);  // the main window's swap paces the loop
  float sx = 1.0f, sy = 1.0f;
  glfwGetWindowContentScale(window_, &sx, &sy);
  content_scale_ = std::isfinite(sx) && sx > 0.0f ? std::max(sx, sy) : 1.0f;

  imgui_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(imgui_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  apply_theme(content_scale_);
  fonts_ = load_fonts(content_scale_);
  // No input callbacks: the client only watches (its keys are on_client_key's).
  glfw_backend_ = ImGui_ImplGlfw_InitForOpenGL(window_, false);
  gl_backend_ = ImGui_ImplOpenGL3_Init("#version 330 core");
  const bool ok = glfw_backend_ && gl_backend_;
  if (ok) gl_textures::install();
  restore_main();
  if (!ok) {
    close();
    message = "resonant: the client window's OpenGL 3.3 renderer could not start.";
  }
  return ok;
}

void ClientWindow::close() {
  if (window_ == nullptr) return;
  make_current();
  if (gl_backend_) {
    gl_textures::uninstall();
    ImGui_ImplOpenGL3_Shutdown();
  }
  if (glfw_backend_) ImGui_ImplGlfw_Shutdown();
  gl_backend_ = glfw_backend_ = false;
  if (imgui_ != nullptr) ImGui::DestroyContext(imgui_);
  imgui_ = nullptr;
  glfwDestroyWindow(window_);
  window_ = nullptr;
  restore_main();
}

bool ClientWindow::close_requested() const {
  return window_ != nullptr && glfwWindowShouldClose(window_) != 0;
}

void ClientWindow::make_current() {
  glfwMakeContextCurrent(window_);
  if (imgui_ != nullptr) ImGui::SetCurrentContext(imgui_);
}

void ClientWindow::restore_main() {
  glfwMakeContextCurrent(main_window_);
  ImGui::SetCurrentContext(main_imgui_);
}

void ClientWindow::begin_frame() {
  make_current();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

bool ClientWindow::end_frame(bool shoot, const std::string& png_path) {
  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  const ImU32 bg = palette::kBackground;
  glClearColor(colour_channel(bg, 0), colour_channel(bg, 8), colour_channel(bg, 16), 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  bool written = true;
  if (shoot) {
    glFinish();
    written = write_framebuffer_png(png_path, fb_w, fb_h);
  }
  glfwSwapBuffers(window_);
  restore_main();
  return written;
}

bool write_framebuffer_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return false;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4u);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque picture
  stbi_flip_vertically_on_write(1);  // GL rows run bottom-up
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

}  // namespace resonant::ui::detail
