#pragma once
// Office mode: exercise blocks from markers, and their response cards (dsp/response_card.hpp),
// kept up to date live from the beats.
//
// A block starts at a MarkKind::kBlockStart marker (its text is the label) and ends at the
// next block start or a kBlockEnd marker; plain notes do not touch blocks. The newest
// kResponseCardCapacity blocks are kept. A card is recomputed (about once per second of beats,
// and on every marker) until it is final: its block ended and the return to baseline was
// found or its search window is over. Beats are the plausible raw intervals of BeatRecords
// (not artifact-corrected: an ectopic beat enters the means); those older than any open
// card's baseline are dropped. Breath cycles for the RSA amplitude come from the pacer; with
// the pacer off there are no RSA figures (NaN).
//
// Threading contract: not synchronised; one owner (the engine thread).
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/response_card.hpp>
#include <resonant/engine/command.hpp>
#include <resonant/engine/engine_event.hpp>
#include <resonant/engine/snapshot.hpp>

namespace resonant::engine::detail {

class ExerciseBlocks {
 public:
  explicit ExerciseBlocks(const dsp::ResponseCardConfig& config = {}) : config_(config) {}

  /// A marker at session time t_s (not earlier than the previous marker's).
  void on_mark(MarkKind kind, std::string_view label, double t_s);
  /// A beat (rr_ms NaN or rr_rejected: the series breaks here, unless it came too soon).
  void on_beat(const BeatRecord& beat);
  /// Recomputes the cards that are not final when a marker came or a second of beats passed
  /// since the last time (force: always).
  void update(const PacerSchedule& pacer, bool pacer_enabled, bool force = false);
  /// Copies the cards into s.response_cards (no allocation).
  void fill(Snapshot& s) const;

 private:
  void drop_old_beats();

  dsp::ResponseCardConfig config_;
  std::array<ExerciseCard, kResponseCardCapacity> cards_{};
  std::array<bool, kResponseCardCapacity> final_{};
  std::size_t count_ = 0;  // cards_[0..count_) oldest first
  std::vector<dsp::RrInterval> nn_;
  bool broken_ = true;     // the next interval follows a break
  bool dirty_ = false;     // a marker came since the last update
  double updated_at_s_ = -1.0;  // newest beat time at the last update
};

}  // namespace resonant::engine::detail
