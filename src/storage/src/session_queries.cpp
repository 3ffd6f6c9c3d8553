#include "session_queries.hpp"

#include <string>

namespace resonant::storage::detail {

SessionInfo require_session(Database& db, std::int64_t id) {
  auto info = db.session(id);
  if (!info) {
    throw StoreError(StoreErrorKind::kNotFound,
                     "there is no session " + std::to_string(id) + " in " + db.path().string() +
                         " (resonant-cli sessions lists them)");
  }
  return std::move(*info);
}

std::vector<StoredMarker> read_markers(Connection& c, std::int64_t id) {
  return collect<StoredMarker>(
      c, id, "SELECT t_us, kind, text FROM markers WHERE session_id = ?1 ORDER BY t_us, id",
      "reading markers",
      [](const Statement& q) { return StoredMarker{q.int64(0), q.text(1), q.text(2)}; });
}

std::vector<PacerRow> read_pacer(Connection& c, std::int64_t id) {
  return collect<PacerRow>(
      c, id,
      "SELECT t_us, enabled, rate_bpm, inhale_fraction, hold_in_s, hold_out_s FROM pacer "
      "WHERE session_id = ?1 ORDER BY t_us",
      "reading the pacer", [](const Statement& q) {
        return PacerRow{q.int64(0), q.int64(1) != 0, q.real(2), q.real(3), q.real(4), q.real(5)};
      });
}

}  // namespace resonant::storage::detail
