// A bare column of numbers that passes for RR intervals (300-2000, say a pulse sensor's ADC
// counts) but repeats like a sampled wave is read as intervals with a note saying what it may
// be and what to give (RecordInfo::reading_notes), unless the units are given. RR lists that
// swing only with breathing, however regularly, get no note.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <resonant/records/annotation_rr.hpp>
#include <resonant/records/record.hpp>
#include <resonant/records/text_record.hpp>

#include "record_error_expect.hpp"
#include "test_support.hpp"

namespace resonant::records {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string one_a_line(const std::vector<double>& values) {
  std::string text;
  for (double v : values) text += std::to_string(std::lround(v)) + "\n";
  return text;
}

/// A PPG as a pulse sensor logs it: ADC counts 500-800 at sample_rate_hz, a pulse (fast rise,
/// slow fall) every beat at rate_bpm with 3 % beat-to-beat jitter, and +-2 counts of noise.
std::vector<double> pulse_wave_counts(double sample_rate_hz, double rate_bpm, double duration_s) {
  std::mt19937 rng(7);
  std::normal_distribution<double> jitter(0.0, 0.03);
  std::uniform_real_distribution<double> noise(-2.0, 2.0);
  std::vector<double> out;
  double beat_start_s = 0.0;
  double beat_s = 60.0 / rate_bpm;
  const auto n = static_cast<std::size_t>(duration_s * sample_rate_hz);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / sample_rate_hz;
    while (t >= beat_start_s + beat_s) {
      beat_start_s += beat_s;
      beat_s = 60.0 / rate_bpm * (1.0 + jitter(rng));
    }
    const double phase = (t - beat_start_s) / beat_s;  // 0-1 within the beat
    const double pulse = phase < 0.2 ? std::sin(phase / 0.2 * kPi / 2.0)
                                     : std::exp(-(phase - 0.2) * 4.0);
    out.push_back(500.0 + 300.0 * pulse + noise(rng));
  }
  return out;
}

/// The reading note of a bare column opened with automatic units ("" for none); the column is
/// read as RR intervals either way.
std::string note_of(const std::string& text) {
  const auto record = open_text_record(text, "column.txt");
  EXPECT_EQ(record->info().format, Format::rr_text);
  const auto& notes = record->info().reading_notes;
  EXPECT_LE(notes.size(), 1U);
  return notes.empty() ? std::string{} : notes.front();
}

/// The period the note names ("every N values"), or 0.
double named_period(const std::string& message) {
  const std::size_t at = message.find("every ");
  return at == std::string::npos ? 0.0 : std::stod(message.substr(at + 6));
}

TEST(RecordsWaveformList, APulseWaveLoggedWithoutARateIsNotedWithWhatToDo) {
  const std::string text = one_a_line(pulse_wave_counts(100.0, 72.0, 60.0));
  const std::string m = note_of(text);
  std::printf("[ note ] %s\n", m.c_str());
  expect_contains(m, {"read as RR intervals", "samples of a pulse or breathing wave",
                      "--rate HZ --signal ppg|ecg", "--rr-units ms|s"});
  // One beat at 72 /min and 100 Hz is 83.3 samples; lags are tried ~6 % apart.
  EXPECT_NEAR(named_period(m), 6000.0 / 72.0, 0.06 * 6000.0 / 72.0);

  OpenOptions as_signal;
  as_signal.sample_rate_hz = 100.0;
  const auto signal = open_text_record(text, "pulse.txt", as_signal);
  EXPECT_EQ(signal->info().format, Format::text_table);
  EXPECT_TRUE(signal->info().reading_notes.empty());
  OpenOptions as_intervals;
  as_intervals.rr_units = RrUnits::milliseconds;
  const auto intervals = open_text_record(text, "pulse.txt", as_intervals);
  EXPECT_EQ(intervals->info().format, Format::rr_text);
  EXPECT_TRUE(intervals->info().reading_notes.empty()) << "the units say it holds intervals";
  // Only a bare column: with a first column of times the file says what it holds.
  std::string timed;
  const auto values = pulse_wave_counts(100.0, 72.0, 60.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    timed += std::to_string(i) + " " + std::to_string(std::lround(values[i])) + "\n";
  }
  EXPECT_TRUE(open_text_record(timed, "timed.txt")->info().reading_notes.empty());
}

// Read as intervals, a wave's repeat (one beat of samples) must outlast the slowest breath a
// heart's rhythm follows (20 s at 3 /min) by half. A pulse sensor's counts (median ~600) at
// 100 Hz repeat every ~50 s at 72 /min; at 50 Hz, or at 120 /min at 100 Hz, the repeat lasts
// no longer than a slow breath's: no note (the limit, asserted so that it stays known).
TEST(RecordsWaveformList, PulseWavesAtTheRatesSensorsUseAreNoted) {
  struct Case {
    double sample_rate_hz;
    double rate_bpm;
    bool noted;
  };
  const Case cases[] = {{100, 50, true},  {100, 72, true},  {250, 50, true},  {250, 72, true},
                        {250, 120, true}, {500, 120, true}, {1000, 50, true}, {1000, 72, true},
                        {1000, 120, true}, {50, 72, false}, {100, 120, false}};
  for (const Case& c : cases) {
    const std::string m =
        note_of(one_a_line(pulse_wave_counts(c.sample_rate_hz, c.rate_bpm, 60.0)));
    std::printf("[ wave ] %4.0f Hz, %3.0f /min: %s\n", c.sample_rate_hz, c.rate_bpm,
                m.empty() ? "no note" : "noted");
    EXPECT_EQ(!m.empty(), c.noted) << c.sample_rate_hz << " Hz, " << c.rate_bpm << " /min";
  }
}

/// RR intervals (ms) of a heart at rate_bpm whose sinus arrhythmia swings +-150 ms with
/// breathing at breaths_per_min, plus beat_noise_ms of beat-to-beat noise (seeded).
std::vector<double> paced_rr_ms(double rate_bpm, double breaths_per_min, double beat_noise_ms) {
  std::mt19937 rng(11);
  std::normal_distribution<double> noise(0.0, beat_noise_ms);
  std::vector<double> rr;
  double t_s = 0.0;
  for (int beat = 0; beat < 1500; ++beat) {
    const double r = 60000.0 / rate_bpm +
                     150.0 * std::sin(2.0 * kPi * breaths_per_min / 60.0 * t_s) + noise(rng);
    rr.push_back(r);
    t_s += r / 1000.0;
  }
  return rr;
}

// The most regular series a heart makes with breathing: deep sinus arrhythmia at the slowest
// paced rates, with almost no other variation. Such a list repeats too, but within one slow
// breath (20 s at 3 /min), not over half a minute or more as a sampled wave read as intervals.
TEST(RecordsWaveformList, RrListsOfDeepSlowBreathingGetNoNote) {
  for (const double rate_bpm : {55.0, 70.0, 90.0, 110.0}) {
    for (const double breaths : {3.0, 4.5, 6.0}) {
      for (const double noise_ms : {1.0, 15.0}) {
        EXPECT_EQ(note_of(one_a_line(paced_rr_ms(rate_bpm, breaths, noise_ms))), "")
            << rate_bpm << " bpm, " << breaths << " /min, noise " << noise_ms << " ms";
      }
    }
  }
}

// Swings slower than breathing (periodic breathing's ~60 s cycle, 20 min) cannot be told from
// a sampled wave by the numbers: the list is still read, with the note, which names them.
TEST(RecordsWaveformList, ASlowerSwingIsReadWithTheNoteThatNamesIt) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0.0, 5.0);
  std::vector<double> rr;
  double t_s = 0.0;
  while (t_s < 20.0 * 60.0) {
    rr.push_back(900.0 + 80.0 * std::sin(2.0 * kPi * t_s / 60.0) + noise(rng));
    t_s += rr.back() / 1000.0;
  }
  const std::string m = note_of(one_a_line(rr));
  std::printf("[ note ] periodic breathing: %s\n", m.empty() ? "no note" : m.c_str());
  expect_contains(m, {"periodic breathing"});
  const std::size_t at = m.find("once every ");
  ASSERT_NE(at, std::string::npos) << m;
  EXPECT_NEAR(std::stod(m.substr(at + 11)), 60.0, 6.0);
}

std::vector<double> column_values(const Record& record, std::size_t channel) {
  const auto v = read_all(record, channel);
  return {v.begin(), v.end()};
}

/// Values scaled to whole counts in 500-900, as a 10- or 12-bit sensor logs them.
std::vector<double> as_counts(const std::vector<double>& v) {
  double lo = v[0];
  double hi = v[0];
  for (double x : v) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  std::vector<double> out;
  for (double x : v) out.push_back(std::round(500.0 + 400.0 * (x - lo) / (hi - lo)));
  return out;
}

// Real pulse waves without their header or rate are noted; the limit (an ECG's narrow,
// jittering beats do not repeat cleanly enough) is printed, not asserted either way.
TEST(RecordsWaveformList, RealPulseWavesAreNoted) {
  RESONANT_REQUIRE_SHARED_DATA(biosppy, "biosppy/ppg.txt");
  RESONANT_REQUIRE_SHARED_DATA(resting, "neurokit/bio_resting_5min_100hz.csv");
  OpenOptions at_100_hz;
  at_100_hz.sample_rate_hz = 100.0;
  const auto nk = open_record(resting, at_100_hz);
  const std::vector<std::pair<std::string, std::vector<double>>> waves = {
      {"BioSPPy PPG, 1000 Hz", as_counts(column_values(*open_record(biosppy), 0))},
      {"NeuroKit resting PPG, 100 Hz", as_counts(column_values(*nk, 1))},
  };
  for (const auto& [what, values] : waves) {
    const std::string m = note_of(one_a_line(values));
    std::printf("[ wave ] %s: %s\n", what.c_str(), m.empty() ? "no note" : m.c_str());
    EXPECT_NE(m.find("--rate HZ"), std::string::npos) << what;
  }
  const std::string ecg = note_of(one_a_line(as_counts(column_values(*nk, 0))));
  std::printf("[ wave ] NeuroKit resting ECG, 100 Hz (not recognised, a known limit): %s\n",
              ecg.empty() ? "no note" : ecg.c_str());
}

// Every RR list the project has, written one interval a line, is read with no note.
TEST(RecordsWaveformList, RealRrListsGetNoNote) {
  RESONANT_REQUIRE_SHARED_DATA(nsr, "nsr2db/nsr001.hea");
  RESONANT_REQUIRE_SHARED_DATA(mit100, "mitdb/100.hea");
  RESONANT_REQUIRE_SHARED_DATA(tp2, "ec57/HRV256_TP2.txt");
  RESONANT_REQUIRE_SHARED_DATA(tp3, "ec57/HRV256_TP3.txt");
  std::vector<std::pair<std::string, std::vector<double>>> lists;
  std::vector<std::pair<std::string, std::string>> annotated = {{"nsr2db/nsr001", "ecg"}};
  for (const char* r : {"100", "101", "103", "106", "119", "203"}) {
    annotated.emplace_back(std::string("mitdb/") + r, "atr");
  }
  for (const auto& [record_name, annotator] : annotated) {
    const auto record = open_record(testing::shared_data_file(record_name + ".hea"));
    const auto ann = record->read_annotations(annotator);
    const auto series = nn_series_from_annotations(ann, record->info().frame_rate_hz);
    std::vector<double> rr_ms;
    for (const auto& r : series.nn) rr_ms.push_back(r.rr_ms);
    lists.emplace_back(record_name, std::move(rr_ms));
  }
  for (const auto& pattern : {tp2, tp3}) {  // the intervals alone, in ms
    std::vector<double> rr_ms;
    for (const auto& r : open_record(pattern)->rr_intervals()) rr_ms.push_back(r.rr_ms);
    lists.emplace_back(pattern.filename().string(), std::move(rr_ms));
  }
  for (const auto& [what, rr_ms] : lists) {
    EXPECT_EQ(note_of(one_a_line(rr_ms)), "") << what;
  }
}

}  // namespace
}  // namespace resonant::records
