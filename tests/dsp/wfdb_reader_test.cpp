// The test-only WFDB / CSV reader that the golden tests stand on, checked against values
// published for these records (wfdb-python's record 100 example, the data set README, and the
// headers' initial-value fields).
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wfdb_test_reader.hpp"

namespace resonant::testing {
namespace {

TEST(WfdbTestReader, Format212Record100) {
  RESONANT_REQUIRE_SHARED_DATA(dat, "mitdb/100.dat");
  WfdbHeader h;
  const auto s = read_wfdb_signals(dat.parent_path() / "100.hea", &h);
  EXPECT_EQ(h.frame_rate_hz, 360.0);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(h.signals[0].description, "MLII");
  EXPECT_EQ(h.signals[1].description, "V5");
  ASSERT_EQ(s[0].size(), 650000u);
  // wfdb-python: rdrecord("100").p_signal[0] = [-0.145, -0.065] mV ((995 - 1024) / 200, ...).
  EXPECT_FLOAT_EQ(s[0][0], -0.145f);
  EXPECT_FLOAT_EQ(s[1][0], -0.065f);
}

TEST(WfdbTestReader, MitAnnotationsRecord100) {
  RESONANT_REQUIRE_SHARED_DATA(atr, "mitdb/100.atr");
  const auto a = read_mit_annotations(atr);
  ASSERT_GE(a.size(), 5u);
  EXPECT_EQ(annotation_symbol(a[0].code), '+');  // rhythm change, aux "(N", at sample 18
  EXPECT_EQ(a[0].aux, "(N");
  EXPECT_EQ(a[0].sample, 18);
  EXPECT_EQ(a[1].sample, 77);
  EXPECT_EQ(a[2].sample, 370);
  EXPECT_EQ(a[4].sample, 946);
  int n = 0, atrial = 0, v = 0, beats = 0;
  for (const auto& x : a) {
    n += x.code == kAnnotationNormal;
    atrial += annotation_symbol(x.code) == 'A';
    v += annotation_symbol(x.code) == 'V';
    beats += is_beat_annotation(x.code);
  }
  // physiology-and-metrics.md §9.1: 2273 beats = 2239 N + 33 A + 1 V.
  EXPECT_EQ(n, 2239);
  EXPECT_EQ(atrial, 33);
  EXPECT_EQ(v, 1);
  EXPECT_EQ(beats, 2273);
  EXPECT_FALSE(is_beat_annotation(a[0].code));
}

TEST(WfdbTestReader, SkipAndAuxOverADay) {
  // nsr001.ecg spans 22.5 h at 128 Hz; the README counts 106 379 N, 68 V, 13 A and 375 '~'.
  RESONANT_REQUIRE_SHARED_DATA(ecg, "nsr2db/nsr001.ecg");
  const auto a = read_mit_annotations(ecg);
  int n = 0, v = 0, atrial = 0, quality = 0;
  for (const auto& x : a) {
    const char c = annotation_symbol(x.code);
    n += c == 'N';
    v += c == 'V';
    atrial += c == 'A';
    quality += c == '~';
  }
  EXPECT_EQ(n, 106379);
  EXPECT_EQ(v, 68);
  EXPECT_EQ(atrial, 13);
  EXPECT_EQ(quality, 375);
  EXPECT_NEAR(static_cast<double>(a.back().sample) / 128.0 / 3600.0, 22.5, 0.1);
}

TEST(WfdbTestReader, Format16WithByteOffset) {
  RESONANT_REQUIRE_SHARED_DATA(mat, "challenge2015/a103l.mat");
  WfdbHeader h;
  const auto s = read_wfdb_signals(mat.parent_path() / "a103l.hea", &h);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(h.signals[0].byte_offset, 24u);
  EXPECT_EQ(h.signals[2].description, "PLETH");
  ASSERT_EQ(s[2].size(), 82500u);
  // The header's initial values (first samples): -171, 9127, 6042 ADC units.
  EXPECT_FLOAT_EQ(s[0][0], static_cast<float>(-171.0 / 7247.0));
  EXPECT_FLOAT_EQ(s[1][0], static_cast<float>(9127.0 / 1.052e4));
  EXPECT_FLOAT_EQ(s[2][0], static_cast<float>(6042.0 / 1.253e4));
}

TEST(WfdbTestReader, MultiRateRecord) {
  // 03700181: ECG at 4 samples per frame (500 Hz), ABP and RESP at 125 Hz.
  RESONANT_REQUIRE_SHARED_DATA(dat, "mimicdb/03700181.dat");
  WfdbHeader h;
  const auto s = read_wfdb_signals(dat.parent_path() / "03700181.hea", &h);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(h.signals[0].samples_per_frame, 4);
  EXPECT_EQ(s[0].size(), 4u * 75000u);
  EXPECT_EQ(s[1].size(), 75000u);
  EXPECT_EQ(s[2].size(), 75000u);
  EXPECT_FLOAT_EQ(s[1][0], static_cast<float>((-943.0 + 1605.0) / 12.84));  // baseline -1605
}

TEST(WfdbTestReader, CsvColumnsByName) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_resting_5min_100hz.csv");
  const auto t = read_csv_table(csv);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.column("PPG").size(), 30000u);
  EXPECT_NEAR(t.column("ECG")[0], 0.003766485, 1e-9);
  EXPECT_THROW((void)t.column("EDA"), std::out_of_range);
}

TEST(WfdbTestReader, MissingFilesThrow) {
  EXPECT_THROW(read_wfdb_header("/nonexistent/x.hea"), std::runtime_error);
  EXPECT_THROW(read_mit_annotations("/nonexistent/x.atr"), std::runtime_error);
  EXPECT_THROW(read_csv_table("/nonexistent/x.csv"), std::runtime_error);
}

}  // namespace
}  // namespace resonant::testing
