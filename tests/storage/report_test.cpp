// resonant-cli export --format pdf|png, end to end: a 7-minute session with known rows (beats
// whose heart rate swings with 6 /min breathing, a paced part, a two-step protocol, marks,
// coherence, an assessment) is written with SessionWriter and exported as a report. The PDF
// has two pages and prints the same figures as the JSON export (read with pdftotext from
// poppler-utils); the PNG is A4 at 150 dpi with coloured charts; a de-identified report
// holds no name, date or device detail and names a pseudonym that is the same for every
// session of the client; files are 0600; bad requests fail with a clear message. An imported
// session's reading note and a date given at import are said on page 1.
#include <cairo.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <resonant/storage/session_writer.hpp>

#include "store_test_support.hpp"
#include "test_support.hpp"

namespace resonant::storage {
namespace {

using testing::TempDir;

constexpr const char* kClient = "Zelda Quarantotto";
constexpr const char* kDevice = "Polar H10 serial 9F3A77C1";
constexpr std::int64_t kStartUnixUs = 1'714'564'800'000'000;  // 2024-05-01 12:00:00 UTC
constexpr double kSessionS = 420.0;
constexpr double kPacedFromS = 60.0;
constexpr double kPacedToS = 360.0;
constexpr double kBreathRateBpm = 6.0;
constexpr double kUnclearBreathRateBpm = 15.0;
constexpr double kMeanHrBpm = 65.0;
constexpr double kSwingBpm = 6.0;  // HR amplitude: peak-to-trough 12 bpm per breath
constexpr double kStoredMeanHrBpm = 65.3;
constexpr double kStoredRmssdMs = 48.2;
constexpr double kStoredSdnnMs = 61.7;
constexpr int kEctopicEvery = 50;
constexpr int kPngWidthPx = 1240;   // A4 at 150 dpi
constexpr int kPngHeightPx = 1754;

std::int64_t us(double s) { return static_cast<std::int64_t>(std::llround(s * 1e6)); }

using test::cli;

MarkerRow marker(double t_s, const char* kind, std::string text) {
  MarkerRow m;
  m.t_us = us(t_s);
  m.kind.assign(kind);
  m.text = std::move(text);
  return m;
}

/// The session described at the top of the file; returns its id.
/// alternation: each interval made longer and shorter by this fraction in turn (bigeminy);
/// reading_note: stored as import stores a doubt on how its file was read ("" = none).
std::int64_t write_session(const std::filesystem::path& db, const std::string& client,
                           bool with_beats = true, double alternation = 0.0,
                           const std::string& reading_note = "") {
  SessionWriter w(Database::open(db));
  w.begin();
  BeginSessionRow begin = test::begin_row(client);
  begin.source = kDevice;
  begin.started_unix_us = kStartUnixUs;
  w.write(begin);
  w.write(PacerRow{0, false, kBreathRateBpm, 0.4, 0.0, 0.0});
  w.write(PacerRow{us(kPacedFromS), true, kBreathRateBpm, 0.4, 0.0, 0.0});
  w.write(PacerRow{us(kPacedToS), false, kBreathRateBpm, 0.4, 0.0, 0.0});
  w.write(marker(0.0, "step", "Calm practice: step 1/2 Settle"));
  w.write(marker(kPacedFromS, "step", "Calm practice: step 2/2 Slow breathing"));
  w.write(marker(200.0, "mark", "felt warm"));
  if (!reading_note.empty()) w.write(marker(1.0, "reading_note", reading_note));
  w.write(marker(250.0, "link", "disconnected: /dev/ttyUSB7 9F3A77C1 gone"));
  w.write(marker(kPacedToS, "step", "Calm practice: end"));
  std::int64_t beats = 0;
  if (with_beats) {
    double t_s = 1.0;
    for (int i = 0; t_s < kSessionS; ++i) {
      const double hr = kMeanHrBpm + kSwingBpm * std::sin(2.0 * std::numbers::pi * kBreathRateBpm / 60.0 * t_s);
      const double rr_ms = 60000.0 / hr * (1.0 + (i % 2 == 0 ? alternation : -alternation));
      t_s += rr_ms / 1000.0;
      w.write(BeatRow{us(t_s), rr_ms, ChannelKind::kEcg, 0});
      BeatLabelRow label;
      label.t_us = us(t_s);
      label.label.assign(i % kEctopicEvery == kEctopicEvery - 1 ? "ectopic" : "normal");
      w.write(label);
      w.write(NnRow{us(t_s), rr_ms, false});
      ++beats;
    }
  }
  for (double t = 5.0; t < kSessionS; t += 5.0) {
    w.write(MetricRow{us(t), "coherence_ratio", t < kPacedFromS ? 1.0 : 4.0});
    // Every fourth estimate is unclear (quality below dsp::kMinShownBreathingQuality) and
    // reads 15 /min: the report's measured mean leaves it out, as the screens did. The
    // quality row comes only when the quality changes, as the recorder writes it (here half a
    // second before the rate's), so a rate is paired with the quality in force.
    const bool unclear = static_cast<int>(t / 5.0) % 4 == 0;
    const bool was_unclear = static_cast<int>(t / 5.0) % 4 == 1;
    w.write(MetricRow{us(t), "breathing_rate_bpm", unclear ? kUnclearBreathRateBpm : kBreathRateBpm});
    if (unclear) w.write(MetricRow{us(t - 0.5), "breathing_quality", 0.2});
    if (was_unclear || t == 5.0) w.write(MetricRow{us(t - 0.5), "breathing_quality", 0.9});
  }
  w.write(AssessmentRow{"resonance", R"({"recommended_rate_bpm": 6.0, "confidence_level": "low",
      "segments": [{"rate_bpm": 6.0, "start_s": 60, "end_s": 360, "valid": true,
                    "peak_to_trough_bpm": 12.0, "lf_peak_hz": 0.1, "rank_sum": 6, "reason": "best"}]})"});
  w.write(EndSessionRow{ProgressRow{us(kSessionS), beats, kStoredMeanHrBpm, kStoredRmssdMs, kStoredSdnnMs},
                        kStartUnixUs + us(kSessionS)});
  w.commit();
  Database::open(db).add_rating(w.session_id(), "calm_after", 8.0, us(kSessionS));
  return w.session_id();
}

using test::run_export;

// poppler-utils' pdftotext (run_process executes a path, not a name looked up in PATH).
constexpr const char* kPdftotext = "/usr/bin/pdftotext";

bool have_pdftotext() { return std::filesystem::exists(kPdftotext); }

std::string pdf_text(const std::filesystem::path& pdf) {
  return testing::run_process({kPdftotext, "-layout", pdf.string(), "-"}, std::chrono::seconds(30)).out;
}

/// Pages of a PDF as cairo writes it: one "/Type /Page" object per page (the tree is "/Pages").
int page_objects(const std::string& pdf) {
  int pages = 0;
  for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1)) {
    if (pdf.compare(at, 12, "/Type /Pages") != 0) ++pages;
  }
  return pages;
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

class Report : public ::testing::Test {
 protected:
  void SetUp() override { id_ = write_session(db_, kClient); }
  TempDir dir_;
  std::filesystem::path db_ = dir_.path() / "r.db";
  std::int64_t id_ = 0;
};

TEST_F(Report, PdfHasTwoA4PagesAndPrintsTheJsonExportsFigures) {
  const auto out = dir_.path() / "r.pdf";
  const auto r = run_export(db_, id_, "pdf", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::file_mode(out), 0600u);
  const std::string pdf = test::slurp(out);
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(page_objects(pdf), 2);
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 595.276 841.89 ]"), std::string::npos) << "A4";
  if (!have_pdftotext()) GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed: text not checked";

  const auto json_out = dir_.path() / "r.json";
  ASSERT_EQ(run_export(db_, id_, "json", json_out).exit_code, 0);
  const nlohmann::json j = nlohmann::json::parse(test::slurp(json_out));
  const std::string text = pdf_text(out);
  for (const std::string& expected :
       {one_decimal(j.at("hrv").at("mean_hr_bpm").get<double>()) + " bpm",
        one_decimal(j.at("hrv").at("rmssd_ms").get<double>()) + " ms",
        one_decimal(j.at("hrv").at("sdnn_ms").get<double>()) + " ms", std::string(kClient), std::string("Calm practice"),
        std::string("Slow breathing"), std::string("recommended 6.0 /min"), std::string("felt warm"),
        std::string("not a medical device"), std::string("2024-05-01"),
        std::string("Paced practice"), std::string("5.0 min"), std::string("Time at medium/high coherence"),
        std::string("calm_after (at 7.0 min)")}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "\"" << expected << "\" missing in:\n" << text;
  }
  EXPECT_NE(text.find(std::to_string(j.at("beats").get<int>())), std::string::npos);
  // lnRMSSD is printed from the same stored RMSSD.
  char ln[16];
  std::snprintf(ln, sizeof ln, "%.2f ln(ms)", std::log(j.at("hrv").at("rmssd_ms").get<double>()));
  EXPECT_NE(text.find(ln), std::string::npos) << ln;
  // The measured breathing mean is over the clear estimates only: 6.0, not 8.2 with the
  // unclear 15 /min ones.
  const auto at = text.find("Breathing rate, measured mean");
  ASSERT_NE(at, std::string::npos) << text;
  const std::string line = text.substr(at, text.find('\n', at) - at);
  EXPECT_NE(line.find("6.0 /min"), std::string::npos) << line;
  // A sinus rhythm swinging with the breath: no successive pair jumps by a fifth.
  EXPECT_FALSE(j.at("hrv").at("rhythm").at("uneven").get<bool>());
  EXPECT_DOUBLE_EQ(j.at("hrv").at("rhythm").at("jump_share").get<double>(), 0.0);
  const auto rhythm_at = text.find("Rhythm (for HRV)");
  ASSERT_NE(rhythm_at, std::string::npos) << text;
  const std::string rhythm_line = text.substr(rhythm_at, text.find('\n', rhythm_at) - rhythm_at);
  EXPECT_NE(rhythm_line.find("steady"), std::string::npos) << rhythm_line;
}

// Bigeminy (every other interval 30 % short, the next 30 % long): every successive pair jumps,
// so the report and the JSON say RMSSD and SDNN are not HRV here.
TEST_F(Report, AnUnevenRhythmIsNamedInTheReportAndTheJson) {
  const auto db = dir_.path() / "uneven.db";
  const std::int64_t id = write_session(db, kClient, true, 0.3);
  const auto json_out = dir_.path() / "u.json";
  ASSERT_EQ(run_export(db, id, "json", json_out).exit_code, 0);
  const nlohmann::json rhythm = nlohmann::json::parse(test::slurp(json_out)).at("hrv").at("rhythm");
  EXPECT_TRUE(rhythm.at("uneven").get<bool>());
  EXPECT_DOUBLE_EQ(rhythm.at("jump_share").get<double>(), 1.0);
  if (!have_pdftotext()) {
    GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed: text not checked";
  }
  const auto out = dir_.path() / "u.pdf";
  ASSERT_EQ(run_export(db, id, "pdf", out).exit_code, 0);
  const std::string text = pdf_text(out);
  const auto at = text.find("Rhythm (for HRV)");
  ASSERT_NE(at, std::string::npos) << text;
  const std::string line = text.substr(at, text.find('\n', at) - at);
  EXPECT_NE(line.find("uneven (100 % jumps)"), std::string::npos) << line;
  EXPECT_NE(text.find("then measure those jumps, not HRV"), std::string::npos)
      << "page 2 explains it";
}

TEST_F(Report, PngIsA4At150DpiWithColouredCharts) {
  const auto out = dir_.path() / "r.png";
  const auto r = run_export(db_, id_, "png", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::file_mode(out), 0600u);
  cairo_surface_t* image = cairo_image_surface_create_from_png(out.c_str());
  ASSERT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(image), kPngWidthPx);
  EXPECT_EQ(cairo_image_surface_get_height(image), kPngHeightPx);
  const unsigned char* data = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  int teal = 0, apricot = 0;  // the HR and spectrum lines; the RSA bars
  for (int y = 0; y < kPngHeightPx; ++y) {
    for (int x = 0; x < kPngWidthPx; ++x) {
      const auto* px = data + y * stride + x * 4;  // native-endian ARGB32: B, G, R, A on x86
      const int b = px[0], g = px[1], red = px[2];
      if (g > red + 60 && b > red + 50) ++teal;
      if (red > b + 60 && red > 200) ++apricot;
    }
  }
  cairo_surface_destroy(image);
  EXPECT_GT(teal, 5000) << "the heart-rate line is drawn";
  EXPECT_GT(apricot, 5000) << "the RSA bars are drawn";
}

TEST_F(Report, DeidentifiedReportNamesAStablePseudonymAndNoNameDateOrDevice) {
  const std::int64_t second = write_session(db_, kClient);
  const std::int64_t other = write_session(db_, "someone else");
  if (!have_pdftotext()) GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
  std::vector<std::string> texts;
  for (std::int64_t id : {id_, second, other}) {
    const auto out = dir_.path() / ("d" + std::to_string(id) + ".pdf");
    const auto r = run_export(db_, id, "pdf", out, true);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(test::file_mode(out), 0600u);
    texts.push_back(pdf_text(out));
    const std::string pdf = test::slurp(out);
    EXPECT_EQ(pdf.find("Zelda"), std::string::npos) << "no name in the file itself";
  }
  for (const std::string& text : texts) {
    EXPECT_NE(text.find("de-identified"), std::string::npos);
    for (const char* leak : {"Zelda", "Quarantotto", "2024", "9F3A77C1", "ttyUSB7"}) {
      EXPECT_EQ(text.find(leak), std::string::npos) << leak << " in:\n" << text;
    }
  }
  const auto pseudonym = [](const std::string& text) {
    const std::size_t at = text.find("client C-");
    return at == std::string::npos ? std::string() : text.substr(at, 13);
  };
  EXPECT_FALSE(pseudonym(texts[0]).empty());
  EXPECT_EQ(pseudonym(texts[0]), pseudonym(texts[1])) << "the same client, the same pseudonym";
  EXPECT_NE(pseudonym(texts[0]), pseudonym(texts[2]));
}

// A report of a session that was not saved whole (or not yet) says so next to its duration.
TEST_F(Report, APartialOrRecoveredSessionSaysSoNextToItsDuration) {
  if (!have_pdftotext()) GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
  const std::pair<const char*, const char*> cases[] = {
      {"partial", "(partial: saving stopped during the session; this is the part saved)"},
      {"recovered", "(recovered: the program stopped while recording; saved to its last second)"},
      {"recording", "(still recording: this is the part saved so far)"},
      {"complete", nullptr}};
  for (const auto& [status, words] : cases) {
    {
      test::RawDb raw(db_);
      ASSERT_EQ(raw.exec(std::string("UPDATE sessions SET status = '") + status + "'"), SQLITE_OK);
    }
    const auto out = dir_.path() / (std::string(status) + ".pdf");
    ASSERT_EQ(run_export(db_, id_, "pdf", out).exit_code, 0) << status;
    const std::string text = pdf_text(out);
    if (words != nullptr) {
      EXPECT_NE(text.find(words), std::string::npos) << status << ":\n" << text;
    } else {
      EXPECT_EQ(text.find("saving stopped"), std::string::npos) << text;
      EXPECT_EQ(text.find("recovered:"), std::string::npos) << text;
    }
  }
}

// A session imported from a file read with a doubt (a "reading_note" marker, as import stores
// it) carries the note on page 1, beside the session's facts, whole and in full sentences,
// de-identified too (it names no one); a session without one has no such line.
TEST_F(Report, AnImportedFilesReadingNoteStandsWithTheSessionsFacts) {
  if (!have_pdftotext()) GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
  const std::string note =
      "read as RR intervals, but the numbers rise and fall in a steady repeat every 84 values "
      "(correlation 1.00), as samples of a pulse or breathing wave do; as intervals, that is a "
      "heart rhythm swinging once every 49 s. Giving the units says it holds intervals.";
  const auto plain = dir_.path() / "plain.pdf";
  ASSERT_EQ(run_export(db_, id_, "pdf", plain).exit_code, 0);
  EXPECT_EQ(pdf_text(plain).find("Imported"), std::string::npos);
  const auto db = dir_.path() / "imported.db";
  const std::int64_t id = write_session(db, kClient, true, 0.0, note);
  for (const bool deidentify : {false, true}) {
    const auto out = dir_.path() / (deidentify ? "noted_d.pdf" : "noted.pdf");
    const auto r = run_export(db, id, "pdf", out, deidentify);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string text = pdf_text(out);
    const std::size_t label = text.find("Imported");
    ASSERT_NE(label, std::string::npos) << text;
    EXPECT_LT(label, text.find("Mean heart rate")) << "before the figures:\n" << text;
    // pdftotext -layout gives the wrapped lines back with their indent: joined, the words
    // read as the note, so nothing was cut.
    std::string words;
    std::istringstream in(text.substr(label + std::string("Imported").size()));
    for (std::string word; in >> word && words.size() < note.size();) {
      words += (words.empty() ? "" : " ") + word;
    }
    EXPECT_EQ(words, note) << text;
  }
}

// A file without a start date of its own is dated at import (session_import.hpp): the report's
// date says so, as the session list does.
TEST_F(Report, ADateGivenAtImportIsSaidToBeTheImports) {
  if (!have_pdftotext()) GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
  const auto before = dir_.path() / "dated.pdf";
  ASSERT_EQ(run_export(db_, id_, "pdf", before).exit_code, 0);
  EXPECT_EQ(pdf_text(before).find("imported then"), std::string::npos);
  {
    test::RawDb raw(db_);
    // engine::kDatedAtImportNote, as import writes it (this suite does not link the engine).
    ASSERT_EQ(raw.exec("UPDATE sessions SET source = source || ' (no date in the file: dated at import)'"),
              SQLITE_OK);
  }
  const auto out = dir_.path() / "undated.pdf";
  ASSERT_EQ(run_export(db_, id_, "pdf", out).exit_code, 0);
  const std::string text = pdf_text(out);
  EXPECT_NE(text.find("2024-05-01 "), std::string::npos) << text;
  // Sessions imported before carry the older wording and are still recognised.
  EXPECT_NE(text.find("(imported then: no usable date in the file)"), std::string::npos) << text;
}

// The duration is given to the nearest second, as the session list gives it: a session of
// 299.9996 s is "5 min 00 s", not "4 min 59 s".
TEST_F(Report, TheDurationIsRoundedToTheNearestSecond) {
  if (!have_pdftotext()) GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed";
  {
    test::RawDb raw(db_);
    ASSERT_EQ(raw.exec("UPDATE sessions SET last_t_us = first_t_us + 299999600"), SQLITE_OK);
  }
  const auto out = dir_.path() / "rounded.pdf";
  ASSERT_EQ(run_export(db_, id_, "pdf", out).exit_code, 0);
  const std::string text = pdf_text(out);
  EXPECT_NE(text.find("5 min 00 s"), std::string::npos) << text;
}

TEST_F(Report, BadRequestsFailWithAClearMessage) {
  auto r = run_export(db_, 999, "pdf", dir_.path() / "x.pdf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no session 999"), std::string::npos) << r.err;
  r = run_export(db_, id_, "png", dir_.path() / "missing" / "x.png");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "missing"));
  const std::int64_t empty = write_session(db_, kClient, false);
  r = run_export(db_, empty, "pdf", dir_.path() / "e.pdf");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nothing to report"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "e.pdf"));
}

}  // namespace
}  // namespace resonant::storage
