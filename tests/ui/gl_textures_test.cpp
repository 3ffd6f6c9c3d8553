// The pacer's glow texture: its pixels reproduce the mesh version's colours (centre, rim,
// halo fading to nothing), and without a renderer nothing is drawn so callers fall back.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/ui/theme.hpp>

#include "view_test_support.hpp"
#include "widgets/gl_textures.hpp"
#include "widgets/shapes.hpp"

namespace resonant::ui {
namespace {

constexpr int kSizePx = 64;
const gl_textures::GlowLook kLook{IM_COL32(200, 240, 230, 255), IM_COL32(20, 90, 100, 255),
                                  IM_COL32(60, 180, 170, 77), 0.16f};

int channel(ImU32 c, int shift) { return static_cast<int>((c >> shift) & 0xFFu); }

// The texel whose centre is nearest to (u, v), both in units of the disc's radius.
ImU32 texel_at(const std::vector<ImU32>& px, float u, float v) {
  const float extent = gl_textures::texture_extent(kLook, kSizePx);
  const auto index = [&](float w) {
    return std::clamp(static_cast<int>((w + extent) / (2.0f * extent) * kSizePx), 0, kSizePx - 1);
  };
  return px[static_cast<std::size_t>(index(v) * kSizePx + index(u))];
}

void expect_near_colour(ImU32 got, ImU32 want, int tolerance) {
  for (int shift : {0, 8, 16, 24}) {
    EXPECT_LE(std::abs(channel(got, shift) - channel(want, shift)), tolerance) << "shift " << shift;
  }
}

TEST(GlowTexture, ExtentCoversTheHaloPlusOneTexel) {
  const float extent = gl_textures::texture_extent(kLook, kSizePx);
  EXPECT_NEAR(extent, 1.16f * 64.0f / 62.0f, 1e-5f);
}

TEST(GlowTexture, CentreRimHaloAndOutside) {
  const std::vector<ImU32> px = gl_textures::glow_pixels(kLook, kSizePx);
  ASSERT_EQ(px.size(), static_cast<std::size_t>(kSizePx * kSizePx));
  // Texels are ~0.037 radius wide: colours within a few levels of the exact gradient.
  expect_near_colour(texel_at(px, 0.0f, 0.0f), kLook.centre, 6);
  // Near the rim: the mid -> rim gradient at that texel's own distance from the centre.
  const float extent = gl_textures::texture_extent(kLook, kSizePx);
  const int rim_col = static_cast<int>((0.97f + extent) / (2.0f * extent) * kSizePx);
  const float rim_d = -extent + (static_cast<float>(rim_col) + 0.5f) * 2.0f * extent / kSizePx;
  ASSERT_GT(rim_d, 0.9f);
  ASSERT_LT(rim_d, 1.0f);
  const int middle_row = kSizePx / 2;  // its centre is half a texel below the axis
  const float row_v = -extent + (static_cast<float>(middle_row) + 0.5f) * 2.0f * extent / kSizePx;
  const float d = std::sqrt(rim_d * rim_d + row_v * row_v);
  const ImU32 mid = mix(kLook.centre, kLook.rim, shapes::kDiscMidMix);
  expect_near_colour(px[static_cast<std::size_t>(middle_row * kSizePx + rim_col)],
                     mix(mid, kLook.rim, (d - shapes::kDiscMidShare) / (1.0f - shapes::kDiscMidShare)), 1);
  // Just outside the disc: the glow's colour at about its full alpha.
  const ImU32 halo = texel_at(px, 0.0f, 1.02f);
  EXPECT_EQ(halo & 0x00FFFFFFu, kLook.glow & 0x00FFFFFFu);
  EXPECT_GT(channel(halo, 24), 55);
  EXPECT_LE(channel(halo, 24), 77);
  // Halfway through the halo, about half the alpha; beyond it and in the corners, none.
  EXPECT_NEAR(channel(texel_at(px, -1.08f, 0.0f), 24), 77 / 2, 8);
  EXPECT_EQ(channel(texel_at(px, 1.17f, 0.0f), 24), 0);
  EXPECT_EQ(channel(px.front(), 24), 0);
  EXPECT_EQ(channel(px.back(), 24), 0);
}

TEST(GlowTexture, WithoutRendererNothingIsDrawnAndFillsUseTheAtlas) {
  testing::ImGuiHarness h;
  h.frame([&] {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int vertices = dl->VtxBuffer.Size;
    EXPECT_EQ(gl_textures::pacer_glow(kLook), nullptr);
    EXPECT_EQ(gl_textures::solid_white(), nullptr);
    EXPECT_FALSE(gl_textures::draw_disc_with_glow(dl, ImVec2(100, 100), 50.0f, kLook));
    EXPECT_EQ(dl->VtxBuffer.Size, vertices);
    const ImTextureID atlas = dl->_CmdHeader.TextureId;
    {
      const gl_textures::SolidFill solid(dl);
      EXPECT_EQ(dl->_CmdHeader.TextureId, atlas);
    }
  });
}

}  // namespace
}  // namespace resonant::ui
