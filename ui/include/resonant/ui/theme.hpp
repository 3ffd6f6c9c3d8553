#pragma once
// The themes: colours, fonts and spacing shared by every view.
//
// Colours are chosen for a person who may be anxious. Dark (default): deep blue-grey
// background, soft teal pacer, warm apricot heart, muted status colours (no alarm red).
// Light: the same hues on a soft paper-grey. Night (bedtime): deep brown-black, amber/peach
// pacer, low-contrast text, nothing bright. Every colour words are written in stays readable
// on the background and the cards (contrast ratios in ThemeTest.WordsAreReadableInEveryTheme).
//
// Threading contract: the selected theme (use_theme, palette::kX) is UI-thread state.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include <imgui.h>

namespace resonant::ui {

/// Packs an sRGB colour as ImGui's ImU32 (same layout as IM_COL32, without its C casts).
constexpr ImU32 rgba(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return (static_cast<ImU32>(a) << 24) | (static_cast<ImU32>(b) << 16) |
         (static_cast<ImU32>(g) << 8) | static_cast<ImU32>(r);
}

/// The same colour with its alpha multiplied by alpha (0..1).
ImU32 with_alpha(ImU32 colour, float alpha);
/// Linear blend of two colours (t = 0 gives a, 1 gives b), alpha included.
ImU32 mix(ImU32 a, ImU32 b, float t);

/// The selectable colour themes. kNight is for bedtime: dim and warm, nothing bright.
enum class Theme : std::uint8_t { kDark, kLight, kNight };
inline constexpr std::array<Theme, 3> kThemes{Theme::kDark, Theme::kLight, Theme::kNight};
std::string_view to_string(Theme theme);                 // "dark", "light", "night"
std::optional<Theme> parse_theme(std::string_view name);

/// One theme's colours: the palette::kX names below read the selected theme's table.
struct ThemeColours {
  ImU32 background, card, card_edge, text, text_muted, text_faint, grid;
  ImU32 pacer, pacer_light, pacer_deep, pacer_ink, pacer_ring;
  ImU32 accent;  // words in the pacer's hue (titles, "high"): readable on background and card
  ImU32 heart;
  ImU32 streaming, waiting, failed, idle;
  // ImGui widget colours (frames, buttons, popups).
  ImU32 popup, frame, frame_hovered, frame_active, button, button_hovered, button_active;
  ImU32 modal_dim;
};

/// The colours of a theme (pure: does not select it).
const ThemeColours& theme_colours(Theme theme);

namespace detail {
/// The dark theme, here so the selected table below starts with it at compile time.
inline constexpr ThemeColours kDarkColours{
    .background = rgba(0x1B, 0x22, 0x30),  // deep blue-grey
    .card = rgba(0x21, 0x2A, 0x3A),
    .card_edge = rgba(0x2B, 0x36, 0x49),
    .text = rgba(0xE6, 0xE9, 0xEF),
    .text_muted = rgba(0x9A, 0xA5, 0xB8),
    .text_faint = rgba(0x6C, 0x78, 0x8D),
    .grid = rgba(0x33, 0x3E, 0x52),
    .pacer = rgba(0x6F, 0xB7, 0xB7),
    .pacer_light = rgba(0x9F, 0xD4, 0xCF),
    .pacer_deep = rgba(0x4E, 0x97, 0x9A),
    .pacer_ink = rgba(0x17, 0x2A, 0x33),
    .pacer_ring = rgba(0x8F, 0xA3, 0xB8),
    .accent = rgba(0x9F, 0xD4, 0xCF),  // the pacer's light centre
    .heart = rgba(0xE8, 0xB4, 0x8E),
    .streaming = rgba(0x8F, 0xBF, 0x9A),
    .waiting = rgba(0xD8, 0xB4, 0x72),
    .failed = rgba(0xC9, 0x8E, 0x98),
    .idle = rgba(0x8A, 0x93, 0xA3),
    .popup = rgba(0x25, 0x2F, 0x40),
    .frame = rgba(0x2A, 0x35, 0x47),
    .frame_hovered = rgba(0x32, 0x3F, 0x54),
    .frame_active = rgba(0x3A, 0x49, 0x60),
    .button = rgba(0x2A, 0x36, 0x48),
    .button_hovered = rgba(0x34, 0x47, 0x58),
    .button_active = rgba(0x3D, 0x58, 0x63),
    .modal_dim = rgba(0x0E, 0x13, 0x1B, 0x8C),
};
/// The selected theme's colours (UI thread only; changed by use_theme()).
inline ThemeColours current = kDarkColours;
}  // namespace detail

/// Colour names the views use. They follow the theme chosen with use_theme() (UI thread).
namespace palette {
inline const ImU32& kBackground = detail::current.background;
inline const ImU32& kCard = detail::current.card;                // panels, one step lighter
inline const ImU32& kCardEdge = detail::current.card_edge;
inline const ImU32& kText = detail::current.text;
inline const ImU32& kTextMuted = detail::current.text_muted;
inline const ImU32& kTextFaint = detail::current.text_faint;
inline const ImU32& kGrid = detail::current.grid;

inline const ImU32& kPacer = detail::current.pacer;              // dark: soft teal
inline const ImU32& kPacerLight = detail::current.pacer_light;   // centre of the breath circle
inline const ImU32& kPacerDeep = detail::current.pacer_deep;     // rim of the breath circle
inline const ImU32& kPacerInk = detail::current.pacer_ink;       // words written on the circle
inline const ImU32& kPacerRing = detail::current.pacer_ring;     // thin ring: the full breath
inline const ImU32& kAccent = detail::current.accent;            // words in the pacer's hue

inline const ImU32& kHeart = detail::current.heart;              // warm apricot (not red)

inline const ImU32& kStreaming = detail::current.streaming;      // sage green
inline const ImU32& kWaiting = detail::current.waiting;          // soft amber
inline const ImU32& kFailed = detail::current.failed;            // dusty rose
inline const ImU32& kIdle = detail::current.idle;                // grey
}  // namespace palette

/// The fonts the views use. Any pointer may be null (then the current font is used).
struct Fonts {
  ImFont* body = nullptr;    // ~17 px: labels, explanations
  ImFont* medium = nullptr;  // ~28 px: pacer words, values, the rate
  ImFont* large = nullptr;   // ~72 px: the heart-rate number (digits and dash only)
};

inline constexpr const char* kDefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr float kBodyFontPx = 17.0f;
inline constexpr float kMediumFontPx = 28.0f;
inline constexpr float kLargeFontPx = 72.0f;

/// Adds the theme's fonts to the current context's atlas, scaled by the monitor's content
/// scale (HiDPI). Falls back to ImGui's built-in font when font_path cannot be read.
/// The atlas is built later (by the renderer backend, or GetTexDataAsRGBA32 in tests).
Fonts load_fonts(float content_scale = 1.0f, const char* font_path = kDefaultFontPath);

/// Applies the selected theme's colours, rounding and padding to the current context's
/// style, scaled for HiDPI.
void apply_theme(float content_scale = 1.0f);

/// Selects a theme: palette::kX follow it at once; when an ImGui context exists its style
/// colours are updated too (sizes are left as they are). UI thread only.
void use_theme(Theme theme);
/// The theme selected last (kDark at start).
Theme current_theme();

/// Font scale the person chose (settings, --font-scale), multiplied with the monitor's
/// content scale when fonts are built.
inline constexpr float kMinFontScale = 0.8f;
inline constexpr float kMaxFontScale = 2.0f;

}  // namespace resonant::ui
