// Beat annotations to N-N intervals: which labels count as normal, where the series breaks,
// and what is reported about the rest.
#include <vector>

#include <gtest/gtest.h>

#include <resonant/records/annotation_rr.hpp>

namespace resonant::records {
namespace {

constexpr int kN = 1, kL = 2, kV = 5, kA = 8, kNoise = 14, kRhythm = 28;
constexpr double kFrameRateHz = 100.0;

Annotation at(std::int64_t sample, int code) {
  Annotation a;
  a.sample = sample;
  a.code = code;
  a.symbol = annotation_symbol(code);
  return a;
}

TEST(AnnotationRr, NormalToNormalIntervalsLeaveOutBothSidesOfOtherBeats) {
  // Beats at 0, 0.8, 1.6 (V), 2.6, 3.4, 4.2 (A), 4.9, 5.7 s; a rhythm and a noise mark between.
  const std::vector<Annotation> ann = {at(0, kN),   at(80, kN),     at(100, kRhythm), at(160, kV),
                                       at(260, kN), at(300, kNoise), at(340, kN),     at(420, kA),
                                       at(490, kN), at(570, kN)};
  const AnnotatedNnSeries s = nn_series_from_annotations(ann, kFrameRateHz);
  EXPECT_EQ(s.beats, 8u);
  EXPECT_EQ(s.normal_beats, 6u);
  EXPECT_EQ(s.left_out, 4u);  // either side of the V and of the A
  EXPECT_EQ(s.other_labels, "V 1, A 1");
  ASSERT_EQ(s.nn.size(), 3u);
  EXPECT_DOUBLE_EQ(s.nn[0].t_s, 0.8);
  EXPECT_DOUBLE_EQ(s.nn[0].rr_ms, 800.0);
  EXPECT_DOUBLE_EQ(s.nn[1].t_s, 3.4);  // after the hole: starts at 2.6 s, not at 0.8 s
  EXPECT_DOUBLE_EQ(s.nn[1].rr_ms, 800.0);
  EXPECT_DOUBLE_EQ(s.nn[2].t_s, 5.7);
  EXPECT_DOUBLE_EQ(s.nn[2].rr_ms, 800.0);
}

TEST(AnnotationRr, BundleBranchBlockBeatsAreNormal) {
  // A record of L beats (LBBB) still has a series.
  const std::vector<Annotation> ann = {at(0, kL), at(100, kL), at(190, kL)};
  const AnnotatedNnSeries s = nn_series_from_annotations(ann, kFrameRateHz);
  EXPECT_EQ(s.normal_beats, 3u);
  ASSERT_EQ(s.nn.size(), 2u);
  EXPECT_DOUBLE_EQ(s.nn[1].rr_ms, 900.0);
  EXPECT_TRUE(s.other_labels.empty());
  for (char c : {'N', 'L', 'R', 'B'}) EXPECT_TRUE(is_normal_beat_label(c)) << c;
  for (char c : {'V', 'A', 'F', '/', 'Q', '?', 'a', 'J', 'S', 'e', 'j', 'n', 'E', 'f', 'r'}) {
    EXPECT_FALSE(is_normal_beat_label(c)) << c;
  }
}

TEST(AnnotationRr, NoBeatsNoIntervals) {
  const std::vector<Annotation> ann = {at(0, kRhythm), at(10, kNoise)};
  const AnnotatedNnSeries s = nn_series_from_annotations(ann, kFrameRateHz);
  EXPECT_EQ(s.beats, 0u);
  EXPECT_TRUE(s.nn.empty());
  EXPECT_EQ(s.left_out, 0u);
}

}  // namespace
}  // namespace resonant::records
