// The built firmware (resonant_sensor.elf) in simavr at full speed with a scripted host: what
// it sends, in what order, every sample bit-exact against what its ADC read, sample timing in
// CPU cycles, saturation and the commands.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include <gtest/gtest.h>

#include <resonant/drivers/protocol_handler.hpp>

#include "avr_sensor.hpp"
#include "recorded_input.hpp"
#include "rsp_capture.hpp"
#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant {
namespace {

using drivers::ChannelInfo;
using drivers::DeviceStatus;
using drivers::SampleBlock;
using testing::AdcRead;
using testing::AvrSensor;
using testing::RecordedInput;
using testing::RspCapture;

constexpr std::uint8_t kPpg = 0, kBelt = 1, kEda = 2;
constexpr std::uint32_t kTickUs = 4000;
constexpr std::uint64_t kCyclesPerTick = AvrSensor::kCpuHz / 250;
constexpr double kCommandAtS = 0.05;   // the host opens the port after the sensor booted
// Sample timing: the PPG conversion starts inside the timer interrupt; only interrupt latency
// (an instruction or another interrupt finishing) may move it: at most 10 us.
constexpr std::uint64_t kMaxJitterCycles = 160;

std::vector<std::uint8_t> open_commands() {  // what make_rsp_handler sends on open
  auto bytes = drivers::encode_rsp_command(RSP_C_IDENTIFY, 0);
  const auto start = drivers::encode_rsp_command(RSP_C_START, 1);
  bytes.insert(bytes.end(), start.begin(), start.end());
  return bytes;
}

std::vector<const AdcRead*> reads_of(const AvrSensor& s, std::uint8_t pin) {
  std::vector<const AdcRead*> out;
  for (const auto& r : s.reads()) {
    if (r.pin == pin) out.push_back(&r);
  }
  return out;
}

/// Index of the tick (0 = first after power-up) whose device time is t_us.
std::size_t tick_of(std::uint32_t t_us) { return t_us / kTickUs - 1; }

TEST(FirmwareInSimavr, StreamsEveryReadExactlyAndOnTime) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_resting_5min_100hz.csv");
  RESONANT_REQUIRE_SHARED_DATA(eda_csv, "neurokit/bio_eventrelated_100hz.csv");
  const auto rest = testing::read_whole_record_at(csv, 100.0);
  const auto events = testing::read_whole_record_at(eda_csv, 100.0);
  constexpr double kRunS = 10.0;
  const RecordedInput ppg(rest.channel("PPG"), 100.0, 20.0, kRunS + 1, 150, 870);
  const RecordedInput belt(rest.channel("RSP"), 100.0, 20.0, kRunS + 1, 200, 800);
  const RecordedInput eda(events.channel("EDA"), 100.0, 20.0, kRunS + 1, 250, 420);
  AvrSensor sensor(RESONANT_FIRMWARE_ELF, {ppg, belt, eda});

  sensor.run_until(kCommandAtS);
  sensor.send(open_commands());
  const auto wall_start = std::chrono::steady_clock::now();
  sensor.run_until(kCommandAtS + kRunS);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const auto bytes = sensor.take_output();
  RspCapture cap;
  cap.push(bytes);

  // The answer to IDENTIFY and START, then the stream; nothing lost or damaged.
  const std::vector<std::uint8_t> opening = {RSP_T_ACK, RSP_T_HELLO, RSP_T_CHANNEL, RSP_T_CHANNEL,
                                             RSP_T_CHANNEL, RSP_T_ACK, RSP_T_HELLO, RSP_T_CHANNEL,
                                             RSP_T_CHANNEL, RSP_T_CHANNEL};
  const auto types = cap.types();
  ASSERT_GT(types.size(), opening.size());
  EXPECT_TRUE(std::equal(opening.begin(), opening.end(), types.begin()));
  EXPECT_EQ(cap.framing().crc_errors, 0u);
  EXPECT_EQ(cap.framing().framing_errors, 0u);
  EXPECT_EQ(cap.decoding().frames_lost, 0u);
  EXPECT_EQ(cap.decoding().bad_payloads, 0u);
  EXPECT_EQ(cap.decoding().nacks, 0u);
  std::map<std::uint8_t, float> scale;
  for (const auto& ch : cap.all<ChannelInfo>()) scale[ch.channel] = ch.scale;

  // PPG: every tick, contiguous, each value the very read of that tick.
  const auto ppg_reads = reads_of(sensor, 0);
  const auto ppg_blocks = cap.blocks(kPpg);
  ASSERT_GE(ppg_blocks.size(), 95u);  // 10 s in 100 ms blocks, less the one being filled
  std::size_t ppg_samples = 0;
  for (std::size_t b = 0; b < ppg_blocks.size(); ++b) {
    const SampleBlock& blk = ppg_blocks[b];
    if (b > 0) {
      ASSERT_EQ(blk.t_dev_us, ppg_blocks[b - 1].t_dev_us + ppg_blocks[b - 1].count * kTickUs) << b;
    }
    for (std::size_t i = 0; i < blk.count; ++i) {
      const std::size_t tick = tick_of(blk.t_dev_us) + i;
      ASSERT_LT(tick, ppg_reads.size());
      ASSERT_EQ(blk.values[i], static_cast<float>(ppg_reads[tick]->counts) * scale[kPpg])
          << "PPG sample " << i << " of block " << b;
      ++ppg_samples;
    }
  }
  // Belt: the sum of the 5 reads around each sample time (stamped at the middle read).
  const auto belt_reads = reads_of(sensor, 1);
  const auto belt_blocks = cap.blocks(kBelt);
  ASSERT_GE(belt_blocks.size(), 95u);
  for (const SampleBlock& blk : belt_blocks) {
    for (std::size_t i = 0; i < blk.count; ++i) {
      const std::size_t mid = tick_of(blk.t_dev_us) + 5 * i;
      int sum = 0;
      for (std::size_t k = mid - 2; k <= mid + 2; ++k) sum += belt_reads.at(k)->counts;
      ASSERT_EQ(blk.values[i], static_cast<float>(sum) * scale[kBelt]);
    }
  }
  // Skin conductance: 10 reads, stamped 18 ms (4.5 ticks) after the first;
  // G = mean / (200 kOhm * (1024 - mean)) in 10 nS steps.
  const auto eda_reads = reads_of(sensor, 2);
  const auto eda_blocks = cap.blocks(kEda);
  ASSERT_GE(eda_blocks.size(), 45u);
  for (const SampleBlock& blk : eda_blocks) {
    for (std::size_t i = 0; i < blk.count; ++i) {
      const std::size_t first = tick_of(blk.t_dev_us - 18'000) + 10 * i;
      double sum = 0;
      for (std::size_t k = first; k < first + 10; ++k) sum += eda_reads.at(k)->counts;
      const double g_us = sum / 10.0 / (200e3 * (1024.0 - sum / 10.0)) * 1e6;
      ASSERT_NEAR(blk.values[i], g_us, 0.005 + 1e-6);
    }
  }

  // Sample timing: the PPG conversion of tick j starts (j + 1) x 64000 cycles after reset plus
  // a constant (the timer started at boot) plus interrupt latency.
  std::uint64_t min_off = UINT64_MAX, max_off = 0, worst_interval_dev = 0;
  for (std::size_t j = 0; j < ppg_reads.size(); ++j) {
    const std::uint64_t off = ppg_reads[j]->cycle - (j + 1) * kCyclesPerTick;
    min_off = std::min(min_off, off);
    max_off = std::max(max_off, off);
    if (j > 0) {
      const auto d = static_cast<std::int64_t>(ppg_reads[j]->cycle - ppg_reads[j - 1]->cycle) -
                     static_cast<std::int64_t>(kCyclesPerTick);
      worst_interval_dev = std::max<std::uint64_t>(worst_interval_dev, static_cast<std::uint64_t>(std::abs(d)));
    }
  }
  EXPECT_LE(max_off - min_off, kMaxJitterCycles);

  // One STATUS a second, all well.
  const auto status = cap.all<DeviceStatus>();
  EXPECT_GE(status.size(), 9u);
  EXPECT_LE(status.size(), 10u);
  for (const auto& st : status) testing::expect_healthy_status(st);
  std::printf("simavr: %.1f s simulated in %.2f s wall (x%.1f real time); %zu frames, %zu bytes, "
              "%zu PPG samples\n",
              kRunS, wall_s, kRunS / wall_s, cap.frames.size(), bytes.size(), ppg_samples);
  std::printf("PPG sample timing over %zu ticks: conversion start %llu..%llu cycles after the tick "
              "(jitter %llu cycles = %.3f us peak to peak); worst period error %llu cycles = %.3f us\n",
              ppg_reads.size(), static_cast<unsigned long long>(min_off),
              static_cast<unsigned long long>(max_off),
              static_cast<unsigned long long>(max_off - min_off),
              static_cast<double>(max_off - min_off) * 1e6 / AvrSensor::kCpuHz,
              static_cast<unsigned long long>(worst_interval_dev),
              static_cast<double>(worst_interval_dev) * 1e6 / AvrSensor::kCpuHz);
}

TEST(FirmwareInSimavr, FlagsSaturationAndObeysStopAndPing) {
  constexpr double kRailFromS = 1.50, kRailToS = 1.55;  // in the second STATUS's second
  auto ppg = [&](double t_s) -> std::uint16_t {
    return t_s >= kRailFromS && t_s < kRailToS ? 1023 : 500;
  };
  auto flat = [](double) -> std::uint16_t { return 400; };
  AvrSensor sensor(RESONANT_FIRMWARE_ELF, {ppg, flat, flat});
  sensor.run_until(kCommandAtS);
  sensor.send(open_commands());
  sensor.run_until(2.5);
  RspCapture cap;
  cap.push(sensor.take_output());

  bool rail_block_flagged = false;
  for (const SampleBlock& blk : cap.blocks(kPpg)) {
    bool has_rail = false;
    for (std::size_t i = 0; i < blk.count; ++i) has_rail |= blk.values[i] > 4.99f;
    EXPECT_EQ((blk.flags & RSP_SF_SATURATED) != 0, has_rail) << "block at " << blk.t_dev_us << " us";
    rail_block_flagged |= has_rail && (blk.flags & RSP_SF_SATURATED);
  }
  EXPECT_TRUE(rail_block_flagged);
  const auto status = cap.all<DeviceStatus>();
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0].saturated_mask, 0);
  EXPECT_EQ(status[1].saturated_mask, 1u << kPpg);

  auto stop = drivers::encode_rsp_command(RSP_C_STOP, 2);
  const auto ping = drivers::encode_rsp_command(RSP_C_PING, 3);
  stop.insert(stop.end(), ping.begin(), ping.end());
  sensor.send(stop);
  sensor.run_until(2.6);  // the commands arrive and are answered
  RspCapture after;
  after.push(sensor.take_output());
  sensor.run_until(4.0);
  const auto later = sensor.take_output();
  EXPECT_TRUE(later.empty()) << later.size() << " bytes after STOP";
  std::vector<std::pair<std::uint8_t, std::uint16_t>> acks;
  for (const auto& f : after.frames) {
    if (f.type == RSP_T_ACK) {
      acks.emplace_back(f.payload[0], rsp_get_u16(&f.payload[1]));
      EXPECT_EQ(f.payload[3], RSP_ACK_OK);
    }
  }
  const std::vector<std::pair<std::uint8_t, std::uint16_t>> expected = {{RSP_C_STOP, 2}, {RSP_C_PING, 3}};
  EXPECT_EQ(acks, expected);
}

}  // namespace
}  // namespace resonant
