#pragma once
// Soft shapes drawn as ImDrawList meshes with per-vertex colours: smooth gradients without
// the banding of stacked translucent circles.
#include <imgui.h>

namespace resonant::ui::shapes {

/// radial_disc's two gradient bands meet at this share of the radius, in a colour this far
/// from the centre colour toward the rim colour.
inline constexpr float kDiscMidShare = 0.55f;
inline constexpr float kDiscMidMix = 0.35f;

/// A filled disc whose colour goes from centre_colour (middle) to rim_colour (edge), with an
/// anti-aliased edge.
void radial_disc(ImDrawList* draw_list, ImVec2 centre, float radius, ImU32 centre_colour,
                 ImU32 rim_colour, int segments = 0);

/// A ring from inner_radius (inner_colour) to outer_radius (outer_colour), e.g. a glow
/// fading to transparent.
void radial_ring(ImDrawList* draw_list, ImVec2 centre, float inner_radius, float outer_radius,
                 ImU32 inner_colour, ImU32 outer_colour, int segments = 0);

/// Segments for a smooth circle of this radius (about one every 3 pixels of circumference).
int circle_segments(float radius);

/// A rounded card behind a panel.
void card(ImDrawList* draw_list, ImVec2 min, ImVec2 max, float rounding);

}  // namespace resonant::ui::shapes

namespace resonant::ui {

/// A faint "(?)" after the previous item; hovering shows text wrapped at ~30 em.
void help_marker(const char* text);
/// Begins a tooltip whose text wraps at 28 em, or short of the window's width when that is
/// narrower (large text): a long line never runs off the screen. End with end_wrapped_tooltip().
void begin_wrapped_tooltip();
void end_wrapped_tooltip();
/// The previous item's tooltip (when hovered, with these flags), wrapped as above.
void item_tooltip(const char* text, ImGuiHoveredFlags flags = 0);

/// Text in a colour and (optional) font.
void text_coloured(ImU32 colour, const char* text, ImFont* font = nullptr);
/// The same, wrapped at the window's right edge (messages that may not fit a narrow panel).
void text_coloured_wrapped(ImU32 colour, const char* text);

/// SameLine when an item item_w wide still fits after the last one, else a new line (large
/// text, a narrow window): the row wraps instead of running off the side. True: same line.
bool same_line_if_fits(float item_w, float spacing);
/// A button's width with the current font and frame padding.
float button_width(const char* label);

/// What a combo of the next item's width shows: its full label beside the arrow when that
/// fits; else the brief label; and where even that would be clipped (large text in a narrow
/// column), the brief label without the arrow, which is decoration: the combo still opens on
/// a click, and a whole word says more than "Pre". A label clipped even so keeps its arrow.
struct ComboFit {
  const char* preview = "";
  ImGuiComboFlags flags = 0;
};
ComboFit fit_combo_preview(const char* full, const char* brief);

}  // namespace resonant::ui
