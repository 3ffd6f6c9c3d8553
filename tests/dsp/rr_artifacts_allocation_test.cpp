// StreamingRrArtifactCorrector::push() keeps no growing storage: the heap in use is the same
// before and after 20 000 pushes (with artifacts, gaps, flush and reset). allocation_test.cpp
// owns this binary's operator new replacement, so this file cannot count allocations one by
// one; a push that allocated and freed within itself would not show here (see the report).
#include <resonant/dsp/rr_artifacts.hpp>

#include <malloc.h>

#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::dsp {
namespace {

TEST(RrArtifactsAllocation, HeapInUseDoesNotGrowWhilePushing) {
  std::vector<RrInterval> raw;
  double t = 0.0;
  for (int i = 0; i < 20000; ++i) {
    double rr = 900.0 + 150.0 * std::sin(2.0 * std::numbers::pi * 0.1 * t);
    if (i % 97 == 50) rr *= 2.0;   // missed beat
    if (i % 89 == 40) rr *= 0.4;   // short half of an extra beat
    t += rr / 1000.0;
    raw.push_back({t, rr, i % 5000 == 4999});
  }
  StreamingRrArtifactCorrector corrector;
  std::size_t decided = 0;
  for (std::size_t i = 0; i < 200; ++i) decided += corrector.push(raw[i]).size();  // warm-up
  const std::size_t before = mallinfo2().uordblks;
  for (std::size_t i = 200; i < raw.size(); ++i) {
    decided += corrector.push(raw[i]).size();
    if (i == 12000) decided += corrector.flush().size();
    if (i == 15000) corrector.reset();
  }
  const std::size_t after = mallinfo2().uordblks;
  EXPECT_EQ(after, before);
  EXPECT_GT(decided, 19000u);  // the loop did real work
}

}  // namespace
}  // namespace resonant::dsp
