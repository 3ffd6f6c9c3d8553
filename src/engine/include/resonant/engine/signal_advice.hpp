#pragma once
// What a person can do about a poor sensor signal, in their own words. The dashboard's paused
// note and sensor check and resonant-cli session's feedback lines say the same thing, so the
// words live here, beside the verdicts they explain (dsp/signal_quality.hpp), not in a view.
//
// Calm and practical by design: a signal problem is a sensor problem ("no heart signal",
// "disturbed by movement"), never a statement about the person's heart.
#include <cstdint>
#include <string>
#include <string_view>

#include <resonant/common/channel.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/engine/live_figures.hpp>

namespace resonant::engine {

struct SignalAdvice {
  std::string_view problem;  // lower case, fits after "paused — ": "no heart signal"
  std::string_view action;   // one sentence that says what to do, ending with a full stop
};

/// A channel kind as a person knows it: "Heart (ECG)", "Pulse (PPG)", "Breathing belt",
/// "Skin conductance"; "Sensor" for anything else (a strap's own beats).
std::string_view channel_title(ChannelKind kind);

/// Advice for a channel judged poor or unusable. reasons: dsp::QualityReason bits; no_contact:
/// the device says the sensor is off the skin. The most actionable cause wins: no contact,
/// then flat, clipping, no beats, uneven beats, movement; with no reason set, a general word.
/// kind kOther = beats the device detected itself (a chest strap): only contact is known.
SignalAdvice signal_advice(ChannelKind kind, std::uint8_t reasons, bool no_contact);

/// The one dsp::QualityReason bit signal_advice speaks about (the most actionable: flat,
/// clipping, no beats, uneven beats, noise), or 0 when none is set.
std::uint8_t main_quality_reason(std::uint8_t reasons);

/// The advice while biofeedback is paused on the beat channel `kind` (Snapshot::beat_channel).
/// While the signal recovers (pause.recovering), says it is back and feedback follows soon.
SignalAdvice feedback_pause_advice(ChannelKind kind, const FeedbackPause& pause);

/// One line of the sensor check, as Prepare and resonant-cli session say it: "Heart (ECG):
/// good"; a poor channel adds what is wrong and what to do ("Breathing belt: poor \u2014 the
/// belt does not move. Fasten ..."); the device's contact flag outranks a verdict that still
/// looks fine ("Pulse (PPG): the finger is out of the sensor. Rest ...").
std::string sensor_check_line(ChannelKind kind, dsp::QualityLevel level, std::uint8_t reasons,
                              bool no_contact);

}  // namespace resonant::engine
