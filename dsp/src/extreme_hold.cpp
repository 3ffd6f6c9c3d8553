#include <resonant/dsp/extreme_hold.hpp>

#include <cmath>
#include <stdexcept>

namespace resonant::dsp {
namespace {

bool steep(double change, double step) {
  return std::isnan(step) || change > ExtremeHold::kSteepSteps * step;
}

}  // namespace

void QuantisationStep::push(double change, bool interior) {
  if (change == 0.0) {
    if (interior && interior_repeats_ < kConfirmations) ++interior_repeats_;
    return;
  }
  if (!(change > 0.0) || !std::isfinite(change)) return;
  if (change < candidate_ * (1.0 - kRelativeTolerance)) {
    candidate_ = change;
    seen_ = 1;
  } else if (change <= candidate_ * (1.0 + kRelativeTolerance)) {
    ++seen_;
  }
  // A smaller candidate replaces the confirmed step only once it is confirmed itself: one
  // odd small change does not undo a known step.
  if (seen_ >= kConfirmations) confirmed_ = candidate_;
}

double QuantisationStep::step() const {
  return interior_repeats_ >= kConfirmations ? confirmed_
                                             : std::numeric_limits<double>::quiet_NaN();
}

void QuantisationStep::reset() { *this = QuantisationStep{}; }

ExtremeHold::ExtremeHold(std::int64_t min_run) : min_run_(min_run) {
  if (min_run < 1) throw std::invalid_argument("ExtremeHold: min_run must be at least 1");
}

void ExtremeHold::start_block() {
  has_value_ = false;
  run_ = 0;
  steep_entry_ = false;
  held_ = 0;
}

bool ExtremeHold::counts(bool steep_exit) const {
  return steep_entry_ || steep_exit || run_ >= kLongHoldClipLengths * min_run_;
}

void ExtremeHold::push(double x, double previous, double step) {
  if (!has_value_ || x > value_) {
    has_value_ = true;
    value_ = x;
    held_ = 0;
    run_ = 1;
    steep_entry_ = steep(x - previous, step);
    return;
  }
  if (x == value_) {
    if (run_ == 0) steep_entry_ = steep(x - previous, step);
    ++run_;
    return;
  }
  if (run_ > 0 && counts(steep(value_ - x, step))) held_ += run_;
  run_ = 0;
}

std::int64_t ExtremeHold::held() const {
  return held_ + (run_ > 0 && counts(false) ? run_ : 0);
}

}  // namespace resonant::dsp
