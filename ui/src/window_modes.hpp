#pragma once
// Window modes for app_window.cpp: full screen on and off (F, Esc), and the office mode's
// client window, a second GLFW window with its own OpenGL context and its own ImGui context
// (fonts loaded again into its own atlas: nothing is shared between the two contexts, so
// either window can close without touching the other's textures).
//
// Threading contract: main thread only (GLFW), like run_window().
#include <string>

#include <resonant/ui/theme.hpp>

struct GLFWwindow;
struct ImGuiContext;

namespace resonant::ui::detail {

/// What the main window's keys ask for this frame: F toggles full screen, Esc leaves it,
/// neither while a text field takes the keys. Reads the current ImGui context's input (the
/// GLFW backend fills io.KeysDown with GLFW key codes), so it is testable without a window.
enum class WindowKeyAction { kNone, kToggleFullScreen, kLeaveFullScreen };
WindowKeyAction window_key_action();

/// Full screen on the monitor under the window's centre, or back to the size and place it
/// had before.
class FullScreen {
 public:
  void toggle(GLFWwindow* window);
  void leave(GLFWwindow* window);
  bool active(GLFWwindow* window) const;
  /// The windowed size to return to (screen coordinates; 0 before the first toggle).
  int windowed_width() const { return width_; }
  int windowed_height() const { return height_; }
  int windowed_x() const { return x_; }
  int windowed_y() const { return y_; }

 private:
  int x_ = 0, y_ = 0, width_ = 0, height_ = 0;  // windowed geometry to return to
};

/// The second OS window. open() creates the window and its ImGui context (the main window's
/// GL context and ImGui context are current again when it returns); each frame
/// begin_frame() makes the client current and starts an ImGui frame, end_frame() renders
/// it and restores the main window's contexts. F toggles full screen, Esc leaves it.
class ClientWindow {
 public:
  ClientWindow() = default;
  ~ClientWindow() { close(); }
  ClientWindow(const ClientWindow&) = delete;
  ClientWindow& operator=(const ClientWindow&) = delete;

  /// False with message set when the window cannot open.
  bool open(int width, int height, const std::string& title, std::string& message);
  void close();
  bool is_open() const { return window_ != nullptr; }
  /// The person closed it (the window's close button).
  bool close_requested() const;

  const Fonts& fonts() const { return fonts_; }
  float content_scale() const { return content_scale_; }

  void begin_frame();
  /// Renders the frame; shoot: read back the frame into png_path instead of swapping first.
  /// Returns false when the PNG could not be written.
  bool end_frame(bool shoot, const std::string& png_path);

 private:
  void make_current();
  void restore_main();

  GLFWwindow* window_ = nullptr;
  ImGuiContext* imgui_ = nullptr;
  GLFWwindow* main_window_ = nullptr;
  ImGuiContext* main_imgui_ = nullptr;
  bool glfw_backend_ = false;
  bool gl_backend_ = false;
  Fonts fonts_{};
  float content_scale_ = 1.0f;
  FullScreen full_screen_;
};

/// Reads the current framebuffer (width x height) into a PNG; false when it cannot be written.
bool write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace resonant::ui::detail
