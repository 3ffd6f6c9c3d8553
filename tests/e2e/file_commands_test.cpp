// End to end: resonant-cli simulate --record, beats, analyze and bench on recordings, run as
// the user runs them (a child process), checked against the simulated person's true beats
// and the MIT-BIH reference annotations.
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <resonant/records/annotations.hpp>

#include "test_support.hpp"

namespace resonant {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string cli() { return (testing::binary_dir() / "src/cli/resonant-cli").string(); }

std::vector<long long> parse_lines(const std::string& text) {
  std::vector<long long> v;
  std::istringstream in(text);
  long long x = 0;
  while (in >> x) v.push_back(x);
  return v;
}

/// Beats matched to truth within tolerance_samples; returns the number matched.
std::size_t matched(const std::vector<long long>& detected, const std::vector<long long>& truth,
                    long long tolerance_samples, long long* worst = nullptr) {
  std::size_t n = 0;
  long long w = 0;
  for (long long t : truth) {
    auto it = std::lower_bound(detected.begin(), detected.end(), t - tolerance_samples);
    if (it != detected.end() && *it <= t + tolerance_samples) {
      ++n;
      w = std::max(w, std::llabs(*it - t));
    }
  }
  if (worst) *worst = w;
  return n;
}

class SimulatedRecord : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto r = testing::run_process({cli(), "simulate", "--record", base(), "--duration", "300",
                                         "--scenario", "clean", "--seed", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(r.err.find("wrote"), std::string::npos) << r.err;
    for (const auto& a : records::read_mit_annotations(base() + ".atr")) truth_.push_back(a.sample);
    ASSERT_GT(truth_.size(), 250u);
  }
  std::string base() const { return (dir_.path() / "sim").string(); }
  std::string header() const { return base() + ".hea"; }

  testing::TempDir dir_;
  std::vector<long long> truth_;
};

TEST_F(SimulatedRecord, BeatsFindEveryTrueBeatOfTheCleanPersonOfflineAndCausal) {
  for (bool causal : {false, true}) {
    std::vector<std::string> argv = {cli(), "beats", header()};
    if (causal) argv.push_back("--causal");
    const auto r = testing::run_process(argv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto beats = parse_lines(r.out);
    long long worst = 0;
    // The detector may miss the record's first beat (no history) and its last (cut short).
    EXPECT_GE(matched(beats, truth_, 1, &worst), truth_.size() - 2) << (causal ? "causal" : "offline");
    EXPECT_LE(beats.size(), truth_.size()) << "no extra beats on a clean ECG";
    EXPECT_LE(worst, 1) << "within one sample (4 ms) of the true R peak";
    EXPECT_NE(r.err.find(causal ? "live (causal)" : "offline"), std::string::npos) << r.err;
  }
}

TEST_F(SimulatedRecord, BeatsWritesAFileWithOut) {
  const std::string out = (dir_.path() / "beats.txt").string();
  const auto r = testing::run_process({cli(), "beats", header(), "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_GE(parse_lines(text.str()).size(), truth_.size() - 2);
  EXPECT_FALSE(std::filesystem::exists(out + ".part"));
}

TEST_F(SimulatedRecord, AnalyzeJsonAgreesWithTheTrueBeats) {
  const auto r = testing::run_process({cli(), "analyze", header(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  std::vector<double> rr;
  for (std::size_t i = 1; i < truth_.size(); ++i) rr.push_back(static_cast<double>(truth_[i] - truth_[i - 1]) * 4.0);
  double sum = 0, sq = 0;
  for (double x : rr) sum += x;
  for (std::size_t i = 1; i < rr.size(); ++i) sq += (rr[i] - rr[i - 1]) * (rr[i] - rr[i - 1]);
  const double mean = sum / static_cast<double>(rr.size());
  const double rmssd = std::sqrt(sq / static_cast<double>(rr.size() - 1));
  EXPECT_EQ(j["signal"], "ecg");
  EXPECT_EQ(j["channel"], "ECG");
  EXPECT_NEAR(j["time_domain"]["mean_nn_ms"].get<double>(), mean, 0.5);
  // Truth rounded to whole samples (4 ms) carries its own RMSSD error; 3 % covers it.
  EXPECT_NEAR(j["time_domain"]["rmssd_ms"].get<double>(), rmssd, 0.03 * rmssd);
  // The clean person has no artifacts; L&T flags large RSA steps now and then (1 of 324 here:
  // a 76 ms step). Allow 1 % of intervals.
  EXPECT_LE(j["artifacts"]["percent"].get<double>(), 1.0);
  std::printf("[ analyze sim ] meanNN %.2f (truth %.2f) RMSSD %.2f (truth %.2f)\n",
              j["time_domain"]["mean_nn_ms"].get<double>(), mean,
              j["time_domain"]["rmssd_ms"].get<double>(), rmssd);
}

TEST_F(SimulatedRecord, BenchReportsThroughput) {
  const auto r = testing::run_process({cli(), "bench", header(), "--repeat", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("samples/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x real time"), std::string::npos) << r.out;
}

TEST(FileCommands, AnalyzeMitBih100MatchesTheReferenceHrv) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  const auto r = testing::run_process({cli(), "analyze", hea.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["channel"], "MLII");
  // §9.3 (reference annotations, N-N only): meanNN 795.01 ms, RMSSD 27.48 ms. Here every
  // detected beat goes through artifact correction instead: the 33 A and 1 V beats are
  // corrected, not dropped, so the tolerances are 1 ms and 5 %.
  EXPECT_NEAR(j["time_domain"]["mean_nn_ms"].get<double>(), 795.01, 1.0);
  EXPECT_NEAR(j["time_domain"]["rmssd_ms"].get<double>(), 27.48, 0.05 * 27.48);
  EXPECT_GT(j["artifacts"]["by_type"]["ectopic"].get<int>(), 0);
  EXPECT_TRUE(j["arousal"]["not_computed"].is_null()) << "30 minutes hold a baseline";
  EXPECT_GT(j["arousal"]["updates"].get<int>(), 0);
}

// Ventricular bigeminy (MIT-BIH 119) and an irregular rhythm with multiform early beats (203)
// slip past the artifact corrector as the majority and give an RMSSD of hundreds of ms: the
// report says the rhythm is not steady and the figures are not HRV. Sinus records with a few
// early beats (100, 103) stay steady. Measured share of successive intervals changing by more
// than a fifth: 100 0.0 %, 103 0.0 %, 119 57.8 %, 203 59.8 % (line: 10 %).
TEST(FileCommands, AnUnsteadyRhythmIsToldAndSteadyOnesAreNot) {
  RESONANT_REQUIRE_SHARED_DATA(hea119, "mitdb/119.hea");
  RESONANT_REQUIRE_SHARED_DATA(hea203, "mitdb/203.hea");
  RESONANT_REQUIRE_SHARED_DATA(hea100, "mitdb/100.hea");
  RESONANT_REQUIRE_SHARED_DATA(hea103, "mitdb/103.hea");
  for (const auto& [hea, irregular, low, high] :
       {std::tuple{hea119, true, 0.50, 0.65}, std::tuple{hea203, true, 0.50, 0.65},
        std::tuple{hea100, false, 0.0, 0.01}, std::tuple{hea103, false, 0.0, 0.01}}) {
    const auto r = testing::run_process({cli(), "analyze", hea.string(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json rhythm = json::parse(r.out)["rhythm"];
    EXPECT_EQ(rhythm["irregular"], irregular) << hea;
    EXPECT_GE(rhythm["jump_share"].get<double>(), low) << hea;
    EXPECT_LE(rhythm["jump_share"].get<double>(), high) << hea;
  }
  const auto text = testing::run_process({cli(), "analyze", hea119.string()});
  EXPECT_NE(text.out.find("Rhythm: not steady (58 % of successive intervals"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("steady rhythm and do not measure heart-rate variability here"),
            std::string::npos);
  // 103 has no break in its series, but intervals left out for poor signal: the frequency
  // domain's note names them, so it does not contradict "0 breaks".
  const auto text103 = testing::run_process({cli(), "analyze", hea103.string()});
  EXPECT_NE(text103.out.find("0 breaks in the series"), std::string::npos) << text103.out;
  EXPECT_NE(text103.out.find("longest stretch without a break or intervals left out for poor "
                             "signal"),
            std::string::npos)
      << text103.out;
}

// §9.3 asks that the pipeline fed with 100.atr's beats reproduce its table to within rounding:
// --annotations atr takes the N-N intervals of the reference annotations, uncorrected.
TEST(FileCommands, AnalyzeMitBih100AnnotationsReproduceTheReferenceTable) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  const auto r = testing::run_process({cli(), "analyze", hea.string(), "--annotations", "atr",
                                       "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["beats_from_annotations"], "100.atr");
  EXPECT_EQ(j["beats"], 2273);
  EXPECT_EQ(j["nn_intervals"], 2204);  // §9.3 nNN
  EXPECT_EQ(j["artifacts"]["corrected"], false);
  EXPECT_TRUE(j["artifacts"]["artifacts"].is_null()) << "not looked for: no count";
  const auto& t = j["time_domain"];
  // The table's rounding: 0.05 ms, 0.005 % and 0.005 bpm.
  EXPECT_NEAR(t["mean_nn_ms"].get<double>(), 795.0, 0.05);
  EXPECT_NEAR(t["sdnn_ms"].get<double>(), 36.0, 0.05);
  EXPECT_NEAR(t["rmssd_ms"].get<double>(), 27.5, 0.05);
  EXPECT_NEAR(t["pnn50_pct"].get<double>(), 5.35, 0.005);  // NN50 116 over 2169 differences
  EXPECT_NEAR(t["mean_hr_bpm"].get<double>(), 75.47, 0.005);
  const std::string summary = j["annotations"];
  EXPECT_NE(summary.find("others: V 1, A 33"), std::string::npos) << summary;
}

// nsr2db holds no signal, only 22.5 h of annotated beats: analyze reads them without being
// told, and says where the beats came from. beats and bench say why they cannot run.
TEST(FileCommands, AnalyzeABeatAnnotationRecordWithoutSignals) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "nsr2db/nsr001.hea");
  auto r = testing::run_process({cli(), "analyze", hea.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["beats_from_annotations"], "nsr001.ecg");
  EXPECT_EQ(j["beats"], 106460);  // 106 379 N, 68 V, 13 A (the data README)
  EXPECT_EQ(j["signal"], "rr");
  EXPECT_NEAR(j["duration_s"].get<double>() / 3600.0, 22.5, 0.1);
  // N-N intervals: every beat-to-beat interval except the 161 touching a V or A beat, and 3
  // pauses of 4.7, 7.5 and 5.2 s (stretches without annotated beats) left out as implausible.
  EXPECT_EQ(j["nn_intervals"].get<int>(), 106460 - 1 - 161 - 3);
  EXPECT_GT(j["time_domain"]["mean_nn_ms"].get<double>(), 600.0);
  EXPECT_LT(j["time_domain"]["mean_nn_ms"].get<double>(), 1000.0);
  r = testing::run_process({cli(), "analyze", hea.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("beats from the annotation file nsr001.ecg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Artifacts: not corrected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not judged: the beats came from nsr001.ecg"), std::string::npos) << r.out;
  // Its breathing rate comes from the heart rhythm alone, and is slow (5.8 /min over the
  // day, the LF band's slow waves): the report says such a rate may not be breathing.
  EXPECT_LE(j["respiration"]["rate_bpm"].get<double>(), 9.0);
  EXPECT_NE(r.out.find("can also be a slow wave of blood pressure"), std::string::npos) << r.out;
  // ... and the LF/HF caveat speaks of that rate conditionally.
  EXPECT_NE(r.out.find("/min (below) is right, it lies in the LF band"), std::string::npos)
      << r.out;
  // A day of beats has breaks: Welch takes the longest unbroken stretch (502.8 of 1349.4 min)
  // and the report says so and how to cover the whole record.
  EXPECT_NE(r.out.find("Note: the frequency domain covers the longest stretch without a break "
                       "(502.8 of 1349.4 min); --segments 300"),
            std::string::npos)
      << r.out;
  // The respiration line comes after the LF/HF line the caveat is in.
  EXPECT_LT(r.out.find("LF/HF"), r.out.find("can also be a slow wave of blood pressure"));

  r = testing::run_process({cli(), "beats", hea.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("only the beat annotations in nsr001.ecg"), std::string::npos) << r.err;
  r = testing::run_process({cli(), "bench", hea.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nsr001.ecg"), std::string::npos) << r.err;
}

TEST(FileCommands, AnnotationRequestsThatCannotBeMetSayWhy) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  auto r = testing::run_process({cli(), "analyze", hea.string(), "--annotations", "qrs"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no annotation file 100.qrs beside the header (annotation files found: "
                       "atr)"),
            std::string::npos) << r.err;
  r = testing::run_process({cli(), "analyze", hea.string(), "--annotations", "atr", "--channel",
                            "MLII"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("give one of the two"), std::string::npos) << r.err;
  testing::TempDir dir;
  const std::string rr = (dir.path() / "rr.txt").string();
  std::ofstream(rr) << "800\n810\n790\n";
  r = testing::run_process({cli(), "analyze", rr, "--annotations", "atr"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--annotations reads WFDB annotation files"), std::string::npos) << r.err;
}

// A record whose channels have names that say nothing is not switched to its annotations
// behind the user's back: the error lists the channels and offers --annotations.
TEST(FileCommands, UnrecognisedChannelsAreNotReplacedByTheAnnotations) {
  RESONANT_REQUIRE_SHARED_DATA(hea, "mitdb/100.hea");
  testing::TempDir dir;
  for (const char* ext : {".dat", ".atr"}) {
    std::filesystem::create_symlink(hea.parent_path() / (std::string("100") + ext),
                                    dir.path() / (std::string("100") + ext));
  }
  {
    std::ifstream in(hea);
    std::ofstream out(dir.path() / "100.hea");
    std::string line;
    while (std::getline(in, line)) {
      for (const char* lead : {"MLII", "V5"}) {
        const auto at = line.rfind(lead);
        if (at != std::string::npos && at + std::string(lead).size() == line.size()) {
          line = line.substr(0, at) + "lead " + lead[0];
        }
      }
      out << line << '\n';
    }
  }
  const std::string renamed = (dir.path() / "100.hea").string();
  auto r = testing::run_process({cli(), "analyze", renamed});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("or take the beats from its annotations with --annotations atr"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("lead M"), std::string::npos) << "lists the channels: " << r.err;
  r = testing::run_process({cli(), "analyze", renamed, "--annotations", "atr", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["nn_intervals"], 2204);
}

// A first column that is not the beat times in the intervals' unit (here an index) would make
// every interval a hole: it is ignored, the intervals are timed by their sum, and a note says so.
TEST(FileCommands, AnRrListWhoseTimeColumnDoesNotFitIsTimedByItsSum) {
  testing::TempDir dir;
  const std::string rr = (dir.path() / "indexed.txt").string();
  {
    std::ofstream out(rr);
    for (int i = 0; i < 300; ++i) out << i + 1 << "," << 800 + (i % 5) * 20 << "\n";
  }
  const auto r = testing::run_process({cli(), "analyze", rr, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["gaps"], 0);
  EXPECT_FALSE(j["time_domain"]["rmssd_ms"].is_null());
  bool noted = false;
  for (const auto& n : j["notes"]) {
    noted = noted || n.get<std::string>().find("timed by their running sum") != std::string::npos;
  }
  EXPECT_TRUE(noted) << j["notes"].dump();
}

// An RR list read in the wrong unit used to give a report of dashes and exit 0: it is an
// error that says which unit the numbers look like.
TEST(FileCommands, AnRrListReadInTheWrongUnitSaysWhichUnitItLooksLike) {
  testing::TempDir dir;
  const std::string seconds = (dir.path() / "rr_s.txt").string();
  const std::string millis = (dir.path() / "rr_ms.txt").string();
  {
    std::ofstream s_out(seconds), ms_out(millis);
    for (int i = 0; i < 300; ++i) {
      s_out << 0.8 + (i % 5) * 0.02 << "\n";
      ms_out << 800 + (i % 5) * 20 << "\n";
    }
  }
  auto r = testing::run_process({cli(), "analyze", seconds, "--rr-units", "ms"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("rr_s.txt: only 0 of 300 intervals are heart beats"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("try --rr-units s"), std::string::npos) << r.err;
  r = testing::run_process({cli(), "analyze", millis, "--rr-units", "s"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("try --rr-units ms"), std::string::npos) << r.err;
  r = testing::run_process({cli(), "analyze", millis, "--rr-units", "ms", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// Samples of a 12-bit PPG without a header (values about 2060) sniff as a list of numbers and
// are in no unit heart beats: the error says how to read them as a signal instead.
TEST(FileCommands, BareSignalSamplesReadAsIntervalsPointToTheSampleRate) {
  testing::TempDir dir;
  const std::string samples = (dir.path() / "adc.txt").string();
  {
    std::ofstream out(samples);
    for (int i = 0; i < 2000; ++i) out << 2060 + (i % 100 < 20 ? 3 * (i % 100) : 0) << "\n";
  }
  const auto r = testing::run_process({cli(), "analyze", samples});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("only 0 of 2000 intervals are heart beats"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--rate HZ"), std::string::npos) << r.err;
}

// A 10-bit pulse sensor's log (counts 500-800, 100 Hz, no header) does pass for intervals; it
// repeats every beat like a wave, so the report says so before its figures, with what to give;
// giving it works, and giving the units says the column holds intervals.
TEST(FileCommands, APulseSensorLogWithoutARateIsNotedAndReadWithOne) {
  testing::TempDir dir;
  const std::string samples = (dir.path() / "pulse.txt").string();
  constexpr double kSampleRateHz = 100.0;
  constexpr int kBeatSamples = 84;  // 71.4 beats/min at 100 Hz
  constexpr double kDurationS = 90.0;
  constexpr double kRiseShare = 0.2;  // of a beat: the pulse's upstroke, then its decay
  {
    std::ofstream out(samples);
    for (int i = 0; i < static_cast<int>(kSampleRateHz * kDurationS); ++i) {
      const double phase = static_cast<double>(i % kBeatSamples) / kBeatSamples;
      const double pulse = phase < kRiseShare ? std::sin(phase / kRiseShare * std::acos(0.0))
                                              : std::exp(-(phase - kRiseShare) * 4.0);
      out << std::lround(500.0 + 300.0 * pulse) << "\n";
    }
  }
  auto r = testing::run_process({cli(), "analyze", samples});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::size_t note = r.out.find("Note: read as RR intervals, but");
  EXPECT_LT(note, r.out.find("Heart-rate variability")) << "the note comes before the figures\n"
                                                        << r.out;
  for (const char* part : {"repeat every 84 values", "--rate HZ --signal ppg", "--rr-units"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << " not in: " << r.out;
  }
  r = testing::run_process({cli(), "analyze", samples, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).at("reading_notes").size(), 1U) << r.out;
  r = testing::run_process({cli(), "analyze", samples, "--rr-units", "ms", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json with_units = json::parse(r.out);
  ASSERT_TRUE(with_units.at("reading_notes").is_array()) << r.out;
  EXPECT_TRUE(with_units.at("reading_notes").empty()) << r.out;
  r = testing::run_process(
      {cli(), "analyze", samples, "--rate", "100", "--signal", "ppg", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_NEAR(j["time_domain"]["mean_hr_bpm"].get<double>(), 60.0 * kSampleRateHz / kBeatSamples,
              0.5)
      << r.out;
}

// An interval no heart makes (a typing error such as 99999) is left out, and the report says
// which and where instead of only counting a break.
TEST(FileCommands, AnIntervalNoHeartMakesIsLeftOutAndSaid) {
  testing::TempDir dir;
  const std::string rr = (dir.path() / "rr.txt").string();
  {
    std::ofstream out(rr);
    for (int i = 0; i < 300; ++i) out << (i == 100 ? 99999 : 800 + (i % 5) * 20) << "\n";
  }
  const auto r = testing::run_process({cli(), "analyze", rr});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 break in the series"), std::string::npos) << r.out;
  // The 101st interval, after 100 of 840 ms on average: it begins at 1.4 min.
  EXPECT_NE(r.out.find("1 interval is not a heart beat's (300-2000 ms) and was left out: "
                       "interval 101, 99999 ms, from 1.4 min"),
            std::string::npos)
      << r.out;
}

// An RR list with a beat counted twice (an interval of 800 ms written as 250 + 550): the too
// short half joins the next, so the list keeps its rhythm and no break is counted; the same
// list without the double count gives the same RMSSD to 0.5 ms.
TEST(FileCommands, ABeatCountedTwiceInAListJoinsTheNextInterval) {
  testing::TempDir dir;
  const std::string doubled = (dir.path() / "doubled.txt").string();
  const std::string clean = (dir.path() / "clean.txt").string();
  {
    std::ofstream d(doubled), c(clean);
    for (int i = 0; i < 300; ++i) {
      const int rr_ms = 800 + (i % 5) * 20;
      c << rr_ms << "\n";
      if (i == 100) {
        d << 250 << "\n" << rr_ms - 250 << "\n";
      } else {
        d << rr_ms << "\n";
      }
    }
  }
  const auto r = testing::run_process({cli(), "analyze", doubled});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 breaks in the series"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("interval 101, 250 ms, from 1.4 min; each too short one is joined with "
                       "the next (a beat counted twice)"),
            std::string::npos)
      << r.out;
  const auto with = json::parse(testing::run_process({cli(), "analyze", doubled, "--json"}).out);
  const auto without = json::parse(testing::run_process({cli(), "analyze", clean, "--json"}).out);
  EXPECT_NEAR(with["time_domain"]["rmssd_ms"].get<double>(),
              without["time_domain"]["rmssd_ms"].get<double>(), 0.5);
  EXPECT_EQ(with["nn_intervals"].get<int>(), without["nn_intervals"].get<int>());
}

// A recording shorter than three baselines gets its first third as baseline; the report says
// so instead of quietly using less than --baseline.
TEST(FileCommands, AShortenedBaselineIsSaid) {
  testing::TempDir dir;
  const std::string rr = (dir.path() / "rr.txt").string();
  {
    std::ofstream out(rr);
    for (int i = 0; i < 750; ++i) out << 800 + (i % 5) * 20 << "\n";  // 630 s
  }
  const auto shortened = testing::run_process({cli(), "analyze", rr});
  ASSERT_EQ(shortened.exit_code, 0) << shortened.err;
  EXPECT_NE(shortened.out.find("resting baseline is the first 210 s, a third of the recording, "
                               "so that two thirds are left to compare with it (--baseline is "
                               "300 s)"),
            std::string::npos)
      << shortened.out;
  const auto as_asked = testing::run_process({cli(), "analyze", rr, "--baseline", "200"});
  ASSERT_EQ(as_asked.exit_code, 0) << as_asked.err;
  EXPECT_NE(as_asked.out.find("against the first 200 s as resting baseline"), std::string::npos)
      << as_asked.out;
  EXPECT_EQ(as_asked.out.find("a third of the recording"), std::string::npos) << as_asked.out;
}

// A recording through a pipe ("-", /dev/stdin) used to say "no data": the readers open the
// file twice. It is copied to a private temporary file first, named "standard input" in
// what is printed, and removed afterwards; a typing error still names its line.
TEST(FileCommands, ARecordingCanComeThroughAPipe) {
  testing::TempDir dir;
  const fs::path tmp = dir.path() / "tmp";
  fs::create_directories(tmp);
  const std::string rr = (dir.path() / "rr.txt").string();
  const std::string bad = (dir.path() / "bad.txt").string();
  {
    std::ofstream out(rr), bad_out(bad);
    for (int i = 0; i < 300; ++i) {
      out << 800 + (i % 5) * 20 << "\n";
      bad_out << (i == 40 ? std::string("8x0") : std::to_string(800 + (i % 5) * 20)) << "\n";
    }
  }
  const std::vector<std::string> env = {"TMPDIR=" + tmp.string()};
  const auto piped = [&](const std::string& input, const std::string& args) {
    return testing::run_process({"/bin/sh", "-c", "cat '" + input + "' | '" + cli() + "' " + args},
                                std::chrono::seconds(120), env);
  };
  auto r = piped(rr, "analyze - --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["file"], "standard input");
  EXPECT_EQ(j["beats"], 301);
  r = piped(rr, "analyze /dev/stdin");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("/dev/stdin (RR-interval text)", 0), 0U) << r.out;
  r = piped(bad, "analyze -");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("resonant-cli analyze: standard input: line 41: '8x0'"), std::string::npos)
      << r.err;
  r = piped("/dev/null", "analyze -");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("standard input: no data came through (an empty pipe)"), std::string::npos)
      << r.err;
  r = piped(rr, "import - --db '" + (dir.path() / "h.db").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(r.err.find("resonant-cli import: standard input -> session 1"), std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::is_empty(tmp)) << "the temporary copies are removed";
  // Stopped while it waits for the pipe: the copy goes with it.
  r = testing::run_process(
      {"/bin/sh", "-c",
       "sleep 5 | '" + cli() + "' analyze - & pid=$!; sleep 1; ls '" + tmp.string() +
           "' | wc -l; kill -TERM $pid; wait $pid; echo \"status $?\""},
      std::chrono::seconds(60), env);
  EXPECT_EQ(r.out.substr(0, 2), "1\n") << "the copy's folder exists while it waits: " << r.out;
  EXPECT_NE(r.out.find("status 143"), std::string::npos) << "ended by SIGTERM: " << r.out;
  EXPECT_TRUE(fs::is_empty(tmp)) << "removed by the signal";
  r = testing::run_process({"/bin/sh", "-c", "cat '" + rr + "' | '" + cli() + "' analyze -"},
                           std::chrono::seconds(120), {"TMPDIR=" + (tmp / "missing").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot make a temporary folder to hold standard input"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("set TMPDIR"), std::string::npos) << r.err;
}

// What the help says is what the commands do: beats of an RR list says why not and where to
// go; --segments takes 0 or 60-3600; "analyse", the help's own spelling, works.
TEST(FileCommands, HelpAndBehaviourAgree) {
  testing::TempDir dir;
  const std::string rr = (dir.path() / "rr.txt").string();
  {
    std::ofstream out(rr);
    for (int i = 0; i < 300; ++i) out << 800 + (i % 5) * 20 << "\n";
  }
  auto r = testing::run_process({cli(), "beats", rr});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("rr.txt: an RR-interval list holds beats already, there is no waveform to "
                       "detect them in (resonant-cli analyze reads it)"),
            std::string::npos)
      << r.err;
  r = testing::run_process({cli(), "beats", "--help"});
  EXPECT_EQ(r.out.find("RR-interval list"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("auto, ecg or ppg"), std::string::npos) << r.out;
  r = testing::run_process({cli(), "analyze", rr, "--segments", "30"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("0, or 60 to 3600 seconds"), std::string::npos) << r.err;
  r = testing::run_process({cli(), "analyse", rr, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// A file name that is not UTF-8 (Latin-1 "rr\xe9.txt") used to abort `analyze --json` (the
// JSON writer threw on it): the JSON stays valid, the name's bad byte as U+FFFD.
TEST(FileCommands, AnalyzeJsonOfAFileWhoseNameIsNotUtf8IsValidJson) {
  testing::TempDir dir;
  const std::string rr = (dir.path() / "rr\xe9.txt").string();
  {
    std::ofstream out(rr);
    for (int i = 0; i < 300; ++i) out << 800 + (i % 5) * 20 << "\n";
  }
  const auto r = testing::run_process({cli(), "analyze", rr, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);  // throws (fails the test) on invalid JSON
  EXPECT_FALSE(j["time_domain"]["rmssd_ms"].is_null());
  EXPECT_NE(r.out.find("rr\xEF\xBF\xBD.txt"), std::string::npos) << "U+FFFD in the name";
}

// An RR list with a time column whose intervals leave a hole (a beat missing from the export)
// breaks the series there: no successive difference is taken across the hole.
TEST(FileCommands, AnRrListWithAHoleBreaksTheSeries) {
  testing::TempDir dir;
  const std::string rr = (dir.path() / "holes.txt").string();
  std::vector<double> intervals_ms;
  {
    std::ofstream out(rr);
    out.precision(10);
    double t = 0.0;
    std::mt19937 rng(5);
    for (int i = 0; i < 400; ++i) {
      // 2 s (half a breath) missing before interval 200: it starts late, half a cycle on.
      if (i == 200) t += 2.0;
      // RSA at 15 breaths/min, 900 + 50 sin(2 pi 0.25 t) ms, with +-10 ms of beat jitter (a
      // noiseless sine at 4 beats a cycle makes the artifact thresholds, quartile deviations
      // of |dRR|, collapse: not a real series).
      const double jitter_ms = static_cast<double>(static_cast<int>(rng() % 2001) - 1000) / 100.0;
      const double interval_ms = 900.0 + 50.0 * std::sin(2.0 * M_PI * 0.25 * t) + jitter_ms;
      intervals_ms.push_back(interval_ms);
      t += interval_ms / 1000.0;
      out << t << "," << interval_ms / 1000.0 << "\n";
    }
  }
  // RMSSD without the difference across the hole (intervals 199 -> 200), and with it.
  double sum_sq = 0.0, across_sq = 0.0;
  for (std::size_t i = 1; i < intervals_ms.size(); ++i) {
    const double d = intervals_ms[i] - intervals_ms[i - 1];
    (i == 200 ? across_sq : sum_sq) += d * d;
  }
  const double broken = std::sqrt(sum_sq / 398.0);
  const double joined = std::sqrt((sum_sq + across_sq) / 399.0);
  ASSERT_GT(std::abs(broken - joined), 0.01) << "the hole must matter to RMSSD (tolerance 0.001)";

  const auto r = testing::run_process({cli(), "analyze", rr, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["gaps"], 1);
  EXPECT_EQ(j["artifacts"]["artifacts"], 0);
  EXPECT_NEAR(j["time_domain"]["rmssd_ms"].get<double>(), broken, 1e-3);
}

/// The first `rows` data rows of a CSV (all when 0), without its last column.
std::string csv_without_last_column(const std::filesystem::path& from, const std::string& to,
                                    std::size_t rows = 0) {
  std::ifstream in(from);
  std::ofstream out(to);
  std::string line;
  for (std::size_t n = 0; std::getline(in, line) && (rows == 0 || n <= rows); ++n) {
    out << line.substr(0, line.rfind(',')) << '\n';
  }
  return to;
}

// Without a belt the report gives a breathing rate only from windows whose estimate is clear
// (dsp::kMinShownBreathingQuality), and says so when none is. NeuroKit event-related (ECG, EDA,
// photosensor; its RSP belt column removed), 100 Hz, 150 s: two one-minute windows, the second
// clear (quality 0.56, 18.3 /min against the belt's 17.6 /min in that minute), the first not
// (0.24). Its first 70 s: one window, not clear.
TEST(FileCommands, AnalyzeWithoutABeltGivesARateOnlyFromClearWindows) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_eventrelated_100hz.csv");
  testing::TempDir dir;
  const std::string whole = csv_without_last_column(csv, (dir.path() / "whole.csv").string());
  const std::string first_70_s =
      csv_without_last_column(csv, (dir.path() / "first70.csv").string(), 7000);
  const auto analyze = [&](const std::string& file, bool as_json) {
    std::vector<std::string> args = {cli(), "analyze", file, "--signal", "ecg", "--channel", "ECG",
                                     "--rate", "100"};
    if (as_json) args.push_back("--json");
    const auto r = testing::run_process(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  const json j = json::parse(analyze(whole, true));
  EXPECT_NE(j["respiration"]["source"], "belt");
  EXPECT_EQ(j["respiration"]["windows"], 2);
  EXPECT_EQ(j["respiration"]["clear_windows"], 1);
  EXPECT_NEAR(j["respiration"]["rate_bpm"].get<double>(), 18.29, 0.01);
  const std::string text = analyze(whole, false);
  EXPECT_NE(text.find("Respiration: 18.3 breaths/min (median of the 1 clear one-minute window of 2, "
                      "estimated from several heart signals agreeing"),
            std::string::npos) << text;
  EXPECT_EQ(text.find("slow wave of blood pressure"), std::string::npos) << "not for 18 /min";
  EXPECT_NE(text.find("breathing at 18.3 /min lies in the HF band (9-24 /min)"), std::string::npos)
      << text;

  const json short_j = json::parse(analyze(first_70_s, true));
  EXPECT_EQ(short_j["respiration"]["windows"], 1);
  EXPECT_EQ(short_j["respiration"]["clear_windows"], 0);
  EXPECT_TRUE(short_j["respiration"]["rate_bpm"].is_null()) << "no clear window: no rate, not a guess";
  const std::string short_text = analyze(first_70_s, false);
  EXPECT_NE(short_text.find("Respiration: no rate given: the estimate from several heart signals "
                            "agreeing was not clear in the one-minute window (mean quality"),
            std::string::npos) << short_text;
  EXPECT_NE(short_text.find("A belt measures breathing directly."), std::string::npos) << short_text;
}

// An Arduino sketch's log ("millis,value": milliseconds and one unnamed signal) is read at the
// rate its times give, and --signal says what the value is: the same beats as the same samples
// read from the original file at 100 Hz.
TEST(FileCommands, ASketchsMillisLogIsReadAtItsRate) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_resting_5min_100hz.csv");
  testing::TempDir dir;
  const std::string log = (dir.path() / "log.csv").string();
  {
    std::ifstream in(csv);
    std::ofstream out(log);
    std::string line;
    std::getline(in, line);  // ECG,PPG,RSP
    out << "millis,value\n";
    for (int ms = 0; std::getline(in, line); ms += 10) {
      const std::size_t a = line.find(',');
      out << ms << ',' << line.substr(a + 1, line.find(',', a + 1) - a - 1) << '\n';
    }
  }
  auto r = testing::run_process({cli(), "analyze", log, "--signal", "ppg", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json from_log = json::parse(r.out);
  EXPECT_EQ(from_log["sample_rate_hz"], 100.0);
  EXPECT_EQ(from_log["channel"], "value");
  r = testing::run_process({cli(), "analyze", csv.string(), "--rate", "100", "--channel", "PPG",
                            "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json original = json::parse(r.out);
  EXPECT_GT(original["beats"].get<int>(), 300);
  EXPECT_EQ(from_log["beats"], original["beats"]);
  EXPECT_EQ(from_log["time_domain"]["rmssd_ms"], original["time_domain"]["rmssd_ms"]);
}

// A breathing belt or a skin-conductance channel analysed on its own: what it holds, in words
// and in JSON, and no heart figures. NeuroKit event-related (figures measured 2026-11-25 with
// the belt's and the responses' detectors as they are; tests/dsp checks those against a count
// and a reading by eye), and drivedb's GSR, labelled mV, whose responses cannot be scored.
TEST(FileCommands, AnalyzeABeltOrSkinConductanceOnItsOwn) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_eventrelated_100hz.csv");
  auto r = testing::run_process({cli(), "analyze", csv.string(), "--rate", "100", "--signal",
                                 "resp"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* expected :
       {"channel \"RSP\" (resp, 100 Hz), 2.5 min\n",
        "Heart: not analysed: this report covers the breathing belt; the record's heart channel "
        "(\"ECG\") is analysed with --signal ecg\n",
        "Respiration: 17.9 breaths/min (median of 2 one-minute windows, from the belt, 41 "
        "breaths",
        "  belt \"RSP\": 39 clear breaths (2 unclear ones left out: too small, clipped or "
        "irregular)\n  a breath lasts 3.3 s (median), most 15.3-20.8 breaths/min (10-90 %); "
        "inhale:exhale 1:1.14\n  variability of breath length 15 % (SD / mean); longest clear "
        "breath 5.1 s (from 127 s)\n",
        "Skin conductance (\"EDA\", µS; the file states no unit: read as µS)\n",
        "  level 14.39 µS on average (12.97-16.68 µS); first minute 14.44, last minute 14.17 "
        "µS\n  14 responses (rises of at least 0.01 µS over 0.5-5 s): 5.6 a minute",
        "Arousal index: not computed. It needs heart beats"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
  EXPECT_EQ(r.out.find("Beats:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Heart-rate variability"), std::string::npos) << r.out;
  r = testing::run_process({cli(), "analyze", csv.string(), "--rate", "100", "--signal", "eda",
                            "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["signal"], "eda");
  EXPECT_EQ(j["channel"], "EDA");
  EXPECT_FALSE(j["heart_analysed"].get<bool>());
  for (const char* absent : {"beats", "gaps", "artifacts", "nn_intervals", "rhythm", "time_domain",
                             "frequency_domain", "nonlinear", "coherence"}) {
    EXPECT_TRUE(j[absent].is_null()) << absent << ": not measured, so not a zero";
  }
  EXPECT_EQ(j["breathing"]["breaths"], 39);
  EXPECT_EQ(j["skin_conductance"]["responses"], 14);
  EXPECT_TRUE(j["skin_conductance"]["units"].is_null());
  EXPECT_TRUE(j["skin_conductance"]["not_scored"].is_null());
  EXPECT_NEAR(j["skin_conductance"]["responses_per_min"].get<double>(), 5.6, 1e-9);
  // With the heart analysed, the same sections follow the heart's.
  r = testing::run_process({cli(), "analyze", csv.string(), "--rate", "100", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json with_heart = json::parse(r.out);
  EXPECT_TRUE(with_heart["heart_analysed"].get<bool>());
  EXPECT_TRUE(with_heart["heart_not_analysed"].is_null());
  EXPECT_EQ(with_heart["breathing"]["breaths"], 39);
  EXPECT_EQ(with_heart["skin_conductance"]["responses"], 14);

  RESONANT_REQUIRE_SHARED_DATA(drive, "drivedb/drive17b.hea");
  r = testing::run_process({cli(), "analyze", drive.string(), "--signal", "eda"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Skin conductance (\"foot GSR\", mV)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("responses not scored: the channel is in mV, and their threshold "
                       "(0.01 µS) needs µS"),
            std::string::npos) << r.out;
}

// A record too short for a 64 s coherence window or a resting baseline says so in one line
// each, instead of naming a baseline it did not use.
TEST(FileCommands, AShortRecordSaysWhatItIsTooShortFor) {
  testing::TempDir dir;
  const std::string sim = (dir.path() / "short").string();
  const auto made = testing::run_process({cli(), "simulate", "--record", sim, "--duration", "40"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto r = testing::run_process({cli(), "analyze", sim + ".hea"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("64 s windows every 5 s): none (no 64 s stretch of usable beats)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Arousal index: not computed. The recording is 40 s long; the index "
                       "needs at least 390 s: 130 s of rest as the baseline, then twice that to "
                       "compare with it."),
            std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("as resting baseline"), std::string::npos) << "no baseline was used";
  // Each band and index says how long a stretch it needs instead of a bare "-"; LF/HF has no
  // value, so no caveat about what its value means.
  EXPECT_NE(r.out.find("VLF - (needs 5 min), LF - (needs 2 min), HF - (needs 1 min)\n"
                       "  LF/HF -\n"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DFA α1 - (needs 64 intervals), HRV triangular index - (needs 20 min)"),
            std::string::npos) << r.out;
  r = testing::run_process({cli(), "analyze", sim + ".hea", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["coherence"]["updates"], 0);
  EXPECT_EQ(j["arousal"]["updates"], 0);
  EXPECT_NE(j["arousal"]["not_computed"].get<std::string>().find("needs at least 390 s"),
            std::string::npos);
  EXPECT_TRUE(j["arousal"]["baseline_s"].is_null()) << "no baseline was used";
}

// LF/HF's caveat names the band this record's breathing falls in: resonance breathing at
// 6 /min puts the variation that follows breathing in LF (LF/HF is then large on a calm
// person), and an ICU patient breathing at ~29 /min puts it above HF. With segments, a band
// longer than the segments says so instead of asking for a longer record, and segments
// longer than the record say that.
TEST(FileCommands, TheLfHfCaveatNamesTheBandTheBreathingFallsIn) {
  testing::TempDir dir;
  const std::string paced = (dir.path() / "paced").string();
  const auto made = testing::run_process(
      {cli(), "simulate", "--record", paced, "--duration", "150", "--pacer-bpm", "6"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto slow = testing::run_process({cli(), "analyze", paced + ".hea"});
  ASSERT_EQ(slow.exit_code, 0) << slow.err;
  EXPECT_NE(slow.out.find("breathing at 6.0 /min lies in the LF band, so the variation that "
                          "follows breathing counts as LF)"),
            std::string::npos) << slow.out;

  RESONANT_REQUIRE_SHARED_DATA(hea, "challenge2015/a103l.hea");
  const auto fast = testing::run_process({cli(), "analyze", hea, "--channel", "V"});
  ASSERT_EQ(fast.exit_code, 0) << fast.err;
  EXPECT_NE(fast.out.find("/min lies above the HF band (9-24 /min), so the variation that "
                          "follows breathing is in neither band)"),
            std::string::npos) << fast.out;

  RESONANT_REQUIRE_SHARED_DATA(mitdb, "mitdb/100.hea");
  const auto segmented =
      testing::run_process({cli(), "analyze", mitdb.string(), "--segments", "120"});
  ASSERT_EQ(segmented.exit_code, 0) << segmented.err;
  EXPECT_NE(segmented.out.find("VLF - (needs 5-min segments), LF "), std::string::npos)
      << segmented.out;
  // Segments longer than the record: says so and what to give, not a section of dashes.
  const auto too_long =
      testing::run_process({cli(), "analyze", mitdb.string(), "--segments", "3600"});
  ASSERT_EQ(too_long.exit_code, 0) << too_long.err;
  EXPECT_NE(too_long.out.find("Frequency domain: no whole segment of 3600 s (--segments) in "
                              "1805 s of intervals;"),
            std::string::npos)
      << too_long.out;
}

// A metronome-steady list (a simulation, a paced heart): no logarithm, ratio, coherence or
// breathing rate is made of rounding noise ("LF/HF 3295.43" and "ln -26.94" before), and
// each says why.
TEST(FileCommands, IntervalsSteadierThanTheirTimingGiveNoRatiosAndSayWhy) {
  testing::TempDir dir;
  const std::string rr = (dir.path() / "steady.txt").string();
  {
    // Beats every 800.37 ms timed to whole ms: 800, 801, 800, 800, 801, ...
    std::ofstream out(rr);
    double last_ms = 0.0;
    for (int k = 1; k <= 400; ++k) {
      const double beat_ms = std::round(k * 800.37);
      out << beat_ms - last_ms << "\n";
      last_ms = beat_ms;
    }
  }
  const auto r = testing::run_process({cli(), "analyze", rr});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* expected :
       {"(ln -)", "LF/HF - (a band holds under 0.33 ms², less variation than RR "
                  "timed to 1 ms resolves)",
        "DFA α1 -", "Coherence (HeartMath-style ratio, 64 s windows every 5 s): none: the "
                    "intervals vary less than RR timed to 1 ms resolves",
        "Respiration: no rate from the heart rhythm: the intervals vary less"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
}

TEST(FileCommands, ErrorsNameTheFileAndTheProblem) {
  testing::TempDir dir;
  const std::string missing = (dir.path() / "nothing.hea").string();
  auto r = testing::run_process({cli(), "analyze", missing});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nothing.hea"), std::string::npos) << r.err;

  r = testing::run_process({cli(), "beats", missing, "--signal", "bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--signal must be one of"), std::string::npos) << r.err;

  const std::string sim = (dir.path() / "s").string();
  ASSERT_EQ(testing::run_process({cli(), "simulate", "--record", sim, "--duration", "20"}).exit_code, 0);
  r = testing::run_process({cli(), "beats", sim + ".hea", "--channel", "NOPE"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOPE"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("RESP"), std::string::npos) << "lists the channels: " << r.err;

  r = testing::run_process({cli(), "beats", sim + ".hea", "--channel", "RESP"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ECG or PPG"), std::string::npos) << r.err;

  r = testing::run_process({cli(), "simulate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--record"), std::string::npos) << r.err;
}

// Issue 4: analysing a 24-hour 250 Hz recording peaks under 200 MB. Memory is measured (the
// children's peak resident set), not time. The day is analysed twice: with its belt, and with
// the belt's channel renamed so the breathing rate comes from the surrogates through the
// batch tracker (17 000 windows), which must agree with the belt over the day.
TEST(FileCommands, AnalyzingADayOfRecordingStaysUnder200MB) {
  testing::TempDir dir;
  const std::string base = (dir.path() / "day").string();
  auto r = testing::run_process({cli(), "simulate", "--record", base, "--duration", "86400",
                                 "--scenario", "calm"},
                                std::chrono::minutes(10));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::run_process({cli(), "analyze", base + ".hea", "--json"}, std::chrono::minutes(10));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rusage usage{};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &usage), 0);
  const double peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  const json j = json::parse(r.out);
  std::printf("[ analyze 24 h ] %zu beats, peak resident memory of the largest child %.1f MB\n",
              j["beats"].get<std::size_t>(), peak_mb);
  EXPECT_GT(j["beats"].get<std::size_t>(), 80000u);
  EXPECT_LT(peak_mb, 200.0);

  std::stringstream header_text;
  header_text << std::ifstream(base + ".hea").rdbuf();
  std::string header = header_text.str();
  const std::string belt_line_end = " RESP\n";
  const auto at = header.find(belt_line_end);
  ASSERT_NE(at, std::string::npos) << header;
  header.replace(at, belt_line_end.size(), " AUX\n");  // a channel analyze does not take as a belt
  { std::ofstream(base + "_nobelt.hea") << header; }   // the same .dat, named in the header
  r = testing::run_process({cli(), "analyze", base + "_nobelt.hea", "--json"}, std::chrono::minutes(10));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &usage), 0);
  const json n = json::parse(r.out);
  constexpr double kDayRateToleranceBpm = 1.0;  // the 1 breath/min
  std::printf("[ analyze 24 h ] no belt: %s %.2f /min over %d clear of %d windows (belt %.2f); "
              "peak %.1f MB\n",
              n["respiration"]["source"].get<std::string>().c_str(),
              n["respiration"]["rate_bpm"].get<double>(), n["respiration"]["clear_windows"].get<int>(),
              n["respiration"]["windows"].get<int>(),
              j["respiration"]["rate_bpm"].get<double>(), static_cast<double>(usage.ru_maxrss) / 1024.0);
  EXPECT_EQ(j["respiration"]["source"], "belt");
  EXPECT_NE(n["respiration"]["source"], "belt");
  EXPECT_NEAR(n["respiration"]["rate_bpm"].get<double>(), j["respiration"]["rate_bpm"].get<double>(),
              kDayRateToleranceBpm);
  EXPECT_LT(static_cast<double>(usage.ru_maxrss) / 1024.0, 200.0);
}

}  // namespace
}  // namespace resonant

namespace resonant {
namespace {

// EC57 HRV test patterns (issue 4: band power within 1 % of the standard's values), through
// the product. Measured with the standard's reference toolbox's spectrum (Lomb-Scargle, no
// resampling) and a straight-line detrend, averaged over 5-minute segments as long-term HRV
// is (--spectrum lomb --detrend linear --segments 300; one Lomb over 24 h takes a minute).
// The default (Welch + smoothness priors over the whole record) loses 1.0-1.2 % to the
// spline and the detrend: held to 1.5 % here, and explained in dsp/docs/hrv.md.
struct Ec57Case {
  const char* file;
  const char* band;
  double expected_ms2;
  double peak_hz;
};

TEST(FileCommands, Ec57PatternsBandPowerWithinOnePercent) {
  for (const Ec57Case c : {Ec57Case{"ec57/HRV256_TP2.txt", "hf_ms2", 612.5, 0.25},
                           Ec57Case{"ec57/HRV256_TP3.txt", "lf_ms2", 2450.0, 0.10}}) {
    RESONANT_REQUIRE_SHARED_DATA(file, c.file);
    for (bool standard : {true, false}) {
      std::vector<std::string> argv = {cli(), "analyze", file.string(), "--json"};
      if (standard) {
        argv.insert(argv.end(), {"--spectrum", "lomb", "--detrend", "linear", "--segments", "300"});
      }
      const auto r = testing::run_process(argv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      const auto f = json::parse(r.out)["frequency_domain"];
      const double power = f[c.band].get<double>();
      const double error = (power - c.expected_ms2) / c.expected_ms2;
      std::printf("[ ec57 analyze ] %s %s %s: %.1f ms² (expect %.1f, %+.2f %%)\n", c.file,
                  standard ? "lomb+linear" : "default", c.band, power, c.expected_ms2,
                  100.0 * error);
      EXPECT_LT(std::abs(error), standard ? 0.01 : 0.015) << c.file;
      const std::string peak = c.peak_hz > 0.15 ? "hf_peak_hz" : "lf_peak_hz";
      EXPECT_NEAR(f[peak].get<double>(), c.peak_hz, 0.002) << c.file;
    }
  }
}

}  // namespace
}  // namespace resonant
