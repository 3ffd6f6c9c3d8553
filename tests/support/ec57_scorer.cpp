#include "ec57_scorer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace resonant::testing {
namespace {

// bxb's "huge_time": the time of the beat after the last one.
constexpr double kNone = 1e12;
// Beat times are computed from sample counts; keep an exact-window difference inside.
constexpr double kTimeTolerance = 1e-9;

bool inside(std::span<const TimeInterval> intervals, double t) {
  return std::any_of(intervals.begin(), intervals.end(),
                     [t](const TimeInterval& i) { return t >= i.begin_s && t <= i.end_s; });
}

}  // namespace

double Ec57Counts::sensitivity_pct() const {
  const auto n = true_positives + false_negatives;
  return n == 0 ? std::numeric_limits<double>::quiet_NaN()
                : 100.0 * static_cast<double>(true_positives) / static_cast<double>(n);
}

double Ec57Counts::positive_predictivity_pct() const {
  const auto n = true_positives + false_positives;
  return n == 0 ? std::numeric_limits<double>::quiet_NaN()
                : 100.0 * static_cast<double>(true_positives) / static_cast<double>(n);
}

Ec57Counts& Ec57Counts::operator+=(const Ec57Counts& other) {
  true_positives += other.true_positives;
  false_negatives += other.false_negatives;
  false_positives += other.false_positives;
  return *this;
}

Ec57Result ec57_compare(std::span<const double> reference_s, std::span<const double> test_s,
                        const Ec57Options& options, std::span<const TimeInterval> vf) {
  Ec57Result r;
  r.matched_test.assign(reference_s.size(), -1);
  const double w = options.match_window_s + kTimeTolerance;
  const double start = options.start_s;
  const bool bounded = !std::isnan(options.record_end_s);
  const double end = options.record_end_s;

  // Reference beats inside VF do not exist for bxb (getref skips VFON ... VFOFF).
  std::vector<std::size_t> ref;  // indices into reference_s
  for (std::size_t k = 0; k < reference_s.size(); ++k) {
    if (!inside(vf, reference_s[k])) ref.push_back(k);
  }
  auto ref_at = [&](std::size_t i) { return i < ref.size() ? reference_s[ref[i]] : kNone; };
  auto test_at = [&](std::size_t j) { return j < test_s.size() ? test_s[j] : kNone; };

  auto pair = [&](std::size_t i, std::size_t j) {
    r.matched_test[ref[i]] = static_cast<long>(j);
    ++r.true_positives;
  };
  auto miss = [&](std::size_t i) {
    r.missed_reference.push_back(ref[i]);
    ++r.false_negatives;
  };
  auto extra = [&](std::size_t j) {
    if (inside(vf, test_s[j])) return;  // bxb: test beats during reference VF are not counted
    r.extra_test.push_back(j);
    ++r.false_positives;
  };

  // First reference beat at or after the start; first test beat at or after it.
  std::size_t i = 0;
  while (i < ref.size() && ref_at(i) < start) ++i;
  std::size_t j = 0;
  while (j < test_s.size() && test_s[j] < start) ++j;

  // Boundary rules (bxb): the last test beat of the learning period may match the first
  // reference beat; otherwise it is dropped, and so is the first test beat after the start
  // when it is within a window of the start and the next test beat matches better.
  {
    const double T = ref_at(i);
    bool paired = false;
    if (j > 0) {
      const double t = test_s[j - 1];
      if (T - t < std::abs(T - test_at(j)) && T - t <= w) {
        pair(i, j - 1);
        ++i;
        paired = true;
      }
    }
    if (!paired && j < test_s.size() && test_at(j) - start <= w &&
        std::abs(T - test_at(j + 1)) < std::abs(T - test_at(j))) {
      ++j;  // not counted
    }
  }

  while (bounded ? (ref_at(i) <= end || test_at(j) <= end) : (i < ref.size())) {
    const double T = ref_at(i), T_next = ref_at(i + 1);
    const double t = test_at(j), t_next = test_at(j + 1);
    if (i >= ref.size() && j >= test_s.size()) break;
    if (t < T) {
      // (1) the test beat is earliest: pair it if it is a better match than the next one.
      if (T - t <= w && (T - t < std::abs(T - t_next) ||
                         std::abs(T_next - t_next) < std::abs(T - t_next))) {
        pair(i++, j++);
      } else {
        extra(j++);  // (2)
      }
    } else {
      // (3) the reference beat is earliest (or simultaneous).
      if (t - T <= w && (t - T < std::abs(t - T_next) ||
                         std::abs(t_next - T_next) < std::abs(t - T_next))) {
        pair(i++, j++);
      } else {
        miss(i++);  // (4)
      }
    }
  }
  return r;
}

std::string ec57_summary(const Ec57Counts& c) {
  char line[160];
  std::snprintf(line, sizeof line,
                "reference %zu, TP %zu, FN %zu, FP %zu -> Se %.2f %%, +P %.2f %%",
                c.reference_beats(), c.true_positives, c.false_negatives, c.false_positives,
                c.sensitivity_pct(), c.positive_predictivity_pct());
  return line;
}

}  // namespace resonant::testing
