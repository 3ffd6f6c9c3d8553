// resonant-cli export, end to end: a session with known rows (two waveform channels, a gap,
// labels, corrected intervals, markers, metrics) is written with SessionWriter, exported in
// every format through the CLI and read back (EDF+ through EDFlib); de-identified exports
// hold no name, date or device detail; files are 0600; bad requests fail clearly.
#include <edflib.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <resonant/storage/session_writer.hpp>

#include "store_test_support.hpp"
#include "test_support.hpp"

namespace resonant::storage {
namespace {

using nlohmann::json;
using testing::TempDir;

constexpr const char* kClient = "Zelda Quarantotto";
constexpr const char* kDevice = "Polar H10 serial 9F3A77C1";
constexpr const char* kLinkText = "disconnected: /dev/ttyUSB7 9F3A77C1 gone";
constexpr std::int64_t kStartUnixUs = 1'714'564'800'000'000;  // 2024-05-01 12:00:00 UTC
constexpr double kEcgRateHz = 250.0;
constexpr double kPpgRateHz = 100.0;
constexpr std::int64_t kChunkUs = 800'000;  // beat_rows: one 0.8 s chunk per beat
constexpr int kFirstBeats = 5;              // beats 0..4, then chunks 5 and 6 are missing
constexpr int kResumeAt = 7;
constexpr int kLaterBeats = 5;
constexpr double kCsvRrResolutionMs = 0.0005;  // rr_ms printed with 3 decimals
constexpr double kCsvTimeResolutionS = 5e-7;   // t_s printed with 6 decimals

using test::cli;

using test::slurp;

std::vector<std::vector<std::string>> csv_rows(const std::filesystem::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(p));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream l(line);
    while (std::getline(l, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

struct KnownSession {
  std::int64_t id = 0;
  std::vector<BeatRow> beats;
};

/// Writes the test session into db: ECG chunks with a 1.6 s gap, PPG continuous, beats (with
/// labels and NN for some), a person's mark, a link event and coherence values.
KnownSession write_session(const std::filesystem::path& db) {
  KnownSession known;
  SessionWriter w(Database::open(db));
  w.begin();
  BeginSessionRow begin;
  begin.client = kClient;
  begin.source = kDevice;
  begin.started_unix_us = kStartUnixUs;
  w.write(begin);
  std::vector<Row> rows = test::beat_rows(0, kFirstBeats);
  std::vector<Row> later = test::beat_rows(kResumeAt, kLaterBeats);
  rows.insert(rows.end(), later.begin(), later.end());
  for (const Row& r : rows) {
    w.write(r);
    if (const auto* b = std::get_if<BeatRow>(&r)) known.beats.push_back(*b);
  }
  for (std::size_t i = 0; i < known.beats.size(); ++i) {
    BeatLabelRow label;
    label.t_us = known.beats[i].t_us;
    label.label.assign(i == 3 ? "ectopic" : "normal");
    w.write(label);
    if (i > 0) w.write(NnRow{known.beats[i].t_us, 800.0, false});
  }
  SampleChunkRow ppg;
  ppg.channel = 1;
  ppg.kind = ChannelKind::kPpg;
  ppg.rate_hz = kPpgRateHz;
  ppg.t_first_us = 0;
  for (int k = 0; k < 1000; ++k) ppg.values.push_back(std::sin(0.05f * static_cast<float>(k)));
  w.write(ppg);
  MarkerRow mark;
  mark.t_us = 2'000'000;
  mark.kind.assign("mark");
  mark.text = "calm now";
  w.write(mark);
  MarkerRow link;
  link.t_us = 4'100'000;
  link.kind.assign("link");
  link.text = kLinkText;
  w.write(link);
  w.write(MetricRow{1'000'000, "coherence_ratio", 1.5});
  w.write(MetricRow{2'000'000, "coherence_ratio", 2.5});
  const std::int64_t last_t_us = known.beats.back().t_us;
  w.write(EndSessionRow{ProgressRow{last_t_us, static_cast<std::int64_t>(known.beats.size()), 75.0, 0.0, 0.0},
                        kStartUnixUs + last_t_us});
  w.commit();
  known.id = w.session_id();
  return known;
}

using test::run_export;

class Export : public ::testing::Test {
 protected:
  void SetUp() override { known_ = write_session(db_); }
  TempDir dir_;
  std::filesystem::path db_ = dir_.path() / "r.db";
  KnownSession known_;
};

TEST_F(Export, CsvRoundTripsTheStoredBeatsLabelsAndMarkers) {
  const auto r = run_export(db_, known_.id, "csv", dir_.path() / "s");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rr = csv_rows(dir_.path() / "s_rr.csv");
  ASSERT_EQ(rr.size(), known_.beats.size() + 1);
  EXPECT_EQ(rr[0], (std::vector<std::string>{"t_s", "rr_ms", "nn_ms", "label"}));
  for (std::size_t i = 0; i < known_.beats.size(); ++i) {
    const auto& row = rr[i + 1];
    ASSERT_EQ(row.size(), 4u) << i;
    EXPECT_NEAR(std::stod(row[0]), static_cast<double>(known_.beats[i].t_us) / 1e6, kCsvTimeResolutionS);
    if (std::isnan(known_.beats[i].rr_ms)) {
      EXPECT_EQ(row[1], "") << "no interval after a gap is an empty cell";
      EXPECT_EQ(row[2], "");
    } else {
      EXPECT_NEAR(std::stod(row[1]), known_.beats[i].rr_ms, kCsvRrResolutionMs);
      EXPECT_NEAR(std::stod(row[2]), 800.0, kCsvRrResolutionMs);
    }
    EXPECT_EQ(row[3], i == 3 ? "ectopic" : "normal");
  }
  const auto metrics = csv_rows(dir_.path() / "s_metrics.csv");
  ASSERT_GE(metrics.size(), 2u);
  EXPECT_EQ(metrics[0], (std::vector<std::string>{"t_s", "coherence_ratio", "hr_bpm"}));
  // Stored values hold until they change: coherence 2.5 (set at 2 s) still holds at 2.4 s.
  const auto at_2_4 = std::find_if(metrics.begin(), metrics.end(),
                                   [](const auto& row) { return row[0] == "2.400000"; });
  ASSERT_NE(at_2_4, metrics.end());
  EXPECT_EQ(*at_2_4, (std::vector<std::string>{"2.400000", "2.5", "75"}));
  EXPECT_EQ(metrics[1], (std::vector<std::string>{"0.800000", "", "75"})) << "no coherence yet";
  const auto markers = csv_rows(dir_.path() / "s_markers.csv");
  ASSERT_EQ(markers.size(), 3u);
  EXPECT_EQ(markers[1], (std::vector<std::string>{"2.000000", "mark", "calm now"}));
  EXPECT_EQ(markers[2][1], "link");
  for (const char* f : {"s_rr.csv", "s_metrics.csv", "s_markers.csv"}) {
    EXPECT_EQ(test::file_mode(dir_.path() / f), 0600u) << f;
  }
  // ... and `analyze` reads the RR file back as an RR list (its raw intervals).
  std::size_t intervals = 0;
  for (std::size_t i = 1; i < rr.size(); ++i) intervals += rr[i][1].empty() ? 0 : 1;
  const auto back = testing::run_process(
      {test::cli(), "analyze", (dir_.path() / "s_rr.csv").string(), "--json"},
      std::chrono::seconds(30));
  ASSERT_EQ(back.exit_code, 0) << back.err;
  const nlohmann::json j = nlohmann::json::parse(back.out);
  EXPECT_EQ(j["format"], "RR-interval text");
  EXPECT_EQ(j["beats"].get<std::size_t>(), intervals + 1);
}

TEST_F(Export, KubiosTextParsesToTheRawIntervals) {
  const auto out = dir_.path() / "k.txt";
  const auto r = run_export(db_, known_.id, "kubios", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<double> expected;
  for (const BeatRow& b : known_.beats) {
    if (!std::isnan(b.rr_ms)) expected.push_back(b.rr_ms);
  }
  std::istringstream in(slurp(out));
  std::vector<double> got;
  for (double v = 0; in >> v;) got.push_back(v);
  EXPECT_TRUE(in.eof()) << "only numbers, no header";
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], kCsvRrResolutionMs);
  EXPECT_EQ(test::file_mode(out), 0600u);
}

TEST_F(Export, EdfReadsBackThroughEdflibWithChannelsSamplesGapsAndMarkers) {
  const auto out = dir_.path() / "e.edf";
  const auto r = run_export(db_, known_.id, "edf", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::file_mode(out), 0600u);
  edf_hdr_struct hdr{};
  ASSERT_EQ(edfopen_file_readonly(out.c_str(), &hdr, EDFLIB_READ_ALL_ANNOTATIONS), 0) << hdr.filetype;
  EXPECT_EQ(hdr.filetype, EDFLIB_FILETYPE_EDFPLUS);
  ASSERT_EQ(hdr.edfsignals, 2);
  EXPECT_EQ(std::string(hdr.signalparam[0].label).substr(0, 3), "ECG");
  EXPECT_EQ(std::string(hdr.signalparam[1].label).substr(0, 3), "PPG");
  EXPECT_EQ(std::string(hdr.signalparam[0].physdimension).substr(0, 2), "mV");
  EXPECT_EQ(hdr.datarecord_duration, EDFLIB_TIME_DIMENSION);  // 1 s records
  EXPECT_EQ(hdr.signalparam[0].smp_in_datarecord, static_cast<int>(kEcgRateHz));
  EXPECT_EQ(hdr.signalparam[1].smp_in_datarecord, static_cast<int>(kPpgRateHz));
  EXPECT_EQ(hdr.startdate_year, 2024 /* local time of kStartUnixUs in any zone within +-12 h */);

  // ECG: beat_rows stores value i + 0.001 k in chunk i; chunks 5 and 6 are the gap.
  const auto& ecg = hdr.signalparam[0];
  const double resolution = (ecg.phys_max - ecg.phys_min) / (ecg.dig_max - ecg.dig_min);
  const int total_chunks = kResumeAt + kLaterBeats;
  const int per_chunk = static_cast<int>(kEcgRateHz * static_cast<double>(kChunkUs) / 1e6);
  std::vector<double> samples(static_cast<std::size_t>(total_chunks * per_chunk));
  ASSERT_EQ(edfread_physical_samples(hdr.handle, 0, static_cast<int>(samples.size()), samples.data()),
            static_cast<int>(samples.size()));
  for (int i = 0; i < total_chunks; ++i) {
    for (int k = 0; k < per_chunk; ++k) {
      const double got = samples[static_cast<std::size_t>(i * per_chunk + k)];
      if (i >= kFirstBeats && i < kResumeAt) {
        ASSERT_NEAR(got, ecg.phys_min, resolution) << "gap fill at chunk " << i;
      } else {
        ASSERT_NEAR(got, static_cast<float>(i) + 0.001f * static_cast<float>(k), resolution)
            << "chunk " << i << " sample " << k;
      }
    }
  }
  std::vector<std::string> texts;
  bool gap_at_right_place = false;
  for (long long n = 0; n < hdr.annotations_in_file; ++n) {
    edf_annotation_struct a{};
    ASSERT_EQ(edf_get_annotation(hdr.handle, static_cast<int>(n), &a), 0);
    texts.emplace_back(a.annotation);
    if (std::string(a.annotation) == "gap: no ECG samples") {
      const double onset_s = static_cast<double>(a.onset) / EDFLIB_TIME_DIMENSION;
      EXPECT_NEAR(onset_s, kFirstBeats * 0.8, 1e-3);
      EXPECT_NEAR(std::stod(a.duration), (kResumeAt - kFirstBeats) * 0.8, 1e-3);
      gap_at_right_place = true;
    }
  }
  EXPECT_TRUE(gap_at_right_place);
  EXPECT_NE(std::find(texts.begin(), texts.end(), "mark: calm now"), texts.end());
  edfclose_file(hdr.handle);
}

// A second, independent reader: MNE (Debian python3-mne) must see the same channels, rate,
// length and annotations as EDFlib does.
TEST_F(Export, EdfReadsBackThroughMneAsThroughEdflib) {
  const auto out = dir_.path() / "m.edf";
  ASSERT_EQ(run_export(db_, known_.id, "edf", out).exit_code, 0);
  const auto script = testing::source_dir() / "tests/storage/edf_with_mne.py";
  // Debian's interpreter, where python3-mne is installed (not a python3 earlier in PATH).
  const auto mne = testing::run_process({"/usr/bin/python3", script.string(), out.string()}, std::chrono::seconds(60));
  if (mne.exit_code == 3) GTEST_SKIP() << "MNE cannot be imported (install Debian's python3-mne): " << mne.err;
  ASSERT_EQ(mne.exit_code, 0) << mne.err;
  const json m = json::parse(mne.out);

  edf_hdr_struct hdr{};
  ASSERT_EQ(edfopen_file_readonly(out.c_str(), &hdr, EDFLIB_READ_ALL_ANNOTATIONS), 0);
  ASSERT_EQ(m.at("ch_names").size(), static_cast<std::size_t>(hdr.edfsignals));
  int most_samples = 0;
  for (int i = 0; i < hdr.edfsignals; ++i) {
    std::string label = hdr.signalparam[i].label;
    label.erase(label.find_last_not_of(' ') + 1);
    EXPECT_EQ(m.at("ch_names")[static_cast<std::size_t>(i)], label);
    most_samples = std::max(most_samples, hdr.signalparam[i].smp_in_datarecord);
  }
  EXPECT_EQ(m.at("ch_names")[0], "ECG");
  const double record_s = static_cast<double>(hdr.datarecord_duration) / EDFLIB_TIME_DIMENSION;
  // MNE brings every channel to the highest rate (ECG 250 Hz beside PPG 100 Hz).
  EXPECT_DOUBLE_EQ(m.at("sfreq").get<double>(), most_samples / record_s);
  EXPECT_DOUBLE_EQ(m.at("sfreq").get<double>(), kEcgRateHz);
  EXPECT_NEAR(m.at("duration_s").get<double>(), static_cast<double>(hdr.datarecords_in_file) * record_s, 1e-9);
  // Both lists ordered by onset (MNE sorts them; EDF+ keeps the order they were written in).
  using Annotation = std::tuple<double, double, std::string>;  // onset s, duration s, text
  std::vector<Annotation> from_mne, from_edflib;
  const auto& annotations = m.at("annotations");
  for (const json& a : annotations) {
    from_mne.emplace_back(a.at("onset_s").get<double>(), a.at("duration_s").get<double>(), a.at("text"));
  }
  for (long long n = 0; n < hdr.annotations_in_file; ++n) {
    edf_annotation_struct a{};
    ASSERT_EQ(edf_get_annotation(hdr.handle, static_cast<int>(n), &a), 0);
    from_edflib.emplace_back(static_cast<double>(a.onset) / EDFLIB_TIME_DIMENSION,
                             a.duration[0] == '\0' ? 0.0 : std::stod(a.duration), a.annotation);
  }
  std::sort(from_mne.begin(), from_mne.end());
  std::sort(from_edflib.begin(), from_edflib.end());
  ASSERT_EQ(from_mne.size(), from_edflib.size());
  for (std::size_t n = 0; n < from_mne.size(); ++n) {
    EXPECT_NEAR(std::get<0>(from_mne[n]), std::get<0>(from_edflib[n]), 1e-6) << n;
    EXPECT_NEAR(std::get<1>(from_mne[n]), std::get<1>(from_edflib[n]), 1e-6) << n;
    EXPECT_EQ(std::get<2>(from_mne[n]), std::get<2>(from_edflib[n])) << n;
  }
  const auto has = [&](const std::string& text) {
    return std::any_of(annotations.begin(), annotations.end(), [&](const json& a) { return a.at("text") == text; });
  };
  EXPECT_TRUE(has("mark: calm now"));
  EXPECT_TRUE(has("gap: no ECG samples"));
  edfclose_file(hdr.handle);
}

TEST_F(Export, JsonSummaryHasTheExpectedFields) {
  const auto out = dir_.path() / "j.json";
  const auto r = run_export(db_, known_.id, "json", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(slurp(out));
  EXPECT_EQ(j.at("session_id"), known_.id);
  EXPECT_EQ(j.at("client"), kClient);
  EXPECT_EQ(j.at("device"), kDevice);
  EXPECT_EQ(j.at("started_utc"), "2024-05-01T12:00:00Z");
  EXPECT_EQ(j.at("beats"), static_cast<int>(known_.beats.size()));
  EXPECT_EQ(j.at("artifacts_by_label").at("ectopic"), 1);
  EXPECT_EQ(j.at("artifacts_by_label").at("normal"), static_cast<int>(known_.beats.size()) - 1);
  EXPECT_DOUBLE_EQ(j.at("coherence").at("mean_ratio").get<double>(), 2.0);
  EXPECT_EQ(j.at("markers").size(), 2u);
  EXPECT_EQ(j.at("recording_status"), "complete");
  EXPECT_TRUE(j.at("hrv").contains("rmssd_ms"));
  EXPECT_EQ(test::file_mode(out), 0600u);
}

TEST_F(Export, DeidentifiedExportsHoldNoNameDateOrDeviceDetail) {
  const auto out_dir = dir_.path() / "deid";
  std::filesystem::create_directory(out_dir);
  for (const char* format : {"csv", "kubios", "edf", "json"}) {
    const auto r = run_export(db_, known_.id, format, out_dir, true);
    ASSERT_EQ(r.exit_code, 0) << format << ": " << r.err;
  }
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(out_dir)) {
    ++files;
    const std::string bytes = slurp(e.path());
    for (const char* secret : {"Zelda", "Quarantotto", "9F3A77C1", "ttyUSB7", "Polar", "2024", "01.05.24",
                               "MAY"}) {
      EXPECT_EQ(bytes.find(secret), std::string::npos) << e.path() << " holds " << secret;
    }
    EXPECT_EQ(test::file_mode(e.path()), 0600u) << e.path();
  }
  EXPECT_EQ(files, 6);  // 3 csv, txt, edf, json
  const std::string edf = slurp(out_dir / ("session_" + std::to_string(known_.id) + ".edf"));
  ASSERT_GT(edf.size(), 184u);
  EXPECT_EQ(edf.substr(8, 7), "X X X X");        // EDF+ patient field: all unknown
  EXPECT_EQ(edf.substr(168, 8), "01.01.85");     // EDF+ anonymous start date
  const json j = json::parse(slurp(out_dir / ("session_" + std::to_string(known_.id) + ".json")));
  EXPECT_EQ(j.at("client"), "deidentified");
  EXPECT_FALSE(j.contains("started_utc"));
}

TEST_F(Export, BadRequestsFailClearlyAndLeaveNoFile) {
  const auto missing_dir = dir_.path() / "no-such-folder" / "x.json";
  const auto unwritable = run_export(db_, known_.id, "json", missing_dir);
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_NE(unwritable.err.find("cannot write " + missing_dir.string()), std::string::npos) << unwritable.err;
  EXPECT_FALSE(std::filesystem::exists(missing_dir.parent_path()));

  const auto unknown = run_export(db_, known_.id + 100, "json", dir_.path() / "u.json");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("there is no session " + std::to_string(known_.id + 100)), std::string::npos)
      << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "u.json"));

  const auto format = run_export(db_, known_.id, "xls", dir_.path() / "f.xls");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("no such format \"xls\""), std::string::npos) << format.err;

  // Only the database and its WAL files are left: no temporary or partial export.
  for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
    EXPECT_EQ(e.path().filename().string().rfind("r.db", 0), 0u) << e.path();
  }
}

// A full disk (here: a file size limit, which fails writes the same way) must fail the export
// with one message and leave no file. PDF and PNG were written by cairo's own stdio output and
// EDF by EDFlib's, whose lost last flush left a cut-off file that the export called done.
TEST_F(Export, AWriteThatFailsPartWayFailsEveryFormatAndLeavesNoFile) {
  // Reading a WAL database writes its -shm (32 kB); in rollback-journal mode a read writes
  // nothing, so the limit falls on the export alone.
  {
    test::RawDb raw(db_);
    ASSERT_EQ(raw.exec("PRAGMA journal_mode=DELETE"), SQLITE_OK);
  }
  for (const std::string format : {"pdf", "png", "edf", "csv", "json", "kubios"}) {
    const auto whole = dir_.path() / ("whole." + format);
    ASSERT_EQ(run_export(db_, known_.id, format, whole).exit_code, 0) << format;
    std::uintmax_t bytes = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
      if (e.path().filename().string().rfind("whole", 0) == 0) {
        bytes = std::max(bytes, std::filesystem::file_size(e.path()));
        std::filesystem::remove(e.path());
      }
    }
    // ulimit -f counts 512-byte blocks in sh: about half the file fits. The small text
    // exports of this short session (a few hundred bytes) get no room at all.
    constexpr std::uintmax_t kBlock = 512;
    const bool binary = format == "pdf" || format == "png" || format == "edf";
    if (binary) {
      ASSERT_GT(bytes, 2 * kBlock) << format << ": too small to cut part-way";
    }
    const std::string blocks = std::to_string(bytes > 2 * kBlock ? bytes / 2 / kBlock : 0);
    const auto out = dir_.path() / ("cut." + format);
    const auto r = testing::run_process(
        {"/bin/sh", "-c",
         "ulimit -f " + blocks + " && exec \"$0\" export " + std::to_string(known_.id) +
             " --format " + format + " --out \"$1\" --db \"$2\"",
         test::cli(), out.string(), db_.string()},
        std::chrono::seconds(30));
    EXPECT_EQ(r.exit_code, 1) << format << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("cannot write "), std::string::npos) << format << ": " << r.err;
    EXPECT_NE(r.err.find("ulimit -f"), std::string::npos) << format << ": " << r.err;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
      EXPECT_EQ(e.path().filename().string().rfind("r.db", 0), 0u) << format << ": " << e.path();
    }
  }
}

// A damaged page is not "not a Resonant database": the message says what was being read,
// that the file is to be kept, and how more can be salvaged.
TEST_F(Export, ADamagedPageIsNamedAsDamageWithWhatWasBeingRead) {
  double root = 0.0;
  double page_bytes = 0.0;
  {
    test::RawDb raw(db_);
    ASSERT_EQ(raw.exec("PRAGMA journal_mode=DELETE"), SQLITE_OK);  // every page in the file
    root = raw.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'beats'");
    page_bytes = raw.scalar("PRAGMA page_size");
  }
  ASSERT_GT(root, 1.0);
  {
    std::fstream f(db_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>((root - 1.0) * page_bytes));
    const std::string junk(64, '\xFF');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const auto r = run_export(db_, known_.id, "kubios", dir_.path() / "d.kubios");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(db_.string() + " is damaged where Resonant was reading beats"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("keep the file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".recover"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "d.kubios"));
}

TEST(ExportSimulated, ASimulatedSessionExportsEveryStoredChannelAndBeat) {
  TempDir dir;
  const auto db = dir.path() / "r.db";
  const auto session = testing::run_process({cli(), "session", "--simulate", "--speed", "20", "--duration", "6",
                                             "--scenario", "clean", "--db", db.string()},
                                            std::chrono::seconds(60));
  ASSERT_EQ(session.exit_code, 0) << session.err;
  test::RawDb raw(db, SQLITE_OPEN_READONLY);
  const auto id = static_cast<std::int64_t>(raw.scalar("SELECT MAX(id) FROM sessions"));
  const auto channels = static_cast<int>(raw.scalar("SELECT COUNT(DISTINCT channel) FROM samples WHERE session_id = " +
                                                    std::to_string(id)));
  const auto beats = static_cast<std::size_t>(raw.scalar("SELECT COUNT(*) FROM beats WHERE session_id = " +
                                                         std::to_string(id)));
  ASSERT_GT(channels, 0);
  ASSERT_GT(beats, 0u);
  const auto edf = dir.path() / "s.edf";
  const auto r = run_export(db, id, "edf", edf);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  edf_hdr_struct hdr{};
  ASSERT_EQ(edfopen_file_readonly(edf.c_str(), &hdr, EDFLIB_READ_ALL_ANNOTATIONS), 0);
  EXPECT_EQ(hdr.edfsignals, channels);
  edfclose_file(hdr.handle);
  const auto csv = run_export(db, id, "csv", dir.path() / "s");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv_rows(dir.path() / "s_rr.csv").size(), beats + 1);
}

}  // namespace
}  // namespace resonant::storage
