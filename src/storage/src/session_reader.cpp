#include <resonant/storage/session_reader.hpp>

#include <resonant/storage/session_writer.hpp>

#include <cmath>

#include "sqlite_util.hpp"

namespace resonant::storage {
namespace {

using detail::Statement;

std::vector<StoredSampleChunk> read_chunks(detail::Connection& c, std::int64_t id) {
  Statement q(c,
              "SELECT channel, kind, rate_hz, t_first_us, data FROM samples WHERE session_id = ? "
              "ORDER BY channel, t_first_us");
  q.bind(1, id);
  std::vector<StoredSampleChunk> out;
  while (q.step("reading samples")) {
    StoredSampleChunk chunk;
    chunk.channel = static_cast<std::uint8_t>(q.int64(0));
    chunk.kind = q.text(1);
    chunk.rate_hz = q.real(2);
    chunk.t_first_us = q.int64(3);
    chunk.values = decode_samples(q.blob_data(4), q.blob_bytes(4));
    out.push_back(std::move(chunk));
  }
  return out;
}

std::vector<StoredBeat> read_beats(detail::Connection& c, std::int64_t id) {
  Statement q(c,
              "SELECT b.t_us, b.rr_ms, n.nn_ms, b.source, b.flags, COALESCE(b.label, '') "
              "FROM beats b LEFT JOIN nn_intervals n ON n.session_id = b.session_id AND n.t_us = b.t_us "
              "WHERE b.session_id = ? ORDER BY b.t_us");
  q.bind(1, id);
  std::vector<StoredBeat> out;
  while (q.step("reading beats")) {
    out.push_back({q.int64(0), q.real(1), q.real(2), q.text(3), static_cast<std::uint8_t>(q.int64(4)),
                   q.text(5)});
  }
  return out;
}

std::vector<StoredMetric> read_metrics(detail::Connection& c, std::int64_t id) {
  Statement q(c,
              "SELECT m.t_us, n.name, m.value FROM metrics m JOIN metric_names n ON n.id = m.metric_id "
              "WHERE m.session_id = ? ORDER BY m.t_us, n.name");
  q.bind(1, id);
  std::vector<StoredMetric> out;
  while (q.step("reading metrics")) out.push_back({q.int64(0), q.text(1), q.real(2)});
  return out;
}

std::vector<StoredMarker> read_markers(detail::Connection& c, std::int64_t id) {
  Statement q(c, "SELECT t_us, kind, text FROM markers WHERE session_id = ? ORDER BY t_us, id");
  q.bind(1, id);
  std::vector<StoredMarker> out;
  while (q.step("reading markers")) out.push_back({q.int64(0), q.text(1), q.text(2)});
  return out;
}

std::vector<PacerRow> read_pacer(detail::Connection& c, std::int64_t id) {
  Statement q(c,
              "SELECT t_us, enabled, rate_bpm, inhale_fraction, hold_in_s, hold_out_s FROM pacer "
              "WHERE session_id = ? ORDER BY t_us");
  q.bind(1, id);
  std::vector<PacerRow> out;
  while (q.step("reading the pacer")) {
    out.push_back({q.int64(0), q.int64(1) != 0, q.real(2), q.real(3), q.real(4), q.real(5)});
  }
  return out;
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
    s.chunks = read_chunks(c, id);
    s.beats = read_beats(c, id);
    s.metrics = read_metrics(c, id);
    s.markers = read_markers(c, id);
    s.pacer = read_pacer(c, id);
  } catch (...) {
    sqlite3_exec(c.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  c.exec("COMMIT", "reading a session");
  return s;
}

}  // namespace resonant::storage
