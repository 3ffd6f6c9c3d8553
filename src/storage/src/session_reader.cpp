#include <resonant/storage/session_reader.hpp>

#include <resonant/storage/session_writer.hpp>

#include <cmath>

#include "session_queries.hpp"

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

}  // namespace

StoredSession read_session(Database& db, std::int64_t id) {
  StoredSession s;
  s.info = detail::require_session(db, id);
  detail::Connection& c = db.connection();
  detail::in_read_transaction(c, [&] {
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
    s.markers = detail::read_markers(c, id);
    s.pacer = detail::read_pacer(c, id);
  });
  return s;
}

}  // namespace resonant::storage
