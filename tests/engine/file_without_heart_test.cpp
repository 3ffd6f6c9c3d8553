// File analysis of a breathing belt or a skin-conductance channel on its own (--signal resp or
// eda, or a record without a heart channel): the same dsp code as a channel beside a heart
// signal, no heart figures, and plain words on what is not analysed. NeuroKit2's event-related
// recording (ECG, EDA, Photosensor, RSP at 100 Hz, 150 s); skipped when the shared data set is
// absent.
#include <resonant/engine/file_analysis.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include <resonant/dsp/breath_statistics.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/dsp/skin_conductance.hpp>

#include "test_support.hpp"
#include "whole_record.hpp"

namespace resonant::engine {
namespace {

constexpr double kFs = 100.0;

FileAnalysis analyze(const std::filesystem::path& path, SignalChoice signal,
                     const std::string& channel = "") {
  FileSource source;
  source.path = path;
  source.signal = signal;
  source.channel = channel;
  source.sample_rate_hz = kFs;
  return analyze_file(source);
}

/// One column of the CSV (with its header) into a file of its own.
std::filesystem::path copy_column(const std::filesystem::path& from,
                                  const std::filesystem::path& to, int column) {
  std::ifstream in(from);
  std::ofstream out(to);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t start = 0;
    for (int c = 0; c < column; ++c) start = line.find(',', start) + 1;
    out << line.substr(start, line.find(',', start) - start) << '\n';
  }
  return to;
}

TEST(FileWithoutHeart, ABeltOrSkinConductanceIsAnalysedByTheSameCodeAsLive) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_eventrelated_100hz.csv");
  const auto table = testing::read_whole_record_at(csv, kFs);
  dsp::BeltRespirationConfig belt_config;
  belt_config.sample_rate_hz = kFs;
  const auto expected_breaths = dsp::breath_statistics(
      dsp::detect_breaths(table.channel("RSP"), belt_config));
  dsp::SkinConductanceConfig eda_config;
  eda_config.sample_rate_hz = kFs;
  const auto expected_responses =
      dsp::detect_skin_conductance_responses(table.channel("EDA"), eda_config);

  for (const SignalChoice signal : {SignalChoice::kResp, SignalChoice::kEda}) {
    const FileAnalysis a = analyze(csv, signal);
    SCOPED_TRACE(std::string(to_string(signal)));
    EXPECT_FALSE(a.heart_analysed);
    EXPECT_EQ(a.channel_name, signal == SignalChoice::kResp ? "RSP" : "EDA");
    EXPECT_NE(a.heart_not_analysed.find("(\"ECG\") is analysed with --signal ecg"),
              std::string::npos) << a.heart_not_analysed;
    EXPECT_EQ(a.beat_count, 0u);
    EXPECT_TRUE(std::isnan(a.hrv.time.rmssd_ms));
    EXPECT_EQ(a.coherence.updates, 0u);
    EXPECT_NE(a.arousal.not_computed.find("needs heart beats"), std::string::npos);
    EXPECT_DOUBLE_EQ(a.duration_s, 150.0);
    // The belt: its windows' rate as beside the ECG, and its breaths' statistics exactly.
    EXPECT_EQ(a.respiration.source, "belt");
    EXPECT_EQ(a.respiration.windows, 2u);
    ASSERT_TRUE(a.breathing.has_value());
    EXPECT_EQ(a.breathing->channel, "RSP");
    EXPECT_EQ(a.breathing->statistics.breaths, expected_breaths.breaths);
    EXPECT_EQ(a.breathing->statistics.left_out, expected_breaths.left_out);
    EXPECT_DOUBLE_EQ(a.breathing->statistics.median_duration_s,
                     expected_breaths.median_duration_s);
    EXPECT_DOUBLE_EQ(a.breathing->statistics.exhale_per_inhale,
                     expected_breaths.exhale_per_inhale);
    // Skin conductance: the responses of the batch detector, per minute of valid signal.
    ASSERT_TRUE(a.skin_conductance.has_value());
    const auto& e = *a.skin_conductance;
    EXPECT_TRUE(e.scored) << "a CSV states no unit: read as µS";
    EXPECT_TRUE(e.units.empty());
    EXPECT_EQ(e.responses, expected_responses.size());
    EXPECT_DOUBLE_EQ(e.responses_per_min, static_cast<double>(expected_responses.size()) / 2.5);
    EXPECT_DOUBLE_EQ(e.valid_s, 150.0);
    // The level: per-second means of the samples (the data README: about 13-17 µS).
    EXPECT_GT(e.min_level, 12.5);
    EXPECT_LT(e.max_level, 17.0);
    EXPECT_LT(e.min_level, e.mean_level);
    EXPECT_LT(e.mean_level, e.max_level);
  }
  // Beside the ECG, the same two summaries.
  const FileAnalysis with_heart = analyze(csv, SignalChoice::kEcg, "ECG");
  EXPECT_TRUE(with_heart.heart_analysed);
  ASSERT_TRUE(with_heart.breathing && with_heart.skin_conductance);
  EXPECT_EQ(with_heart.breathing->statistics.breaths, expected_breaths.breaths);
  EXPECT_EQ(with_heart.skin_conductance->responses, expected_responses.size());
}

TEST(FileWithoutHeart, ARecordWithoutAHeartChannelIsAnalysedForWhatItHas) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_eventrelated_100hz.csv");
  testing::TempDir dir;
  const auto belt = copy_column(csv, dir.path() / "belt.csv", 3);
  const FileAnalysis a = analyze(belt, SignalChoice::kAutomatic);
  EXPECT_EQ(a.signal, SignalChoice::kResp);
  EXPECT_FALSE(a.heart_analysed);
  EXPECT_EQ(a.heart_not_analysed, "the record holds only this channel");
  EXPECT_TRUE(a.breathing.has_value());
  EXPECT_FALSE(a.skin_conductance.has_value());
  const auto eda = copy_column(csv, dir.path() / "eda.csv", 1);
  const FileAnalysis e = analyze(eda, SignalChoice::kAutomatic);
  EXPECT_EQ(e.signal, SignalChoice::kEda);
  EXPECT_FALSE(e.breathing.has_value());
  EXPECT_TRUE(e.respiration.source.empty());
  ASSERT_TRUE(e.skin_conductance.has_value());
  EXPECT_GT(e.skin_conductance->responses, 0u);
}

/// A one-column CSV at 10 Hz: `header`, then value_at(t_s) for duration_s.
template <typename Fn>
std::filesystem::path one_column(const std::filesystem::path& to, const std::string& header,
                                 double duration_s, Fn value_at) {
  std::ofstream out(to);
  out << header << '\n';
  constexpr double kRateHz = 10.0;
  for (int i = 0; i < static_cast<int>(duration_s * kRateHz); ++i) {
    out << value_at(i / kRateHz) << '\n';
  }
  return to;
}

FileAnalysis analyze_at_10_hz(const std::filesystem::path& path) {
  FileSource source;
  source.path = path;
  source.sample_rate_hz = 10.0;
  return analyze_file(source);
}

TEST(FileWithoutHeart, SkinConductanceOutsideSkinsRangeOrInAnotherUnitIsNotTakenAsALevel) {
  testing::TempDir dir;
  // 200 s at 14 µS, the electrodes off (0) from 30 to 90 s.
  const auto off = analyze_at_10_hz(one_column(
      dir.path() / "off.csv", "EDA", 200.0, [](double t) { return t >= 30 && t < 90 ? 0 : 14; }));
  ASSERT_TRUE(off.skin_conductance.has_value());
  const auto& e = *off.skin_conductance;
  EXPECT_TRUE(e.scored);
  EXPECT_DOUBLE_EQ(e.valid_s, 140.0);
  EXPECT_DOUBLE_EQ(e.mean_level, 14.0);
  EXPECT_DOUBLE_EQ(e.min_level, 14.0) << "0 µS is no skin, not a level";
  EXPECT_DOUBLE_EQ(e.first_minute_level, 14.0);
  EXPECT_NEAR(e.scored_s, 140.0, 0.1);
  EXPECT_EQ(e.responses, 0u);
  EXPECT_DOUBLE_EQ(e.responses_per_min, 0.0);

  // Raw converter counts in a column without a unit: no sample is skin's.
  const auto counts = analyze_at_10_hz(one_column(dir.path() / "counts.csv", "EDA", 150.0,
                                                  [](double t) { return 500 + t; }));
  ASSERT_TRUE(counts.skin_conductance.has_value());
  EXPECT_FALSE(counts.skin_conductance->scored);
  EXPECT_EQ(counts.skin_conductance->not_scored,
            "no sample lies within skin's range (0.05-100 µS): the electrodes were off, or the "
            "channel is not in µS");
  EXPECT_TRUE(std::isnan(counts.skin_conductance->mean_level));

  // Skin resistance, as the header says: its level in its unit, no responses scored.
  const auto ohm = analyze_at_10_hz(one_column(dir.path() / "ohm.csv", "GSR (kOhm)", 150.0,
                                               [](double t) { return 200 - t / 10; }));
  ASSERT_TRUE(ohm.skin_conductance.has_value());
  EXPECT_FALSE(ohm.skin_conductance->scored);
  EXPECT_EQ(ohm.skin_conductance->not_scored,
            "the channel is in kOhm, and their threshold (0.01 µS) needs µS");
  EXPECT_NEAR(ohm.skin_conductance->mean_level, 200 - 7.5, 0.1);

  // 30 s: no first and last minute, no rate per minute (a handful scaled up), the seconds said.
  const auto brief = analyze_at_10_hz(one_column(dir.path() / "brief.csv", "EDA", 30.0,
                                                 [](double) { return 14; }));
  ASSERT_TRUE(brief.skin_conductance.has_value());
  EXPECT_TRUE(std::isnan(brief.skin_conductance->first_minute_level));
  EXPECT_TRUE(std::isnan(brief.skin_conductance->responses_per_min));
  EXPECT_NEAR(brief.skin_conductance->scored_s, 30.0, 0.1);
}

TEST(FileWithoutHeart, AFlatBeltGivesNoBreathsAndNoRate) {
  testing::TempDir dir;
  const auto flat = analyze_at_10_hz(one_column(dir.path() / "flat.csv", "RSP", 150.0,
                                                [](double) { return 1.0; }));
  ASSERT_TRUE(flat.breathing.has_value());
  EXPECT_EQ(flat.breathing->statistics.breaths, 0u);
  EXPECT_EQ(flat.breathing->statistics.left_out, 0u);
  EXPECT_TRUE(flat.respiration.source.empty());
}

TEST(FileWithoutHeart, RequestsItCannotMeetSayWhy) {
  RESONANT_REQUIRE_SHARED_DATA(csv, "neurokit/bio_eventrelated_100hz.csv");
  FileSource source;
  source.path = csv;
  source.signal = SignalChoice::kResp;
  source.sample_rate_hz = kFs;
  AnalysisOptions options;
  options.resonance_segments = dsp::stepped_protocol(0.0);
  try {
    analyze_file(source, options);
    ADD_FAILURE() << "--resonance on a belt alone";
  } catch (const FileSourceError& e) {
    EXPECT_NE(std::string(e.what()).find("--resonance needs heart beats (an ECG, PPG or RR "
                                         "channel); channel \"RSP\" is resp"),
              std::string::npos) << e.what();
  }
  // A belt sampled too slowly for the breath detector (read at 5 Hz).
  source.sample_rate_hz = 5.0;
  try {
    analyze_file(source);
    ADD_FAILURE() << "a belt at 5 Hz";
  } catch (const FileSourceError& e) {
    EXPECT_NE(std::string(e.what()).find("channel \"RSP\" (resp) is sampled at 5 Hz; the breath "
                                         "detector needs 10-1000 Hz"),
              std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace resonant::engine
