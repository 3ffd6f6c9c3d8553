// The C header shared with firmware: CRC, COBS writer/decoder, and PROTOCOL.md's examples.
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "resonant_protocol.h"

namespace {

std::vector<std::uint8_t> bytes_of(const char* hex) {
  std::vector<std::uint8_t> out;
  unsigned v = 0;
  int n = 0;
  for (const char* p = hex; *p; ++p) {
    if (*p == ' ') continue;
    v = v * 16 + static_cast<unsigned>(std::isdigit(*p) ? *p - '0' : std::tolower(*p) - 'a' + 10);
    if (++n == 2) {
      out.push_back(static_cast<std::uint8_t>(v));
      v = 0;
      n = 0;
    }
  }
  return out;
}

TEST(ProtocolHeader, CrcCheckValueMatchesTheStandard) {
  const char* s = "123456789";
  EXPECT_EQ(rsp_crc16(reinterpret_cast<const std::uint8_t*>(s), 9), 0x29B1);
}

TEST(ProtocolHeader, SamplesWorkedExampleFromTheSpec) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_SAMPLES, 0x0102, 0x00123456u);
  rsp_put_u8(&w, 0);
  rsp_put_u8(&w, 0);
  rsp_put_u8(&w, 3);
  rsp_put_i16(&w, 100);
  rsp_put_i16(&w, -2);
  rsp_put_i16(&w, 0);
  const std::size_t n = rsp_end(&w);
  const auto expected = bytes_of("07 10 02 01 56 34 12 01 01 03 03 64 03 FE FF 01 03 52 6E 00");
  EXPECT_EQ(std::vector<std::uint8_t>(out, out + n), expected);
}

TEST(ProtocolHeader, StartCommandWorkedExampleFromTheSpec) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_C_START, 7, 0);
  const std::size_t n = rsp_end(&w);
  EXPECT_EQ(std::vector<std::uint8_t>(out, out + n), bytes_of("03 81 07 01 01 01 01 03 17 2A 00"));
}

TEST(ProtocolHeader, CobsRoundTripsEveryLengthAndZeroPattern) {
  std::mt19937 rng(1);
  for (std::size_t len = 0; len <= RSP_MAX_PAYLOAD; ++len) {
    for (int pattern = 0; pattern < 3; ++pattern) {
      std::vector<std::uint8_t> payload(len);
      for (auto& b : payload) {
        // 0: random, 1: no zeros (long COBS runs), 2: all zeros
        b = pattern == 2 ? 0 : static_cast<std::uint8_t>(rng() % 256);
        if (pattern == 1 && b == 0) b = 1;
      }
      std::uint8_t out[RSP_MAX_ENCODED];
      rsp_writer w;
      rsp_begin(&w, out, RSP_T_TEXT, static_cast<std::uint16_t>(len), 0xDEADBEEF);
      rsp_put_bytes(&w, payload.data(), payload.size());
      const std::size_t n = rsp_end(&w);
      ASSERT_GT(n, 0u);
      ASSERT_LE(n, RSP_MAX_ENCODED);
      ASSERT_EQ(out[n - 1], 0);
      for (std::size_t i = 0; i + 1 < n; ++i) ASSERT_NE(out[i], 0) << "len " << len;
      std::uint8_t dec[RSP_MAX_FRAME];
      const int m = rsp_cobs_decode(out, n - 1, dec, sizeof dec);
      ASSERT_EQ(m, static_cast<int>(RSP_HEADER_SIZE + len + RSP_CRC_SIZE));
      EXPECT_EQ(std::vector<std::uint8_t>(dec + RSP_HEADER_SIZE, dec + RSP_HEADER_SIZE + len),
                payload);
      EXPECT_EQ(rsp_crc16(dec, static_cast<std::size_t>(m) - 2), rsp_get_u16(dec + m - 2));
    }
  }
}

TEST(ProtocolHeader, WriterRefusesPayloadsThatDoNotFit) {
  std::uint8_t out[RSP_MAX_ENCODED];
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_TEXT, 0, 0);
  for (unsigned i = 0; i <= RSP_MAX_PAYLOAD; ++i) rsp_put_u8(&w, 1);
  EXPECT_EQ(rsp_end(&w), 0u);
}

TEST(ProtocolHeader, CobsDecoderRejectsMalformedInput) {
  std::uint8_t dec[16];
  const std::uint8_t zero_inside[] = {0x03, 0x01, 0x00};
  EXPECT_EQ(rsp_cobs_decode(zero_inside, sizeof zero_inside, dec, sizeof dec), -1);
  const std::uint8_t overrun[] = {0x05, 0x01, 0x02};
  EXPECT_EQ(rsp_cobs_decode(overrun, sizeof overrun, dec, sizeof dec), -1);
  const std::uint8_t too_long[] = {0x05, 1, 2, 3, 4};
  EXPECT_EQ(rsp_cobs_decode(too_long, sizeof too_long, dec, 2), -1);
}

}  // namespace
