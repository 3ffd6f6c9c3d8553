#include <resonant/storage/session_review.hpp>

#include <algorithm>

#include "session_queries.hpp"

namespace resonant::storage {
namespace {

using detail::collect;
using detail::Statement;

NnRow nn_of(const Statement& q) { return {q.int64(0), q.real(1), q.int64(2) != 0}; }

StoredAssessment assessment_of(const Statement& q) { return {q.text(0), q.text(1), q.int64(2)}; }

StoredRating rating_of(const Statement& q) {
  const bool has_time = !q.is_null(2);
  return {q.text(0), q.real(1), has_time, has_time ? q.int64(2) : 0};
}

std::vector<StoredMetric> metrics_named(detail::Connection& c, std::int64_t id,
                                        std::span<const std::string> names) {
  std::vector<StoredMetric> out;
  Statement q(c,
              "SELECT m.t_us, n.name, m.value FROM metrics m JOIN metric_names n ON n.id = m.metric_id "
              "WHERE m.session_id = ?1 AND n.name = ?2 ORDER BY m.t_us");
  for (const std::string& name : names) {
    q.reset();
    q.bind(1, id);
    q.bind(2, std::string_view(name));
    while (q.step("reading metrics")) out.push_back({q.int64(0), q.text(1), q.real(2)});
  }
  std::stable_sort(out.begin(), out.end(), [](const StoredMetric& a, const StoredMetric& b) {
    return a.t_us != b.t_us ? a.t_us < b.t_us : a.name < b.name;
  });
  return out;
}

}  // namespace

SessionReview read_session_review(Database& db, std::int64_t id,
                                  std::span<const std::string> metric_names) {
  SessionReview r;
  r.info = detail::require_session(db, id);
  detail::Connection& c = db.connection();
  detail::in_read_transaction(c, [&] {
    Statement span(c, "SELECT COALESCE(first_t_us, 0), COALESCE(last_t_us, 0) FROM sessions WHERE id = ?1");
    span.bind(1, id);
    if (span.step("reading a session")) {
      r.first_t_us = span.int64(0);
      r.last_t_us = span.int64(1);
    }
    r.nn = collect<NnRow>(c, id,
                          "SELECT t_us, nn_ms, after_gap FROM nn_intervals WHERE session_id = ?1 "
                          "ORDER BY t_us",
                          "reading NN intervals", nn_of);
    r.metrics = metrics_named(c, id, metric_names);
    r.markers = detail::read_markers(c, id);
    r.pacer = detail::read_pacer(c, id);
    r.assessments = collect<StoredAssessment>(
        c, id,
        "SELECT kind, result_json, created_unix_us FROM assessments WHERE session_id = ?1 "
        "ORDER BY created_unix_us, id",
        "reading assessments", assessment_of);
    r.ratings = collect<StoredRating>(
        c, id, "SELECT scale, value, t_us FROM ratings WHERE session_id = ?1 ORDER BY created_unix_us, id",
        "reading self-ratings", rating_of);
  });
  return r;
}

}  // namespace resonant::storage
