// WFDB reading on the shared PhysioNet records, compared with the test-only reader and with
// the checksums the headers carry.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <resonant/records/record.hpp>
#include <resonant/records/wfdb_header.hpp>

#include "test_support.hpp"
#include "wfdb_test_reader.hpp"

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

/// The test reader's values for all channels (it ignores skew).
void expect_equal_to_test_reader(const Record& record, const fs::path& hea) {
  const auto expected = resonant::testing::read_wfdb_signals(hea);
  ASSERT_EQ(expected.size(), record.info().channels.size());
  for (std::size_t c = 0; c < expected.size(); ++c) {
    const auto got = read_all(record, c);
    ASSERT_EQ(got.size(), expected[c].size()) << c;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < got.size(); ++i) mismatches += got[i] != expected[c][i];
    EXPECT_EQ(mismatches, 0U) << "channel " << c;
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
  expect_equal_to_test_reader(*record, hea);
  expect_checksums(*record, "mitdb/100");
  // 995 is the header's initial value of MLII: the first physical sample is (995-1024)/200.
  auto reader = record->open_channel(0);
  float first = 0;
  ASSERT_EQ(reader->read(std::span<float>(&first, 1)), 1U);
  EXPECT_FLOAT_EQ(first, (995.0F - 1024.0F) / 200.0F);
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
  expect_equal_to_test_reader(*record, hea);
  expect_checksums(*record, "drivedb/drive17b");
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

  const auto unskewed = resonant::testing::read_wfdb_signals(hea);  // ignores the skew
  const auto resp = read_all(*record, 2);
  constexpr std::size_t kSkew = 4;
  ASSERT_EQ(resp.size(), 75000U);
  for (std::size_t i = 0; i + kSkew < resp.size(); ++i) {
    ASSERT_EQ(resp[i], unskewed[2][i + kSkew]) << i;
  }
  for (std::size_t i = resp.size() - kSkew; i < resp.size(); ++i) EXPECT_TRUE(std::isnan(resp[i]));
  EXPECT_EQ(read_all(*record, 0), unskewed[0]);
  EXPECT_EQ(read_all(*record, 1), unskewed[1]);

  // Checksums: WFDB sums the stored samples; for the skewed RESP those are file samples
  // 0..74999, which the test reader returns unskewed.
  for (std::size_t c = 0; c < 2; ++c) {
    const std::int32_t sum = channel_checksum(*record, c);
    std::printf("[ checksum ] mimicdb/03700181 channel %zu %-8s header %6d computed %6d\n", c,
                ch[c].name.c_str(), *ch[c].checksum, sum);
    EXPECT_EQ(sum, *ch[c].checksum);
  }
  std::uint32_t stored = 0;
  for (float v : unskewed[2]) stored += static_cast<std::uint32_t>(std::lround(v * ch[2].gain + ch[2].baseline));
  const auto stored_sum = static_cast<std::int16_t>(stored & 0xFFFFU);
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
  expect_equal_to_test_reader(*record, hea);
  expect_checksums(*record, "challenge2015/a103l");
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
  EXPECT_NEAR(ann.back().time_s / 3600.0, 22.5, 1.0);
}

TEST(RecordsWfdb, Mitdb100AnnotationsMatchTestReader) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  const auto record = open_record(hea);
  const auto ann = record->read_annotations("atr");
  const auto expected = resonant::testing::read_mit_annotations(hea.parent_path() / "100.atr");
  ASSERT_EQ(ann.size(), expected.size());
  std::size_t beats = 0;
  for (std::size_t i = 0; i < ann.size(); ++i) {
    EXPECT_EQ(ann[i].sample, expected[i].sample);
    EXPECT_EQ(ann[i].code, expected[i].code);
    EXPECT_EQ(ann[i].aux, expected[i].aux);
    beats += is_ec57_beat(ann[i].code);
  }
  EXPECT_EQ(beats, 2273U);  // data README: 2273 beats in record 100
  EXPECT_EQ(ann.front().aux, "(N");
  EXPECT_EQ(annotation_symbol(1), 'N');
  EXPECT_EQ(annotation_symbol(28), '+');
  EXPECT_FALSE(is_ec57_beat(28));
  EXPECT_TRUE(is_ec57_beat(25));  // B
  EXPECT_TRUE(is_ec57_beat(41));  // r
}

}  // namespace
}  // namespace resonant::records
