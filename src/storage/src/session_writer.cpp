#include <resonant/storage/session_writer.hpp>

#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <string>

#include "sqlite_util.hpp"

namespace resonant::storage {

std::vector<unsigned char> encode_samples(const std::vector<float>& values) {
  std::vector<unsigned char> bytes(values.size() * sizeof(float));
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(bytes.data(), values.data(), bytes.size());
  } else {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto u = std::bit_cast<std::uint32_t>(values[i]);
      for (std::size_t b = 0; b < sizeof(float); ++b) {
        bytes[i * sizeof(float) + b] = static_cast<unsigned char>(u >> (8 * b));
      }
    }
  }
  return bytes;
}

std::vector<float> decode_samples(const void* data, std::size_t bytes) {
  std::vector<float> values(bytes / sizeof(float));
  const auto* p = static_cast<const unsigned char*>(data);
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(values.data(), p, values.size() * sizeof(float));
  } else {
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::uint32_t u = 0;
      for (std::size_t b = 0; b < sizeof(float); ++b) {
        u |= static_cast<std::uint32_t>(p[i * sizeof(float) + b]) << (8 * b);
      }
      values[i] = std::bit_cast<float>(u);
    }
  }
  return values;
}

using detail::Statement;

struct SessionWriter::Impl {
  explicit Impl(Database d)
      : db(std::move(d)),
        conn(db.connection()),
        insert_session(conn,
                       "INSERT INTO sessions (client_id, status, started_unix_us, source, writer_pid, "
                       "heartbeat_unix_us) VALUES (?, 'recording', ?, ?, ?, ?)"),
        insert_samples(conn,
                       "INSERT INTO samples (session_id, channel, kind, t_first_us, rate_hz, count, data) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        insert_beat(conn,
                    "INSERT OR IGNORE INTO beats (session_id, t_us, rr_ms, source, flags) "
                    "VALUES (?, ?, ?, ?, ?)"),
        label_beat(conn, "UPDATE beats SET label = ? WHERE session_id = ? AND t_us = ?"),
        insert_nn(conn,
                  "INSERT OR REPLACE INTO nn_intervals (session_id, t_us, nn_ms, after_gap) "
                  "VALUES (?, ?, ?, ?)"),
        insert_metric(conn,
                      "INSERT OR REPLACE INTO metrics (session_id, metric_id, t_us, value) "
                      "VALUES (?, ?, ?, ?)"),
        find_metric(conn, "SELECT id FROM metric_names WHERE name = ?"),
        insert_metric_name(conn, "INSERT INTO metric_names (name) VALUES (?)"),
        insert_marker(conn,
                      "INSERT INTO markers (session_id, t_us, kind, text) VALUES (?, ?, ?, ?)"),
        insert_pacer(conn,
                     "INSERT OR REPLACE INTO pacer (session_id, t_us, enabled, rate_bpm, "
                     "inhale_fraction, hold_in_s, hold_out_s) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        insert_assessment(conn,
                          "INSERT INTO assessments (session_id, kind, result_json, created_unix_us) "
                          "VALUES (?, ?, ?, ?)"),
        update_session(conn,
                       "UPDATE sessions SET first_t_us = COALESCE(first_t_us, ?), "
                       "last_t_us = MAX(COALESCE(last_t_us, ?), ?), beats = ?, mean_hr_bpm = ?, "
                       "rmssd_ms = ?, sdnn_ms = ?, heartbeat_unix_us = ? WHERE id = ?"),
        end_session(conn,
                    "UPDATE sessions SET status = 'complete', ended_unix_us = ?, writer_pid = NULL "
                    "WHERE id = ?") {}

  void on(const BeginSessionRow& r) {
    const std::int64_t client_id = db.ensure_client(r.client);
    insert_session.bind(1, client_id)
        .bind(2, r.started_unix_us)
        .bind(3, r.source)
        .bind(4, static_cast<std::int64_t>(getpid()))
        .bind(5, unix_now_us())
        .run("starting a session");
    session_id = sqlite3_last_insert_rowid(conn.get());
  }

  void on(const SampleChunkRow& r) {
    if (r.values.empty()) return;
    const std::vector<unsigned char> bytes = encode_samples(r.values);
    insert_samples.bind(1, session_id)
        .bind(2, static_cast<std::int64_t>(r.channel))
        .bind(3, to_string(r.kind))
        .bind(4, r.t_first_us)
        .bind(5, r.rate_hz)
        .bind(6, static_cast<std::int64_t>(r.values.size()))
        .bind_blob(7, bytes)
        .run("saving samples");
    const auto end_us = r.t_first_us + static_cast<std::int64_t>(std::llround(
                                           static_cast<double>(r.values.size() - 1) / r.rate_hz * 1e6));
    note_time(r.t_first_us, end_us);
  }

  void on(const BeatRow& r) {
    insert_beat.bind(1, session_id)
        .bind(2, r.t_us)
        .bind(3, r.rr_ms)
        .bind(4, r.source == ChannelKind::kOther ? std::string_view("device") : to_string(r.source))
        .bind(5, static_cast<std::int64_t>(r.flags))
        .run("saving a beat");
    note_time(r.t_us, r.t_us);
  }

  void on(const BeatLabelRow& r) {
    label_beat.bind(1, r.label.view()).bind(2, session_id).bind(3, r.t_us).run("labelling a beat");
  }

  void on(const NnRow& r) {
    insert_nn.bind(1, session_id)
        .bind(2, r.t_us)
        .bind(3, r.nn_ms)
        .bind(4, static_cast<std::int64_t>(r.after_gap ? 1 : 0))
        .run("saving an NN interval");
  }

  std::int64_t metric_id(const char* name) {
    if (auto it = metric_ids.find(name); it != metric_ids.end()) return it->second;
    find_metric.bind(1, std::string_view(name));
    std::int64_t id = 0;
    if (find_metric.step("looking up a metric")) id = find_metric.int64(0);
    find_metric.reset();
    if (id == 0) {
      insert_metric_name.bind(1, std::string_view(name)).run("naming a metric");
      id = sqlite3_last_insert_rowid(conn.get());
    }
    // Ids are cached only after their transaction commits (a rollback would undo the name).
    pending_metric_ids[name] = id;
    return id;
  }

  void on(const MetricRow& r) {
    insert_metric.bind(1, session_id).bind(2, metric_id(r.name)).bind(3, r.t_us).bind(4, r.value)
        .run("saving a metric");
  }

  void on(const MarkerRow& r) {
    insert_marker.bind(1, session_id).bind(2, r.t_us).bind(3, r.kind.view()).bind(4, r.text)
        .run("saving a marker");
  }

  void on(const PacerRow& r) {
    insert_pacer.bind(1, session_id)
        .bind(2, r.t_us)
        .bind(3, static_cast<std::int64_t>(r.enabled ? 1 : 0))
        .bind(4, r.rate_bpm)
        .bind(5, r.inhale_fraction)
        .bind(6, r.hold_in_s)
        .bind(7, r.hold_out_s)
        .run("saving the pacer");
  }

  void on(const AssessmentRow& r) {
    insert_assessment.bind(1, session_id).bind(2, r.kind).bind(3, r.result_json)
        .bind(4, unix_now_us()).run("saving an assessment result");
  }

  void on(const RatingRow& r) { db.add_rating(session_id, r.scale.view(), r.value, r.t_us); }

  void on(const ProgressRow& r) {
    progress = r;
    note_time(r.last_t_us, r.last_t_us);
  }

  void on(const EndSessionRow& r) {
    on(r.final_figures);
    update_progress();
    end_session.bind(1, r.ended_unix_us).bind(2, session_id).run("ending the session");
  }

  void note_time(std::int64_t first_us, std::int64_t last_us) {
    if (!have_time || first_us < first_t_us) first_t_us = first_us;
    if (!have_time || last_us > last_t_us) last_t_us = last_us;
    have_time = true;
  }

  void update_progress() {
    if (session_id == 0) return;
    auto& u = update_session;
    if (have_time) {
      u.bind(1, first_t_us).bind(2, last_t_us).bind(3, last_t_us);
    } else {
      u.bind_null(1).bind_null(2).bind_null(3);
    }
    u.bind(4, progress.beats)
        .bind(5, progress.mean_hr_bpm)
        .bind(6, progress.rmssd_ms)
        .bind(7, progress.sdnn_ms)
        .bind(8, unix_now_us())
        .bind(9, session_id)
        .run("updating the session");
  }

  Database db;
  detail::Connection& conn;
  std::int64_t session_id = 0;
  bool session_committed = false;
  ProgressRow progress{};
  bool have_time = false;
  std::int64_t first_t_us = 0;
  std::int64_t last_t_us = 0;
  std::map<std::string, std::int64_t> metric_ids;
  std::map<std::string, std::int64_t> pending_metric_ids;
  Statement insert_session, insert_samples, insert_beat, label_beat, insert_nn, insert_metric,
      find_metric, insert_metric_name, insert_marker, insert_pacer, insert_assessment, update_session,
      end_session;
};

SessionWriter::SessionWriter(Database db) : impl_(std::make_unique<Impl>(std::move(db))) {}
SessionWriter::~SessionWriter() { rollback(); }

void SessionWriter::begin() { impl_->conn.exec("BEGIN IMMEDIATE", "starting a batch"); }

void SessionWriter::write(const Row& row) {
  if (impl_->session_id == 0 && !std::holds_alternative<BeginSessionRow>(row)) {
    throw StoreError(StoreErrorKind::kInvalid, "a session's rows came before its start");
  }
  std::visit([this](const auto& r) { impl_->on(r); }, row);
}

void SessionWriter::commit() {
  impl_->update_progress();
  impl_->conn.exec("COMMIT", "committing a batch");
  impl_->metric_ids.merge(impl_->pending_metric_ids);
  impl_->pending_metric_ids.clear();
  impl_->session_committed = impl_->session_id != 0;
}

void SessionWriter::rollback() {
  if (in_transaction()) sqlite3_exec(impl_->conn.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  impl_->pending_metric_ids.clear();
  if (!impl_->session_committed) impl_->session_id = 0;  // its row was rolled back too
}

bool SessionWriter::in_transaction() const { return sqlite3_get_autocommit(impl_->conn.get()) == 0; }

bool SessionWriter::mark_partial() noexcept {
  if (impl_->session_id == 0) return true;
  try {
    rollback();
    Statement mark(impl_->conn,
                   "UPDATE sessions SET status = 'partial', ended_unix_us = ?, writer_pid = NULL "
                   "WHERE id = ?");
    mark.bind(1, unix_now_us()).bind(2, impl_->session_id).run("marking the session partial");
    return true;
  } catch (const StoreError&) {
    return false;
  }
}

std::int64_t SessionWriter::session_id() const { return impl_->session_id; }

Database& SessionWriter::database() { return impl_->db; }

}  // namespace resonant::storage
