// Resonance-frequency assessment (physiology-and-metrics.md §5.2, §5.3) on synthetic people
// whose HR responds to paced breathing like a band-pass resonator (baroreflex resonance).
#include <resonant/dsp/resonance_assessment.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <vector>

namespace resonant::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

struct Person {
  double resonance_bpm = 5.5;   // breathing rate of maximal HR oscillation
  double quality_factor = 4.0;  // resonator Q; 0 = flat response
  double amplitude_bpm = 8.0;   // HR amplitude (half peak-to-trough) at resonance
  double hr_bpm = 65.0;
  double jitter_ms = 10.0;      // beat-to-beat white noise on RR
};

// Second-order band-pass gain and phase at breathing frequency f: G = 1 / sqrt(1 + Q^2 x^2),
// phase = -atan(Q x), x = f/f0 - f0/f. Below resonance HR leads breathing, above it lags;
// at resonance they are in phase (§5.1).
double gain(const Person& p, double f) {
  const double x = f / (p.resonance_bpm / 60.0) - (p.resonance_bpm / 60.0) / f;
  return 1.0 / std::sqrt(1.0 + p.quality_factor * p.quality_factor * x * x);
}
double phase(const Person& p, double f) {
  const double x = f / (p.resonance_bpm / 60.0) - (p.resonance_bpm / 60.0) / f;
  return -std::atan(p.quality_factor * x);
}

// The person breathes with a 1:1 pacer that starts each block at inhale onset (peak inhalation
// at mid-cycle).
std::vector<RrInterval> protocol_beats(const Person& p, std::span<const AssessmentSegment> segs, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> jitter(0.0, p.jitter_ms);
  auto hr_at = [&](double t) {
    for (const auto& s : segs) {
      if (t >= s.start_s && t < s.end_s) {
        const double f = s.rate_bpm / 60.0;
        return p.hr_bpm + p.amplitude_bpm * gain(p, f) * std::cos(kTwoPi * (f * (t - s.start_s) - 0.5) + phase(p, f));
      }
    }
    return p.hr_bpm;
  };
  std::vector<RrInterval> nn;
  double t = segs.front().start_s;
  while (t < segs.back().end_s + 2.0) {
    double rr = 60000.0 / hr_at(t);
    // The interval's rate is the rate at its middle (a sinus node integrating HR, to second order).
    for (int k = 0; k < 3; ++k) rr = 60000.0 / hr_at(t + rr / 2000.0);
    rr += jitter(rng);
    t += rr / 1000.0;
    nn.push_back({t, rr, false});
  }
  return nn;
}

void print(const ResonanceAssessment& a, const char* label) {
  std::printf("[ resonance ] %s: recommended %.1f (runner-up %.1f), confidence %.2f (%s; separation %.2f, quality %.2f)\n",
              label, a.recommended_rate_bpm, a.runner_up_rate_bpm, a.confidence, std::string(to_string(a.level)).c_str(),
              a.separation, a.quality);
  for (const auto& s : a.segments) {
    std::printf("[ resonance ]   %.1f/min valid %d followed %d P2T %5.2f bpm phase %+6.1f deg (%.2f) LF %7.0f ms2 "
                "peak %.4f Hz dens %8.0f share %.2f tp %.2f peaks %zu rank sum %4.1f\n",
                s.segment.rate_bpm, s.valid, s.followed, s.peak_to_trough_bpm, s.phase_deg, s.phase_consistency,
                s.lf_power_ms2, s.lf_peak_hz, s.lf_peak_density_ms2_per_hz, s.pacer_power_share,
                s.turning_points_per_breath, s.lf_peak_count, s.rank_sum);
  }
}

TEST(ResonanceAssessment, StandardProtocolLayout) {
  const auto segs = stepped_protocol(10.0, 120.0, 30.0);
  ASSERT_EQ(segs.size(), 5u);
  EXPECT_DOUBLE_EQ(segs[0].rate_bpm, 6.5);
  EXPECT_DOUBLE_EQ(segs[4].rate_bpm, 4.5);
  EXPECT_DOUBLE_EQ(segs[1].start_s, 160.0);
  EXPECT_DOUBLE_EQ(segs[4].end_s, 10.0 + 4 * 150.0 + 120.0);
}

TEST(ResonanceAssessment, RecommendsTheResonantRateWithHighConfidence) {
  const auto segs = stepped_protocol();
  for (double rf : {5.5, 5.0, 6.5}) {
    Person p;
    p.resonance_bpm = rf;
    const auto a = assess_resonance(protocol_beats(p, segs, 11), segs);
    char label[64];
    std::snprintf(label, sizeof label, "resonator Q 4 at %.1f /min", rf);
    print(a, label);
    EXPECT_DOUBLE_EQ(a.recommended_rate_bpm, rf);
    EXPECT_EQ(a.level, AssessmentConfidence::kHigh);
    EXPECT_NE(a.summary.find("leads the largest of the other blocks' by"), std::string::npos)
        << a.summary;
    EXPECT_NEAR(std::abs(a.runner_up_rate_bpm - rf), 0.5, 1e-9);  // a neighbour
    for (const auto& s : a.segments) {
      EXPECT_TRUE(s.valid);
      EXPECT_TRUE(s.followed);
      EXPECT_FALSE(s.reason.empty());
    }
  }
}

TEST(ResonanceAssessment, CriteriaBehaveLikeTheResonator) {
  Person p;
  const auto segs = stepped_protocol();
  const auto a = assess_resonance(protocol_beats(p, segs, 12), segs);
  for (const auto& s : a.segments) {
    const double f = s.segment.rate_bpm / 60.0;
    // Peak-to-trough follows 2 x amplitude x gain; max - min also catches the beat jitter
    // (10 ms RR ~ 0.7 bpm SD here), which inflates it by up to ~2 SD and never deflates it.
    const double true_p2t = 2.0 * p.amplitude_bpm * gain(p, f);
    EXPECT_GT(s.peak_to_trough_bpm, true_p2t - 0.2) << s.segment.rate_bpm;
    EXPECT_LT(s.peak_to_trough_bpm, true_p2t + 1.5) << s.segment.rate_bpm;
    // The fitted fundamental is not inflated by jitter the way max - min is.
    EXPECT_NEAR(s.phase_deg, phase(p, f) * 180.0 / std::numbers::pi, 5.0) << s.segment.rate_bpm;
    EXPECT_NEAR(s.lf_peak_hz, f, 0.004);
    EXPECT_EQ(s.lf_peak_count, 1u);
    EXPECT_GT(s.phase_consistency, 0.95);
  }
  // Phase: HR leads below resonance (slower breathing), lags above; ~0 at resonance (§5.1).
  EXPECT_LT(a.segments[0].phase_deg, a.segments[4].phase_deg);  // 6.5 /min lags more than 4.5 /min
  EXPECT_LT(std::abs(a.segments[2].phase_deg), 5.0);             // 5.5 /min: in phase
  const auto& best = a.segments[2];
  for (std::size_t k = 0; k < kResonanceCriteria; ++k) {
    if (k == 5) continue;  // one LF peak everywhere: a tie
    EXPECT_LE(best.ranks[k], 2.0) << "criterion " << k + 1;
  }
}

TEST(ResonanceAssessment, FlatResponseGivesLowConfidence) {
  Person p;
  p.quality_factor = 0.0;  // every rate gives the same HR oscillation
  const auto segs = stepped_protocol();
  for (unsigned seed : {21u, 22u, 23u}) {
    const auto a = assess_resonance(protocol_beats(p, segs, seed), segs);
    print(a, "flat response");
    std::printf("[ resonance ] summary: %s\n", a.summary.c_str());
    // The sentence never states a lead of 0 % or a negative one.
    EXPECT_EQ(a.summary.find("by -"), std::string::npos) << a.summary;
    EXPECT_EQ(a.summary.find("by 0 %"), std::string::npos) << a.summary;
    EXPECT_EQ(a.level, AssessmentConfidence::kLow);
    EXPECT_LT(a.confidence, 0.3);
    EXPECT_FALSE(std::isnan(a.recommended_rate_bpm));
  }
}

TEST(ResonanceAssessment, SegmentWithGapsAndArtifactsIsInvalid) {
  Person p;
  const auto segs = stepped_protocol();
  auto nn = protocol_beats(p, segs, 13);
  // Block 4 (5.0 /min, 360-480 s): drop runs of beats (electrode contact) and corrupt others
  // into implausible values (spikes of 150 ms, 2500 ms).
  std::vector<RrInterval> dirty;
  std::size_t k = 0;
  for (auto iv : nn) {
    ++k;
    if (iv.t_s > 380.0 && iv.t_s < 480.0) {
      if (static_cast<int>(iv.t_s) % 10 < 4) continue;  // 4 s holes every 10 s
      if (k % 7 == 0) iv.rr_ms = (k % 2 == 0) ? 150.0 : 2500.0;
    }
    dirty.push_back(iv);
  }
  const auto a = assess_resonance(dirty, segs);
  print(a, "5.0 /min block with 4 s holes");
  EXPECT_FALSE(a.segments[3].valid);
  EXPECT_FALSE(a.segments[3].ranked);
  EXPECT_NE(a.segments[3].reason.find("not scored"), std::string::npos);
  std::printf("[ resonance ] invalid block reason: %s\n", a.segments[3].reason.c_str());
  EXPECT_DOUBLE_EQ(a.recommended_rate_bpm, 5.5);
  EXPECT_TRUE(a.segments[2].valid);
}

TEST(ResonanceAssessment, MeasuredBreathsGiveTheSameAnswer) {
  Person p;
  const auto segs = stepped_protocol();
  const auto nn = protocol_beats(p, segs, 14);
  std::vector<double> onsets;
  for (const auto& s : segs) {
    const double cycle = 60.0 / s.rate_bpm;
    for (double t = s.start_s; t < s.end_s - 1e-9; t += cycle) onsets.push_back(t);
  }
  const auto breaths = breath_cycles_from_onsets(onsets, 0.5);
  const auto a = assess_resonance(nn, segs, {}, breaths);
  const auto b = assess_resonance(nn, segs);
  EXPECT_DOUBLE_EQ(a.recommended_rate_bpm, 5.5);
  for (std::size_t i = 0; i < segs.size(); ++i) {
    EXPECT_NEAR(a.segments[i].phase_deg, b.segments[i].phase_deg, 2.0);
    EXPECT_NEAR(a.segments[i].peak_to_trough_bpm, b.segments[i].peak_to_trough_bpm, 0.3);
  }
}

TEST(ResonanceAssessment, NotFollowingThePacerIsFlagged) {
  // In the 6.0 /min block the person breathes at 8 /min instead.
  Person p;
  auto segs = stepped_protocol();
  std::vector<AssessmentSegment> actual = segs;
  actual[1].rate_bpm = 8.0;
  const auto nn = protocol_beats(p, actual, 15);
  const auto a = assess_resonance(nn, segs);
  print(a, "6.0 /min block breathed at 8 /min");
  EXPECT_FALSE(a.segments[1].followed);
  EXPECT_FALSE(a.segments[1].ranked);
  EXPECT_NE(a.segments[1].reason.find("did not follow"), std::string::npos);
  EXPECT_DOUBLE_EQ(a.recommended_rate_bpm, 5.5);
}

TEST(ResonanceAssessment, SummarySaysWhenTheSwingDoesNotLead) {
  // Two blocks with the same heart-rate swing (a flat response, no jitter): whichever wins on
  // the rank sum, its swing does not lead, and the sentence says so.
  Person p;
  p.quality_factor = 0.0;
  p.jitter_ms = 0.0;
  const auto all = stepped_protocol();
  const std::vector<AssessmentSegment> two(all.begin() + 1, all.begin() + 3);
  const auto a = assess_resonance(protocol_beats(p, two, 31), two);
  print(a, "two blocks, equal swing");
  std::printf("[ resonance ] summary: %s\n", a.summary.c_str());
  EXPECT_NE(a.summary.find("does not clearly lead the largest of the other blocks'"),
            std::string::npos)
      << a.summary;
  EXPECT_EQ(a.level, AssessmentConfidence::kLow);
}

TEST(ResonanceAssessment, SummaryWithOneComparableBlock) {
  Person p;
  const auto all = stepped_protocol();
  const std::vector<AssessmentSegment> one(all.begin() + 2, all.begin() + 3);
  const auto a = assess_resonance(protocol_beats(p, one, 32), one);
  std::printf("[ resonance ] summary: %s\n", a.summary.c_str());
  EXPECT_DOUBLE_EQ(a.recommended_rate_bpm, 5.5);
  EXPECT_NE(a.summary.find("there was one block"), std::string::npos) << a.summary;
  EXPECT_EQ(a.summary.find("runner-up"), std::string::npos) << a.summary;
}

TEST(ResonanceAssessment, SummaryWhenOnlyOneOfTheBlocksHasData) {
  // Beats only in the 6.0 /min block: the other blocks are not scored.
  Person p;
  const auto all = stepped_protocol();
  const std::vector<AssessmentSegment> breathed(all.begin() + 1, all.begin() + 2);
  const auto a = assess_resonance(protocol_beats(p, breathed, 33), all);
  std::printf("[ resonance ] summary: %s\n", a.summary.c_str());
  EXPECT_DOUBLE_EQ(a.recommended_rate_bpm, 6.0);
  EXPECT_NE(a.summary.find("only 1 of 5 blocks could be compared"), std::string::npos)
      << a.summary;
}

// The blocks' times do not match the recording (or the person never breathed with the guide):
// every block is breathed at 12 /min. Ranking them would pick noise and call it a rate.
TEST(ResonanceAssessment, NoBlockFollowedNoRecommendation) {
  Person p;
  const auto segs = stepped_protocol();
  std::vector<AssessmentSegment> actual = segs;
  for (auto& s : actual) s.rate_bpm = 12.0;
  const auto a = assess_resonance(protocol_beats(p, actual, 31), segs);
  print(a, "every block breathed at 12 /min");
  for (const auto& s : a.segments) {
    EXPECT_FALSE(s.followed) << s.segment.rate_bpm;
    EXPECT_FALSE(s.ranked) << s.segment.rate_bpm;
  }
  EXPECT_TRUE(std::isnan(a.recommended_rate_bpm));
  EXPECT_EQ(a.level, AssessmentConfidence::kNone);
  EXPECT_EQ(a.summary.rfind("No recommendation: in no block did the heart-rate rhythm follow", 0),
            0u)
      << a.summary;
}

TEST(ResonanceAssessment, NoDataNoRecommendation) {
  const auto segs = stepped_protocol();
  const auto a = assess_resonance(std::span<const RrInterval>{}, segs);
  EXPECT_TRUE(std::isnan(a.recommended_rate_bpm));
  EXPECT_EQ(a.level, AssessmentConfidence::kNone);
  EXPECT_FALSE(a.summary.empty());
}

}  // namespace
}  // namespace resonant::dsp
