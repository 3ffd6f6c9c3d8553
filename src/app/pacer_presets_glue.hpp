#pragma once
// The dashboard's pacer presets: loaded and saved through the engine (the UI only sees
// plain data), with problems printed once on stderr rather than shown as dialogs.
#include <optional>
#include <string>
#include <string_view>

#include <resonant/engine/engine_event.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::app {

/// Built-ins and the person's presets (from the XDG config folder) into view.pacer.presets.
void load_pacer_presets(ui::ViewState& view);

/// The client's newest assessed resonance rate from the session database, into
/// view.pacer.assessed_resonance_bpm (call before load_pacer_presets; nothing when none).
void load_assessed_rate(ui::ViewState& view, const std::string& database,
                        const std::string& client);

/// A stored AssessmentRecord with a recommended rate becomes the client's rate for the
/// protocols started after it (as load_assessed_rate would read it back); other events
/// are ignored. Plain data: no I/O.
void note_assessment(ui::ViewState& view, const engine::EngineEvent& event);

/// Stores view.pacer.save_request (if any) in the person's preset file, reloads the list
/// and clears the request. A failure is printed and the preset stays for this run only.
void handle_preset_save(ui::ViewState& view);

/// The preset of that name among view.pacer.presets, or nothing.
std::optional<PacerPreset> preset_named(const ui::ViewState& view, std::string_view name);

}  // namespace resonant::app
