// EC57 HRV test patterns (ANSI/AAMI EC57:2012 A.4.3.3, Table A.10; /work/shared/data/ec57):
// TP2, 35 ms at 0.25 Hz -> HF 612.5 ms^2; TP3, 70 ms at 0.10 Hz -> LF 2450 ms^2 (A^2 / 2).
// Both files are 24 h of RR intervals. Analysed three ways and printed:
//  - the whole record as one Welch estimate (256 s Hann segments, 50 % overlap: the average of
//    ~675 segment periodograms), as the Philips/Clifford toolbox README does for its Lomb
//    version (window = the entire pattern);
//  - consecutive 5-min windows (the short-term standard; 2 Welch segments of 256 s each), band
//    powers averaged (a Holter-style report);
//  - the same 5-min windows with other method/detrend choices (Lomb-Scargle, linear detrend).
// Pass: the EC57 configuration (Lomb-Scargle, linear detrend, 5-min windows averaged) within
// 1 % of the expected power; the default pipeline within 1.5 % (its known, modelled losses are
// explained below); peaks within 0.005 Hz of the pattern's frequency.
#include <resonant/dsp/hrv_frequency.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace resonant::dsp {
namespace {

// "t_end_s,rr_s" per line.
std::vector<RrInterval> read_pattern(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<RrInterval> out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    double t = 0.0, rr = 0.0;
    char comma = 0;
    if (fields >> t >> comma >> rr) out.push_back({t, rr * 1000.0, false});
  }
  return out;
}

struct Averaged {
  double lf = 0.0, hf = 0.0, vlf = 0.0, lf_peak = 0.0, hf_peak = 0.0;
  int windows = 0;
};

Averaged five_minute_windows(const std::vector<RrInterval>& rr, const FrequencyHrvConfig& config) {
  constexpr double kWindowS = 300.0;
  FrequencyHrvAnalyzer analyzer(config);
  Averaged a;
  std::size_t begin = 0;
  const double start = rr.front().t_s - rr.front().rr_ms / 1000.0;
  for (int w = 0;; ++w) {
    const double t0 = start + kWindowS * w, t1 = t0 + kWindowS;
    if (rr.back().t_s < t1) break;
    // Intervals lying wholly inside [t0, t1).
    while (begin < rr.size() && rr[begin].t_s - rr[begin].rr_ms / 1000.0 < t0) ++begin;
    std::size_t end = begin;
    while (end < rr.size() && rr[end].t_s < t1) ++end;
    const auto h = analyzer.analyse(std::span<const RrInterval>(rr.data() + begin, end - begin));
    a.lf += h.lf_ms2;
    a.hf += h.hf_ms2;
    a.vlf += h.vlf_ms2;
    a.lf_peak += h.lf_peak_hz;
    a.hf_peak += h.hf_peak_hz;
    ++a.windows;
    begin = end;
  }
  const double n = a.windows;
  a.lf /= n;
  a.hf /= n;
  a.vlf /= n;
  a.lf_peak /= n;
  a.hf_peak /= n;
  return a;
}

struct Pattern {
  const char* file;
  double expected_ms2;
  double frequency_hz;
  bool high_frequency;  // HF band (else LF)
};

double band_of(const Pattern& p, double lf, double hf) { return p.high_frequency ? hf : lf; }

double deviation_pct(const Pattern& p, double power) {
  return 100.0 * (power / p.expected_ms2 - 1.0);
}

void check_pattern(const Pattern& p) {
  RESONANT_REQUIRE_SHARED_DATA(path, p.file);
  const auto rr = read_pattern(path);
  ASSERT_GT(rr.size(), 80000u);
  const char* band = p.high_frequency ? "HF" : "LF";

  // Default pipeline (Kubios-like) over the whole record.
  const auto whole = frequency_domain_hrv(rr);
  const double whole_power = band_of(p, whole.lf_ms2, whole.hf_ms2);
  const double whole_peak = band_of(p, whole.lf_peak_hz, whole.hf_peak_hz);
  const double whole_other = band_of(p, whole.hf_ms2, whole.lf_ms2);
  std::printf("[ ec57 ] %s whole 24 h, default (Welch 256 s Hann 50 %%, smoothness priors 500): "
              "%s %.1f ms^2 (expect %.1f, %+.2f %%), peak %.4f Hz, other band %.2f, VLF %.2f\n",
              p.file, band, whole_power, p.expected_ms2, deviation_pct(p, whole_power), whole_peak,
              whole_other, whole.vlf_ms2);

  struct Variant {
    const char* name;
    SpectralMethod method;
    DetrendMethod detrend;
  };
  const Variant variants[] = {
      {"default Welch + smoothness priors", SpectralMethod::kWelch, DetrendMethod::kSmoothnessPriors},
      {"Welch + linear detrend", SpectralMethod::kWelch, DetrendMethod::kLinear},
      {"Lomb-Scargle + smoothness priors", SpectralMethod::kLombScargle, DetrendMethod::kSmoothnessPriors},
      {"Lomb-Scargle + linear detrend", SpectralMethod::kLombScargle, DetrendMethod::kLinear},
  };
  Averaged results[4];
  for (std::size_t i = 0; i < 4; ++i) {
    FrequencyHrvConfig c;
    c.method = variants[i].method;
    c.detrend = variants[i].detrend;
    results[i] = five_minute_windows(rr, c);
    const double power = band_of(p, results[i].lf, results[i].hf);
    std::printf("[ ec57 ] %s %d x 5 min averaged, %s: %s %.1f ms^2 (%+.2f %%), mean peak %.4f Hz\n",
                p.file, results[i].windows, variants[i].name, band, power, deviation_pct(p, power),
                band_of(p, results[i].lf_peak, results[i].hf_peak));
  }

  // The EC57 configuration: Lomb-Scargle with a linear detrend (no interpolation to attenuate
  // HF, no high-pass to attenuate LF; the patterns are stationary by construction), 5-min
  // windows averaged: within 1 %.
  const Averaged& ec57 = results[3];
  EXPECT_NEAR(band_of(p, ec57.lf, ec57.hf), p.expected_ms2, 0.01 * p.expected_ms2);
  EXPECT_NEAR(band_of(p, ec57.lf_peak, ec57.hf_peak), p.frequency_hz, 0.005);
  // The default pipeline loses, by construction, the cubic spline's attenuation near the beat
  // rate's Nyquist (amplitude 0.995 at 0.25 Hz with 0.8 s knots: -1.0 % power) and the
  // smoothness-priors high-pass at 0.1 Hz (amplitude 0.9934: -1.3 % power); both are modelled
  // and tested in hrv_frequency_test. So the default is held to 1.5 %, not 1 %.
  EXPECT_NEAR(whole_power, p.expected_ms2, 0.015 * p.expected_ms2);
  EXPECT_NEAR(whole_peak, p.frequency_hz, 0.005);
  EXPECT_LT(whole_other, 0.001 * p.expected_ms2);
  const double default5 = band_of(p, results[0].lf, results[0].hf);
  EXPECT_NEAR(default5, p.expected_ms2, 0.015 * p.expected_ms2);
  EXPECT_NEAR(band_of(p, results[0].lf_peak, results[0].hf_peak), p.frequency_hz, 0.005);
}

TEST(Ec57Patterns, Tp2HighFrequency) { check_pattern({"ec57/HRV256_TP2.txt", 612.5, 0.25, true}); }

TEST(Ec57Patterns, Tp3LowFrequency) { check_pattern({"ec57/HRV256_TP3.txt", 2450.0, 0.10, false}); }

}  // namespace
}  // namespace resonant::dsp
