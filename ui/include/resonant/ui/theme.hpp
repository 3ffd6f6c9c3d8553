#pragma once
// The one calm dark theme: colours, fonts and spacing shared by every view.
//
// Colours are chosen for a person who may be anxious: deep blue-grey background, soft
// teal for the pacer, warm apricot for the heart, and muted status colours (no alarm red).
#include <cstdint>

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

namespace palette {
inline constexpr ImU32 kBackground = rgba(0x1B, 0x22, 0x30);   // deep blue-grey
inline constexpr ImU32 kCard = rgba(0x21, 0x2A, 0x3A);         // panels, one step lighter
inline constexpr ImU32 kCardEdge = rgba(0x2B, 0x36, 0x49);
inline constexpr ImU32 kText = rgba(0xE6, 0xE9, 0xEF);
inline constexpr ImU32 kTextMuted = rgba(0x9A, 0xA5, 0xB8);
inline constexpr ImU32 kTextFaint = rgba(0x6B, 0x77, 0x8C);
inline constexpr ImU32 kGrid = rgba(0x33, 0x3E, 0x52);

inline constexpr ImU32 kPacer = rgba(0x6F, 0xB7, 0xB7);        // soft teal
inline constexpr ImU32 kPacerLight = rgba(0x9F, 0xD4, 0xCF);   // centre of the breath circle
inline constexpr ImU32 kPacerDeep = rgba(0x4E, 0x97, 0x9A);    // rim of the breath circle
inline constexpr ImU32 kPacerInk = rgba(0x17, 0x2A, 0x33);     // words written on the circle
inline constexpr ImU32 kPacerRing = rgba(0x8F, 0xA3, 0xB8);    // thin ring: the full breath

inline constexpr ImU32 kHeart = rgba(0xE8, 0xB4, 0x8E);        // warm apricot (not red)

inline constexpr ImU32 kStreaming = rgba(0x8F, 0xBF, 0x9A);    // sage green
inline constexpr ImU32 kWaiting = rgba(0xD8, 0xB4, 0x72);      // soft amber
inline constexpr ImU32 kFailed = rgba(0xC9, 0x8E, 0x98);       // dusty rose
inline constexpr ImU32 kIdle = rgba(0x8A, 0x93, 0xA3);         // grey
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

/// Applies colours, rounding and padding to the current context's style, scaled for HiDPI.
void apply_theme(float content_scale = 1.0f);

}  // namespace resonant::ui
