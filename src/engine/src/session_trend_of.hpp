#pragma once
// One session's trend figures (session_trends.hpp) from its stored rows, for other engine code
// that shows them (the session report): the same code as `resonant-cli trends`.
#include <cstdint>

#include <resonant/engine/session_trends.hpp>
#include <resonant/storage/session_review.hpp>

namespace resonant::engine {

/// The review rows the trend figures need (the coherence timeline, markers, pacer,
/// assessments); throws StoreError kNotFound for an unknown id.
storage::SessionReview read_trend_review(storage::Database& db, std::int64_t id);

SessionTrend trend_of(const storage::SessionReview& r);

}  // namespace resonant::engine
