#include <resonant/ui/theme.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace resonant::ui {
namespace {

ImVec4 to_vec4(ImU32 c, float alpha = 1.0f) {
  return ImVec4(static_cast<float>(c & 0xFFu) / 255.0f,
                static_cast<float>((c >> 8) & 0xFFu) / 255.0f,
                static_cast<float>((c >> 16) & 0xFFu) / 255.0f,
                static_cast<float>((c >> 24) & 0xFFu) / 255.0f * alpha);
}

std::uint8_t channel(ImU32 c, int shift) {
  return static_cast<std::uint8_t>((c >> shift) & 0xFFu);
}

// Glyphs the views use beyond Latin-1: dashes, ellipsis, arrows, minus sign, middle dot
// is in Latin-1 already. Static: the atlas keeps a pointer until it is built.
const ImWchar kTextGlyphs[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2190, 0x2195,  // arrows
    0x2212, 0x2212,  // minus sign
    0x25CF, 0x25CF,  // black circle
    0,
};
// The big number needs digits and the dash only; keeping it small keeps the atlas small.
const ImWchar kNumberGlyphs[] = {
    0x0020, 0x0039,
    0x2014, 0x2014,
    0,
};

}  // namespace

ImU32 with_alpha(ImU32 colour, float alpha) {
  const float a = static_cast<float>(channel(colour, 24)) * std::clamp(alpha, 0.0f, 1.0f);
  return (colour & 0x00FFFFFFu) | (static_cast<ImU32>(a + 0.5f) << 24);
}

ImU32 mix(ImU32 a, ImU32 b, float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  auto lerp = [t](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(static_cast<float>(x) +
                                     (static_cast<float>(y) - static_cast<float>(x)) * t + 0.5f);
  };
  return rgba(lerp(channel(a, 0), channel(b, 0)), lerp(channel(a, 8), channel(b, 8)),
              lerp(channel(a, 16), channel(b, 16)), lerp(channel(a, 24), channel(b, 24)));
}

Fonts load_fonts(float content_scale, const char* font_path) {
  ImGuiIO& io = ImGui::GetIO();
  const float scale = std::max(content_scale, 0.5f);
  Fonts fonts;
  std::error_code ec;
  if (font_path != nullptr && std::filesystem::is_regular_file(font_path, ec)) {
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 2;
    fonts.body = io.Fonts->AddFontFromFileTTF(font_path, kBodyFontPx * scale, &config, kTextGlyphs);
    fonts.medium =
        io.Fonts->AddFontFromFileTTF(font_path, kMediumFontPx * scale, &config, kTextGlyphs);
    fonts.large =
        io.Fonts->AddFontFromFileTTF(font_path, kLargeFontPx * scale, &config, kNumberGlyphs);
  }
  if (fonts.body == nullptr || fonts.medium == nullptr || fonts.large == nullptr) {
    // Missing font file: ImGui's built-in bitmap font (blocky when large, but readable).
    io.Fonts->Clear();
    ImFontConfig config;
    config.SizePixels = 13.0f * std::max(1.0f, std::round(scale));
    fonts.body = io.Fonts->AddFontDefault(&config);
    fonts.medium = fonts.body;
    fonts.large = fonts.body;
    std::fprintf(stderr, "resonant: font %s not found, using the built-in font\n",
                 font_path != nullptr ? font_path : "(none)");
  }
  io.FontDefault = fonts.body;
  return fonts;
}

void apply_theme(float content_scale) {
  ImGuiStyle style;  // start from defaults so repeated calls do not compound the scale
  ImGui::StyleColorsDark(&style);

  style.WindowPadding = ImVec2(18.0f, 16.0f);
  style.FramePadding = ImVec2(12.0f, 7.0f);
  style.ItemSpacing = ImVec2(10.0f, 8.0f);
  style.ItemInnerSpacing = ImVec2(8.0f, 6.0f);
  style.WindowRounding = 12.0f;
  style.ChildRounding = 14.0f;
  style.FrameRounding = 10.0f;
  style.PopupRounding = 10.0f;
  style.GrabRounding = 10.0f;
  style.WindowBorderSize = 0.0f;
  style.ChildBorderSize = 0.0f;
  style.PopupBorderSize = 1.0f;
  style.FrameBorderSize = 0.0f;
  style.WindowTitleAlign = ImVec2(0.5f, 0.5f);
  style.ButtonTextAlign = ImVec2(0.5f, 0.5f);
  style.AntiAliasedLines = true;
  style.AntiAliasedFill = true;
  style.CircleTessellationMaxError = 0.2f;  // smooth large circles

  using namespace palette;
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = to_vec4(kText);
  c[ImGuiCol_TextDisabled] = to_vec4(kTextFaint);
  c[ImGuiCol_WindowBg] = to_vec4(kBackground);
  c[ImGuiCol_ChildBg] = to_vec4(kCard, 0.0f);
  c[ImGuiCol_PopupBg] = to_vec4(rgba(0x25, 0x2F, 0x40));
  c[ImGuiCol_Border] = to_vec4(kCardEdge);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = to_vec4(rgba(0x2A, 0x35, 0x47));
  c[ImGuiCol_FrameBgHovered] = to_vec4(rgba(0x32, 0x3F, 0x54));
  c[ImGuiCol_FrameBgActive] = to_vec4(rgba(0x3A, 0x49, 0x60));
  c[ImGuiCol_TitleBg] = to_vec4(kCard);
  c[ImGuiCol_TitleBgActive] = to_vec4(kCard);
  c[ImGuiCol_TitleBgCollapsed] = to_vec4(kCard);
  c[ImGuiCol_Button] = to_vec4(rgba(0x2A, 0x36, 0x48));
  c[ImGuiCol_ButtonHovered] = to_vec4(rgba(0x34, 0x47, 0x58));
  c[ImGuiCol_ButtonActive] = to_vec4(rgba(0x3D, 0x58, 0x63));
  c[ImGuiCol_Header] = to_vec4(rgba(0x2A, 0x36, 0x48));
  c[ImGuiCol_HeaderHovered] = to_vec4(rgba(0x34, 0x42, 0x58));
  c[ImGuiCol_HeaderActive] = to_vec4(rgba(0x3C, 0x4B, 0x63));
  c[ImGuiCol_Separator] = to_vec4(kGrid);
  c[ImGuiCol_CheckMark] = to_vec4(kPacer);
  c[ImGuiCol_SliderGrab] = to_vec4(kPacer);
  c[ImGuiCol_SliderGrabActive] = to_vec4(kPacerLight);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = to_vec4(kGrid);
  c[ImGuiCol_NavHighlight] = to_vec4(kPacer, 0.6f);
  c[ImGuiCol_ModalWindowDimBg] = to_vec4(rgba(0x0E, 0x13, 0x1B), 0.55f);

  style.ScaleAllSizes(std::max(content_scale, 0.5f));
  ImGui::GetStyle() = style;
}

}  // namespace resonant::ui
