// CSV, text tables and RR-interval lists.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/records/record.hpp>
#include <resonant/records/rr_text.hpp>
#include <resonant/records/text_record.hpp>

#include "record_error_expect.hpp"
#include "test_support.hpp"

namespace resonant::records {
namespace {

namespace fs = std::filesystem;

OpenOptions at_rate(double hz) {
  OpenOptions o;
  o.sample_rate_hz = hz;
  return o;
}

TEST(RecordsCsv, NeuroKitFilesNeedARateAndHoldTheFileValues) {
  RESONANT_REQUIRE_SHARED_DATA(resting, "neurokit/bio_resting_5min_100hz.csv");
  const std::string m = error_of([&] { open_record(resting); });
  std::printf("[ error ] %s\n", m.c_str());
  expect_contains(m, {"bio_resting_5min_100hz.csv", "sample rate", "--rate"});

  const auto record = open_record(resting, at_rate(100.0));
  const auto& info = record->info();
  EXPECT_EQ(info.format, Format::csv);
  ASSERT_EQ(info.channels.size(), 3U);
  EXPECT_EQ(info.channels[0].kind, SignalKind::ecg);
  EXPECT_EQ(info.channels[1].kind, SignalKind::ppg);
  EXPECT_EQ(info.channels[2].kind, SignalKind::resp);
  EXPECT_EQ(info.channels[0].sample_count, 30000U);  // 5 min at 100 Hz
  EXPECT_EQ(info.channels[0].name, "ECG");
  EXPECT_EQ(info.channels[1].name, "PPG");
  EXPECT_EQ(info.channels[2].name, "RSP");
  // The file's first and last rows, as written in it.
  const std::vector<std::vector<double>> rows = {
      {0.003766485194893143, -0.1025390625, 0.4946524989068091},
      {-0.01746591697758673, -0.10375976562502318, 0.5024827168260766},
      {-0.044855672591510014, -0.20957946777356784, 0.9691004354232134}};
  for (std::size_t c = 0; c < 3; ++c) {
    const auto values = read_all(*record, c);
    ASSERT_EQ(values.size(), 30000U) << info.channels[c].name;
    EXPECT_FLOAT_EQ(values[0], static_cast<float>(rows[0][c])) << info.channels[c].name;
    EXPECT_FLOAT_EQ(values[1], static_cast<float>(rows[1][c])) << info.channels[c].name;
    EXPECT_FLOAT_EQ(values.back(), static_cast<float>(rows[2][c])) << info.channels[c].name;
    for (const float v : values) ASSERT_TRUE(std::isfinite(v)) << info.channels[c].name;
  }
  EXPECT_EQ(find_channel(info, "rsp").index, 2U);
  EXPECT_THROW((void)find_channel(info, "EDA"), RecordError);
}

TEST(RecordsCsv, NeuroKitEventRelatedAndOneColumnFile) {
  RESONANT_REQUIRE_SHARED_DATA(events, "neurokit/bio_eventrelated_100hz.csv");
  RESONANT_REQUIRE_SHARED_DATA(ecg, "neurokit/ecg_1000hz.csv");
  const auto r = open_record(events, at_rate(100.0));
  ASSERT_EQ(r->info().channels.size(), 4U);
  EXPECT_EQ(find_channel(r->info(), "EDA").kind, SignalKind::eda);
  EXPECT_EQ(find_channel(r->info(), "Photosensor").kind, SignalKind::other);
  EXPECT_EQ(r->info().channels[0].sample_count, 15000U);  // 150 s
  // First row: -0.015869140625,13.196867709029974,5.0,0.7789306640625 (ECG, EDA, Photosensor,
  // RSP); last row: 0.000244140625,14.87411380277997,5.0,1.372039794921875.
  const auto rsp = read_all(*r, 3);
  ASSERT_EQ(rsp.size(), 15000U);
  EXPECT_EQ(read_all(*r, 0)[0], -0.015869140625F);  // exact in binary
  EXPECT_FLOAT_EQ(read_all(*r, 1)[0], 13.196867709029974F);
  EXPECT_EQ(read_all(*r, 2)[0], 5.0F);
  EXPECT_EQ(rsp[0], 0.7789306640625F);
  EXPECT_EQ(rsp.back(), 1.372039794921875F);
  EXPECT_FLOAT_EQ(read_all(*r, 1).back(), 14.87411380277997F);
  const auto e = open_record(ecg, at_rate(1000.0));
  ASSERT_EQ(e->info().channels.size(), 1U);
  EXPECT_EQ(e->info().channels[0].sample_count, 50000U);  // 50 s
  EXPECT_EQ(e->info().channels[0].sample_rate_hz, 1000.0);
  EXPECT_FLOAT_EQ(read_all(*e, 0)[0], 0.353611757F);
}

// A spreadsheet writes an error value where a formula gave no number: a missing sample, and a
// row that starts with one is data, not a comment (reading it as one shifted every later
// sample by a row). A real comment still starts with '#'.
TEST(RecordsCsv, SpreadsheetErrorValuesAreMissingSamplesNotComments) {
  const auto r = open_text_record(
      "ECG,EDA\n1,2\n#N/A,3\n# a comment\n4,#DIV/0!\n#value!,#NAME?\n5,6\n", "sheet.csv",
      at_rate(10.0));
  const auto ecg = read_all(*r, 0);
  const auto eda = read_all(*r, 1);
  ASSERT_EQ(ecg.size(), 5U);
  EXPECT_EQ(ecg[0], 1.0F);
  EXPECT_TRUE(std::isnan(ecg[1]));
  EXPECT_EQ(ecg[2], 4.0F);
  EXPECT_TRUE(std::isnan(ecg[3]));
  EXPECT_EQ(ecg[4], 5.0F);
  EXPECT_EQ(eda[1], 3.0F);
  EXPECT_TRUE(std::isnan(eda[2]));
  EXPECT_EQ(eda[4], 6.0F);
  const auto& notes = r->info().reading_notes;
  ASSERT_EQ(notes.size(), 2U);
  expect_contains(notes[0], {"column 'ECG'", "2 cells empty or NA", "first at line 3"});
  // "#N/Ab" is no error value, and "#N/A values ..." no cell: those rows are comments.
  const auto c = open_text_record("ECG\n1\n#N/Ab\n#N/A values below are dropouts\n2\n",
                                  "c.csv", at_rate(10.0));
  EXPECT_EQ(read_all(*c, 0), (std::vector<float>{1, 2}));
}

// A time cell left empty does not stop the rate: the other times give it, and a note says the
// rows were taken as evenly spaced.
TEST(RecordsCsv, AMissingTimeIsNotedAndTheRateStillRead) {
  const auto r = open_text_record("time,ECG\n0,1\n,2\n0.008,3\n0.012,4\nNA,5\n0.02,6\n",
                                  "t.csv");
  EXPECT_NEAR(r->info().channels[0].sample_rate_hz, 250.0, 1e-9);
  EXPECT_EQ(read_all(*r, 0), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  const auto& notes = r->info().reading_notes;
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0], "time column 'time': 2 cells without a time (first at line 3); the rows "
                      "are read as evenly spaced at 250 Hz, the rate the other times give");
}

// Time columns as sensors and sketches name them: Arduino's millis() and micros(), a unit in
// brackets; each gives the rate in its unit and is no channel.
TEST(RecordsCsv, TimeColumnsInMillisecondsAndMicrosecondsGiveTheRate) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"millis", "0\n4\n8\n12\n"},         {"micros", "0\n4000\n8000\n12000\n"},
      {"time (ms)", "0\n4\n8\n12\n"},      {"Time [s]", "0\n0.004\n0.008\n0.012\n"},
      {"timestamp_us", "10\n4010\n8010\n12010\n"}, {"elapsed_s", "5\n5.004\n5.008\n5.012\n"},
      {"Time (msec)", "0\n4\n8\n12\n"},     {"Timestamp_ms", "0\n4\n8\n12\n"},
      {"t_ms", "100\n104\n108\n112\n"}};
  for (const auto& [name, times] : cases) {
    std::string text = name + ",value\n";
    std::istringstream in(times);
    std::string t;
    for (int i = 1; std::getline(in, t); ++i) text += t + "," + std::to_string(i) + "\n";
    const auto r = open_text_record(text, "log.csv");
    ASSERT_EQ(r->info().channels.size(), 1U) << name;
    EXPECT_NEAR(r->info().channels[0].sample_rate_hz, 250.0, 1e-6) << name;
    EXPECT_EQ(r->info().channels[0].name, "value") << name;
  }
  // Names that only look like time: skin conductance in MicroSiemens, a channel "MS".
  for (const std::string header : {"MicroSiemens,x", "ECG,MS"}) {
    const auto r = open_text_record(header + "\n1,2\n3,4\n", "n.csv", at_rate(10.0));
    EXPECT_EQ(r->info().channels.size(), 2U) << header << ": no time column";
  }
}

// A column name's bracketed unit is the channel's units (skin conductance in kOhm is
// resistance, not conductance: the analysis must know); a name without one states none.
TEST(RecordsCsv, AUnitInAColumnNameIsTheChannelsUnits) {
  const auto r = open_text_record(
      "ECG (mV),GSR (kOhm),EDA [uS],Skin conductance (µS),RSP,(x)\n1,2,3,4,5,6\n", "u.csv",
      at_rate(10.0));
  const auto& ch = r->info().channels;
  ASSERT_EQ(ch.size(), 6U);
  EXPECT_EQ(ch[0].units, "mV");
  EXPECT_EQ(ch[1].units, "kOhm");
  EXPECT_EQ(ch[2].units, "uS");
  EXPECT_EQ(ch[3].units, "µS");
  EXPECT_EQ(ch[4].units, "");
  EXPECT_EQ(ch[5].units, "") << "a name that is all brackets states no unit";
  EXPECT_EQ(ch[1].kind, SignalKind::eda);  // by its name: the analysis reads the unit
  EXPECT_EQ(ch[2].name, "EDA [uS]");
  for (const char* micro : {"uS", "µS", "\xce\xbcS", " u S ", "microsiemens", "umho"}) {
    EXPECT_TRUE(is_microsiemens(micro)) << micro;
  }
  // "us" and "µs" are microseconds.
  for (const char* other : {"", "us", "µs", "mV", "nS", "kOhm", "mS", "S"}) {
    EXPECT_FALSE(is_microsiemens(other)) << other;
  }
  // Only a unit in brackets is one: a note there is part of the name; "dt (us)" is time.
  const auto notes = open_text_record("EDA (wrist),dt (us),GSR (kΩ)\n1,2,3\n", "n.csv",
                                      at_rate(10.0));
  EXPECT_EQ(notes->info().channels[0].units, "");
  EXPECT_EQ(notes->info().channels[1].units, "us");
  EXPECT_NE(notes->info().channels[1].kind, SignalKind::eda);
  EXPECT_EQ(notes->info().channels[2].units, "kΩ");
}

TEST(RecordsCsv, TimeColumnGivesTheRateAndDelimitersAreDetected) {
  const auto comma = open_text_record("time,ECG,RESP\n0,1,2\n0.004,3,4\n0.008,5,6\n", "a.csv");
  EXPECT_NEAR(comma->info().channels[0].sample_rate_hz, 250.0, 1e-9);
  ASSERT_EQ(comma->info().channels.size(), 2U);  // the time column is not a channel
  EXPECT_EQ(read_all(*comma, 1), (std::vector<float>{2, 4, 6}));
  const auto semicolon = open_text_record("Timestamp_ms;PPG\r\n0;1\r\n10;2\r\n", "b.csv");
  EXPECT_NEAR(semicolon->info().channels[0].sample_rate_hz, 100.0, 1e-9);
  EXPECT_EQ(read_all(*semicolon, 0), (std::vector<float>{1, 2}));
  const auto tab = open_text_record("ECG\tGSR\n1\t\n3\t4\n", "c.tsv", at_rate(10.0));
  const auto gsr = read_all(*tab, 1);
  EXPECT_TRUE(std::isnan(gsr[0]));  // an empty cell is a missing value
  EXPECT_EQ(gsr[1], 4.0F);
  EXPECT_EQ(tab->info().channels[1].kind, SignalKind::eda);
  expect_contains(error_of([] { open_text_record("time,ECG\n0,1\n0.01,2\n", "d.csv", at_rate(250.0)); }),
                  {"d.csv", "100", "250"});
}

// Cells that hold no sample (empty, NA, nan, inf, or a number no float holds) are missing
// samples, never an infinite value, and a reading note says how many, which, and where first.
TEST(RecordsCsv, CellsHoldingNoSampleAreMissingAndNoted) {
  const auto r = open_text_record(
      "time,ECG,RESP\n0,1,2\n0.01,nan,2\n0.02,inf,NA\n0.03,1e308,-inf\n0.04,,5\n0.05,3,1e400\n",
      "holes.csv");
  const auto ecg = read_all(*r, 0);
  ASSERT_EQ(ecg.size(), 6U);
  for (std::size_t i = 1; i <= 4; ++i) EXPECT_TRUE(std::isnan(ecg[i])) << i << ": " << ecg[i];
  EXPECT_EQ(ecg[5], 3.0F);
  const auto resp = read_all(*r, 1);
  EXPECT_TRUE(std::isnan(resp[2]));
  EXPECT_TRUE(std::isnan(resp[3]));
  EXPECT_TRUE(std::isnan(resp[5])) << "beyond even a double: missing, not 'not a number'";
  const auto& notes = r->info().reading_notes;
  ASSERT_EQ(notes.size(), 2U);
  std::printf("[ notes ] %s\n          %s\n", notes[0].c_str(), notes[1].c_str());
  expect_contains(notes[0], {"column 'ECG'", "1 cell empty or NA", "and 3 holding nan, inf",
                             "first at line 3", "missing samples"});
  expect_contains(notes[1], {"column 'RESP'", "1 cell empty or NA", "and 2 holding",
                             "first at line 4"});
  const auto whole = open_text_record("time,ECG\n0,1\n0.01,2\n", "whole.csv");
  EXPECT_TRUE(whole->info().reading_notes.empty());
}

// Spreadsheet programs start a CSV with a UTF-8 byte-order mark; it is not part of the first
// column's name, on disk and from a pipe: channels are found by name, a time column gives the
// rate, and an RR list is a list.
TEST(RecordsCsv, AByteOrderMarkIsNotPartOfTheFirstName) {
  resonant::testing::TempDir dir;
  const std::string bom = "\xEF\xBB\xBF";
  std::ofstream(dir.path() / "named.csv") << bom << "ECG,PPG\n1,2\n3,4\n";
  const auto named = open_record(dir.path() / "named.csv", at_rate(100.0));
  EXPECT_EQ(named->info().channels[0].name, "ECG");
  EXPECT_EQ(find_channel(named->info(), "ECG").index, 0U);
  EXPECT_EQ(read_all(*named, 0), (std::vector<float>{1, 3}));
  std::ofstream(dir.path() / "timed.csv") << bom << "time,ECG\n0,1\n0.004,3\n0.008,5\n";
  const auto timed = open_record(dir.path() / "timed.csv");
  ASSERT_EQ(timed->info().channels.size(), 1U);
  EXPECT_NEAR(timed->info().channels[0].sample_rate_hz, 250.0, 1e-9);
  const auto piped = open_text_record(bom + "time,ECG\n0,1\n0.004,3\n", "-");
  EXPECT_NEAR(piped->info().channels[0].sample_rate_hz, 250.0, 1e-9);
  std::ofstream rr(dir.path() / "rr.txt");
  rr << bom;
  for (int i = 0; i < 50; ++i) rr << 800 + (i % 3) * 10 << "\n";
  rr.close();
  const auto list = open_record(dir.path() / "rr.txt");
  EXPECT_EQ(list->info().format, Format::rr_text);
}

TEST(RecordsCsv, BadCellsAndRowsNameFileAndLine) {
  resonant::testing::TempDir dir;
  std::ofstream(dir.path() / "bad.csv") << "ECG,RESP\n1,2\n3,abc\n";
  const std::string m = error_of([&] { open_record(dir.path() / "bad.csv", at_rate(100.0)); });
  std::printf("[ error ] %s\n", m.c_str());
  expect_contains(m, {"bad.csv", "line 3", "column 'RESP'", "'abc' is not a number"});
  expect_contains(error_of([] { open_text_record("ECG,RESP\n1,2\n3\n", "short.csv", at_rate(1.0)); }),
                  {"short.csv", "line 3", "1 cells", "2 columns"});
  expect_contains(error_of([] { open_text_record("ECG,RESP\n", "empty.csv", at_rate(1.0)); }),
                  {"empty.csv", "no data rows"});
}

TEST(RecordsText, BiosppyTextTable) {
  RESONANT_REQUIRE_SHARED_DATA(ppg, "biosppy/ppg.txt");
  const auto record = open_record(ppg);
  EXPECT_EQ(record->info().format, Format::text_table);
  ASSERT_EQ(record->info().channels.size(), 1U);
  const auto& c = record->info().channels[0];
  EXPECT_EQ(c.name, "PPG");
  EXPECT_EQ(c.kind, SignalKind::ppg);
  EXPECT_EQ(c.sample_rate_hz, 1000.0);
  std::printf("[ biosppy ] ppg.txt: %llu samples at %.0f Hz (%.1f s)\n",
              static_cast<unsigned long long>(c.sample_count), c.sample_rate_hz,
              static_cast<double>(c.sample_count) / c.sample_rate_hz);
  EXPECT_NEAR(static_cast<double>(c.sample_count) / c.sample_rate_hz, 20.0, 0.5);
  const auto v = read_all(*record, 0);
  EXPECT_EQ(v[0], 2065.0F);
  EXPECT_EQ(v[3], 2069.0F);
}

TEST(RecordsText, HeaderlessNumbersWithARateAreASignal) {
  const auto r = open_text_record("2065\n2066\n2070\n", "raw.txt", at_rate(1000.0));
  EXPECT_EQ(r->info().format, Format::text_table);
  EXPECT_EQ(read_all(*r, 0), (std::vector<float>{2065, 2066, 2070}));
  expect_contains(error_of([] { open_text_record("5 7 9\n1e9 -3 0\n", "what.txt"); }),
                  {"what.txt", "unknown format", "supported"});
}

TEST(RecordsRr, Ec57PatternsInSeconds) {
  RESONANT_REQUIRE_SHARED_DATA(tp2, "ec57/HRV256_TP2.txt");
  RESONANT_REQUIRE_SHARED_DATA(tp3, "ec57/HRV256_TP3.txt");
  const auto record = open_record(tp2);
  EXPECT_EQ(record->info().format, Format::rr_text);
  EXPECT_EQ(record->info().channels[0].kind, SignalKind::rr);
  const auto rr = record->rr_intervals();
  ASSERT_GT(rr.size(), 100000U);  // 24 h at ~75 bpm
  EXPECT_DOUBLE_EQ(rr[0].t_s, 0.8);
  EXPECT_DOUBLE_EQ(rr[0].rr_ms, 800.0);
  EXPECT_NEAR(rr[1].rr_ms, 833.2869780703304, 1e-9);
  EXPECT_NEAR(rr[1].t_s, 1.6332869780703303, 1e-12);
  double sum = 0;
  for (const auto& x : rr) sum += x.rr_ms;
  std::printf("[ ec57 ] TP2: %zu intervals, mean %.2f ms, last at %.2f h\n", rr.size(),
              sum / static_cast<double>(rr.size()), rr.back().t_s / 3600.0);
  // The time column is the running sum of the intervals; the "24 h" pattern ends at 23.98 h.
  EXPECT_NEAR(rr.back().t_s, sum / 1000.0, 1e-3);
  EXPECT_NEAR(rr.back().t_s / 3600.0, 24.0, 0.05);
  EXPECT_EQ(read_all(*record, 0).size(), rr.size());
  const auto rr3 = read_rr_text(tp3);
  EXPECT_DOUBLE_EQ(rr3[0].rr_ms, 1000.0);
}

TEST(RecordsRr, UnitsCommentsAndErrors) {
  const auto ms = parse_rr_text("# from a chest strap\n800\n812 # comment\n\n790\n", "a.txt");
  ASSERT_EQ(ms.size(), 3U);
  EXPECT_DOUBLE_EQ(ms[1].rr_ms, 812.0);
  EXPECT_DOUBLE_EQ(ms[2].t_s, (800.0 + 812.0 + 790.0) / 1000.0);
  const auto s = parse_rr_text("0.8\n0.9\n", "b.txt");
  EXPECT_DOUBLE_EQ(s[1].rr_ms, 900.0);
  const auto forced = parse_rr_text("0.8\n0.9\n", "b.txt", RrUnits::milliseconds);
  EXPECT_DOUBLE_EQ(forced[1].rr_ms, 0.9);
  const auto header = parse_rr_text("time,rr\n1.0,1.0\n1.8,0.8\n", "c.txt");
  EXPECT_DOUBLE_EQ(header[1].t_s, 1.8);
  const auto rec = open_text_record("800\n810\n805\n", "d.txt");
  EXPECT_EQ(rec->info().format, Format::rr_text);
  expect_contains(error_of([] { parse_rr_text("800\nabc\n", "e.txt"); }), {"e.txt", "line 2", "'abc'"});
  expect_contains(error_of([] { parse_rr_text("800\n-5\n", "f.txt"); }), {"f.txt", "line 2", "positive"});
  expect_contains(error_of([] { parse_rr_text("# nothing\n", "g.txt"); }), {"g.txt", "no RR intervals"});
  expect_contains(error_of([] { open_text_record("800\n", "h.txt")->read_annotations("atr"); }),
                  {"h.txt", "no WFDB annotation files"});
}

// A typing error in a long list used to make the file "unknown format"; it is read as a list
// and the error names the line. Many odd lines, or a waveform, are still no list.
TEST(RecordsRr, OneBadLineInAListIsNamedByItsLine) {
  std::string list;
  for (int i = 0; i < 200; ++i) list += std::to_string(800 + (i % 7) * 10) + "\n";
  std::string typo = list;
  typo.replace(typo.find("820\n"), 4, "8x0\n");  // line 3
  expect_contains(error_of([&] { open_text_record(typo, "typo.txt"); }),
                  {"typo.txt", "line 3", "'8x0'", "not an RR interval"});
  EXPECT_TRUE(looks_like_rr_text(typo));
  std::string mostly_words = list.substr(0, 40);  // 10 intervals
  for (int i = 0; i < 2; ++i) mostly_words += "note\n";
  EXPECT_FALSE(looks_like_rr_text(mostly_words)) << "2 odd lines in 12 is more than 1 in 20";
  // A typo that gives the first line two columns: the other lines decide the count.
  std::string first_typo = "800 810\n" + list.substr(4);
  EXPECT_TRUE(looks_like_rr_text(first_typo));
  expect_contains(error_of([&] { open_text_record(first_typo, "first.txt"); }),
                  {"first.txt", "line 2 has 1 columns, earlier lines have 2"});
  // A waveform (mV, as a NeuroKit ECG column) with one bad line is still no list: its values
  // are not heart intervals in either unit.
  std::string wave;
  for (int i = 0; i < 60; ++i) {
    wave += (i == 30 ? std::string("x") : std::to_string(0.8 * std::sin(0.3 * i))) + "\n";
  }
  EXPECT_FALSE(looks_like_rr_text(wave)) << "a waveform with a bad line";
}

// A CSV whose header names a column of intervals is an RR list: Resonant's own export reads
// back, a strap app's "time,hr,rr" too; other columns are ignored, the unit comes from the
// column's name, an empty interval cell is skipped, a bad one names its line.
TEST(RecordsRr, ACsvWithAnIntervalColumnIsAnRrList) {
  const auto own = open_text_record(
      "t_s,rr_ms,nn_ms,label\n0.8,800,800,normal\n1.612,812,812,normal\n2.1,488,806,ectopic\n",
      "session_rr.csv");
  EXPECT_EQ(own->info().format, Format::rr_text);
  const auto own_rr = parse_rr_csv(
      "t_s,rr_ms,nn_ms,label\n0.8,800,800,normal\n1.612,812,812,normal\n2.1,488,806,ectopic\n",
      "session_rr.csv");
  ASSERT_EQ(own_rr.size(), 3U);
  EXPECT_DOUBLE_EQ(own_rr[2].rr_ms, 488.0) << "the raw interval, not the corrected one";
  EXPECT_DOUBLE_EQ(own_rr[1].t_s, 1.612);

  const auto strap = parse_rr_csv("Time;HR;RR (s)\n0.9;66;0.9\n1.8;66;0.9\n", "strap.csv");
  ASSERT_EQ(strap.size(), 2U);
  EXPECT_DOUBLE_EQ(strap[1].rr_ms, 900.0) << "seconds from the column's name";
  EXPECT_DOUBLE_EQ(strap[1].t_s, 1.8);

  const auto no_time = parse_rr_csv("ibi\n800\n\n810\nNA\n790\n", "ibi.csv");
  ASSERT_EQ(no_time.size(), 3U);
  EXPECT_DOUBLE_EQ(no_time[2].t_s, (800.0 + 810.0 + 790.0) / 1000.0);

  const auto ms_time = parse_rr_csv("time_ms,rr\n800,800\n1600,800\n", "t.csv");
  EXPECT_DOUBLE_EQ(ms_time[1].t_s, 1.6);

  // The signal tables' rules: a sketch's millis, a spreadsheet's error values (a missing
  // interval, a row of data, not a comment), and an empty time, which is timed by its interval
  // after the beat before instead of dropping the whole time column.
  const auto sheet = parse_rr_csv(
      "millis,rr\n800,800\n#N/A,810\n2420,810\n3200,#N/A\n4000,800\n,790\n", "sheet.csv");
  ASSERT_EQ(sheet.size(), 5U);
  EXPECT_DOUBLE_EQ(sheet[0].t_s, 0.8);
  EXPECT_DOUBLE_EQ(sheet[1].t_s, 0.8 + 0.81) << "its time left as a spreadsheet error";
  EXPECT_DOUBLE_EQ(sheet[2].t_s, 2.42);
  EXPECT_DOUBLE_EQ(sheet[3].t_s, 4.0) << "the interval left out was missing, its time kept";
  EXPECT_DOUBLE_EQ(sheet[4].t_s, 4.0 + 0.79);

  expect_contains(error_of([] { parse_rr_csv("t,rr\n1,800\n2,fast\n", "bad.csv"); }),
                  {"bad.csv", "line 3", "'fast'"});
  expect_contains(error_of([] { parse_rr_csv("t,rr\n2,800\n1,800\n", "back.csv"); }),
                  {"back.csv", "line 3", "goes backwards"});
  expect_contains(error_of([] { parse_rr_csv("t,rr\n", "none.csv"); }),
                  {"none.csv", "no RR intervals"});
  // A signal table is still a signal table; with a rate even an rr column is samples.
  EXPECT_EQ(open_text_record("time,ECG\n0,1\n0.004,2\n", "ecg.csv")->info().format, Format::csv);
  OpenOptions rate;
  rate.sample_rate_hz = 4.0;
  EXPECT_EQ(open_text_record("rr\n800\n810\n", "resampled.csv", rate)->info().format,
            Format::csv);
  // In vital-sign files "RR" is the respiratory rate: beside a waveform, or with values that
  // are no heart's intervals, the file stays a table.
  EXPECT_EQ(open_text_record("time,ECG,RR\n0,1,16\n0.004,2,16\n", "vitals.csv")->info().format,
            Format::csv);
  EXPECT_EQ(open_text_record("time,RR\n0,16\n60,17\n120,15\n", "resp_rate.csv")->info().format,
            Format::csv);
  // Clock times are not numbers: the intervals are timed by their sum. rr before nn.
  const auto clock = parse_rr_csv("Time,NN,RR (ms)\n10:00:01,800,800\n10:00:02,805,900\n",
                                  "clock.csv");
  ASSERT_EQ(clock.size(), 2U);
  EXPECT_DOUBLE_EQ(clock[1].rr_ms, 900.0);
  EXPECT_DOUBLE_EQ(clock[1].t_s, 1.7);
  EXPECT_FALSE(names_an_rr_column({"ECG", "RESP", "error", "hrv"}));
  EXPECT_TRUE(names_an_rr_column({"x", "RR-interval (ms)"}));
}

}  // namespace
}  // namespace resonant::records
