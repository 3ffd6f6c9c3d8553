#pragma once
// The History screen's trend charts (history_trends.cpp): resting lnRMSSD, coherence and
// time in coherence, resonance rate, practice minutes per week.
#include <cstdint>
#include <string>
#include <vector>

#include <resonant/engine/session_trends.hpp>
#include <resonant/ui/view_state.hpp>

namespace resonant::ui {

/// Four small charts stacked in the available region; trends null while loading.
void draw_history_trends(const engine::ClientTrends* trends, ViewState& state);

/// The practice chart's headline at now_unix_us: "12 min this week", "none this week" (the
/// newest week with live sessions is an earlier one), or "no live sessions yet".
std::string practice_headline(const std::vector<engine::WeeklyPractice>& weeks,
                              std::int64_t now_unix_us);

/// A week as people name it: its Monday, "16 Nov"; with its year ("16 Nov 2025") when that
/// is not the year of now_unix_us, so an older history is not read as this year's.
std::string week_label(const engine::WeeklyPractice& week, std::int64_t now_unix_us);

}  // namespace resonant::ui
