// When a sensor check line is news: two verdicts in a row must agree.
#include <vector>

#include <gtest/gtest.h>

#include "../../src/engine/src/signal_watch.hpp"

namespace resonant::engine::detail {
namespace {

using News = SignalWatch::News;

std::vector<News> feed(SignalWatch& w, const std::vector<bool>& usable) {
  std::vector<News> out;
  for (const bool u : usable) out.push_back(w.push(u));
  return out;
}

TEST(SignalWatch, TheFirstSettledVerdictIsTheSensorCheck) {
  SignalWatch w;
  EXPECT_EQ(feed(w, {true, true, true}),
            (std::vector<News>{News::kNone, News::kFirst, News::kNone}));
  SignalWatch poor_first;
  EXPECT_EQ(feed(poor_first, {false, true, false, false}),
            (std::vector<News>{News::kNone, News::kNone, News::kNone, News::kFirst}))
      << "a flip-flopping start waits until two verdicts agree";
}

TEST(SignalWatch, ATurnCountsOnlyWhenTwoVerdictsInARowAgree) {
  SignalWatch w;
  feed(w, {true, true});
  // One odd second, then good again: no news, and the odd second does not count later.
  EXPECT_EQ(feed(w, {false, true, false, true}),
            (std::vector<News>{News::kNone, News::kNone, News::kNone, News::kNone}));
  EXPECT_EQ(feed(w, {false, false, false}),
            (std::vector<News>{News::kNone, News::kChanged, News::kNone}));
  EXPECT_EQ(feed(w, {true, false, true, true}),
            (std::vector<News>{News::kNone, News::kNone, News::kNone, News::kChanged}));
}

TEST(SignalWatch, ResetMakesTheNextSettledVerdictAFirstOneAgain) {
  SignalWatch w;
  feed(w, {true, true});
  w.reset();
  EXPECT_EQ(feed(w, {false, false}), (std::vector<News>{News::kNone, News::kFirst}));
}

}  // namespace
}  // namespace resonant::engine::detail
