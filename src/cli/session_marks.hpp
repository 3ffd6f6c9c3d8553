#pragma once
// resonant-cli session --mark SECONDS:LABEL[:end|:note]: markers posted at session times (the
// office mode's exercise blocks), and the response cards printed at the end.
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <resonant/engine/scheduled_marks.hpp>
#include <resonant/engine/snapshot.hpp>

namespace resonant::cli {

// The --mark parser and scheduler are the engine's (shared with the dashboard).
using engine::MarkScheduler;
using engine::parse_marks;
using engine::ScheduledMark;

/// One line (or JSON object, type "response_card") per card.
void print_response_cards(std::FILE* out, std::span<const engine::ExerciseCard> cards, bool json_lines);

}  // namespace resonant::cli
