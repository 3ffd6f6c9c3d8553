// analyze_file's progress covers the whole analysis: the bar used to reach 100 % when the
// reading ended and then stood still through the beats, HRV and breathing windows (6.7 s of
// 8.6 s on a day-long record).
#include <resonant/engine/file_analysis.hpp>
#include <resonant/engine/simulated_record.hpp>

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace resonant::engine {
namespace {

TEST(FileAnalysisProgress, RisesThroughEveryStepAndEndsAtOne) {
  testing::TempDir dir;
  SimulatedRecordOptions record;
  record.header_path = dir.path() / "p.hea";
  record.duration_s = 240.0;
  write_simulated_record(record);
  FileSource source;
  source.path = record.header_path;
  std::vector<double> seen;
  analyze_file(source, {}, [&](double f) { seen.push_back(f); });
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << "never goes back";
  EXPECT_GE(seen.front(), 0.0);
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
  // The reading is the first quarter; after it come the beats, HRV and breathing.
  const auto after_reading = std::count_if(seen.begin(), seen.end(), [](double f) {
    return f > 0.25 + 1e-9 && f < 1.0;
  });
  EXPECT_GE(after_reading, 3);
}

}  // namespace
}  // namespace resonant::engine
