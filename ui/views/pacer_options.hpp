#pragma once
// The pacer's quiet options row: preset, shape, sound cue and its volume, "save as preset".
#include <imgui.h>

#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Height the options need in the current window, in pixels: one frame line plus spacing, or
/// two lines where one row's combos could not show their full labels and two_rows_allowed.
float pacer_options_height(bool two_rows_allowed);

/// Draws the options centred on top_centre, in one row or (where they need it and
/// two_rows_allowed) two. Choosing a preset emits SetPacerCommand (and SetPacerRampCommand
/// when the preset ramps); saving fills state.pacer.save_request.
void draw_pacer_options(const engine::Snapshot& snap, ViewState& state, ImVec2 top_centre,
                        bool two_rows_allowed);

}  // namespace resonant::ui
