#pragma once
// Textures our code makes (no files: registered per GL context at start-up, pixels computed
// and uploaded on first use and again on a theme change) so large fills cost less in
// software OpenGL (Mesa llvmpipe under Xvfb), where the cost is per blended, textured pixel:
// - the pacer's soft disc and glow as ONE pre-computed texture, drawn as a single textured
//   octagon (nearest sampling) instead of ~2,000 thin triangles sampling the font atlas
//   bilinearly, so the main screen's frame time no longer swells at full inhale;
// - a 1x1 white texture with nearest sampling for big solid fills (cards, plot bands): the
//   same colours, but one texel fetch per pixel instead of four.
//
// Threading: UI thread only (OpenGL and the ImGui context are the UI thread's). One texture
// per ImGui context (the main window and the client window each have their own GL context).
// Without an installed renderer (headless tests) pacer_glow() returns nullptr and callers
// draw the same look as meshes (widgets/shapes.hpp).
#include <cstdint>
#include <vector>

#include <imgui.h>

namespace resonant::ui::gl_textures {

/// Colours of the disc-with-glow: centre -> mid (55 % of the radius) -> rim at the radius,
/// then a halo from glow (at the radius) to transparent at radius * (1 + reach).
struct GlowLook {
  ImU32 centre = 0;
  ImU32 rim = 0;
  ImU32 glow = 0;
  float reach = 0.0f;  // (0, 1]: the halo's width as a fraction of the radius
  bool operator==(const GlowLook&) const = default;
};

/// size x size RGBA pixels (ImU32, row-major) covering [-E, E]^2 around the centre, where
/// E = texture_extent(look) in units of the radius. Pure: testable without OpenGL.
std::vector<ImU32> glow_pixels(const GlowLook& look, int size_px);

/// Half the texture's width in units of the disc's radius: the halo plus a transparent
/// border of one texel so bilinear filtering never bleeds past it.
float texture_extent(const GlowLook& look, int size_px);

/// Texture side in pixels: one texel per ~1 screen pixel for the largest pacer at 1280x800.
inline constexpr int kTextureSizePx = 512;

/// Makes glow textures available in the current ImGui context (call after the OpenGL3
/// backend is initialised, with its GL context current).
void install();
/// Deletes the current ImGui context's texture (call before the backend shuts down).
void uninstall();

/// The texture for `look` in the current ImGui context (built on first use and rebuilt when
/// the look changes, e.g. a new theme), or nullptr when no renderer is installed.
ImTextureID pacer_glow(const GlowLook& look);

/// A 1x1 white texture sampled nearest, or nullptr when no renderer is installed. Any UV
/// samples white, so ImGui's filled shapes look the same drawn with it.
ImTextureID solid_white();

/// Pushes solid_white() on dl's texture stack for the big fills that follow; does nothing
/// (its destructor pops it) without a renderer, so the fills use the font atlas.
class SolidFill {
 public:
  explicit SolidFill(ImDrawList* dl);
  ~SolidFill();
  SolidFill(const SolidFill&) = delete;
  SolidFill& operator=(const SolidFill&) = delete;

 private:
  ImDrawList* dl_ = nullptr;
};

/// Draws the disc of `radius` with its halo around centre using the texture, tinted by
/// `tint` (white keeps the colours; its alpha fades the whole). Returns false (drawing
/// nothing) when no texture is available.
bool draw_disc_with_glow(ImDrawList* dl, ImVec2 centre, float radius, const GlowLook& look,
                         ImU32 tint = IM_COL32_WHITE);

}  // namespace resonant::ui::gl_textures
