#pragma once
// The three ways the pacer view draws a breath (view_state.hpp: PacerShape). Each is a pure
// function of where to draw and the pacer's state: nothing animates on its own, so the
// motion is exactly as smooth as the pacer's eased volume.
#include <imgui.h>

#include <resonant/common/pacer.hpp>
#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/theme.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui::pacer_shapes {

inline constexpr float kGlowReach = 0.16f;  // glow extends this fraction of the radius outward

/// A soft disc between min_radius (empty lungs) and max_radius (full) inside a quiet ring.
void circle(ImDrawList* dl, ImVec2 centre, float radius, float max_radius, bool enabled);

/// A rounded column in [min, max] that fills from the bottom as the lungs fill.
/// Returns the y of the fill's top edge.
float bar(ImDrawList* dl, ImVec2 min, ImVec2 max, float volume, bool enabled);

/// The breath as a curve of volume over time travelling right to left through [min, max],
/// with a dot riding on it at "now". Returns the dot's position.
ImVec2 wave(ImDrawList* dl, ImVec2 min, ImVec2 max, const PacerSegment& segment, double t_s,
            bool enabled);

/// Where a shape wants the breath word, and in which ink.
struct WordPlace {
  ImVec2 at{};
  ImU32 ink = palette::kPacerInk;
};

/// Everything a shape needs from this frame's layout and the pacer.
struct Frame {
  ImVec2 centre;
  float max_radius, radius, volume;
  float em, word_w, avail_w, medium_px;
  double t_s;
  bool enabled;
};

/// Draws `shape` for this frame (keeping its geometry in pv for layout and tests) and says
/// where the breath word goes.
WordPlace draw(PacerShape shape, const Frame& f, const engine::Snapshot& snap,
               PacerViewState& pv, ImDrawList* dl);

/// Scales the alpha of every vertex written since `first` (a whole shape fading in or out).
void fade_vertices(ImDrawList* dl, int first, float alpha);

}  // namespace resonant::ui::pacer_shapes
