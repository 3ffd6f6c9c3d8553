// Recorder::sync (storage/recorder.hpp): a producer faster than the disk (an import) waits
// for each batch to be committed, so a small queue never refuses a row.
#include <gtest/gtest.h>

#include <resonant/storage/database.hpp>
#include <resonant/storage/recorder.hpp>
#include <resonant/storage/session_reader.hpp>

#include "test_support.hpp"

namespace resonant::storage {
namespace {

constexpr std::size_t kQueueRows = 64;
constexpr int kBeats = 1000;  // many times the queue
constexpr int kBatch = 32;    // rows pushed between syncs, under the queue's size
constexpr std::int64_t kRrUs = 800'000;

TEST(RecorderSync, APushThenSyncProducerLosesNothingThroughASmallQueue) {
  testing::TempDir dir;
  RecorderConfig config;
  config.database = dir.path() / "sync.db";
  config.queue_capacity = kQueueRows;
  config.commit_interval = std::chrono::milliseconds(1000);  // sync, not the timer, commits
  std::int64_t id = 0;
  {
    Recorder r(config);
    ASSERT_TRUE(r.push(BeginSessionRow{"me", "sync test", unix_now_us()}));
    for (int i = 0; i < kBeats; ++i) {
      ASSERT_TRUE(r.push(BeatRow{i * kRrUs, 800.0, ChannelKind::kEcg, 0})) << "row " << i << " refused";
      if ((i + 1) % kBatch == 0) r.sync();
    }
    r.finish();
    const RecorderStatus st = r.status();
    EXPECT_EQ(st.rows_dropped, 0u);
    EXPECT_EQ(st.rows_not_saved, 0u);
    EXPECT_EQ(st.rows_saved, static_cast<std::uint64_t>(kBeats + 1));
    id = st.session_id;
  }
  Database db = Database::open(config.database);
  EXPECT_EQ(read_session(db, id).beats.size(), static_cast<std::size_t>(kBeats));
}

}  // namespace
}  // namespace resonant::storage
