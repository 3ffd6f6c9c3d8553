#pragma once
// Pieces every live-feedback view shares: the title row with its "(?)" help, and the pause
// rule (greyed title and "paused - signal poor/no contact" instead of values).
#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Title (muted) and its help marker. When feedback is paused the title is faint, the paused
/// note follows, state.feedback.paused is set and the function returns false: draw no values.
bool feedback_title(const engine::Snapshot& snapshot, ViewState& state, const char* title,
                    const char* help);

/// The "paused" note (faint, with its own help) at the cursor.
void draw_paused_note();

/// The alpha at which a greyed-out plot or number is drawn.
inline constexpr float kPausedAlpha = 0.35f;

}  // namespace resonant::ui
