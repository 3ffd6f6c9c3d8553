#include "rr_averages.hpp"

namespace resonant::dsp::detail {
namespace {
constexpr double kLowLimit = 0.92;   // RR LOW LIMIT / RR AVERAGE2
constexpr double kHighLimit = 1.16;  // RR HIGH LIMIT / RR AVERAGE2
}  // namespace

void RrAverages::push(double rr_samples) {
  recent_.push(rr_samples);
  const double avg2 = average2();
  const bool inside = rr_samples >= kLowLimit * avg2 && rr_samples <= kHighLimit * avg2;
  if (selected_.count == 0 || inside) {
    selected_.push(rr_samples);
    outside_in_a_row_ = 0;
  } else if (++outside_in_a_row_ >= kHistory) {
    selected_ = recent_;
    outside_in_a_row_ = 0;
  }
}

void RrAverages::reset() {
  recent_ = Last8{};
  selected_ = Last8{};
  outside_in_a_row_ = 0;
}

}  // namespace resonant::dsp::detail
