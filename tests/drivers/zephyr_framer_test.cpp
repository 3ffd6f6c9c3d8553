// Zephyr framing (sensor-protocols.md §1.2, §1.5, §2.9): the CRC-8 check values, complete
// frames from the spec, and the resync rule (drop one byte, search again).
#include <resonant/drivers/zephyr_framer.hpp>

#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "zephyr_test_frames.hpp"

namespace resonant::drivers {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Seen {
  std::uint8_t id;
  std::uint8_t terminator;
  Bytes payload;
};

std::vector<Seen> feed(ZephyrFramer& framer, const Bytes& bytes, std::size_t chunk = 1000) {
  std::vector<Seen> out;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    const auto part = std::span<const std::uint8_t>(bytes).subspan(i, std::min(chunk, bytes.size() - i));
    framer.push(part, [&](const ZephyrFrame& f) {
      out.push_back({f.id, f.terminator, Bytes(f.payload.begin(), f.payload.end())});
    });
  }
  return out;
}

TEST(ZephyrFramer, Crc8CheckValues) {
  constexpr std::string_view kCheck = "123456789";
  EXPECT_EQ(zephyr_crc8(std::span(reinterpret_cast<const std::uint8_t*>(kCheck.data()), kCheck.size())), 0xA1);
  const Bytes one{0x01};
  EXPECT_EQ(zephyr_crc8(one), 0x5E);
  EXPECT_EQ(zephyr_crc8(Bytes{0x00}), 0x00);
  EXPECT_EQ(zephyr_crc8(Bytes{}), 0x00);
}

TEST(ZephyrFramer, EncodesTheSpecsEnableAndLifesignFrames) {
  EXPECT_EQ(encode_zephyr_frame(0x14, Bytes{0x01}), (Bytes{0x02, 0x14, 0x01, 0x01, 0x5E, 0x03}));
  EXPECT_EQ(encode_zephyr_frame(0x23, Bytes{}), (Bytes{0x02, 0x23, 0x00, 0x00, 0x03}));
  EXPECT_EQ(encode_zephyr_frame(0xBD, Bytes{0x01, 0x00}), (Bytes{0x02, 0xBD, 0x02, 0x01, 0x00, 0xC4, 0x03}));
  EXPECT_EQ(encode_zephyr_frame(0xA4, Bytes{0, 0, 0, 0}), (Bytes{0x02, 0xA4, 0x04, 0, 0, 0, 0, 0x00, 0x03}));
}

TEST(ZephyrFramer, DecodesDataAndAnswerFramesInAnyChunking) {
  Bytes stream{0x02, 0x16, 0x00, 0x00, 0x06};  // capture: ECG enable acknowledged
  const auto nak = testing::bh_answer(0x19, false);
  const auto data = encode_zephyr_frame(0x26, Bytes(55, 0x02));  // STX bytes inside the payload
  stream.insert(stream.end(), nak.begin(), nak.end());
  stream.insert(stream.end(), data.begin(), data.end());
  for (std::size_t chunk : {1u, 2u, 7u, 1000u}) {
    ZephyrFramer framer;
    const auto seen = feed(framer, stream, chunk);
    ASSERT_EQ(seen.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(seen[0].id, 0x16);
    EXPECT_EQ(seen[0].terminator, kZephyrAck);
    EXPECT_TRUE(seen[0].payload.empty());
    EXPECT_EQ(seen[1].terminator, kZephyrNak);
    EXPECT_EQ(seen[2].id, 0x26);
    EXPECT_EQ(seen[2].payload, Bytes(55, 0x02));
    EXPECT_EQ(framer.stats().frames, 3u);
    EXPECT_EQ(framer.stats().crc_errors + framer.stats().framing_errors, 0u);
  }
}

TEST(ZephyrFramer, GarbageBeforeAndBetweenFramesIsSkippedOncePerRun) {
  const auto f = encode_zephyr_frame(0x20, Bytes{1, 2, 3});
  Bytes stream{0xFF, 0x00, 0x13, 0x11};
  stream.insert(stream.end(), f.begin(), f.end());
  stream.insert(stream.end(), {0x55, 0x66});
  stream.insert(stream.end(), f.begin(), f.end());
  ZephyrFramer framer;
  EXPECT_EQ(feed(framer, stream, 3).size(), 2u);
  EXPECT_EQ(framer.stats().framing_errors, 2u);
  EXPECT_EQ(framer.stats().discarded_bytes, 6u);
}

TEST(ZephyrFramer, FindsTheRealStartInsideARejectedTentativeFrame) {
  // A stray STX + plausible header claims 40 bytes and swallows the real frame that follows;
  // when its CRC fails, dropping one byte (not the whole tentative frame) recovers the frame.
  const auto real = encode_zephyr_frame(0x21, Bytes{9, 8, 7, 6});
  Bytes stream{0x02, 0x26, 40};
  stream.insert(stream.end(), real.begin(), real.end());
  stream.resize(stream.size() + 40, 0xAA);
  ZephyrFramer framer;
  const auto seen = feed(framer, stream);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].id, 0x21);
  EXPECT_EQ(seen[0].payload, (Bytes{9, 8, 7, 6}));
}

TEST(ZephyrFramer, BadCrcBadTerminatorAndTruncationAreRejected) {
  auto bad_crc = encode_zephyr_frame(0x22, Bytes{1, 2, 3, 4});
  bad_crc[bad_crc.size() - 2] ^= 0x40;
  auto bad_end = encode_zephyr_frame(0x22, Bytes{1, 2, 3, 4});
  bad_end.back() = 0x04;
  auto truncated = encode_zephyr_frame(0x22, Bytes(20, 0x33));
  truncated.resize(10);
  auto good = encode_zephyr_frame(0x22, Bytes{5});
  ZephyrFramer framer;
  std::size_t good_seen = 0;
  // A truncated frame holds back what follows until its claimed length has arrived; then the
  // frames inside it are found again.
  for (const auto* part : {&bad_crc, &good, &bad_end, &good, &truncated, &good, &good, &good}) {
    for (const auto& s : feed(framer, *part)) good_seen += s.payload == Bytes{5};
  }
  EXPECT_EQ(good_seen, 5u);
  EXPECT_EQ(framer.stats().crc_errors, 1u);
  EXPECT_GE(framer.stats().framing_errors, 2u);
}

TEST(ZephyrFramer, UnknownIdsAndOversizedDlcDoNotStartFrames) {
  std::bitset<256> only_hxm;
  only_hxm.set(0x26);
  ZephyrFramer framer(only_hxm);
  const auto other = encode_zephyr_frame(0x20, Bytes{1});
  Bytes stream = other;
  stream.insert(stream.end(), {0x02, 0x26, 129});  // DLC above 128
  const auto hxm = encode_zephyr_frame(0x26, Bytes(55, 1));
  stream.insert(stream.end(), hxm.begin(), hxm.end());
  const auto seen = feed(framer, stream);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].id, 0x26);
}

TEST(ZephyrFramer, ResetForgetsAPartialFrame) {
  const auto f = encode_zephyr_frame(0x20, Bytes{1, 2, 3});
  ZephyrFramer framer;
  feed(framer, Bytes(f.begin(), f.begin() + 4));
  framer.reset();
  EXPECT_EQ(feed(framer, f).size(), 1u);
}

}  // namespace
}  // namespace resonant::drivers
