#pragma once
// Beat annotations (a WFDB annotation file: mitdb's .atr, nsr2db's .ecg) as an RR-interval
// list of normal-to-normal (N-N) intervals, the series heart-rate variability is defined on
// (Task Force 1996; physiology-and-metrics §9.3: both ends normal, no successive difference
// across a non-normal beat).
//
// Normal = sinus-conducted: N, and L, R, B (bundle-branch block: sinus beats with slowed
// conduction, so a record of LBBB beats still has a series). Every other beat label (V, A, F,
// paced, unknown, ...) is left out with the two intervals touching it; the list then has a
// hole there: the next interval does not start where the last one ended. Non-beat annotations
// (rhythm, noise, comments) are ignored.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <resonant/records/annotations.hpp>
#include <resonant/records/rr_text.hpp>

namespace resonant::records {

struct AnnotatedNnSeries {
  std::vector<RrInterval> nn;      // t_s = the later beat, seconds from the record's start
  std::size_t beats = 0;           // annotations with a beat label (EC57's set)
  std::size_t normal_beats = 0;    // of those, N, L, R or B
  std::size_t left_out = 0;        // beat-to-beat intervals with a non-normal end
  std::string other_labels;        // the other beat labels and their counts: "V 68, A 13"
};

/// True for the labels counted as normal: N, L, R, B.
bool is_normal_beat_label(char symbol);

/// frame_rate_hz > 0: the record's frame rate (annotation samples are frames).
AnnotatedNnSeries nn_series_from_annotations(std::span<const Annotation> annotations,
                                             double frame_rate_hz);

}  // namespace resonant::records
