// WFDB reading on the shared PhysioNet records, checked against published values, against
// samples decoded by hand here from the raw bytes of the signal files (independently of the
// library's decoders), and against the checksums the headers carry.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/records/record.hpp>
#include <resonant/records/wfdb_header.hpp>

#include "test_support.hpp"

namespace resonant::records {
namespace {

namespace fs = std::filesystem;

/// Every channel's checksum against the header's; prints each.
void expect_checksums(const Record& record, const char* topic) {
  for (const auto& c : record.info().channels) {
    ASSERT_TRUE(c.checksum.has_value());
    const std::int32_t sum = channel_checksum(record, c.index);
    std::printf("[ checksum ] %s channel %zu %-8s header %6d computed %6d %s\n", topic, c.index,
                c.name.c_str(), *c.checksum, sum, sum == *c.checksum ? "match" : "MISMATCH");
    EXPECT_EQ(sum, *c.checksum) << c.name;
  }
}

std::vector<std::uint8_t> file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// By hand, from the WFDB signal(5) description, for a few samples: format 212 packs sample
// pairs in 3 bytes (the first sample is byte 0 with the low nibble of byte 1 as bits 8-11, the
// second is byte 2 with the high nibble of byte 1), 12-bit two's complement; format 16 is
// little-endian int16. k counts samples in file order.
std::int32_t by_hand_212(const std::vector<std::uint8_t>& bytes, std::size_t k) {
  const std::size_t at = k / 2 * 3;
  const int v = k % 2 == 0 ? bytes.at(at) | ((bytes.at(at + 1) & 0x0F) << 8)
                           : bytes.at(at + 2) | ((bytes.at(at + 1) & 0xF0) << 4);
  return v > 2047 ? v - 4096 : v;
}
std::int32_t by_hand_16(const std::vector<std::uint8_t>& bytes, std::size_t byte_offset,
                        std::size_t k) {
  const std::size_t at = byte_offset + 2 * k;
  return static_cast<std::int16_t>(bytes.at(at) | (bytes.at(at + 1) << 8));
}

/// Layout of one signal file: for each channel its samples per frame; file sample k of
/// channel c, sample j of frame f is at k = f * frame_width + (sum of earlier spf) + j.
struct Layout {
  std::vector<std::size_t> samples_per_frame;
  std::size_t width() const {
    std::size_t w = 0;
    for (const auto s : samples_per_frame) w += s;
    return w;
  }
  std::size_t file_index(std::size_t channel, std::size_t sample) const {
    std::size_t before = 0;
    for (std::size_t c = 0; c < channel; ++c) before += samples_per_frame[c];
    const std::size_t spf = samples_per_frame[channel];
    return sample / spf * width() + before + sample % spf;
  }
};

/// Channel samples at the given positions, digital and physical, against values decoded by
/// hand (decode(k) for file sample k); positions cover the start, chunk boundaries and the end.
template <typename Decode>
void expect_samples_decoded_by_hand(const Record& record, std::size_t channel,
                                    const Layout& layout, std::size_t skew_samples,
                                    const Decode& decode) {
  const ChannelInfo& c = record.info().channels.at(channel);
  std::vector<std::int32_t> digital(c.sample_count);
  auto reader = record.open_channel(channel);
  std::size_t got = 0;
  while (const std::size_t n = reader->read_digital(std::span(digital).subspan(got))) got += n;
  ASSERT_EQ(got, c.sample_count) << c.name;
  const auto physical = read_all(record, channel);
  ASSERT_EQ(physical.size(), c.sample_count) << c.name;
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < 64 && i < c.sample_count; ++i) positions.push_back(i);
  for (const std::size_t i : {std::size_t{65535}, std::size_t{65536}, std::size_t{65537},
                              c.sample_count / 2, c.sample_count - skew_samples - 1}) {
    if (i < c.sample_count - skew_samples) positions.push_back(i);
  }
  for (const std::size_t i : positions) {
    const std::int32_t expected = decode(layout.file_index(channel, i + skew_samples));
    ASSERT_EQ(digital[i], expected) << c.name << " sample " << i;
    ASSERT_EQ(physical[i],
              static_cast<float>((static_cast<double>(expected) - c.baseline) / c.gain))
        << c.name << " sample " << i;
  }
}

TEST(RecordsWfdb, Mitdb100Format212) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  const auto record = open_record(hea);
  const RecordInfo& info = record->info();
  EXPECT_EQ(info.format, Format::wfdb);
  EXPECT_EQ(info.record_name, "100");
  ASSERT_EQ(info.channels.size(), 2U);
  EXPECT_EQ(info.channels[0].name, "MLII");
  EXPECT_EQ(info.channels[1].name, "V5");
  for (const auto& c : info.channels) {
    EXPECT_EQ(c.sample_rate_hz, 360.0);
    EXPECT_EQ(c.sample_count, 650000U);
    EXPECT_EQ(c.kind, SignalKind::ecg);
    EXPECT_EQ(c.units, "mV");
  }
  EXPECT_EQ(info.comments.size(), 2U);
  EXPECT_EQ(info.annotators, std::vector<std::string>{"atr"});
  expect_checksums(*record, "mitdb/100");
  // PhysioNet (rdsamp -r mitdb/100 -P, wfdb-python rdrecord("100").d_signal): the first ten
  // samples in ADC units; 995 and 1011 are the header's initial values; physical = (d-1024)/200
  // (wfdb-python: p_signal[0] = [-0.145, -0.065] mV).
  const std::vector<std::int32_t> mlii = {995, 995, 995, 995, 995, 995, 995, 995, 1000, 997};
  const std::vector<std::int32_t> v5 = {1011, 1011, 1011, 1011, 1011, 1011, 1011, 1011, 1008, 1008};
  for (std::size_t c = 0; c < 2; ++c) {
    const auto& expected = c == 0 ? mlii : v5;
    std::vector<std::int32_t> digital(expected.size());
    ASSERT_EQ(record->open_channel(c)->read_digital(digital), expected.size());
    EXPECT_EQ(digital, expected) << info.channels[c].name;
    std::vector<float> physical(expected.size());
    ASSERT_EQ(record->open_channel(c)->read(physical), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_FLOAT_EQ(physical[i], static_cast<float>((expected[i] - 1024) / 200.0)) << i;
    }
  }
  EXPECT_FLOAT_EQ(read_all(*record, 0)[0], -0.145F);
  EXPECT_FLOAT_EQ(read_all(*record, 1)[0], -0.065F);
  // The same from the raw bytes of 100.dat (two signals of one sample per frame, format 212),
  // here and deeper in the file.
  const auto bytes = file_bytes(hea.parent_path() / "100.dat");
  ASSERT_EQ(bytes.size(), 650000U * 3U);
  EXPECT_EQ(by_hand_212(bytes, 0), 995);
  EXPECT_EQ(by_hand_212(bytes, 1), 1011);
  EXPECT_EQ(by_hand_212(bytes, 16), 1000);  // frame 8
  EXPECT_EQ(by_hand_212(bytes, 19), 1008);  // frame 9, V5
  const Layout layout{{1, 1}};
  const auto decode = [&](std::size_t k) { return by_hand_212(bytes, k); };
  for (std::size_t c = 0; c < 2; ++c) expect_samples_decoded_by_hand(*record, c, layout, 0, decode);
}

TEST(RecordsWfdb, OpensByRecordNameAndByDatFile) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  const fs::path stem = hea.parent_path() / "100";
  EXPECT_EQ(open_record(stem)->info().path, hea);
  EXPECT_EQ(open_record(hea.parent_path() / "100.dat")->info().path, hea);
}

TEST(RecordsWfdb, ChunkedReadsMatchReadAllWhateverTheChunkSize) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mimicdb/03700181.hea");
  const auto record = open_record(hea);
  for (std::size_t c = 0; c < record->info().channels.size(); ++c) {
    const auto whole = read_all(*record, c);
    for (std::size_t chunk : {1U, 7U, 4096U, 100003U}) {
      auto reader = record->open_channel(c);
      std::vector<float> buf(chunk);
      std::size_t at = 0;
      std::size_t mismatches = 0;
      while (const std::size_t n = reader->read(buf)) {
        for (std::size_t i = 0; i < n; ++i, ++at) {
          const float a = buf[i];
          const float b = whole[at];
          mismatches += !(a == b || (std::isnan(a) && std::isnan(b)));
        }
      }
      EXPECT_EQ(at, whole.size()) << "chunk " << chunk;
      EXPECT_EQ(mismatches, 0U) << "chunk " << chunk;
    }
  }
}

TEST(RecordsWfdb, Drive17bMultiFrequency) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "drivedb/drive17b.hea");
  const auto record = open_record(hea);
  const auto& ch = record->info().channels;
  ASSERT_EQ(ch.size(), 7U);
  const double frame_rate = 15.5;
  EXPECT_EQ(record->info().frame_rate_hz, frame_rate);
  EXPECT_EQ(ch[0].name, "ECG");
  EXPECT_DOUBLE_EQ(ch[0].sample_rate_hz, frame_rate * 32);  // 496 Hz
  EXPECT_EQ(ch[0].sample_count, 23655U * 32U);
  EXPECT_EQ(ch[0].kind, SignalKind::ecg);
  EXPECT_DOUBLE_EQ(ch[1].sample_rate_hz, frame_rate);  // EMG
  EXPECT_EQ(ch[2].name, "foot GSR");
  EXPECT_DOUBLE_EQ(ch[2].sample_rate_hz, frame_rate * 2);
  EXPECT_EQ(ch[2].kind, SignalKind::eda);
  EXPECT_EQ(ch[3].kind, SignalKind::eda);
  EXPECT_EQ(ch[4].units, "bpm");
  EXPECT_EQ(ch[4].kind, SignalKind::other);  // HR is not an RR series
  EXPECT_EQ(ch[6].name, "RESP");
  EXPECT_EQ(ch[6].kind, SignalKind::resp);
  EXPECT_EQ(ch[6].sample_count, 23655U * 2U);
  expect_checksums(*record, "drivedb/drive17b");
  // One format-16 file, 41 samples a frame: 32 ECG, 1 EMG, 2 + 2 GSR, 1 HR, 1 marker, 2 RESP.
  const auto bytes = file_bytes(hea.parent_path() / "drive17b.dat");
  ASSERT_EQ(bytes.size(), 23655U * 41U * 2U);
  const Layout layout{{32, 1, 2, 2, 1, 1, 2}};
  // The header's initial values are the first samples.
  const std::vector<std::int32_t> initial = {1, 497, 17998, 17998, 70, 1586, 5001};
  for (std::size_t c = 0; c < ch.size(); ++c) {
    EXPECT_EQ(by_hand_16(bytes, 0, layout.file_index(c, 0)), initial[c]) << ch[c].name;
    expect_samples_decoded_by_hand(*record, c, layout, 0,
                                   [&](std::size_t k) { return by_hand_16(bytes, 0, k); });
  }
  EXPECT_FLOAT_EQ(read_all(*record, 4)[0], 70.0F);  // HR: gain 1/bpm
}

TEST(RecordsWfdb, Mimicdb03700181SkewAndSamplesPerFrame) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mimicdb/03700181.hea");
  const auto record = open_record(hea);
  const auto& ch = record->info().channels;
  ASSERT_EQ(ch.size(), 3U);
  EXPECT_EQ(ch[0].name, "MCL1");
  EXPECT_EQ(ch[0].kind, SignalKind::ecg);
  EXPECT_DOUBLE_EQ(ch[0].sample_rate_hz, 500.0);
  EXPECT_EQ(ch[0].sample_count, 300000U);
  EXPECT_EQ(ch[1].units, "mmHg");
  EXPECT_DOUBLE_EQ(ch[1].baseline, -1605.0);
  EXPECT_EQ(ch[2].kind, SignalKind::resp);
  EXPECT_EQ(record->info().start_time, "17:27:45 15/08/1994");

  // One format-212 file, 6 samples a frame (4 MCL1, ABP, RESP); RESP's frame f is file frame
  // f + 4 (skew), so its last 4 samples are past the end of the file.
  constexpr std::size_t kSkew = 4;
  const auto bytes = file_bytes(hea.parent_path() / "03700181.dat");
  ASSERT_EQ(bytes.size(), 75000U * 6U / 2U * 3U);
  const Layout layout{{4, 1, 1}};
  const auto decode = [&](std::size_t k) { return by_hand_212(bytes, k); };
  EXPECT_EQ(decode(layout.file_index(0, 0)), 67);    // the header's initial values
  EXPECT_EQ(decode(layout.file_index(1, 0)), -943);
  EXPECT_EQ(decode(layout.file_index(2, 0)), -304);
  EXPECT_FLOAT_EQ(read_all(*record, 1)[0], static_cast<float>((-943.0 + 1605.0) / 12.84));
  expect_samples_decoded_by_hand(*record, 0, layout, 0, decode);
  expect_samples_decoded_by_hand(*record, 1, layout, 0, decode);
  expect_samples_decoded_by_hand(*record, 2, layout, kSkew, decode);
  const auto resp = read_all(*record, 2);
  ASSERT_EQ(resp.size(), 75000U);
  for (std::size_t i = resp.size() - kSkew; i < resp.size(); ++i) EXPECT_TRUE(std::isnan(resp[i]));

  // The same file read through a header without the skew: the other channels are unchanged,
  // RESP is shifted by the skew.
  resonant::testing::TempDir dir;
  fs::copy_file(hea.parent_path() / "03700181.dat", dir.path() / "03700181.dat");
  std::ifstream header_in(hea);
  std::string header_text((std::istreambuf_iterator<char>(header_in)),
                          std::istreambuf_iterator<char>());
  const auto skew_at = header_text.find("212:4 ");
  ASSERT_NE(skew_at, std::string::npos);
  header_text.replace(skew_at, 6, "212 ");
  std::ofstream(dir.path() / "03700181.hea") << header_text;
  const auto unskewed_record = open_record(dir.path() / "03700181.hea");
  const auto unskewed_resp = read_all(*unskewed_record, 2);
  ASSERT_EQ(unskewed_resp.size(), 75000U);
  for (std::size_t i = 0; i + kSkew < resp.size(); ++i) {
    ASSERT_EQ(resp[i], unskewed_resp[i + kSkew]) << i;
  }
  EXPECT_EQ(read_all(*record, 0), read_all(*unskewed_record, 0));
  EXPECT_EQ(read_all(*record, 1), read_all(*unskewed_record, 1));
  expect_samples_decoded_by_hand(*unskewed_record, 2, layout, 0, decode);

  // Checksums: WFDB sums the stored samples; for the skewed RESP those are file samples
  // 0..74999, which the header without the skew reads.
  for (std::size_t c = 0; c < 2; ++c) {
    const std::int32_t sum = channel_checksum(*record, c);
    std::printf("[ checksum ] mimicdb/03700181 channel %zu %-8s header %6d computed %6d\n", c,
                ch[c].name.c_str(), *ch[c].checksum, sum);
    EXPECT_EQ(sum, *ch[c].checksum);
  }
  const std::int32_t stored_sum = channel_checksum(*unskewed_record, 2);
  const std::int32_t skewed_sum = channel_checksum(*record, 2);
  std::printf("[ checksum ] mimicdb/03700181 channel 2 RESP     header %6d stored samples %6d "
              "(read with skew: %d)\n", *ch[2].checksum, stored_sum, skewed_sum);
  EXPECT_EQ(stored_sum, *ch[2].checksum);
}

TEST(RecordsWfdb, Challenge2015MatV4WithByteOffset) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "challenge2015/a103l.hea");
  const auto record = open_record(hea.parent_path() / "a103l.mat");
  const auto& ch = record->info().channels;
  ASSERT_EQ(ch.size(), 3U);
  EXPECT_EQ(ch[0].name, "II");
  EXPECT_EQ(ch[1].name, "V");
  EXPECT_EQ(ch[2].name, "PLETH");
  EXPECT_EQ(ch[0].kind, SignalKind::ecg);
  EXPECT_EQ(ch[1].kind, SignalKind::ecg);
  EXPECT_EQ(ch[2].kind, SignalKind::ppg);
  EXPECT_EQ(ch[2].units, "NU");
  EXPECT_DOUBLE_EQ(ch[1].gain, 1.052e4);
  for (const auto& c : ch) EXPECT_EQ(c.sample_count, 82500U);
  EXPECT_EQ(record->info().comments, (std::vector<std::string>{"Asystole", "False alarm"}));
  expect_checksums(*record, "challenge2015/a103l");
  // Format 16 after a 24-byte MAT v4 header (20 bytes plus the name "val\0"), 3 samples a frame.
  const auto bytes = file_bytes(hea.parent_path() / "a103l.mat");
  ASSERT_EQ(bytes.size(), 24U + 82500U * 3U * 2U);
  const Layout layout{{1, 1, 1}};
  const std::vector<std::int32_t> initial = {-171, 9127, 6042};  // the header's initial values
  for (std::size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(by_hand_16(bytes, 24, c), initial[c]) << ch[c].name;
    expect_samples_decoded_by_hand(*record, c, layout, 0,
                                   [&](std::size_t k) { return by_hand_16(bytes, 24, k); });
  }
  EXPECT_FLOAT_EQ(read_all(*record, 0)[0], static_cast<float>(-171.0 / 7247.0));
  EXPECT_FLOAT_EQ(read_all(*record, 1)[0], static_cast<float>(9127.0 / 1.052e4));
  EXPECT_FLOAT_EQ(read_all(*record, 2)[0], static_cast<float>(6042.0 / 1.253e4));
}

TEST(RecordsWfdb, MatV4HeaderMismatchIsReported) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "challenge2015/a103l.hea");
  resonant::testing::TempDir dir;
  fs::copy_file(hea.parent_path() / "a103l.mat", dir.path() / "a103l.mat");
  std::ofstream(dir.path() / "a103l.hea") << "a103l 2 250 82500\n"
                                          << "a103l.mat 16+24 7247/mV 16 0 -171 -27403 0 II\n"
                                          << "a103l.mat 16+24 7247/mV 16 0 -171 -27403 0 V\n";
  try {
    open_record(dir.path() / "a103l.hea");
    FAIL() << "expected a RecordError";
  } catch (const RecordError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("a103l.mat"), std::string::npos) << m;
    EXPECT_NE(m.find("3 rows"), std::string::npos) << m;
  }
}

TEST(RecordsWfdb, Nsr2dbAnnotationsOnly) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "nsr2db/nsr001.hea");
  const auto record = open_record(hea);
  EXPECT_TRUE(record->info().channels.empty());
  EXPECT_EQ(record->info().frame_rate_hz, 128.0);
  EXPECT_EQ(record->info().annotators, std::vector<std::string>{"ecg"});
  const auto ann = record->read_annotations("ecg");
  std::size_t n = 0, v = 0, a = 0, noise = 0, beats = 0;
  for (const auto& x : ann) {
    n += x.symbol == 'N';
    v += x.symbol == 'V';
    a += x.symbol == 'A';
    noise += x.symbol == '~';
    beats += is_ec57_beat(x.code);
  }
  std::printf("[ nsr001 ] annotations %zu: N %zu, V %zu, A %zu, ~ %zu, last at %.1f h\n", ann.size(),
              n, v, a, noise, ann.back().time_s / 3600.0);
  // Counts from the data README.
  EXPECT_EQ(n, 106379U);
  EXPECT_EQ(v, 68U);
  EXPECT_EQ(a, 13U);
  EXPECT_EQ(noise, 375U);
  EXPECT_EQ(beats, n + v + a);
  EXPECT_DOUBLE_EQ(ann[10].time_s, static_cast<double>(ann[10].sample) / 128.0);
  EXPECT_NEAR(ann.back().time_s / 3600.0, 22.5, 0.1);
}

TEST(RecordsWfdb, Mitdb100AnnotationsKnownValues) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  const auto record = open_record(hea);
  const auto ann = record->read_annotations("atr");
  // The first words of 100.atr by hand: 0x7012 = code 28 ('+') 18 samples in, then AUX (63)
  // with 3 bytes "(N\0" and a pad byte, then 0x043b = code 1 ('N') 59 samples later.
  const auto bytes = file_bytes(hea.parent_path() / "100.atr");
  ASSERT_GE(bytes.size(), 10U);
  EXPECT_EQ(bytes[0] | (bytes[1] << 8), (28 << 10) | 18);
  EXPECT_EQ(bytes[2] | (bytes[3] << 8), (63 << 10) | 3);
  EXPECT_EQ(std::string(bytes.begin() + 4, bytes.begin() + 6), "(N");
  EXPECT_EQ(bytes[8] | (bytes[9] << 8), (1 << 10) | 59);
  // PhysioNet (rdann -r mitdb/100 -a atr): '+' "(N" at 18, then beats at 77, 370, 662, 946.
  ASSERT_EQ(ann.size(), 2274U);  // 2273 beats and the one rhythm annotation
  EXPECT_EQ(ann[0].symbol, '+');
  EXPECT_EQ(ann[0].code, 28);
  EXPECT_EQ(ann[0].sample, 18);
  EXPECT_EQ(ann[0].aux, "(N");
  EXPECT_DOUBLE_EQ(ann[0].time_s, 18.0 / 360.0);
  EXPECT_EQ(ann[1].symbol, 'N');
  EXPECT_EQ(ann[1].sample, 77);
  EXPECT_EQ(ann[2].sample, 370);
  EXPECT_EQ(ann[3].sample, 662);
  EXPECT_EQ(ann[4].sample, 946);
  std::size_t beats = 0, n = 0, atrial = 0, v = 0;
  for (const auto& a : ann) {
    beats += is_ec57_beat(a.code);
    n += a.symbol == 'N';
    atrial += a.symbol == 'A';
    v += a.symbol == 'V';
    EXPECT_EQ(a.symbol, annotation_symbol(a.code));
  }
  // Data README and physiology-and-metrics.md §9.1: 2273 beats = 2239 N + 33 A + 1 V.
  EXPECT_EQ(beats, 2273U);
  EXPECT_EQ(n, 2239U);
  EXPECT_EQ(atrial, 33U);
  EXPECT_EQ(v, 1U);
  EXPECT_EQ(ann.front().aux, "(N");
  EXPECT_EQ(annotation_symbol(1), 'N');
  EXPECT_EQ(annotation_symbol(28), '+');
  EXPECT_FALSE(is_ec57_beat(28));
  EXPECT_TRUE(is_ec57_beat(25));  // B
  EXPECT_TRUE(is_ec57_beat(41));  // r
}

TEST(RecordsWfdb, Mitdb101NoiseSubtypesAreSigned) {
  // '~' (14) annotations carry in their subtype which signals are noisy; -1, stored as 1023 in
  // the 10-bit SUB field, means all unreadable (WFDB reads the field signed). Record 101's
  // annotation file stores one at sample 115124.
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/101.hea");
  const auto ann = open_record(hea)->read_annotations("atr");
  bool found = false;
  for (const auto& a : ann) {
    if (a.sample != 115124 || a.code != 14) continue;
    found = true;
    EXPECT_EQ(a.symbol, '~');
    EXPECT_EQ(a.subtype, -1);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace resonant::records
