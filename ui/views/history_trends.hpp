#pragma once
// The History screen's trend charts (history_trends.cpp): resting lnRMSSD, coherence and
// time in coherence, resonance rate, practice minutes per week.
#include <resonant/engine/session_trends.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Four small charts stacked in the available region; trends null while loading.
void draw_history_trends(const engine::ClientTrends* trends, ViewState& state);

}  // namespace resonant::ui
