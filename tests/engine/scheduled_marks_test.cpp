// `--mark SECONDS:LABEL[:end|:note]` for resonant-cli session and the dashboard: parsed into
// time-ordered marks, posted once the data reach them, and never lost when the engine's
// command queue is full at that moment.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/engine/live_figures.hpp>
#include <resonant/engine/scheduled_marks.hpp>

namespace resonant::engine {
namespace {

TEST(ScheduledMarks, ParsesInTimeOrderAndNamesABadMark) {
  std::string error;
  const auto marks = parse_marks({"60:grounding:end", "20:grounding", "40:sigh:note"}, error);
  ASSERT_TRUE(marks.has_value()) << error;
  ASSERT_EQ(marks->size(), 3u);
  EXPECT_DOUBLE_EQ((*marks)[0].t_s, 20.0);
  EXPECT_EQ((*marks)[0].kind, MarkKind::kBlockStart);
  EXPECT_EQ((*marks)[1].kind, MarkKind::kNote);
  EXPECT_EQ((*marks)[2].kind, MarkKind::kBlockEnd);
  EXPECT_FALSE(parse_marks({"soon:grounding"}, error).has_value());
  EXPECT_NE(error.find("soon:grounding"), std::string::npos) << error;
}

TEST(ScheduledMarks, AMarkTheEngineCannotTakeNowIsOfferedAgainWithItsOwnTime) {
  std::string error;
  auto marks = parse_marks({"20:grounding", "40:grounding:end"}, error);
  ASSERT_TRUE(marks.has_value()) << error;
  MarkScheduler scheduler(std::move(*marks));
  std::vector<MarkCommand> posted;
  bool queue_full = false;
  const auto post = [&](MarkCommand m) {
    if (queue_full) return false;
    posted.push_back(m);
    return true;
  };
  scheduler.post_due(kLiveNaN, post);  // no data yet
  scheduler.post_due(10.0, post);
  EXPECT_TRUE(posted.empty());
  queue_full = true;
  scheduler.post_due(45.0, post);      // both due, neither taken
  EXPECT_TRUE(posted.empty());
  queue_full = false;
  scheduler.post_due(46.0, post);
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_DOUBLE_EQ(posted[0].t_s, 20.0) << "the mark keeps its own time, not the retry's";
  EXPECT_EQ(posted[1].kind, MarkKind::kBlockEnd);
  scheduler.post_due(100.0, post);
  EXPECT_EQ(posted.size(), 2u) << "each mark once";
}

}  // namespace
}  // namespace resonant::engine
