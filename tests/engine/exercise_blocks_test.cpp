// Office mode in the engine: MarkCommand kinds make exercise blocks, and the Snapshot carries
// their response cards (the figures themselves: tests/dsp/response_card_test.cpp; with a live
// simulated person: tests/e2e/office_e2e_test.cpp).
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include <resonant/engine/engine.hpp>

namespace resonant::engine {
namespace {

MarkCommand mark(MarkKind kind, const char* text, double t_s) {
  MarkCommand c;
  c.kind = kind;
  c.text.assign(text);
  c.t_s = t_s;
  return c;
}

TEST(ExerciseBlocks, BlockStartsEndTheRunningBlockAndNotesDoNotCount) {
  Engine eng;  // no source, no recording: the markers alone
  eng.post(mark(MarkKind::kBlockStart, "orienting", 10.0));
  eng.post(mark(MarkKind::kNote, "client yawns", 15.0));
  eng.post(mark(MarkKind::kBlockStart, "grounding", 20.0));
  eng.post(mark(MarkKind::kBlockEnd, "", 30.0));
  eng.post(mark(MarkKind::kBlockEnd, "", 35.0));  // nothing running: ignored
  eng.post(mark(MarkKind::kBlockStart, "pendulation", 40.0));
  eng.shutdown();
  const Snapshot& s = eng.snapshot();
  ASSERT_EQ(s.response_card_count, 3u);
  EXPECT_EQ(s.response_cards[0].label.view(), "orienting");
  EXPECT_DOUBLE_EQ(s.response_cards[0].card.block.start_s, 10.0);
  EXPECT_DOUBLE_EQ(s.response_cards[0].card.block.end_s, 20.0);
  EXPECT_EQ(s.response_cards[1].label.view(), "grounding");
  EXPECT_DOUBLE_EQ(s.response_cards[1].card.block.start_s, 20.0);
  EXPECT_DOUBLE_EQ(s.response_cards[1].card.block.end_s, 30.0);
  EXPECT_EQ(s.response_cards[2].label.view(), "pendulation");
  EXPECT_TRUE(std::isnan(s.response_cards[2].card.block.end_s)) << "still running";
  EXPECT_EQ(s.response_cards[0].card.baseline_beats, 0u) << "no beats: no figures";
  EXPECT_TRUE(std::isnan(s.response_cards[0].card.delta_hr_bpm));
}

TEST(ExerciseBlocks, KeepsTheNewestCardsOldestFirst) {
  Engine eng;
  const std::size_t n = kResponseCardCapacity + 3;
  for (std::size_t i = 0; i < n; ++i) {
    eng.post(mark(MarkKind::kBlockStart, ("block " + std::to_string(i)).c_str(), 10.0 * static_cast<double>(i)));
  }
  eng.shutdown();
  const Snapshot& s = eng.snapshot();
  ASSERT_EQ(s.response_card_count, kResponseCardCapacity);
  EXPECT_EQ(s.response_cards[0].label.view(), "block 3");
  EXPECT_EQ(s.response_cards[kResponseCardCapacity - 1].label.view(), "block " + std::to_string(n - 1));
  EXPECT_DOUBLE_EQ(s.response_cards[0].card.block.end_s, 40.0);
}

}  // namespace
}  // namespace resonant::engine
