#pragma once
// The pacer's quiet options row: preset, shape, sound cue and its volume, "save as preset".
#include <imgui.h>

#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Height the options row needs (one frame line plus spacing), in pixels.
float pacer_options_height();

/// Draws the row centred on top_centre. Choosing a preset emits SetPacerCommand (and
/// SetPacerRampCommand when the preset ramps); saving fills state.pacer.save_request.
void draw_pacer_options(const engine::Snapshot& snap, ViewState& state, ImVec2 top_centre);

}  // namespace resonant::ui
