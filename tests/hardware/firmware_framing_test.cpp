// The firmware's protocol code (hardware/firmware/device.c, command_parser.c) compiled for
// this machine: commands in through the parser, frames out, read back by the host's own
// framer and decoder. Expected values are written out here, not taken from the firmware.
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/drivers/protocol_handler.hpp>

#include "command_parser.h"
#include "device.h"
#include "rsp_capture.hpp"

namespace resonant {
namespace {

using drivers::ChannelInfo;
using drivers::DeviceInfo;
using drivers::DeviceStatus;
using drivers::SampleBlock;
using testing::RspCapture;

constexpr std::uint32_t kTickUs = 4000;  // 250 Hz
constexpr std::uint8_t kPpg = 0, kBelt = 1, kEda = 2;
constexpr float kVoltsPerCount = 5.0f / 1024.0f;

/// The firmware with its output captured and a host that sends commands through the parser.
struct Sensor {
  Sensor() {
    fw_device_init(&device, &Sensor::write, this);
    fw_command_parser_init(&parser);
  }
  static void write(void* ctx, const std::uint8_t* bytes, std::size_t n) {
    auto* self = static_cast<Sensor*>(ctx);
    self->capture.push(std::span<const std::uint8_t>(bytes, n));
    self->bytes_out += n;
  }
  /// Feeds bytes as the UART would; returns how many valid commands they held.
  int receive(const std::vector<std::uint8_t>& bytes, std::uint32_t now_us = 0) {
    int commands = 0;
    for (const std::uint8_t b : bytes) {
      fw_command c{};
      if (fw_command_parser_push(&parser, b, &c)) {
        ++commands;
        fw_device_command(&device, c.type, c.seq, now_us);
      }
    }
    return commands;
  }
  void command(std::uint8_t type, std::uint16_t seq) {
    ASSERT_EQ(receive(drivers::encode_rsp_command(type, seq)), 1);
  }
  void tick(std::uint16_t ppg, std::uint16_t belt, std::uint16_t eda) {
    const std::uint16_t reads[FW_CHANNEL_COUNT] = {ppg, belt, eda};
    fw_device_tick(&device, reads, t_us);
    t_us += kTickUs;
  }

  fw_device device{};
  fw_command_parser parser{};
  RspCapture capture;
  std::size_t bytes_out = 0;
  std::uint32_t t_us = 1'000'000;
};

std::size_t count_type(const RspCapture& c, std::uint8_t type) {
  std::size_t n = 0;
  for (const auto& f : c.frames) n += f.type == type;
  return n;
}

TEST(FirmwareFraming, StartIsAnsweredWithAckHelloAndEveryChannel) {
  Sensor s;
  s.command(RSP_C_START, 41);
  const std::vector<std::uint8_t> expected = {RSP_T_ACK, RSP_T_HELLO, RSP_T_CHANNEL, RSP_T_CHANNEL,
                                              RSP_T_CHANNEL};
  EXPECT_EQ(s.capture.types(), expected);
  const auto& ack = s.capture.frames.at(0).payload;
  ASSERT_EQ(ack.size(), 4u);
  EXPECT_EQ(ack[0], RSP_C_START);
  EXPECT_EQ(rsp_get_u16(&ack[1]), 41);
  EXPECT_EQ(ack[3], RSP_ACK_OK);
  for (std::size_t i = 1; i < s.capture.frames.size(); ++i) {
    EXPECT_EQ(s.capture.frames[i].seq, s.capture.frames[i - 1].seq + 1) << "frame " << i;
  }

  const auto hello = s.capture.all<DeviceInfo>();
  ASSERT_EQ(hello.size(), 1u);
  EXPECT_EQ(hello[0].protocol_major, 1);
  EXPECT_EQ(hello[0].protocol_minor, 0);
  EXPECT_EQ(hello[0].device_kind, RSP_DEVICE_DIY_ARDUINO);
  EXPECT_EQ(hello[0].channel_count, 3);
  EXPECT_EQ(hello[0].firmware, (std::array<std::uint8_t, 3>{1, 0, 0}));
  EXPECT_DOUBLE_EQ(hello[0].clock_speed, 1.0);  // a real sensor: real-time microseconds
  EXPECT_EQ(hello[0].name.view(), "Resonant DIY sensor (ATmega328P)");

  const auto channels = s.capture.all<ChannelInfo>();
  ASSERT_EQ(channels.size(), 3u);
  EXPECT_EQ(channels[0].kind, ChannelKind::kPpg);
  EXPECT_EQ(channels[1].kind, ChannelKind::kResp);
  EXPECT_EQ(channels[2].kind, ChannelKind::kEda);
  EXPECT_DOUBLE_EQ(channels[0].rate_hz, 250.0);
  EXPECT_DOUBLE_EQ(channels[1].rate_hz, 50.0);
  EXPECT_DOUBLE_EQ(channels[2].rate_hz, 25.0);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(channels[i].channel, i);
    EXPECT_EQ(channels[i].adc_bits, 10);
    EXPECT_FLOAT_EQ(channels[i].offset, 0.0f);
  }
  EXPECT_FLOAT_EQ(channels[0].scale, kVoltsPerCount);
  EXPECT_FLOAT_EQ(channels[1].scale, kVoltsPerCount / 5.0f);  // the sum of 5 reads
  EXPECT_FLOAT_EQ(channels[2].scale, 0.01f);                  // 10 nS steps, in uS
  EXPECT_EQ(s.capture.framing().crc_errors + s.capture.framing().framing_errors, 0u);
  EXPECT_EQ(s.capture.decoding().bad_payloads, 0u);
}

TEST(FirmwareFraming, AnswersWhatTheHostSendsOnOpen) {
  // make_rsp_handler sends IDENTIFY then START in one write when it opens the port.
  Sensor s;
  auto open = drivers::encode_rsp_command(RSP_C_IDENTIFY, 0);
  const auto start = drivers::encode_rsp_command(RSP_C_START, 1);
  open.insert(open.end(), start.begin(), start.end());
  EXPECT_EQ(s.receive(open), 2);
  EXPECT_EQ(count_type(s.capture, RSP_T_ACK), 2u);
  EXPECT_EQ(count_type(s.capture, RSP_T_HELLO), 2u);
  EXPECT_EQ(count_type(s.capture, RSP_T_CHANNEL), 6u);
  EXPECT_EQ(s.capture.decoding().acks, 2u);
  EXPECT_EQ(s.capture.decoding().nacks, 0u);
  EXPECT_EQ(s.device.streaming, 1);
}

TEST(FirmwareFraming, IdentifyAloneDoesNotStream) {
  Sensor s;
  s.command(RSP_C_IDENTIFY, 1);
  for (int i = 0; i < 300; ++i) s.tick(500, 500, 500);
  EXPECT_EQ(count_type(s.capture, RSP_T_SAMPLES), 0u);
  EXPECT_EQ(count_type(s.capture, RSP_T_STATUS), 0u);
}

TEST(FirmwareFraming, TicksBecomeExactSamplesAtTheirTimes) {
  Sensor s;
  s.command(RSP_C_START, 1);
  const std::uint32_t t0 = s.t_us;
  constexpr int kTicks = 500;  // 2 s
  for (int i = 0; i < kTicks; ++i) {
    s.tick(static_cast<std::uint16_t>(100 + i), static_cast<std::uint16_t>(200 + i % 7), 300);
  }
  // PPG: every read, 25 per block, the block stamped with its first tick.
  const auto ppg = s.capture.blocks(kPpg);
  ASSERT_EQ(ppg.size(), 20u);
  for (std::size_t b = 0; b < ppg.size(); ++b) {
    ASSERT_EQ(ppg[b].count, 25);
    EXPECT_EQ(ppg[b].t_dev_us, t0 + b * 25 * kTickUs);
    EXPECT_EQ(ppg[b].flags, 0);
    for (std::size_t i = 0; i < 25; ++i) {
      const auto read = static_cast<float>(100 + b * 25 + i);
      ASSERT_FLOAT_EQ(ppg[b].values[i], read * kVoltsPerCount);
    }
  }
  // Belt: means of 5 reads at 50 Hz, stamped at the middle read (2 ticks in).
  const auto belt = s.capture.blocks(kBelt);
  ASSERT_EQ(belt.size(), 20u);
  for (std::size_t b = 0; b < belt.size(); ++b) {
    ASSERT_EQ(belt[b].count, 5);
    EXPECT_EQ(belt[b].t_dev_us, t0 + (b * 25 + 2) * kTickUs);
    for (std::size_t k = 0; k < 5; ++k) {
      int sum = 0;
      for (int r = 0; r < 5; ++r) sum += 200 + static_cast<int>(b * 25 + k * 5 + r) % 7;
      EXPECT_NEAR(belt[b].values[k], sum / 5.0 * kVoltsPerCount, 1e-6);
    }
  }
  // Skin conductance: 25 Hz, 5 per block (200 ms), stamped 4.5 ticks into its 10 reads.
  // 300 counts: G = 300 / (200 kOhm * (1024 - 300)) = 2.0718 uS.
  const auto eda = s.capture.blocks(kEda);
  ASSERT_EQ(eda.size(), 10u);
  for (std::size_t b = 0; b < eda.size(); ++b) {
    ASSERT_EQ(eda[b].count, 5);
    EXPECT_EQ(eda[b].t_dev_us, t0 + b * 50 * kTickUs + 18'000);
    EXPECT_EQ(eda[b].flags, 0);
    for (std::size_t k = 0; k < 5; ++k) EXPECT_NEAR(eda[b].values[k], 2.0718, 0.005);
  }
  // One STATUS a second, streaming, all in contact, nothing saturated, no battery.
  const auto status = s.capture.all<DeviceStatus>();
  ASSERT_EQ(status.size(), 2u);
  for (const auto& st : status) testing::expect_healthy_status(st);
  EXPECT_EQ(s.capture.decoding().frames_lost, 0u);
}

TEST(FirmwareFraming, ARailReadFlagsItsBlockAndTheNextStatus) {
  Sensor s;
  s.command(RSP_C_START, 1);
  for (int i = 0; i < 250; ++i) s.tick(i == 30 ? 1023 : 512, i == 60 ? 0 : 512, 512);
  const auto ppg = s.capture.blocks(kPpg);
  ASSERT_EQ(ppg.size(), 10u);
  for (std::size_t b = 0; b < ppg.size(); ++b) {
    EXPECT_EQ(ppg[b].flags, b == 1 ? RSP_SF_SATURATED : 0) << "block " << b;
  }
  const auto belt = s.capture.blocks(kBelt);
  for (std::size_t b = 0; b < belt.size(); ++b) {
    EXPECT_EQ(belt[b].flags, b == 2 ? RSP_SF_SATURATED : 0) << "block " << b;
  }
  const auto status = s.capture.all<DeviceStatus>();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].saturated_mask, 0b011);
  for (int i = 0; i < 250; ++i) s.tick(512, 512, 512);
  EXPECT_EQ(s.capture.all<DeviceStatus>().at(1).saturated_mask, 0) << "cleared after reporting";
}

TEST(FirmwareFraming, OpenSkinElectrodesAreNoContactNotSaturation) {
  Sensor s;
  s.command(RSP_C_START, 1);
  for (int i = 0; i < 250; ++i) s.tick(512, 512, 0);
  const auto eda = s.capture.blocks(kEda);
  ASSERT_FALSE(eda.empty());
  for (const auto& b : eda) EXPECT_EQ(b.flags, RSP_SF_NO_CONTACT);
  const auto status = s.capture.all<DeviceStatus>();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].contact_ok_mask, 0b011);
  EXPECT_EQ(status[0].saturated_mask, 0);
}

TEST(FirmwareFraming, LostTicksEndTheBlockAndAreCounted) {
  Sensor s;
  s.command(RSP_C_START, 1);
  for (int i = 0; i < 10; ++i) s.tick(500, 500, 500);
  s.t_us += 3 * kTickUs;  // the main loop fell 3 ticks behind
  for (int i = 0; i < 237; ++i) s.tick(500, 500, 500);
  const auto ppg = s.capture.blocks(kPpg);
  ASSERT_GE(ppg.size(), 2u);
  EXPECT_EQ(ppg[0].count, 10);  // sent as it was, continuous
  EXPECT_EQ(ppg[1].t_dev_us, ppg[0].t_dev_us + 13 * kTickUs) << "the next block starts at its true time";
  const auto status = s.capture.all<DeviceStatus>();
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].overruns, 3);
}

TEST(FirmwareFraming, ClockWrapKeepsBlocksContiguous) {
  Sensor s;
  s.t_us = 0xFFFFFFFFu - 30 * kTickUs + 1;
  s.command(RSP_C_START, 1);
  for (int i = 0; i < 100; ++i) s.tick(500, 500, 500);
  const auto ppg = s.capture.blocks(kPpg);
  ASSERT_EQ(ppg.size(), 4u);
  for (std::size_t b = 1; b < ppg.size(); ++b) {
    EXPECT_EQ(static_cast<std::uint32_t>(ppg[b].t_dev_us - ppg[b - 1].t_dev_us), 25 * kTickUs);
  }
  EXPECT_EQ(s.capture.all<DeviceStatus>().size(), 0u);
  EXPECT_EQ(s.device.overruns, 0);
}

TEST(FirmwareFraming, StopPingAndUnknownCommandsAreAcknowledged) {
  Sensor s;
  s.command(RSP_C_START, 1);
  for (int i = 0; i < 30; ++i) s.tick(500, 500, 500);
  s.command(RSP_C_STOP, 2);
  const std::size_t samples = count_type(s.capture, RSP_T_SAMPLES);
  for (int i = 0; i < 300; ++i) s.tick(500, 500, 500);
  EXPECT_EQ(count_type(s.capture, RSP_T_SAMPLES), samples) << "nothing after STOP";
  s.command(RSP_C_PING, 3);
  s.command(0x9F, 4);
  const auto& acks = s.capture.frames;
  const auto& ping = acks.at(acks.size() - 2);
  const auto& unknown = acks.back();
  ASSERT_EQ(ping.type, RSP_T_ACK);
  EXPECT_EQ(ping.payload[0], RSP_C_PING);
  EXPECT_EQ(ping.payload[3], RSP_ACK_OK);
  ASSERT_EQ(unknown.type, RSP_T_ACK);
  EXPECT_EQ(unknown.payload[0], 0x9F);
  EXPECT_EQ(rsp_get_u16(&unknown.payload[1]), 4);
  EXPECT_EQ(unknown.payload[3], RSP_ACK_UNKNOWN_COMMAND);
}

TEST(FirmwareFraming, StartWhileStreamingRedescribesWithoutBreakingTheStream) {
  Sensor s;
  s.command(RSP_C_START, 1);
  for (int i = 0; i < 40; ++i) s.tick(500, 500, 500);
  s.command(RSP_C_START, 2);
  for (int i = 0; i < 60; ++i) s.tick(500, 500, 500);
  EXPECT_EQ(count_type(s.capture, RSP_T_HELLO), 2u);
  const auto ppg = s.capture.blocks(kPpg);
  ASSERT_EQ(ppg.size(), 4u);
  for (std::size_t b = 1; b < ppg.size(); ++b) {
    EXPECT_EQ(ppg[b].t_dev_us, ppg[b - 1].t_dev_us + 25 * kTickUs);
  }
}

TEST(FirmwareCommandParser, RejectsCorruptionAndResyncsAtTheNextDelimiter) {
  Sensor s;
  auto bad_crc = drivers::encode_rsp_command(RSP_C_START, 5);
  bad_crc[bad_crc.size() - 2] ^= 0x01;  // last CRC byte
  std::vector<std::uint8_t> garbage = {0x13, 0x11, 0x7E, 0x00, 0x05, 0x00};
  std::vector<std::uint8_t> stream = garbage;
  stream.insert(stream.end(), bad_crc.begin(), bad_crc.end());
  EXPECT_EQ(s.receive(stream), 0);
  EXPECT_EQ(s.parser.rejected, 3);  // the two garbage blocks and the bad CRC
  EXPECT_TRUE(s.capture.frames.empty()) << "a rejected frame gets no answer";
  EXPECT_EQ(s.receive(drivers::encode_rsp_command(RSP_C_PING, 6)), 1);
}

TEST(FirmwareCommandParser, IgnoresPayloadBytesOfLaterMinorVersions) {
  for (const std::size_t payload : {std::size_t{1}, std::size_t{100}, std::size_t{RSP_MAX_PAYLOAD}}) {
    std::vector<std::uint8_t> out(RSP_MAX_ENCODED);
    rsp_writer w;
    rsp_begin(&w, out.data(), RSP_C_PING, 77, 0);
    for (std::size_t i = 0; i < payload; ++i) rsp_put_u8(&w, static_cast<std::uint8_t>(i));  // zeros too
    out.resize(rsp_end(&w));
    ASSERT_FALSE(out.empty());
    Sensor s;
    EXPECT_EQ(s.receive(out), 1) << payload << " payload bytes";
    ASSERT_EQ(s.capture.frames.size(), 1u);
    EXPECT_EQ(rsp_get_u16(&s.capture.frames[0].payload[1]), 77);
  }
}

TEST(FirmwareCommandParser, SkipsAnOverlongBlockWhole) {
  Sensor s;
  std::vector<std::uint8_t> stream(400, 0x42);  // no delimiter for 400 bytes
  stream.push_back(0x00);
  const auto ping = drivers::encode_rsp_command(RSP_C_PING, 9);
  stream.insert(stream.end(), ping.begin(), ping.end());
  EXPECT_EQ(s.receive(stream), 1);
  EXPECT_EQ(s.parser.rejected, 1);
}

TEST(FirmwareEda, ConductanceFollowsTheDividerFormula) {
  // G = counts / (200 kOhm * (1024 - counts)), in 10 nS steps, rounded.
  for (std::uint16_t mean = 1; mean < 1023; mean += 7) {
    std::uint8_t saturated = 0;
    const int lsb = fw_eda_conductance_lsb(static_cast<std::uint16_t>(mean * 10), 10, &saturated);
    const double g_us = mean / (200e3 * (1024.0 - mean)) * 1e6;
    if (g_us / 0.01 > 32767.0) {
      EXPECT_EQ(saturated, 1) << mean;
      EXPECT_EQ(lsb, 32767);
    } else {
      EXPECT_EQ(saturated, 0) << mean;
      EXPECT_NEAR(lsb * 0.01, g_us, 0.005 + 1e-9) << mean;
    }
  }
  std::uint8_t saturated = 0;
  EXPECT_EQ(fw_eda_conductance_lsb(0, 10, &saturated), 0);
  EXPECT_EQ(saturated, 0);
}

}  // namespace
}  // namespace resonant
