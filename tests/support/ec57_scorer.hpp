#pragma once
// test-only: ANSI/AAMI EC57 beat-by-beat comparison of detected beats with reference beat
// annotations (physiology-and-metrics.md §8.1), a port of the matching rules of PhysioNet's
// bxb (G. Moody, wfdb app/bxb.c, the reference implementation of EC38/EC57):
//
//  - Match window 0.15 s: a reference beat T and a test beat t pair when |T - t| <= window.
//    Both lists are walked in time order; the earlier of the current reference and test beat
//    is paired with the other when it is inside the window and a better match than the other
//    list's next beat (or when the two next beats match each other better: bxb's 2002 rule for
//    beats closer than two windows). An unpaired reference beat is a false negative, an
//    unpaired test beat a false positive; each beat is used at most once.
//  - Scoring starts at start_s (EC57: 5 min, the detector's learning period). Reference beats
//    before it are ignored. Test beats before it are ignored too, except bxb's two boundary
//    rules: the last test beat before start_s may still pair with the first reference beat at
//    or after it (a TP), and the first test beat after start_s is dropped, uncounted, when it
//    lies within one window of start_s, is unmatched, and the next test beat matches the
//    first reference beat better.
//  - End: bxb compares up to the record's end (header length) and counts every beat to the
//    last sample: EC57 excludes no final margin. When the length is unknown (record_end_s
//    NaN) the comparison stops at the last reference beat and later test beats are not
//    counted, as bxb does without a length.
//  - Ventricular fibrillation (reference VFON ... VFOFF, MIT codes '[' and ']') is excluded:
//    reference beats inside it are skipped and test beats inside it are not counted.
//    (bxb's shutdown handling changes no Se/+P figure and is not modelled.)
// Sensitivity Se = TP / (TP + FN), positive predictivity +P = TP / (TP + FP); gross figures
// pool TP/FN/FP over records (EC57's "gross" statistics).
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace resonant::testing {

struct Ec57Options {
  double match_window_s = 0.150;  // EC57 / bxb default
  double start_s = 300.0;         // EC57: 5 min learning period excluded
  // Length of the record (bxb: from the header); NaN = unknown, stop at the last reference.
  double record_end_s = std::numeric_limits<double>::quiet_NaN();
};

struct TimeInterval {
  double begin_s = 0.0;
  double end_s = 0.0;  // inclusive
};

struct Ec57Counts {
  std::size_t true_positives = 0;
  std::size_t false_negatives = 0;
  std::size_t false_positives = 0;

  std::size_t reference_beats() const { return true_positives + false_negatives; }
  /// Percent; NaN when there is no reference beat.
  double sensitivity_pct() const;
  /// Percent; NaN when there is no detection.
  double positive_predictivity_pct() const;
  Ec57Counts& operator+=(const Ec57Counts& other);
};

struct Ec57Result : Ec57Counts {
  // Per reference beat: index of the matched test beat, -1 when unmatched or not scored
  // (before start_s, after the end, inside VF). Scored or not, pairs before start_s are not
  // made (bxb skips them), so this covers the scored range only.
  std::vector<long> matched_test;
  std::vector<std::size_t> missed_reference;  // scored reference beats left unmatched (FN)
  std::vector<std::size_t> extra_test;        // scored test beats left unmatched (FP)
};

/// Compares beat times (s, each list increasing). vf: reference VF episodes to exclude.
Ec57Result ec57_compare(std::span<const double> reference_s, std::span<const double> test_s,
                        const Ec57Options& options = {},
                        std::span<const TimeInterval> vf = {});

/// "[ tag ] TP n FN n FP n -> Se x % +P y %" style line body, for test output.
std::string ec57_summary(const Ec57Counts& counts);

}  // namespace resonant::testing
