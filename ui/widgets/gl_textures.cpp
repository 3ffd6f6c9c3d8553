#include "widgets/gl_textures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <unordered_map>

#include <GLFW/glfw3.h>  // also brings the GL 1.x texture API used here

#include <resonant/ui/theme.hpp>

#include "widgets/shapes.hpp"

namespace resonant::ui::gl_textures {
namespace {

// Per ImGui context: its GL texture and the look it was built for. UI thread only.
struct Entry {
  GLuint texture = 0;  // the glow
  GlowLook look{};
  GLuint white = 0;    // 1x1 white, nearest
};
std::unordered_map<const ImGuiContext*, Entry>& registry() {
  static std::unordered_map<const ImGuiContext*, Entry> entries;
  return entries;
}

// The current ImGui context's entry, or nullptr when no renderer installed one.
Entry* current_entry() {
  auto& entries = registry();
  const auto it = entries.find(ImGui::GetCurrentContext());
  return it == entries.end() ? nullptr : &it->second;
}

// The colour at distance d (in units of the radius) from the centre, as the mesh version
// interpolates it: centre -> mid -> rim inside the disc, glow -> transparent in the halo.
ImU32 colour_at(const GlowLook& look, float d) {
  const ImU32 mid = mix(look.centre, look.rim, shapes::kDiscMidMix);
  if (d <= shapes::kDiscMidShare) return mix(look.centre, mid, d / shapes::kDiscMidShare);
  if (d <= 1.0f) return mix(mid, look.rim, (d - shapes::kDiscMidShare) / (1.0f - shapes::kDiscMidShare));
  const float halo = (d - 1.0f) / look.reach;
  if (halo >= 1.0f) return look.glow & 0x00FFFFFFu;  // the glow's colour, fully transparent
  return mix(look.glow, look.glow & 0x00FFFFFFu, halo);
}

void upload(GLuint texture, int size_px, const ImU32* pixels) {
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  // ImU32 is R in the low byte (IM_COL32): in memory on little-endian that is R, G, B, A.
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, size_px, size_px, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               pixels);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
}

}  // namespace

float texture_extent(const GlowLook& look, int size_px) {
  const float outer = 1.0f + std::max(look.reach, 0.0f);
  // One transparent texel on each side: E = outer * size / (size - 2).
  return outer * static_cast<float>(size_px) / static_cast<float>(std::max(size_px - 2, 1));
}

std::vector<ImU32> glow_pixels(const GlowLook& look, int size_px) {
  std::vector<ImU32> pixels(static_cast<std::size_t>(size_px) * static_cast<std::size_t>(size_px));
  const float extent = texture_extent(look, size_px);
  const float texel = 2.0f * extent / static_cast<float>(size_px);
  for (int y = 0; y < size_px; ++y) {
    const float v = -extent + (static_cast<float>(y) + 0.5f) * texel;
    for (int x = 0; x < size_px; ++x) {
      const float u = -extent + (static_cast<float>(x) + 0.5f) * texel;
      pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(size_px) +
             static_cast<std::size_t>(x)] = colour_at(look, std::sqrt(u * u + v * v));
    }
  }
  return pixels;
}

void install() { registry().try_emplace(ImGui::GetCurrentContext()); }

void uninstall() {
  auto& entries = registry();
  const auto it = entries.find(ImGui::GetCurrentContext());
  if (it == entries.end()) return;
  if (it->second.texture != 0) glDeleteTextures(1, &it->second.texture);
  if (it->second.white != 0) glDeleteTextures(1, &it->second.white);
  entries.erase(it);
}

ImTextureID pacer_glow(const GlowLook& look) {
  Entry* found = current_entry();
  if (found == nullptr) return nullptr;
  Entry& entry = *found;
  if (entry.texture == 0) {
    glGenTextures(1, &entry.texture);
    if (entry.texture == 0) return nullptr;
    upload(entry.texture, kTextureSizePx, glow_pixels(look, kTextureSizePx).data());
    entry.look = look;
  } else if (!(entry.look == look)) {
    // A new theme: same texture object, new colours.
    upload(entry.texture, kTextureSizePx, glow_pixels(look, kTextureSizePx).data());
    entry.look = look;
  }
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(entry.texture));
}

ImTextureID solid_white() {
  Entry* found = current_entry();
  if (found == nullptr) return nullptr;
  Entry& entry = *found;
  if (entry.white == 0) {
    glGenTextures(1, &entry.white);
    if (entry.white == 0) return nullptr;
    const ImU32 white = IM_COL32_WHITE;
    upload(entry.white, 1, &white);
  }
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(entry.white));
}

SolidFill::SolidFill(ImDrawList* dl) {
  const ImTextureID white = solid_white();
  if (white == nullptr || dl == nullptr) return;
  dl_ = dl;
  dl_->PushTextureID(white);
}

SolidFill::~SolidFill() {
  if (dl_ != nullptr) dl_->PopTextureID();
}

bool draw_disc_with_glow(ImDrawList* dl, ImVec2 centre, float radius, const GlowLook& look,
                         ImU32 tint) {
  if (radius <= 0.0f) return true;
  const ImTextureID texture = pacer_glow(look);
  if (texture == nullptr) return false;
  // An octagon around the halo: eight big triangles (whole tiles for the rasteriser) whose
  // UVs map the texture's square [-E, E]^2 onto the screen.
  constexpr int kSides = 8;
  const float outer = radius * (1.0f + look.reach);
  const float corner = outer / std::cos(std::numbers::pi_v<float> / kSides);
  const float extent_px = radius * texture_extent(look, kTextureSizePx);
  dl->PushTextureID(texture);
  dl->PrimReserve(kSides * 3, kSides + 1);
  const auto first = static_cast<unsigned>(dl->_VtxCurrentIdx);
  dl->PrimWriteVtx(centre, ImVec2(0.5f, 0.5f), tint);
  for (int i = 0; i < kSides; ++i) {
    const float a = 2.0f * std::numbers::pi_v<float> * (static_cast<float>(i) + 0.5f) / kSides;
    const ImVec2 offset(std::cos(a) * corner, std::sin(a) * corner);
    dl->PrimWriteVtx(ImVec2(centre.x + offset.x, centre.y + offset.y),
                     ImVec2(0.5f + 0.5f * offset.x / extent_px, 0.5f + 0.5f * offset.y / extent_px),
                     tint);
  }
  for (unsigned i = 0; i < kSides; ++i) {
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(first));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(first + 1 + i));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(first + 1 + (i + 1) % kSides));
  }
  dl->PopTextureID();
  // The mesh version's anti-aliased rim outline keeps the edge as crisp as before.
  const float tint_alpha = static_cast<float>((tint >> IM_COL32_A_SHIFT) & 0xFFu) / 255.0f;
  dl->AddCircle(centre, radius - 0.5f, with_alpha(look.rim, tint_alpha),
                shapes::circle_segments(radius), 1.5f);
  return true;
}

}  // namespace resonant::ui::gl_textures
