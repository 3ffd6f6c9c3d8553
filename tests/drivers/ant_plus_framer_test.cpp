// ANT serial framing (sensor-protocols.md §3.2, §3.7): the spec's byte examples, resync,
// padding, bad checksums, truncation.
#include <resonant/drivers/ant_plus_framer.hpp>
#include <resonant/drivers/ant_plus_message.hpp>

#include <vector>

#include <gtest/gtest.h>

#include "ant_plus_test_messages.hpp"

namespace resonant::drivers {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Got {
  std::uint8_t mid;
  Bytes content;
};

std::vector<Got> frame_all(ant::Framer& f, const Bytes& bytes, std::size_t chunk = 0) {
  std::vector<Got> got;
  auto on = [&](std::uint8_t mid, std::span<const std::uint8_t> c) {
    got.push_back({mid, Bytes(c.begin(), c.end())});
  };
  if (chunk == 0) {
    f.push(bytes, on);
  } else {
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
      f.push(std::span<const std::uint8_t>(bytes).subspan(i, std::min(chunk, bytes.size() - i)), on);
    }
  }
  return got;
}

TEST(AntPlusMessage, EncodesTheSpecExamples) {
  using namespace ant;
  EXPECT_EQ(encode_message(kMidResetSystem, {0x00}), (Bytes{0xA4, 0x01, 0x4A, 0x00, 0xEF}));
  EXPECT_EQ(encode_message(kMidAssignChannel, {0, 0, 0}), (Bytes{0xA4, 0x03, 0x42, 0, 0, 0, 0xE5}));
  EXPECT_EQ(encode_message(kMidChannelId, {0, 0, 0, 0x78, 0}),
            (Bytes{0xA4, 0x05, 0x51, 0, 0, 0, 0x78, 0, 0x88}));
  EXPECT_EQ(encode_message(kMidChannelPeriod, {0, 0x86, 0x1F}),
            (Bytes{0xA4, 0x03, 0x43, 0x00, 0x86, 0x1F, 0x7D}));
  EXPECT_EQ(encode_message(kMidRfFrequency, {0, 0x39}), (Bytes{0xA4, 0x02, 0x45, 0x00, 0x39, 0xDA}));
  EXPECT_EQ(encode_message(kMidSearchTimeout, {0, 0x0C}), (Bytes{0xA4, 0x02, 0x44, 0x00, 0x0C, 0xEE}));
  EXPECT_EQ(encode_message(0x6E, {0, 0x80}), (Bytes{0xA4, 0x02, 0x6E, 0x00, 0x80, 0x48}));
  EXPECT_EQ(encode_message(kMidOpenChannel, {0}), (Bytes{0xA4, 0x01, 0x4B, 0x00, 0xEE}));
  EXPECT_EQ(encode_message(kMidRequestMessage, {0, 0x51}), (Bytes{0xA4, 0x02, 0x4D, 0x00, 0x51, 0xBA}));
  EXPECT_EQ(encode_message(kMidCloseChannel, {0}), (Bytes{0xA4, 0x01, 0x4C, 0x00, 0xE9}));
  EXPECT_EQ(encode_message(kMidStartup, {0}), (Bytes{0xA4, 0x01, 0x6F, 0x00, 0xCA}));
  EXPECT_EQ(kHrmPeriod32768ths, 0x1F86);
  EXPECT_EQ(kRfFrequencyOffsetMhz, 0x39);
}

TEST(AntPlusFramer, DecodesTheForumExtendedBroadcast) {
  const Bytes real{0xA4, 0x0E, 0x4E, 0x02, 0x84, 0xFF, 0xA5, 0xE2, 0xA5,
                   0xE6, 0xCA, 0x3C, 0x80, 0x52, 0x62, 0x78, 0x71, 0xD6};
  ant::Framer f;
  const auto got = frame_all(f, real);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].mid, 0x4E);
  ASSERT_EQ(got[0].content.size(), 14u);
  EXPECT_EQ(got[0].content[0], 0x02);  // channel
  EXPECT_EQ(got[0].content[1], 0x84);  // toggle + page 4
  EXPECT_EQ(f.stats().frames, 1u);
  EXPECT_EQ(f.stats().crc_errors, 0u);
}

TEST(AntPlusFramer, ByteByByteAndBackToBack) {
  Bytes stream;
  for (int i = 0; i < 5; ++i) {
    testing::append(stream, testing::broadcast(testing::hrm_payload(4, i & 1, 0, 0, static_cast<std::uint16_t>(1000 * i),
                                                                    static_cast<std::uint8_t>(i), 60)));
  }
  ant::Framer f;
  EXPECT_EQ(frame_all(f, stream, 1).size(), 5u);
  EXPECT_EQ(frame_all(f, stream, 7).size(), 5u);
  EXPECT_EQ(f.stats().frames, 10u);
  EXPECT_EQ(f.stats().framing_errors + f.stats().crc_errors, 0u);
}

TEST(AntPlusFramer, ZeroPaddingIsSkippedWithoutErrors) {
  Bytes stream{0x00, 0x00};
  testing::append(stream, testing::startup());
  stream.insert(stream.end(), {0x00, 0x00});
  testing::append(stream, testing::response(ant::kMidNetworkKey));
  ant::Framer f;
  EXPECT_EQ(frame_all(f, stream).size(), 2u);
  EXPECT_EQ(f.stats().framing_errors, 0u);
  EXPECT_EQ(f.stats().skipped_bytes, 4u);
}

TEST(AntPlusFramer, GarbageBeforeAndBetweenCountsOneErrorPerRun) {
  Bytes stream{0x13, 0x37, 0x55};
  testing::append(stream, testing::startup());
  stream.insert(stream.end(), {0x99, 0x42});
  testing::append(stream, testing::startup());
  ant::Framer f;
  EXPECT_EQ(frame_all(f, stream, 3).size(), 2u);
  EXPECT_EQ(f.stats().framing_errors, 2u);
}

TEST(AntPlusFramer, BadChecksumDropsOneByteAndFindsTheFrameInside) {
  // A stray 0xA4 whose "length" swallows the start of a real message: the real one must
  // still be found (drop one byte, not the whole candidate).
  Bytes stream{0xA4, 0x03};
  const auto real = testing::response(ant::kMidAssignChannel);
  testing::append(stream, real);
  ant::Framer f;
  const auto got = frame_all(f, stream);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].mid, ant::kMidChannelEvent);
  EXPECT_EQ(f.stats().crc_errors + f.stats().framing_errors, 1u);
}

TEST(AntPlusFramer, CorruptedMessageIsACrcError) {
  auto m = testing::broadcast(testing::hrm_payload(4, false, 0, 0, 500, 3, 70));
  m[8] ^= 0x10;
  testing::append(m, testing::startup());
  ant::Framer f;
  const auto got = frame_all(f, m);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].mid, ant::kMidStartup);
  EXPECT_EQ(f.stats().crc_errors, 1u);
  EXPECT_EQ(f.stats().framing_errors, 0u) << "the skipped rest belongs to the same error";
}

TEST(AntPlusFramer, TruncatedMessageThenAFullOne) {
  // Non-zero payload bytes: with XOR, a cut-off copy of the same message followed by 0x00
  // can cancel out into a valid-looking frame (a weakness of the checksum, not the framer).
  auto m = testing::broadcast(testing::hrm_payload(4, true, 0x11, 0x2233, 0x4455, 0x66, 0x77));
  Bytes stream(m.begin(), m.begin() + 6);
  testing::append(stream, m);
  ant::Framer f;
  const auto got = frame_all(f, stream, 2);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content, Bytes(m.begin() + 3, m.end() - 1));
  EXPECT_GE(f.stats().crc_errors + f.stats().framing_errors, 1u);
}

TEST(AntPlusFramer, RejectsZeroAndOversizedLengthAndMidZero) {
  Bytes stream{0xA4, 0x00, 0xA4, 0x21, 0xA4, 0x01, 0x00, 0x00, 0xA5};
  testing::append(stream, testing::startup());
  ant::Framer f;
  EXPECT_EQ(frame_all(f, stream).size(), 1u);
  EXPECT_GE(f.stats().framing_errors, 3u);
}

TEST(AntPlusFramer, ChecksumIsPlainXorEvenWhenItIs0xFF) {
  // python-ant's (cs ^ b) % 0xFF turns 0xFF into 0 (§3.2): find content giving 0xFF.
  Bytes content{0x00, 0x00};
  for (int b = 0; b < 256; ++b) {
    content[1] = static_cast<std::uint8_t>(b);
    if (ant::encode_message(0x4D, content).back() == 0xFF) break;
  }
  const auto m = ant::encode_message(0x4D, content);
  ASSERT_EQ(m.back(), 0xFF);
  ant::Framer f;
  EXPECT_EQ(frame_all(f, m).size(), 1u);
}

TEST(AntPlusFramer, ResetForgetsAPartialMessage) {
  const auto m = testing::startup();
  ant::Framer f;
  EXPECT_TRUE(frame_all(f, Bytes(m.begin(), m.begin() + 3)).empty());
  f.reset();
  EXPECT_EQ(frame_all(f, m).size(), 1u);
}

}  // namespace
}  // namespace resonant::drivers
