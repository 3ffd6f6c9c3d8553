#pragma once
// Plain-words formatting shared by the views (pure functions, unit-tested).
#include <string>
#include <string_view>

#include <resonant/common/link_status.hpp>

namespace resonant::ui {

/// The dash shown for a value that is not available (NaN or infinite).
inline constexpr std::string_view kNoValue = "\xE2\x80\x94";  // U+2014 EM DASH

/// value with the given decimals, or kNoValue when it is not finite.
std::string format_value(double value, int decimals);

/// Session time as mm:ss (h:mm:ss from one hour); negative or NaN shows 00:00.
std::string format_session_time(double seconds);

/// The word on the status chip ("Streaming", "Reconnecting", ...).
std::string_view link_state_label(LinkState state);

/// The link's health in plain words for the sensor panel: "3819 messages received, all
/// intact", or what went wrong ("2 damaged, 5 lost on the way; reconnected 1 time").
std::string link_counters_words(const LinkCounters& counters);

}  // namespace resonant::ui
