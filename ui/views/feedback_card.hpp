#pragma once
// Pieces every live-feedback view shares: the title row with its "(?)" help, and the pause
// rule (greyed title and "paused - no heart signal" instead of values: the words say what is
// wrong with the signal, engine/signal_advice.hpp).
#include <string>

#include <resonant/engine/signal_advice.hpp>
#include <resonant/engine/snapshot.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Title (muted) and its help marker. When feedback is paused the title is faint, the paused
/// note follows, state.feedback.paused is set and the function returns false: draw no values.
bool feedback_title(const engine::Snapshot& snapshot, ViewState& state, const char* title,
                    const char* help);

/// Why feedback is paused, in words a person can act on (the beat channel's latest verdict).
engine::SignalAdvice paused_advice(const engine::Snapshot& snapshot);
/// "paused — <problem>", e.g. "paused — no heart signal".
std::string paused_words(const engine::Snapshot& snapshot);

/// The "paused" note (muted, with its own help) at the cursor.
void draw_paused_note(const engine::Snapshot& snapshot);

/// The alpha at which a greyed-out plot or number is drawn.
inline constexpr float kPausedAlpha = 0.35f;

}  // namespace resonant::ui
