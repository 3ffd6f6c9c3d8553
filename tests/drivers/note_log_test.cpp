// NoteLog: each note is handed out once, oldest first; the cap keeps the newest.
#include <resonant/drivers/decoder_support.hpp>

#include <string>

#include <gtest/gtest.h>

namespace resonant::drivers {
namespace {

TEST(NoteLog, EachNoteIsTakenOnceOldestFirst) {
  NoteLog log;
  EXPECT_TRUE(log.take_new().empty());
  log.add("a");
  log.add("b");
  EXPECT_EQ(log.take_new(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(log.take_new().empty());
  log.add("c");
  EXPECT_EQ(log.take_new(), (std::vector<std::string>{"c"}));
  EXPECT_EQ(log.all(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(NoteLog, TheCapKeepsTheNewestAndNeverHandsOutMoreThanItHas) {
  NoteLog log;
  for (std::size_t i = 0; i < NoteLog::kCapacity + 5; ++i) log.add(std::to_string(i));
  const auto taken = log.take_new();
  ASSERT_EQ(taken.size(), NoteLog::kCapacity);
  EXPECT_EQ(taken.front(), "5");
  EXPECT_EQ(taken.back(), std::to_string(NoteLog::kCapacity + 4));
  EXPECT_EQ(log.all().size(), NoteLog::kCapacity);
}

}  // namespace
}  // namespace resonant::drivers
