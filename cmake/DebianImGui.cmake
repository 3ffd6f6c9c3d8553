# Dear ImGui 1.86 from Debian bookworm's libimgui-dev (see ../shared/docs/stack-notes.md).
#   imgui::imgui             core (libimgui.a + -lstb), headers /usr/include/imgui
#   imgui::backend_glfw_gl3  GLFW + OpenGL3 backends, headers /usr/include/imgui/backends
# The backend sources ship only under /usr/share/doc; when a slim image strips them we fall
# back to the backend objects that Debian also put inside libimgui.a.
option(IMGUI_USE_PREBUILT_BACKENDS "Use backend objects inside libimgui.a" OFF)

find_package(PkgConfig REQUIRED)
pkg_check_modules(IMGUI_PC REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
find_package(glfw3 3.3 REQUIRED)
find_package(OpenGL REQUIRED)

find_path(IMGUI_BACKEND_INC_DIR NAMES imgui_impl_glfw.h PATH_SUFFIXES imgui/backends REQUIRED)
find_path(IMGUI_BACKEND_SRC_DIR
  NAMES imgui_impl_glfw.cpp imgui_impl_glfw.cpp.gz
  PATHS /usr/share/doc/libimgui-dev/examples/backends
  NO_DEFAULT_PATH)

set(_imgui_backend_srcs)
if(IMGUI_BACKEND_SRC_DIR AND NOT IMGUI_USE_PREBUILT_BACKENDS)
  foreach(_b imgui_impl_glfw imgui_impl_opengl3)
    if(EXISTS "${IMGUI_BACKEND_SRC_DIR}/${_b}.cpp")
      list(APPEND _imgui_backend_srcs "${IMGUI_BACKEND_SRC_DIR}/${_b}.cpp")
    elseif(EXISTS "${IMGUI_BACKEND_SRC_DIR}/${_b}.cpp.gz")
      set(_out "${CMAKE_BINARY_DIR}/imgui_backends/${_b}.cpp")
      add_custom_command(OUTPUT "${_out}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/imgui_backends"
        COMMAND sh -c "gzip -dc '${IMGUI_BACKEND_SRC_DIR}/${_b}.cpp.gz' > '${_out}'"
        DEPENDS "${IMGUI_BACKEND_SRC_DIR}/${_b}.cpp.gz" VERBATIM)
      list(APPEND _imgui_backend_srcs "${_out}")
    endif()
  endforeach()
endif()

if(_imgui_backend_srcs)
  add_library(imgui_backend_glfw_gl3 STATIC ${_imgui_backend_srcs})
  set(_kind PUBLIC)
  message(STATUS "ImGui ${IMGUI_PC_VERSION}: backends compiled from ${IMGUI_BACKEND_SRC_DIR}")
else()
  add_library(imgui_backend_glfw_gl3 INTERFACE)
  set(_kind INTERFACE)
  message(STATUS "ImGui ${IMGUI_PC_VERSION}: using backend objects prebuilt in libimgui.a")
endif()
target_include_directories(imgui_backend_glfw_gl3 ${_kind} ${IMGUI_BACKEND_INC_DIR})
# Order matters with the static archive: -limgui -lstb before -lglfw -lGL.
target_link_libraries(imgui_backend_glfw_gl3 ${_kind} PkgConfig::IMGUI_PC glfw OpenGL::GL ${CMAKE_DL_LIBS})
add_library(imgui::backend_glfw_gl3 ALIAS imgui_backend_glfw_gl3)
