#include <resonant/common/fixed_text.hpp>
#include <resonant/common/link_status.hpp>

#include <gtest/gtest.h>

namespace resonant {
namespace {

TEST(FixedText, CutsLongTextWithoutSplittingUtf8) {
  FixedText<5> t;
  t.assign("abcdefgh");
  EXPECT_EQ(t.view(), "abcde");
  t.assign("abcd\xC3\xA9xyz");  // 'é' would straddle the limit
  EXPECT_EQ(t.view(), "abcd");
  t.assign("");
  EXPECT_TRUE(t.empty());
}

TEST(LinkStatus, EveryStateHasAName) {
  for (LinkState s : {LinkState::kIdle, LinkState::kConnecting, LinkState::kStreaming,
                      LinkState::kStalled, LinkState::kDisconnected, LinkState::kReconnecting,
                      LinkState::kFailed}) {
    EXPECT_NE(to_string(s), "unknown");
  }
  EXPECT_EQ(to_string(LinkState::kDisconnected), "disconnected");
}

}  // namespace
}  // namespace resonant
