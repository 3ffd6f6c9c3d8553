#include <resonant/drivers/cobs_framer.hpp>

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "rsp_test_frames.hpp"

namespace resonant::drivers {
namespace {

using Frames = std::vector<std::vector<std::uint8_t>>;

Frames feed(CobsFramer& f, const std::vector<std::uint8_t>& bytes) {
  Frames out;
  f.push(bytes, [&](std::span<const std::uint8_t> fr) { out.emplace_back(fr.begin(), fr.end()); });
  return out;
}

std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  return all;
}

TEST(CobsFramer, DeliversAFrameWithoutItsCrc) {
  CobsFramer f;
  const auto frames = feed(f, testing::samples_frame(5, 1000, 0, {1, 2, 3}));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].size(), RSP_HEADER_SIZE + 3 + 6u);
  EXPECT_EQ(frames[0][0], RSP_T_SAMPLES);
  EXPECT_EQ(f.stats().frames, 1u);
}

TEST(CobsFramer, SkipsGarbageBeforeAndBetweenFrames) {
  CobsFramer f;
  const std::vector<std::uint8_t> boot_text = {'e', 't', 's', ' ', 'J', 'u', 'l', '\r', '\n'};
  const auto a = testing::samples_frame(1, 0, 0, {10});
  const auto b = testing::samples_frame(2, 4000, 0, {20});
  // Garbage that ends in a delimiter, and garbage glued in front of a frame's first byte
  // (that frame is lost: the spec's resync rule costs at most the frame garbage touches).
  const auto stream = concat({boot_text, {0x00}, a, {0x55, 0xAA, 0x13, 0x00}, b,
                              {0x42, 0x17}, testing::samples_frame(3, 8000, 0, {30})});
  const auto frames = feed(f, stream);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0][1], 1);
  EXPECT_EQ(frames[1][1], 2);
  EXPECT_EQ(f.stats().framing_errors + f.stats().crc_errors, 3u);
}

TEST(CobsFramer, FramesSplitAtEveryByteBoundaryAreReassembled) {
  const auto stream = concat({testing::hello_frame(0), testing::channel_frame(1, 0, RSP_CH_ECG, 250, 0.001f),
                              testing::samples_frame(2, 0, 0, {1, 0, -1, 256, 0, 0})});
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    CobsFramer f;
    Frames frames;
    auto sink = [&](std::span<const std::uint8_t> fr) { frames.emplace_back(fr.begin(), fr.end()); };
    f.push(std::span(stream).subspan(0, cut), sink);
    f.push(std::span(stream).subspan(cut), sink);
    ASSERT_EQ(frames.size(), 3u) << "cut at " << cut;
    EXPECT_EQ(f.stats().crc_errors + f.stats().framing_errors, 0u);
  }
  // And byte by byte.
  CobsFramer f;
  Frames frames;
  for (std::uint8_t b : stream) {
    f.push(std::span(&b, 1), [&](std::span<const std::uint8_t> fr) { frames.emplace_back(fr.begin(), fr.end()); });
  }
  EXPECT_EQ(frames.size(), 3u);
}

TEST(CobsFramer, RejectsACorruptedFrameAndKeepsTheNext) {
  auto bad = testing::samples_frame(1, 0, 0, {7, 8, 9});
  bad[6] ^= 0x10;  // flip a bit inside the frame
  CobsFramer f;
  const auto frames = feed(f, concat({bad, testing::samples_frame(2, 0, 0, {1})}));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0][1], 2);
  EXPECT_EQ(f.stats().crc_errors + f.stats().framing_errors, 1u);
}

TEST(CobsFramer, EveryBitFlipIsCaught) {
  const auto good = testing::samples_frame(9, 123456, 0, {1000, -1000, 3, 4});
  for (std::size_t i = 0; i + 1 < good.size(); ++i) {  // not the delimiter
    for (int bit = 0; bit < 8; ++bit) {
      auto bad = good;
      bad[i] ^= static_cast<std::uint8_t>(1u << bit);
      CobsFramer f;
      const auto frames = feed(f, concat({bad, {0x00}}));
      ASSERT_TRUE(frames.empty()) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(CobsFramer, OversizedBlocksAreDiscardedUpToTheNextDelimiter) {
  CobsFramer f;
  std::vector<std::uint8_t> junk(5000, 0x41);
  const auto frames = feed(f, concat({junk, {0x00}, testing::samples_frame(4, 0, 0, {5})}));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(f.stats().framing_errors, 1u);
  EXPECT_GE(f.stats().discarded_bytes, 5000u);
}

TEST(CobsFramer, IdleDelimitersAreNotErrors) {
  CobsFramer f;
  const auto frames = feed(f, {0, 0, 0, 0});
  EXPECT_TRUE(frames.empty());
  EXPECT_EQ(f.stats().framing_errors, 0u);
}

}  // namespace
}  // namespace resonant::drivers
