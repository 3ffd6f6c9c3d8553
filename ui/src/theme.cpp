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

constexpr ThemeColours kLightColours{
    .background = rgba(0xEE, 0xF0, 0xF3),  // soft paper grey, not white
    .card = rgba(0xF8, 0xF9, 0xFA),
    .card_edge = rgba(0xD5, 0xDA, 0xE1),
    .text = rgba(0x24, 0x2B, 0x36),
    .text_muted = rgba(0x55, 0x60, 0x70),
    .text_faint = rgba(0x7F, 0x88, 0x96),
    .grid = rgba(0xD3, 0xD8, 0xDF),
    .pacer = rgba(0x4F, 0x9C, 0x9C),
    .pacer_light = rgba(0x8C, 0xC8, 0xC3),
    .pacer_deep = rgba(0x3B, 0x80, 0x83),
    .pacer_ink = rgba(0x14, 0x2A, 0x30),
    .pacer_ring = rgba(0x8A, 0x9A, 0xAC),
    .accent = rgba(0x36, 0x74, 0x77),  // the pacer's teal, deep enough to read on paper
    .heart = rgba(0xA9, 0x6E, 0x4C),
    .streaming = rgba(0x4F, 0x8F, 0x61),
    .waiting = rgba(0xA8, 0x7A, 0x2E),
    .failed = rgba(0xA8, 0x5E, 0x6C),
    .idle = rgba(0x7A, 0x84, 0x94),
    .popup = rgba(0xFA, 0xFB, 0xFC),
    .frame = rgba(0xE2, 0xE6, 0xEB),
    .frame_hovered = rgba(0xD6, 0xDC, 0xE3),
    .frame_active = rgba(0xC9, 0xD1, 0xDA),
    .button = rgba(0xE0, 0xE5, 0xEA),
    .button_hovered = rgba(0xD0, 0xDE, 0xE0),
    .button_active = rgba(0xBE, 0xD6, 0xD6),
    .modal_dim = rgba(0x60, 0x68, 0x74, 0x66),
};

// Night: everything stays below ~45 % brightness; the brightest thing is the peach centre of
// the pacer, and text is low-contrast amber-grey.
constexpr ThemeColours kNightColours{
    .background = rgba(0x14, 0x0F, 0x0C),  // deep brown-black
    .card = rgba(0x1C, 0x15, 0x11),
    .card_edge = rgba(0x26, 0x1D, 0x17),
    .text = rgba(0x94, 0x7F, 0x6C),
    .text_muted = rgba(0x8B, 0x76, 0x61),
    .text_faint = rgba(0x74, 0x62, 0x53),
    .grid = rgba(0x2A, 0x21, 0x1B),
    .pacer = rgba(0x8A, 0x5E, 0x3C),        // amber
    .pacer_light = rgba(0xA0, 0x72, 0x54),  // peach
    .pacer_deep = rgba(0x6A, 0x46, 0x2C),
    .pacer_ink = rgba(0x1E, 0x14, 0x0E),
    .pacer_ring = rgba(0x4A, 0x3A, 0x2E),
    .accent = rgba(0xA0, 0x72, 0x54),  // the pacer's peach centre
    .heart = rgba(0x8E, 0x68, 0x50),
    .streaming = rgba(0x6A, 0x74, 0x56),
    .waiting = rgba(0x86, 0x6C, 0x44),
    .failed = rgba(0x83, 0x5C, 0x58),
    .idle = rgba(0x7A, 0x6B, 0x5F),
    .popup = rgba(0x20, 0x18, 0x13),
    .frame = rgba(0x24, 0x1B, 0x15),
    .frame_hovered = rgba(0x2C, 0x22, 0x1A),
    .frame_active = rgba(0x34, 0x28, 0x1F),
    .button = rgba(0x24, 0x1B, 0x15),
    .button_hovered = rgba(0x2E, 0x23, 0x1B),
    .button_active = rgba(0x38, 0x2A, 0x20),
    .modal_dim = rgba(0x05, 0x03, 0x02, 0x99),
};

Theme g_theme = Theme::kDark;

void set_style_colours(ImGuiStyle& style) {
  using namespace palette;
  const ThemeColours& t = detail::current;
  // ImGui's own base colours first, so colours not set below (tabs, plots, grips) suit the
  // theme's brightness.
  if (g_theme == Theme::kLight) {
    ImGui::StyleColorsLight(&style);
  } else {
    ImGui::StyleColorsDark(&style);
  }
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = to_vec4(kText);
  c[ImGuiCol_TextDisabled] = to_vec4(kTextFaint);
  c[ImGuiCol_WindowBg] = to_vec4(kBackground);
  c[ImGuiCol_ChildBg] = to_vec4(kCard, 0.0f);
  c[ImGuiCol_PopupBg] = to_vec4(t.popup);
  c[ImGuiCol_Border] = to_vec4(kCardEdge);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = to_vec4(t.frame);
  c[ImGuiCol_FrameBgHovered] = to_vec4(t.frame_hovered);
  c[ImGuiCol_FrameBgActive] = to_vec4(t.frame_active);
  c[ImGuiCol_TitleBg] = to_vec4(kCard);
  c[ImGuiCol_TitleBgActive] = to_vec4(kCard);
  c[ImGuiCol_TitleBgCollapsed] = to_vec4(kCard);
  c[ImGuiCol_Button] = to_vec4(t.button);
  c[ImGuiCol_ButtonHovered] = to_vec4(t.button_hovered);
  c[ImGuiCol_ButtonActive] = to_vec4(t.button_active);
  c[ImGuiCol_Header] = to_vec4(t.button);
  c[ImGuiCol_HeaderHovered] = to_vec4(t.frame_hovered);
  c[ImGuiCol_HeaderActive] = to_vec4(t.frame_active);
  c[ImGuiCol_Separator] = to_vec4(kGrid);
  c[ImGuiCol_CheckMark] = to_vec4(kPacer);
  c[ImGuiCol_SliderGrab] = to_vec4(kPacer);
  c[ImGuiCol_SliderGrabActive] = to_vec4(kPacerLight);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = to_vec4(kGrid);
  c[ImGuiCol_NavHighlight] = to_vec4(kPacer, 0.6f);
  c[ImGuiCol_ModalWindowDimBg] = to_vec4(t.modal_dim);
}

}  // namespace

std::string_view to_string(Theme theme) {
  switch (theme) {
    case Theme::kDark: return "dark";
    case Theme::kLight: return "light";
    case Theme::kNight: return "night";
  }
  return "dark";
}

std::optional<Theme> parse_theme(std::string_view name) {
  for (Theme t : kThemes) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

const ThemeColours& theme_colours(Theme theme) {
  switch (theme) {
    case Theme::kDark: return detail::kDarkColours;
    case Theme::kLight: return kLightColours;
    case Theme::kNight: return kNightColours;
  }
  return detail::kDarkColours;
}

void use_theme(Theme theme) {
  g_theme = theme;
  detail::current = theme_colours(theme);
  if (ImGui::GetCurrentContext() != nullptr) set_style_colours(ImGui::GetStyle());
}

Theme current_theme() { return g_theme; }

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

  set_style_colours(style);

  style.ScaleAllSizes(std::max(content_scale, 0.5f));
  ImGui::GetStyle() = style;
}

}  // namespace resonant::ui
