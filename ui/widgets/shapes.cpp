#include "widgets/shapes.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <resonant/ui/theme.hpp>

namespace resonant::ui::shapes {

int circle_segments(float radius) {
  const float circumference = 2.0f * std::numbers::pi_v<float> * std::max(radius, 1.0f);
  return std::clamp(static_cast<int>(circumference / 10.0f), 32, 256);
}

void radial_ring(ImDrawList* dl, ImVec2 centre, float inner_radius, float outer_radius,
                 ImU32 inner_colour, ImU32 outer_colour, int segments) {
  if (outer_radius <= inner_radius) return;
  if (segments <= 0) segments = circle_segments(outer_radius);
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  dl->PrimReserve(segments * 6, segments * 2);
  const auto base = static_cast<unsigned>(dl->_VtxCurrentIdx);
  for (int i = 0; i < segments; ++i) {
    const float a = 2.0f * std::numbers::pi_v<float> * static_cast<float>(i) /
                    static_cast<float>(segments);
    const float c = std::cos(a);
    const float s = std::sin(a);
    dl->PrimWriteVtx(ImVec2(centre.x + c * inner_radius, centre.y + s * inner_radius), uv,
                     inner_colour);
    dl->PrimWriteVtx(ImVec2(centre.x + c * outer_radius, centre.y + s * outer_radius), uv,
                     outer_colour);
  }
  const auto n = static_cast<unsigned>(segments);
  for (unsigned i = 0; i < n; ++i) {
    const unsigned j = (i + 1) % n;
    const unsigned i0 = base + 2 * i;
    const unsigned i1 = base + 2 * i + 1;
    const unsigned j0 = base + 2 * j;
    const unsigned j1 = base + 2 * j + 1;
    for (unsigned idx : {i0, i1, j1, i0, j1, j0}) dl->PrimWriteIdx(static_cast<ImDrawIdx>(idx));
  }
}

void radial_disc(ImDrawList* dl, ImVec2 centre, float radius, ImU32 centre_colour,
                 ImU32 rim_colour, int segments) {
  if (radius <= 0.0f) return;
  if (segments <= 0) segments = circle_segments(radius);
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  // Two bands (centre -> 55 % -> rim) so the gradient reads as light from within rather
  // than a flat cone.
  const ImU32 mid_colour = mix(centre_colour, rim_colour, kDiscMidMix);
  const float mid_radius = radius * kDiscMidShare;
  dl->PrimReserve(segments * 3, segments + 1);
  const auto centre_idx = static_cast<unsigned>(dl->_VtxCurrentIdx);
  dl->PrimWriteVtx(centre, uv, centre_colour);
  for (int i = 0; i < segments; ++i) {
    const float a = 2.0f * std::numbers::pi_v<float> * static_cast<float>(i) /
                    static_cast<float>(segments);
    dl->PrimWriteVtx(ImVec2(centre.x + std::cos(a) * mid_radius, centre.y + std::sin(a) * mid_radius),
                     uv, mid_colour);
  }
  const auto n = static_cast<unsigned>(segments);
  for (unsigned i = 0; i < n; ++i) {
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(centre_idx));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(centre_idx + 1 + i));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(centre_idx + 1 + (i + 1) % n));
  }
  radial_ring(dl, centre, mid_radius, radius, mid_colour, rim_colour, segments);
  // An anti-aliased outline in the rim colour hides the mesh's hard polygon edge.
  dl->AddCircle(centre, radius - 0.5f, rim_colour, segments, 1.5f);
}

void card(ImDrawList* dl, ImVec2 min, ImVec2 max, float rounding) {
  dl->AddRectFilled(min, max, palette::kCard, rounding);
}

}  // namespace resonant::ui::shapes

namespace resonant::ui {

void help_marker(const char* text) {
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextFaint));
  ImGui::TextUnformatted("(?)");
  ImGui::PopStyleColor();
  item_tooltip(text);
}

void begin_wrapped_tooltip() {
  const float em = ImGui::GetFontSize();
  const ImVec2 padding(em * 0.9f, em * 0.7f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
  ImGui::BeginTooltip();
  // The wrap position counts from the tooltip's left edge; with the padding on the right, the
  // tooltip then keeps at least an em from either side of the screen.
  const float screen_w = ImGui::GetMainViewport()->WorkSize.x;
  const float fit_w = screen_w - 2.0f * (padding.x + em);
  ImGui::PushTextWrapPos(std::max(em * 8.0f, std::min(em * 28.0f, fit_w)));
}

void end_wrapped_tooltip() {
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
  ImGui::PopStyleVar();
}

void item_tooltip(const char* text, ImGuiHoveredFlags flags) {
  if (!ImGui::IsItemHovered(flags)) return;
  begin_wrapped_tooltip();
  ImGui::TextUnformatted(text);
  end_wrapped_tooltip();
}

ComboFit fit_combo_preview(const char* full, const char* brief) {
  // ImGui 1.86 clips a combo's preview at the left padding and the arrow (or the frame's
  // edge without one).
  const float text_w = ImGui::CalcItemWidth() - ImGui::GetStyle().FramePadding.x;
  const float beside_arrow_w = text_w - ImGui::GetFrameHeight();
  if (ImGui::CalcTextSize(full).x <= beside_arrow_w) return {full, 0};
  const float brief_w = ImGui::CalcTextSize(brief).x;
  if (brief_w <= beside_arrow_w) return {brief, 0};
  // Without the arrow only when that makes the word whole: a clipped label keeps its arrow,
  // the one cue left that it opens.
  return {brief, brief_w <= text_w ? ImGuiComboFlags_NoArrowButton : 0};
}

void text_coloured(ImU32 colour, const char* text, ImFont* font) {
  if (font != nullptr) ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  if (font != nullptr) ImGui::PopFont();
}

void text_coloured_wrapped(ImU32 colour, const char* text) {
  ImGui::PushTextWrapPos(0.0f);
  text_coloured(colour, text);
  ImGui::PopTextWrapPos();
}

bool same_line_if_fits(float item_w, float spacing) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + item_w > right) return false;
  ImGui::SameLine(0.0f, spacing);
  return true;
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

}  // namespace resonant::ui
