#include <resonant/engine/stored_cards.hpp>

#include <cmath>

#include <resonant/storage/rows.hpp>

#include "exercise_blocks.hpp"
#include "read_only_session.hpp"

namespace resonant::engine {
namespace {

constexpr double kSecondsPerMicrosecond = 1e-6;

double seconds(std::int64_t t_us) { return static_cast<double>(t_us) * kSecondsPerMicrosecond; }

}  // namespace

std::vector<ExerciseCard> stored_response_cards(const std::filesystem::path& database,
                                                std::int64_t session_id) {
  const storage::StoredSession s = detail::read_session_read_only(database, session_id);
  PacerSchedule pacer;
  bool pacer_enabled = false;
  for (std::size_t i = 0; i < s.pacer.size(); ++i) {
    const storage::PacerRow& p = s.pacer[i];
    const PacerSettings settings{p.rate_bpm, p.inhale_fraction, p.hold_in_s, p.hold_out_s};
    if (i == 0) {
      // The engine's schedule starts at session time 0 (its phase origin); the recorder
      // stamps the settings in force with the first sample's time, so take 0 back.
      pacer = PacerSchedule(settings, 0.0);
    } else {
      pacer.set(seconds(p.t_us), settings);
    }
    pacer_enabled = pacer_enabled || p.enabled;
  }
  detail::ExerciseBlocks blocks;
  for (const storage::StoredBeat& b : s.beats) {
    BeatRecord r;
    r.t_s = seconds(b.t_us);
    r.rr_ms = b.rr_ms;
    r.rr_rejected = (b.flags & storage::kBeatFlagImplausible) != 0;
    r.too_soon = (b.flags & storage::kBeatFlagTooSoon) != 0;
    blocks.on_beat(r);
  }
  for (const storage::StoredMarker& m : s.markers) {
    if (m.kind == "block") blocks.on_mark(MarkKind::kBlockStart, m.text, seconds(m.t_us));
    if (m.kind == "block_end") blocks.on_mark(MarkKind::kBlockEnd, m.text, seconds(m.t_us));
  }
  blocks.update(pacer, pacer_enabled, true);
  Snapshot snap;  // large, but this is an offline call
  blocks.fill(snap);
  return {snap.response_cards.begin(), snap.response_cards.begin() + snap.response_card_count};
}

}  // namespace resonant::engine
