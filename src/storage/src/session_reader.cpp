#include <resonant/storage/session_reader.hpp>

#include <resonant/storage/session_writer.hpp>

#include <cmath>

#include "sqlite_util.hpp"

namespace resonant::storage {
namespace {

using detail::collect;
using detail::Statement;

StoredSampleChunk chunk_of(const Statement& q) {
  return {static_cast<std::uint8_t>(q.int64(0)), q.text(1), q.real(2), q.int64(3),
          decode_samples(q.blob_data(4), q.blob_bytes(4))};
}

StoredBeat beat_of(const Statement& q) {
  return {q.int64(0), q.real(1), q.real(2), q.text(3), static_cast<std::uint8_t>(q.int64(4)), q.text(5)};
}

StoredMetric metric_of(const Statement& q) { return {q.int64(0), q.text(1), q.real(2)}; }

StoredMarker marker_of(const Statement& q) { return {q.int64(0), q.text(1), q.text(2)}; }

PacerRow pacer_of(const Statement& q) {
  return {q.int64(0), q.int64(1) != 0, q.real(2), q.real(3), q.real(4), q.real(5)};
}

}  // namespace

StoredSession read_session(Database& db, std::int64_t id) {
  auto info = db.session(id);
  if (!info) {
    throw StoreError(StoreErrorKind::kNotFound,
                     "there is no session " + std::to_string(id) + " in " + db.path().string() +
                         " (resonant-cli sessions lists them)");
  }
  detail::Connection& c = db.connection();
  // One read transaction: a recorder writing the same session cannot interleave its rows.
  c.exec("BEGIN", "reading a session");
  StoredSession s;
  try {
    s.info = std::move(*info);
    s.chunks = collect<StoredSampleChunk>(
        c, id,
        "SELECT channel, kind, rate_hz, t_first_us, data FROM samples WHERE session_id = ?1 "
        "ORDER BY channel, t_first_us",
        "reading samples", chunk_of);
    s.beats = collect<StoredBeat>(
        c, id,
        "SELECT b.t_us, b.rr_ms, n.nn_ms, b.source, b.flags, COALESCE(b.label, '') FROM beats b "
        "LEFT JOIN nn_intervals n ON n.session_id = b.session_id AND n.t_us = b.t_us "
        "WHERE b.session_id = ?1 ORDER BY b.t_us",
        "reading beats", beat_of);
    s.metrics = collect<StoredMetric>(
        c, id,
        "SELECT m.t_us, n.name, m.value FROM metrics m JOIN metric_names n ON n.id = m.metric_id "
        "WHERE m.session_id = ?1 ORDER BY m.t_us, n.name",
        "reading metrics", metric_of);
    s.markers = collect<StoredMarker>(
        c, id, "SELECT t_us, kind, text FROM markers WHERE session_id = ?1 ORDER BY t_us, id",
        "reading markers", marker_of);
    s.pacer = collect<PacerRow>(
        c, id,
        "SELECT t_us, enabled, rate_bpm, inhale_fraction, hold_in_s, hold_out_s FROM pacer "
        "WHERE session_id = ?1 ORDER BY t_us",
        "reading the pacer", pacer_of);
  } catch (...) {
    sqlite3_exec(c.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  c.exec("COMMIT", "reading a session");
  return s;
}

}  // namespace resonant::storage
