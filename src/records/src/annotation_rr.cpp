#include <resonant/records/annotation_rr.hpp>

#include <array>
#include <string_view>

namespace resonant::records {
namespace {

constexpr double kMillisecondsPerSecond = 1000.0;

}  // namespace

bool is_normal_beat_label(char symbol) {
  static constexpr std::string_view kNormal = "NLRB";
  return kNormal.find(symbol) != std::string_view::npos;
}

AnnotatedNnSeries nn_series_from_annotations(std::span<const Annotation> annotations,
                                             double frame_rate_hz) {
  AnnotatedNnSeries out;
  std::array<std::size_t, kMaxAnnotationCode + 1> other_count{};
  bool have_previous = false;
  bool previous_normal = false;
  double previous_s = 0.0;
  for (const Annotation& a : annotations) {
    if (!is_ec57_beat(a.code)) continue;
    ++out.beats;
    const bool normal = is_normal_beat_label(a.symbol);
    const double t_s = static_cast<double>(a.sample) / frame_rate_hz;
    if (normal) {
      ++out.normal_beats;
    } else {
      ++other_count[static_cast<std::size_t>(a.code)];
    }
    if (have_previous) {
      if (normal && previous_normal) {
        out.nn.push_back({t_s, (t_s - previous_s) * kMillisecondsPerSecond});
      } else {
        ++out.left_out;
      }
    }
    have_previous = true;
    previous_normal = normal;
    previous_s = t_s;
  }
  for (int code = 1; code <= kMaxAnnotationCode; ++code) {
    const std::size_t n = other_count[static_cast<std::size_t>(code)];
    if (n == 0) continue;
    if (!out.other_labels.empty()) out.other_labels += ", ";
    out.other_labels += std::string(1, annotation_symbol(code)) + " " + std::to_string(n);
  }
  return out;
}

}  // namespace resonant::records
