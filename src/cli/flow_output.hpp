#pragma once
// resonant-cli session --flow: the self-ratings it takes and the debrief it prints.
#include <cstdio>
#include <string>
#include <vector>

#include <resonant/engine/session_flow.hpp>

namespace resonant::cli {

/// "calm=7,tension=4" -> two RateCommands at `when`; false with a message naming the bad part.
bool parse_ratings(const std::string& text, engine::RatingWhen when,
                   std::vector<engine::RateCommand>& out, std::string& error);

/// The debrief: baseline against practice, and the self-ratings, as a table or one JSON object.
void print_debrief(std::FILE* out, const engine::FlowProgress& flow, bool json);

}  // namespace resonant::cli
