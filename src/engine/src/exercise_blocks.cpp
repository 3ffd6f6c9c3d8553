#include "exercise_blocks.hpp"

#include <algorithm>
#include <cmath>

namespace resonant::engine::detail {
namespace {

// Cards are recomputed at most this often (seconds of beats): the figures move slowly and a
// recomputation evaluates every breath of the window again.
constexpr double kUpdateIntervalS = 1.0;

}  // namespace

void ExerciseBlocks::on_mark(MarkKind kind, std::string_view label, double t_s) {
  if (kind == MarkKind::kNote) return;
  const bool running = count_ > 0 && std::isnan(cards_[count_ - 1].card.block.end_s);
  if (running) cards_[count_ - 1].card.block.end_s = std::max(t_s, cards_[count_ - 1].card.block.start_s);
  dirty_ = true;
  if (kind == MarkKind::kBlockEnd) return;
  if (count_ == kResponseCardCapacity) {
    std::move(cards_.begin() + 1, cards_.end(), cards_.begin());
    std::move(final_.begin() + 1, final_.end(), final_.begin());
    --count_;
  }
  ExerciseCard& c = cards_[count_];
  c = ExerciseCard{};
  c.label.assign(label);
  c.card.block = dsp::ExerciseBlock{t_s, kNaN};
  final_[count_] = false;
  ++count_;
}

void ExerciseBlocks::on_beat(const BeatRecord& beat) {
  if (beat.too_soon) return;  // left out; the next interval spans it (beat_series.hpp)
  if (std::isnan(beat.rr_ms) || beat.rr_rejected) {
    broken_ = true;
    return;
  }
  nn_.push_back({beat.t_s, beat.rr_ms, broken_});
  broken_ = false;
}

void ExerciseBlocks::update(const PacerSchedule& pacer, bool pacer_enabled, bool force) {
  if (nn_.empty() || count_ == 0) {
    drop_old_beats();
    return;
  }
  const double newest_s = nn_.back().t_s;
  if (!force && !dirty_ && newest_s - updated_at_s_ < kUpdateIntervalS) return;
  dirty_ = false;
  updated_at_s_ = newest_s;
  for (std::size_t i = 0; i < count_; ++i) {
    if (final_[i]) continue;
    const dsp::ExerciseBlock block = cards_[i].card.block;
    std::vector<dsp::BreathCycle> cycles;
    if (pacer_enabled) {
      cycles = dsp::breath_cycles_from_pacer(pacer, block.start_s - config_.baseline_s, newest_s);
    }
    cards_[i].card = dsp::response_card(nn_, cycles, block, newest_s, config_);
    final_[i] = cards_[i].card.ended && cards_[i].card.return_final;
  }
  drop_old_beats();
}

void ExerciseBlocks::drop_old_beats() {
  if (nn_.empty()) return;
  // Keep a baseline's worth before the oldest open block, or before the newest beat (the
  // baseline of a block that may start now).
  double keep_from_s = nn_.back().t_s - config_.baseline_s;
  for (std::size_t i = 0; i < count_; ++i) {
    if (!final_[i]) keep_from_s = std::min(keep_from_s, cards_[i].card.block.start_s - config_.baseline_s);
  }
  const auto first_kept = std::lower_bound(nn_.begin(), nn_.end(), keep_from_s,
                                           [](const dsp::RrInterval& r, double t) { return r.t_s < t; });
  if (first_kept - nn_.begin() > static_cast<std::ptrdiff_t>(nn_.size() / 2)) {
    nn_.erase(nn_.begin(), first_kept);  // amortised: erase only when half is stale
  }
}

void ExerciseBlocks::fill(Snapshot& s) const {
  s.response_card_count = static_cast<std::uint32_t>(count_);
  std::copy_n(cards_.begin(), count_, s.response_cards.begin());
}

}  // namespace resonant::engine::detail
