// Error messages: each names the file and the problem.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <resonant/records/record.hpp>
#include <resonant/records/wfdb_header.hpp>

#include "record_error_expect.hpp"
#include "test_support.hpp"

namespace resonant::records {
namespace {

namespace fs = std::filesystem;

void copy_truncated(const fs::path& from, const fs::path& to, std::uintmax_t bytes) {
  std::ifstream in(from, std::ios::binary);
  std::vector<char> data(bytes);
  in.read(data.data(), static_cast<std::streamsize>(bytes));
  std::ofstream(to, std::ios::binary).write(data.data(), static_cast<std::streamsize>(bytes));
}

TEST(RecordsErrors, TruncatedSignalFileSaysHowManyFrames) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  resonant::testing::TempDir dir;
  fs::copy_file(hea, dir.path() / "100.hea");
  constexpr std::uintmax_t kFramesKept = 1000;
  constexpr std::uintmax_t kBytesPerFrame = 3;  // two 212 samples
  copy_truncated(hea.parent_path() / "100.dat", dir.path() / "100.dat", kFramesKept * kBytesPerFrame + 1);
  const std::string m = error_of([&] { open_record(dir.path() / "100.hea"); });
  std::printf("[ error ] %s\n", m.c_str());
  expect_contains(m, {"100.hea", "100.dat", "truncated", "650000", "1000", "--allow-truncated"});

  OpenOptions options;
  options.allow_truncated = true;
  const auto record = open_record(dir.path() / "100.hea", options);
  EXPECT_TRUE(record->info().truncated);
  // Said with whatever is made of it: the figures cover only the part there is.
  ASSERT_EQ(record->info().reading_notes.size(), 1U);
  expect_contains(record->info().reading_notes[0],
                  {"100.dat", "650000", "1000", "the figures cover only that part"});
  ASSERT_EQ(record->info().channels[0].sample_count, kFramesKept);
  const auto original = open_record(hea);
  auto full = original->open_channel(1);
  std::vector<float> expected(kFramesKept);
  full->read(expected);
  EXPECT_EQ(read_all(*record, 1), expected);
}

TEST(RecordsErrors, MissingSignalFile) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  resonant::testing::TempDir dir;
  fs::copy_file(hea, dir.path() / "100.hea");
  const std::string m = error_of([&] { open_record(dir.path() / "100.hea"); });
  std::printf("[ error ] %s\n", m.c_str());
  expect_contains(m, {"100.hea", "signal file 100.dat is missing"});
}

TEST(RecordsErrors, MissingFileAndUnknownFormat) {
  resonant::testing::TempDir dir;
  expect_contains(error_of([&] { open_record(dir.path() / "nothing.hea"); }), {"nothing.hea", "not found"});
  expect_contains(error_of([&] { open_record(dir.path() / "rec"); }), {"rec", "not found"});
  expect_contains(error_of([&] { open_record(dir.path() / "nothing.csv"); }),
                  {"nothing.csv", "not found"});
  expect_contains(error_of([&] { read_mit_annotations(dir.path() / "nothing.atr"); }),
                  {"nothing.atr"});
  std::ofstream(dir.path() / "blob.bin", std::ios::binary) << std::string("\x01\x02\0\x03garbage", 11);
  const std::string m = error_of([&] { open_record(dir.path() / "blob.bin"); });
  std::printf("[ error ] %s\n", m.c_str());
  expect_contains(m, {"blob.bin", "unknown format", "supported", "WFDB", "EDF", "CSV"});
  std::ofstream(dir.path() / "lonely.dat") << "x";
  expect_contains(error_of([&] { open_record(dir.path() / "lonely.dat"); }), {"lonely.dat", "lonely.hea"});
}

TEST(RecordsErrors, BadHeaderLinesNameTheLine) {
  struct Case {
    const char* text;
    std::vector<std::string> parts;
  };
  const std::vector<Case> cases = {
      {"r 1 360 100\nr.dat 999 200 11 0 0 0 0 X\n", {"t.hea", "line 2", "format 999", "212", "16", "80"}},
      {"r 1 360 100\nr.dat 212 abc 11 0 0 0 0 X\n", {"t.hea", "line 2", "bad gain 'abc'"}},
      {"r 1 360 100\nr.dat 212x0 200\n", {"line 2", "samples per frame"}},
      {"r 1 fast 100\nr.dat 212\n", {"line 1", "bad frame rate 'fast'"}},
      {"# c\nr two\n", {"line 2", "bad number of signals 'two'"}},
      {"r 2 360 100\nr.dat 212\n", {"t.hea", "declares 2 signals", "1 signal lines"}},
      {"r 1 360 100\nr.dat 212 200 11 zero\n", {"line 2", "ADC zero 'zero'"}},
      {"r/2 1 360\n", {"line 1", "multi-segment"}},
      {"# only a comment\n", {"t.hea", "no record line"}},
  };
  for (const auto& c : cases) {
    const std::string m = error_of([&] { parse_wfdb_header(c.text, "t.hea"); });
    std::printf("[ error ] %s\n", m.c_str());
    for (const auto& p : c.parts) EXPECT_NE(m.find(p), std::string::npos) << "'" << p << "' not in: " << m;
  }
}

TEST(RecordsErrors, HeaderGrammarDetails) {
  const auto h = parse_wfdb_header(
      "rec 2 250/1000(5) 0 10:00:00 01/02/2003\n"
      "rec.dat 212x4:2+512 0(-3)/uV 12 7 1 99 0 lead II\n"
      "rec.dat 212 100\n",
      "t.hea");
  EXPECT_EQ(h.frame_rate_hz, 250.0);
  EXPECT_EQ(h.counter_frequency_hz, 1000.0);
  EXPECT_FALSE(h.frame_count.has_value());  // 0: unknown
  EXPECT_EQ(h.base_time, "10:00:00");
  EXPECT_EQ(h.base_date, "01/02/2003");
  const auto& s = h.signals[0];
  EXPECT_EQ(s.format, 212);
  EXPECT_EQ(s.samples_per_frame, 4);
  EXPECT_EQ(s.skew_frames, 2);
  EXPECT_EQ(s.byte_offset, 512);
  EXPECT_EQ(s.gain, 200.0);  // 0 means the default
  EXPECT_EQ(s.baseline, -3.0);
  EXPECT_EQ(s.units, "uV");
  EXPECT_EQ(s.adc_zero, 7);
  EXPECT_EQ(s.checksum, 99);
  EXPECT_EQ(s.description, "lead II");
  EXPECT_EQ(h.signals[1].baseline, 0.0);  // ADC zero when no baseline
  EXPECT_EQ(h.signals[1].units, "mV");
  EXPECT_EQ(h.signals[1].description, "signal 1");
}

TEST(RecordsErrors, UnknownChannelListsTheAvailableOnes) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  const auto record = open_record(hea);
  EXPECT_EQ(find_channel(record->info(), "mlii").index, 0U);
  EXPECT_EQ(find_channel(record->info(), "1").name, "V5");
  const std::string m = error_of([&] { find_channel(record->info(), "PLETH"); });
  std::printf("[ error ] %s\n", m.c_str());
  expect_contains(m, {"100.hea", "unknown channel 'PLETH'", "0 'MLII'", "1 'V5'"});
  expect_contains(error_of([&] { find_channel(record->info(), "2"); }), {"unknown channel '2'"});
  expect_contains(error_of([&] { record->open_channel(5); }), {"100.hea", "no channel 5"});
  expect_contains(error_of([&] { record->read_annotations("qrs"); }), {"100.qrs", "missing"});
}

}  // namespace
}  // namespace resonant::records
