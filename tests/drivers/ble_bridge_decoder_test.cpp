// BLE bridge decoder: the spec's worked examples, realistic frames, garbage, truncation,
// bad CRCs, sequence and clock wraps, lost frames, and the RR chain rules.
#include <resonant/drivers/ble_bridge_decoder.hpp>
#include <resonant/drivers/ble_bridge_handler.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "ble_bridge_test_frames.hpp"
#include "resonant_protocol.h"

namespace resonant::drivers {
namespace {

using namespace resonant::testing::ble;
using namespace ble_bridge;

template <typename T>
std::vector<T> all_of(const CollectingSink& sink) {
  std::vector<T> out;
  for (const auto& e : sink.events) {
    if (const auto* v = std::get_if<T>(&e)) out.push_back(*v);
  }
  return out;
}

std::vector<float> samples_of(const CollectingSink& sink, std::uint8_t channel) {
  std::vector<float> out;
  for (const auto& b : all_of<SampleBlock>(sink)) {
    if (b.channel == channel) out.insert(out.end(), b.values.begin(), b.values.begin() + b.count);
  }
  return out;
}

struct Fixture {
  BleBridgeDecoder decoder;
  CollectingSink sink;
  std::uint8_t seq = 0;
  void feed(const Bytes& bytes) { decoder.decode(bytes, SteadyClock::time_point{}, sink); }
  void send(std::uint8_t type, std::uint32_t t_us, const Bytes& payload, std::uint8_t link = 0) {
    feed(frame(type, seq++, link, t_us, payload));
  }
};

// ---- framing: sensor-protocols.md §4.4 worked example ---------------------------------------

TEST(BleBridgeFrame, CrcCheckValueAndWorkedExampleBytes) {
  const char* check = "123456789";
  EXPECT_EQ(rsp_crc16(reinterpret_cast<const std::uint8_t*>(check), 9), 0x29B1);
  const Bytes raw = {0x01, 0x07, 0x00, 0x56, 0x34, 0x12, 0x00, 0x10, 0x3C, 0x00, 0x04, 0xD7, 0x03};
  EXPECT_EQ(rsp_crc16(raw.data(), raw.size()), 0xD7BA);
  const Bytes expected = {0x03, 0x01, 0x07, 0x04, 0x56, 0x34, 0x12, 0x03, 0x10,
                          0x3C, 0x06, 0x04, 0xD7, 0x03, 0xBA, 0xD7, 0x00};
  EXPECT_EQ(frame(kTypeHrs, 0x07, 0, 0x00123456, {0x10, 0x3C, 0x00, 0x04, 0xD7, 0x03}), expected);
}

TEST(BleBridgeFrame, CobsOfLongRunsRoundTripsThroughTheFramer) {
  Bytes payload(kMaxPayload, 0x5A);  // > 254 non-zero bytes with the header: a 0xFF group
  const Bytes wire = frame(kTypeText, 1, 0, 0x01020304, payload);
  EXPECT_LE(wire.size(), kMaxEncoded);
  CobsFramer framer(kMinFrame, kMaxFrame);
  int frames = 0;
  framer.push(wire, [&](std::span<const std::uint8_t> f) {
    ++frames;
    EXPECT_EQ(f.size(), kHeaderSize + kMaxPayload);
  });
  EXPECT_EQ(frames, 1);
}

TEST(BleBridgeDecoder, WorkedExampleGivesTwoBeatsAnchoredAtReceipt) {
  Fixture f;
  f.feed({0x03, 0x01, 0x07, 0x04, 0x56, 0x34, 0x12, 0x03, 0x10, 0x3C, 0x06, 0x04, 0xD7, 0x03, 0xBA, 0xD7, 0x00});
  ASSERT_FALSE(f.sink.events.empty());
  EXPECT_TRUE(std::holds_alternative<DeviceInfo>(f.sink.events.front()));
  const auto beats = all_of<DeviceBeat>(f.sink);
  ASSERT_EQ(beats.size(), 2u);
  // RR 0x0400 = 1000 ms (before the first beat: unknown), RR 0x03D7 = 959.96 ms.
  EXPECT_EQ(beats[0].rr_us, 0u);
  EXPECT_EQ(beats[0].flags, kBeatAfterGap);
  EXPECT_EQ(beats[1].rr_us, 959'961u);
  EXPECT_EQ(beats[1].t_dev_us, 0x00123456u);
  EXPECT_EQ(beats[1].t_dev_us - beats[0].t_dev_us, beats[1].rr_us);
  EXPECT_EQ(f.decoder.stats().frames, 1u);
  // Contact not supported: a connected link counts as in contact.
  const auto status = all_of<DeviceStatus>(f.sink);
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].contact_ok_mask, 0b11);
}

TEST(BleBridgeDecoder, GarbageBeforeAndBetweenFramesIsSkipped) {
  // Resync rule (§4.4): a rejected block is dropped up to its 0x00. Garbage ended by a
  // delimiter costs nothing; garbage glued to a frame costs that frame, and the sequence
  // number turns the loss into a gap.
  Fixture f;
  Bytes stream = {'r', 's', 't', ':', '0', 'x', '1', 0xFF, 0x13, 0x00};  // ESP32 boot text
  auto add = [&](const Bytes& b) { stream.insert(stream.end(), b.begin(), b.end()); };
  add(frame(kTypeHrs, 0, 0, 1'000'000, hrs_value(60, {1024})));
  add({0x01, 0x02, 0x03, 0x00});
  add(frame(kTypeHrs, 1, 0, 2'000'000, hrs_value(60, {1024})));
  add({0x01, 0x02});
  add(frame(kTypeHrs, 2, 0, 3'000'000, hrs_value(60, {1024})));  // glued to garbage: lost
  add(frame(kTypeHrs, 3, 0, 4'000'000, hrs_value(60, {1024})));
  for (std::size_t i = 0; i < stream.size(); ++i) f.feed(Bytes{stream[i]});  // byte by byte
  EXPECT_EQ(f.decoder.stats().frames, 3u);
  EXPECT_EQ(all_of<DeviceBeat>(f.sink).size(), 3u);
  EXPECT_EQ(f.decoder.stats().framing_errors + f.decoder.stats().crc_errors, 3u);
  EXPECT_EQ(f.decoder.stats().frames_lost, 1u);
  EXPECT_EQ(all_of<DeviceBeat>(f.sink)[2].flags, kBeatAfterGap);
}

TEST(BleBridgeDecoder, BadCrcAndTruncatedFramesAreCountedAndSkipped) {
  Fixture f;
  auto bad = frame(kTypeHrs, 0, 0, 1'000'000, hrs_value(60, {1024}));
  bad[5] ^= 0x01;
  f.feed(bad);
  EXPECT_EQ(f.decoder.stats().crc_errors, 1u);
  auto cut = frame(kTypeHrs, 1, 0, 1'500'000, hrs_value(60, {1024}));
  cut.erase(cut.begin() + 4, cut.end() - 1);  // keeps its delimiter: too short after COBS
  f.feed(cut);
  EXPECT_EQ(f.decoder.stats().framing_errors, 1u);
  f.feed(frame(kTypeHrs, 2, 0, 2'000'000, hrs_value(60, {1024})));
  EXPECT_EQ(f.decoder.stats().frames, 1u);
  EXPECT_EQ(all_of<DeviceBeat>(f.sink).size(), 1u);
  // An HRS value too short for its flags is a bad payload, not a crash.
  f.feed(frame(kTypeHrs, 3, 0, 2'100'000, Bytes{0x01, 0x3C}));
  EXPECT_EQ(f.decoder.bridge_stats().bad_payloads, 1u);
  EXPECT_EQ(f.decoder.stats().framing_errors, 2u);
}

TEST(BleBridgeDecoder, OversizedBlockIsDroppedUpToTheNextDelimiter) {
  Fixture f;
  Bytes junk(700, 0x41);
  junk.push_back(0x00);
  f.feed(junk);
  f.feed(frame(kTypeHrs, 0, 0, 1'000'000, hrs_value(60, {1024})));
  EXPECT_EQ(f.decoder.stats().framing_errors, 1u);
  EXPECT_EQ(f.decoder.stats().frames, 1u);
}

// ---- Heart Rate Measurement and the RR chain ---------------------------------------------

TEST(BleBridgePayloads, HeartRateFlagsU16HrEnergyAndContact) {
  const Bytes v = {0x1F, 0x2C, 0x01, 0x34, 0x12, 0x00, 0x04, 0xD7, 0x03, 0xAA};  // odd byte ignored
  const auto m = parse_heart_rate(v);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->hr_bpm, 300);
  EXPECT_TRUE(m->contact_supported);
  EXPECT_TRUE(m->contact_detected);
  EXPECT_EQ(m->energy_kj, 0x1234);
  ASSERT_EQ(m->rr_count, 2u);
  EXPECT_EQ(m->rr_raw[1], 983);
  // Bit 1 without bit 2: "not supported", never "no contact".
  const auto n = parse_heart_rate(Bytes{0x02, 0x3C});
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->contact_supported);
  EXPECT_FALSE(n->contact_detected);
  EXPECT_FALSE(parse_heart_rate(Bytes{0x08, 0x3C, 0x01}));  // energy flag, one byte
}

TEST(BleBridgeDecoder, BeatsChainAcrossNotificationsSoDifferencesEqualRr) {
  Fixture f;
  f.send(kTypeHrs, 1'000'000, hrs_value(60, {1024}));
  f.send(kTypeHrs, 2'000'000, hrs_value(70, {800, 900}));  // 781.25 ms + 878.91 ms
  f.send(kTypeHrs, 3'000'000, hrs_value(70, {}));           // no beat this second
  f.send(kTypeHrs, 4'000'000, hrs_value(70, {1000}));
  const auto beats = all_of<DeviceBeat>(f.sink);
  ASSERT_EQ(beats.size(), 4u);
  EXPECT_EQ(beats[0].flags, kBeatAfterGap);
  for (std::size_t i = 1; i < beats.size(); ++i) {
    EXPECT_EQ(beats[i].flags, 0) << i;
    EXPECT_EQ(beats[i].t_dev_us - beats[i - 1].t_dev_us, beats[i].rr_us) << i;
  }
  EXPECT_EQ(beats[1].rr_us, 781'250u);
  EXPECT_EQ(beats[2].rr_us, 878'906u);  // 900 / 1024 s = 878 906.25 µs
  EXPECT_EQ(beats[3].rr_us, 976'563u);
  EXPECT_EQ(f.decoder.bridge_stats().chain_restarts, 1u);
}

TEST(BleBridgeDecoder, LostNotificationRestartsTheChainInsteadOfALongRr) {
  Fixture f;
  f.send(kTypeHrs, 1'000'000, hrs_value(60, {1024}));
  f.send(kTypeHrs, 2'000'000, hrs_value(60, {1024}));
  // Notifications of seconds 3, 4 and 5 were lost over BLE (no bridge seq gap).
  f.send(kTypeHrs, 6'000'000, hrs_value(60, {1024}));
  const auto beats = all_of<DeviceBeat>(f.sink);
  ASSERT_EQ(beats.size(), 3u);
  EXPECT_EQ(beats[2].flags, kBeatAfterGap);
  EXPECT_EQ(beats[2].rr_us, 0u);
  EXPECT_EQ(beats[2].t_dev_us, 6'000'000u);
  EXPECT_EQ(f.decoder.bridge_stats().drift_restarts, 1u);
}

TEST(BleBridgeDecoder, SequenceGapGivesGapEventAndBreaksTheChain) {
  Fixture f;
  f.feed(frame(kTypeHrs, 10, 0, 1'000'000, hrs_value(60, {1024})));
  f.feed(frame(kTypeHrs, 13, 0, 2'000'000, hrs_value(60, {1024})));  // 11 and 12 lost
  const auto gaps = all_of<GapEvent>(f.sink);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].frames_lost, 2u);
  EXPECT_EQ(f.decoder.stats().frames_lost, 2u);
  const auto beats = all_of<DeviceBeat>(f.sink);
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_EQ(beats[1].flags, kBeatAfterGap);
  EXPECT_EQ(beats[1].rr_us, 0u);
}

TEST(BleBridgeDecoder, SequenceAndBridgeClockWrapsAreNotGaps) {
  Fixture f;
  std::uint32_t t = 0xFFFFFFFFu - 1'500'000u;
  for (int i = 0; i < 4; ++i, t += 1'000'000u) {
    f.feed(frame(kTypeHrs, static_cast<std::uint8_t>(254 + i), 0, t, hrs_value(60, {1024})));
  }
  EXPECT_TRUE(all_of<GapEvent>(f.sink).empty());
  const auto beats = all_of<DeviceBeat>(f.sink);
  ASSERT_EQ(beats.size(), 4u);
  for (std::size_t i = 1; i < beats.size(); ++i) {
    EXPECT_EQ(beats[i].rr_us, 1'000'000u);
    EXPECT_EQ(beats[i].t_dev_us - beats[i - 1].t_dev_us, 1'000'000u);
  }
}

TEST(BleBridgeDecoder, NoContactFlagsBeatsAndClearsTheContactBit) {
  Fixture f;
  f.send(kTypeHrs, 1'000'000, hrs_value(60, {1024}, true, true));
  f.send(kTypeHrs, 2'000'000, hrs_value(60, {1024}, true, false));
  const auto status = all_of<DeviceStatus>(f.sink);
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0].contact_ok_mask, 0b11);
  EXPECT_EQ(status[1].contact_ok_mask, 0);
  const auto beats = all_of<DeviceBeat>(f.sink);
  EXPECT_EQ(beats[1].flags & kBeatNoContact, kBeatNoContact);
}

TEST(BleBridgeDecoder, ImplausibleRrGivesUnknownIntervalNotAnEvent) {
  Fixture f;
  f.send(kTypeHrs, 1'000'000, hrs_value(60, {1024}));
  f.send(kTypeHrs, 1'100'000, hrs_value(60, {100}));  // 97.7 ms: not a heart interval
  const auto beats = all_of<DeviceBeat>(f.sink);
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_EQ(beats[1].rr_us, 0u);
  EXPECT_EQ(beats[1].flags & kBeatAfterGap, kBeatAfterGap);
  EXPECT_EQ(f.decoder.bridge_stats().implausible_rr, 1u);
}

TEST(BleBridgeDecoder, RrInMillisecondsOption) {
  BleBridgeDecoder d(BleBridgeOptions{.rr_in_ms = true});
  CollectingSink sink;
  d.decode(frame(kTypeHrs, 0, 0, 5'000'000, hrs_value(60, {1000, 850})), {}, sink);
  const auto beats = all_of<DeviceBeat>(sink);
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_EQ(beats[1].rr_us, 850'000u);
}

// ---- PMD ---------------------------------------------------------------------------------

TEST(BleBridgeDecoder, EcgSdkTestVectorInMillivolts) {
  Fixture f;
  Bytes v = {0x00, 0x00, 0x94, 0x35, 0x77, 0x00, 0x00, 0x00, 0x00, 0x00,
             0x02, 0x80, 0xFF, 0x02, 0x80, 0x00};
  f.send(kTypePmdData, 50'000, v);
  const auto ch = all_of<ChannelInfo>(f.sink);
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].kind, ChannelKind::kEcg);
  EXPECT_DOUBLE_EQ(ch[0].rate_hz, 130.0);
  const auto s = samples_of(f.sink, 0);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_FLOAT_EQ(s[0], -32.766f);
  EXPECT_FLOAT_EQ(s[1], 32.770f);
  // The last sample is placed at the frame's receipt (first frame: offset = receipt - PMD).
  const auto blocks = all_of<SampleBlock>(f.sink);
  EXPECT_EQ(blocks[0].t_dev_us, 50'000u - 7'692u);
}

TEST(BleBridgeDecoder, AccRawExampleGivesTheZAxisAsChestMotion) {
  Fixture f;
  Bytes v = pmd_header(kPmdTypeAcc, 1'000'000'000, 1);
  for (int b : {0x45, 0xFF, 0xE4, 0xFF, 0xB5, 0x03}) v.push_back(static_cast<std::uint8_t>(b));
  f.send(kTypePmdData, 10'000, v);
  const auto ch = all_of<ChannelInfo>(f.sink);
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].channel, 1);
  EXPECT_EQ(ch[0].kind, ChannelKind::kResp);
  EXPECT_EQ(std::string(ch[0].name.view()), "chest motion (ACC z, mG)");
  const auto s = samples_of(f.sink, 1);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_FLOAT_EQ(s[0], 949.0f);
  PmdSamples raw;
  ASSERT_TRUE(decode_raw_samples(std::span(v).subspan(kPmdDataHeader), 3, 2, raw));
  EXPECT_EQ(raw.value[0][0], -187);
  EXPECT_EQ(raw.value[0][1], -28);
}

TEST(BleBridgePayloads, DeltaFramesMatchTheSdkSemantics) {
  // Reference (10, -5, 0) in 8 bits; one block of 4-bit deltas (+2, -1, +3).
  const Bytes d = {0x0A, 0xFB, 0x00, 0x04, 0x01, 0xF2, 0x03};
  PmdSamples s;
  ASSERT_TRUE(decode_delta_samples(d, 3, 8, s));
  ASSERT_EQ(s.count, 2u);
  EXPECT_EQ(s.value[0][1], -5);
  EXPECT_EQ(s.value[1][0], 12);
  EXPECT_EQ(s.value[1][1], -6);
  EXPECT_EQ(s.value[1][2], 3);
  // A block running past the end and zero-bit deltas are refused.
  EXPECT_FALSE(decode_delta_samples(Bytes{0x0A, 0xFB, 0x00, 0x04, 0x05, 0xF2}, 3, 8, s));
  EXPECT_FALSE(decode_delta_samples(Bytes{0x0A, 0xFB, 0x00, 0x00, 0x01}, 3, 8, s));
}

TEST(BleBridgeDecoder, CompressedAccAndEcgDecodeLikeRaw) {
  std::vector<Xyz> acc;
  std::vector<std::int32_t> ecg;
  for (int i = 0; i < 40; ++i) {
    acc.push_back({i * 3 - 60, 1000 - i * i, (i % 7) * 100 - 300});
    ecg.push_back(static_cast<std::int32_t>(1500 * std::sin(i * 0.3)) - 20000);
  }
  Fixture f;
  f.send(kTypePmdData, 1'000'000, pmd_acc_delta(2'000'000'000, acc));
  f.send(kTypePmdData, 1'000'100, pmd_ecg_delta(2'000'000'000, ecg));
  const auto z = samples_of(f.sink, 1);
  const auto e = samples_of(f.sink, 0);
  ASSERT_EQ(z.size(), acc.size());
  ASSERT_EQ(e.size(), ecg.size());
  for (std::size_t i = 0; i < acc.size(); ++i) {
    EXPECT_FLOAT_EQ(z[i], static_cast<float>(acc[i][2]));
    EXPECT_NEAR(e[i] * 1000.0, ecg[i], 0.01);  // float mV: far below 1 µV
  }
  EXPECT_EQ(f.decoder.bridge_stats().bad_payloads, 0u);
}

TEST(BleBridgeDecoder, SuccessiveEcgFramesJoinWithoutAStep) {
  Fixture f;
  const std::uint64_t base_ns = 600'000'000'000'000'000ull;
  const double period_ns = 1e9 / 130.0;
  std::vector<std::int32_t> uv(73, 100);
  // Receipt latency jitters by 0..20 ms; sample times must follow the PMD clock.
  const std::uint32_t jitter_us[] = {20'000, 3'000, 11'000, 0, 15'000};
  for (int k = 0; k < 5; ++k) {
    const auto last_ns = base_ns + static_cast<std::uint64_t>(std::llround((73 * (k + 1) - 1) * period_ns));
    const auto receipt = static_cast<std::uint32_t>((last_ns - base_ns) / 1000) + 100'000u + jitter_us[k];
    f.send(kTypePmdData, receipt, pmd_ecg_raw(last_ns, uv));
  }
  const auto blocks = all_of<SampleBlock>(f.sink);
  ASSERT_EQ(blocks.size(), 5u);
  for (std::size_t i = 1; i < blocks.size(); ++i) {
    const auto step = static_cast<std::int32_t>(blocks[i].t_dev_us - blocks[i - 1].t_dev_us);
    // 73 samples later, to within the offset tracker's 1 ms step per frame.
    EXPECT_NEAR(step, 73 * 1e6 / 130.0, 1'001.0) << i;
  }
}

TEST(BleBridgeDecoder, AccRateIsRedescribedFromTheTimestamps) {
  Fixture f;
  std::vector<Xyz> acc(25, Xyz{0, 0, 1000});
  f.send(kTypePmdData, 1'000'000, pmd_acc_raw(1'000'000'000, acc));
  f.send(kTypePmdData, 1'500'000, pmd_acc_raw(1'500'000'000, acc));  // 25 samples in 0.5 s
  const auto ch = all_of<ChannelInfo>(f.sink);
  ASSERT_EQ(ch.size(), 2u);
  EXPECT_DOUBLE_EQ(ch[0].rate_hz, 200.0);
  EXPECT_DOUBLE_EQ(ch[1].rate_hz, 50.0);
}

TEST(BleBridgeDecoder, UnsupportedPmdTypesAreIgnoredNotErrors) {
  Fixture f;
  f.send(kTypePmdData, 1'000, pmd_header(1, 5, 0));  // PPG: not an H10 stream
  Bytes ecg_type3 = pmd_header(kPmdTypeEcg, 5, 3);
  ecg_type3.push_back(1);
  f.send(kTypePmdData, 2'000, ecg_type3);
  EXPECT_EQ(f.decoder.bridge_stats().unsupported_pmd, 2u);
  EXPECT_EQ(f.decoder.stats().framing_errors, 0u);
  Bytes odd = pmd_header(kPmdTypeEcg, 5, 0);
  odd.push_back(1);  // one byte of a 3-byte sample
  f.send(kTypePmdData, 3'000, odd);
  EXPECT_EQ(f.decoder.bridge_stats().bad_payloads, 1u);
}

TEST(BleBridgeDecoder, ControlPointErrorsAreNotedAndIgnored) {
  Fixture f;
  f.send(kTypePmdCp, 1'000, cp_response(kPmdOpStart, kPmdTypeEcg, kPmdStatusInCharger));
  f.send(kTypePmdCp, 2'000, cp_response(kPmdOpStart, kPmdTypeAcc, kPmdStatusNotSupported));
  f.send(kTypePmdCp, 3'000, cp_response(kPmdOpStart, kPmdTypeAcc, kPmdStatusAlreadyInState));
  EXPECT_EQ(f.decoder.bridge_stats().cp_errors, 3u);
  ASSERT_EQ(f.decoder.notes().size(), 2u);
  EXPECT_EQ(f.decoder.notes()[0], "link 0: start ECG refused: device in charger");
  EXPECT_EQ(f.decoder.notes()[1], "link 0: start ACC refused: not supported");
  EXPECT_EQ(f.decoder.stats().crc_errors + f.decoder.stats().framing_errors, 0u);
}

TEST(BleBridgeDecoder, StartResponseFactorScalesCompressedSamples) {
  Fixture f;
  Bytes r = cp_response(kPmdOpStart, kPmdTypeAcc, 0);
  r.push_back(kPmdSettingFactor);
  r.push_back(1);
  put_u32(r, std::bit_cast<std::uint32_t>(0.5f));
  f.send(kTypePmdCp, 1'000, r);
  f.send(kTypePmdData, 2'000, pmd_acc_delta(5'000'000, {Xyz{0, 0, 100}, Xyz{0, 0, 102}}));
  const auto z = samples_of(f.sink, 1);
  ASSERT_EQ(z.size(), 2u);
  EXPECT_FLOAT_EQ(z[0], 50.0f);
  EXPECT_FLOAT_EQ(z[1], 51.0f);
}

// ---- status, link events, identity, analog ----------------------------------------------------

TEST(BleBridgeDecoder, StatusLinkAndIdentity) {
  Fixture f;
  f.send(kTypeIdentity, 100, identity_payload("esp32-h10"));
  f.send(kTypeLink, 200, link_payload(kLinkConnected, kServiceHrs | kServicePmd, "Polar H10 1234ABCD"));
  EXPECT_EQ(f.decoder.take_links_to_start(), 0b001);
  EXPECT_EQ(f.decoder.take_links_to_start(), 0);
  f.send(kTypeStatus, 300, status_payload(kStatusConnected | kStatusHrsOn | kStatusPmdOn, 87, -60, 2));
  f.send(kTypeLink, 400, link_payload(kLinkConnected, kServiceHrs, "HRM-Pro"), 1);
  EXPECT_EQ(f.decoder.take_links_to_start(), 0) << "no PMD on that strap";
  EXPECT_EQ(f.decoder.connected_links(), 0b011);
  f.send(kTypeLink, 500, link_payload(kLinkDisconnected, 0, "Polar H10 1234ABCD"));
  EXPECT_EQ(f.decoder.connected_links(), 0b010);
  f.send(kTypeText, 600, Bytes{'h', 'i'});
  EXPECT_EQ(f.decoder.bridge_stats().text_logs, 1u);
  const auto infos = all_of<DeviceInfo>(f.sink);
  ASSERT_GE(infos.size(), 2u);
  EXPECT_EQ(std::string(infos.back().name.view()), "BLE bridge esp32-h10");
  EXPECT_EQ(infos.back().firmware[2], 3);
  const auto status = all_of<DeviceStatus>(f.sink);
  ASSERT_EQ(status.size(), 4u);
  EXPECT_EQ(status[1].battery_pct, 87);
  EXPECT_EQ(status[1].overruns, 2);
  EXPECT_EQ(status[1].contact_ok_mask, 0b11);
  EXPECT_EQ(status[3].contact_ok_mask, 0b1100) << "link 0 lost, link 1 still there";
}

TEST(BleBridgeDecoder, DisconnectBreaksTheBeatChain) {
  Fixture f;
  f.send(kTypeHrs, 1'000'000, hrs_value(60, {1024}));
  f.send(kTypeLink, 1'200'000, link_payload(kLinkDisconnected, 0, ""));
  f.send(kTypeLink, 1'500'000, link_payload(kLinkConnected, 0, ""));
  f.send(kTypeHrs, 2'000'000, hrs_value(60, {1024}));
  const auto beats = all_of<DeviceBeat>(f.sink);
  ASSERT_EQ(beats.size(), 2u);
  EXPECT_EQ(beats[1].flags, kBeatAfterGap);
}

TEST(BleBridgeDecoder, LocalAnalogBlockBecomesAWaveformChannel) {
  Fixture f;
  f.send(kTypeAnalog, 7'000'000, analog_payload(3, 0, 25'000, 0.5f, 10.0f, {0, 2, -4}), kLocalLinkBase + 1);
  const auto ch = all_of<ChannelInfo>(f.sink);
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].channel, 7);
  EXPECT_EQ(ch[0].kind, ChannelKind::kResp);
  EXPECT_DOUBLE_EQ(ch[0].rate_hz, 25.0);
  const auto blocks = all_of<SampleBlock>(f.sink);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].t_dev_us, 7'000'000u);
  EXPECT_FLOAT_EQ(blocks[0].values[2], 8.0f);
  f.send(kTypeAnalog, 8'000'000, analog_payload(9, 0, 25'000, 1.0f, 0.0f, {1}), kLocalLinkBase);
  EXPECT_EQ(f.decoder.bridge_stats().bad_payloads, 1u) << "unknown channel kind";
  f.send(kTypeAnalog, 8'000'000, analog_payload(3, 0, 25'000, 1.0f, 0.0f, {1}), 0x20);
  EXPECT_EQ(f.decoder.bridge_stats().unknown_links, 1u);
}

TEST(BleBridgeDecoder, UnknownTypesAreCountedNotErrors) {
  Fixture f;
  f.send(0x44, 1'000, Bytes{1, 2, 3});
  EXPECT_EQ(f.decoder.bridge_stats().unknown_types, 1u);
  EXPECT_EQ(f.decoder.stats().frames, 1u);
  EXPECT_EQ(f.decoder.stats().framing_errors, 0u);
}

TEST(BleBridgeDecoder, ResetForgetsStreamsAndAnnouncesAgain) {
  Fixture f;
  f.send(kTypeHrs, 1'000'000, hrs_value(60, {1024}));
  f.decoder.reset();
  f.sink.events.clear();
  f.feed(frame(kTypeHrs, 99, 0, 2'000'000, hrs_value(60, {1024})));
  ASSERT_FALSE(f.sink.events.empty());
  EXPECT_TRUE(std::holds_alternative<DeviceInfo>(f.sink.events.front()));
  EXPECT_TRUE(all_of<GapEvent>(f.sink).empty()) << "a new port: no sequence to compare with";
  EXPECT_EQ(all_of<DeviceBeat>(f.sink)[0].flags, kBeatAfterGap);
}

// ---- handler -----------------------------------------------------------------------------------

std::vector<Bytes> commands_in(const Bytes& wire) {
  std::vector<Bytes> out;
  CobsFramer framer(kMinFrame, kMaxFrame);
  framer.push(wire, [&](std::span<const std::uint8_t> f) { out.emplace_back(f.begin(), f.end()); });
  return out;
}

TEST(BleBridgeHandler, OpenStallAndCloseCommands) {
  auto h = make_ble_bridge_handler(ProtocolOptions{});
  EXPECT_EQ(h->name(), "ble-bridge");
  EXPECT_EQ(h->serial_settings().describe(), "921600 8N1");
  EXPECT_EQ(h->frames_to_confirm(), 3u);
  const auto open = commands_in(h->on_open());
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0][0], kCmdIdentify);
  EXPECT_EQ(open[1][0], kCmdRequestStatus);
  EXPECT_EQ(open[1][1], 1) << "host seq counts up";
  const auto stall = commands_in(h->on_stall());
  ASSERT_EQ(stall.size(), 3u);
  EXPECT_EQ(Bytes(stall[1].begin() + kHeaderSize, stall[1].end()), Bytes(kPmdStartEcg.begin(), kPmdStartEcg.end()));
  EXPECT_EQ(Bytes(stall[2].begin() + kHeaderSize, stall[2].end()), Bytes(kPmdStartAcc.begin(), kPmdStartAcc.end()));
  const auto close = commands_in(h->on_close());
  ASSERT_EQ(close.size(), 2u) << "stop is always sent, even with no link known";
  EXPECT_EQ(close[0][0], kCmdWritePmdCp);
  EXPECT_EQ(Bytes(close[0].begin() + kHeaderSize, close[0].end()), (Bytes{0x03, 0x00}));
  EXPECT_EQ(Bytes(close[1].begin() + kHeaderSize, close[1].end()), (Bytes{0x03, 0x02}));
}

TEST(BleBridgeHandler, ConnectEventIsAnsweredWithPmdStartOnThatLink) {
  auto h = make_ble_bridge_handler(ProtocolOptions{});
  SensorQueue queue(256);
  AtomicLinkCounters counters;
  EventPublisher publisher(queue, counters);
  const auto wire = frame(kTypeLink, 0, 2, 1'000, link_payload(kLinkConnected, kServicePmd, "Polar H10"));
  const auto r = h->on_bytes(wire, SteadyClock::now(), publisher, counters);
  EXPECT_EQ(r.frames, 1u);
  EXPECT_EQ(r.data_frames, 0u);
  const auto cmds = commands_in(r.reply);
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0][2], 2) << "link id in the header";
  EXPECT_EQ(Bytes(cmds[0].begin() + kHeaderSize, cmds[0].end()), Bytes(kPmdStartEcg.begin(), kPmdStartEcg.end()));
  const auto close = commands_in(h->on_close());
  ASSERT_EQ(close.size(), 2u);
  EXPECT_EQ(close[0][2], 2);
}

}  // namespace
}  // namespace resonant::drivers
