#include <resonant/common/pacer.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace resonant {
namespace {

double ease(double x) { return 0.5 - 0.5 * std::cos(std::numbers::pi * x); }

struct PartSpan {
  double start;
  double length;
};

PartSpan part_span(const CycleLayout& l, BreathPart part) {
  switch (part) {
    case BreathPart::kInhale: return {0.0, l.inhale};
    case BreathPart::kHoldIn: return {l.inhale, l.hold_in};
    case BreathPart::kExhale: return {l.inhale + l.hold_in, l.exhale};
    case BreathPart::kHoldOut: return {l.inhale + l.hold_in + l.exhale, l.hold_out};
  }
  return {0.0, l.inhale};
}

BreathPart next_part(BreathPart p) {
  switch (p) {
    case BreathPart::kInhale: return BreathPart::kHoldIn;
    case BreathPart::kHoldIn: return BreathPart::kExhale;
    case BreathPart::kExhale: return BreathPart::kHoldOut;
    case BreathPart::kHoldOut: return BreathPart::kInhale;
  }
  return BreathPart::kInhale;
}

// Locates the part of a cycle phase; ties go to the later part so zero-length parts are skipped.
void locate(const CycleLayout& l, double phase, BreathPart& part, double& progress) {
  double start = 0.0;
  for (BreathPart p : {BreathPart::kInhale, BreathPart::kHoldIn, BreathPart::kExhale,
                       BreathPart::kHoldOut}) {
    const double len = part_span(l, p).length;
    if (len > 0.0 && phase < start + len) {
      part = p;
      progress = std::clamp((phase - start) / len, 0.0, 1.0);
      return;
    }
    start += len;
  }
  part = BreathPart::kHoldOut;
  progress = 1.0;
  if (l.hold_out <= 0.0) {  // phase rounding at the very end of the exhale
    part = BreathPart::kExhale;
  }
}

double volume_in(BreathPart part, double progress) {
  switch (part) {
    case BreathPart::kInhale: return ease(progress);
    case BreathPart::kHoldIn: return 1.0;
    case BreathPart::kExhale: return 1.0 - ease(progress);
    case BreathPart::kHoldOut: return 0.0;
  }
  return 0.0;
}

}  // namespace

std::string_view to_string(BreathPart part) {
  switch (part) {
    case BreathPart::kInhale: return "inhale";
    case BreathPart::kHoldIn: return "hold";
    case BreathPart::kExhale: return "exhale";
    case BreathPart::kHoldOut: return "rest";
  }
  return "inhale";
}

PacerSettings clamped(PacerSettings s) {
  if (!std::isfinite(s.rate_bpm)) s.rate_bpm = 6.0;
  const double on_grid =
      std::round(s.rate_bpm / kPacerRateResolutionBpm) * kPacerRateResolutionBpm;
  s.rate_bpm = std::clamp(on_grid, kPacerMinRateBpm, kPacerMaxRateBpm);
  if (!std::isfinite(s.inhale_fraction)) s.inhale_fraction = 0.4;
  s.inhale_fraction =
      std::clamp(s.inhale_fraction, kPacerMinInhaleFraction, kPacerMaxInhaleFraction);
  auto clamp_hold = [](double h) { return std::isfinite(h) ? std::clamp(h, 0.0, kPacerMaxHoldS) : 0.0; };
  s.hold_after_inhale_s = clamp_hold(s.hold_after_inhale_s);
  s.hold_after_exhale_s = clamp_hold(s.hold_after_exhale_s);
  const double cycle_s = 60.0 / s.rate_bpm;
  const double holds = s.hold_after_inhale_s + s.hold_after_exhale_s;
  const double max_holds = kPacerMaxHoldShareOfCycle * cycle_s;
  if (holds > max_holds) {
    const double k = max_holds / holds;
    s.hold_after_inhale_s *= k;
    s.hold_after_exhale_s *= k;
  }
  return s;
}

CycleLayout cycle_layout(const PacerSettings& raw) {
  const PacerSettings s = clamped(raw);
  const double cycle_s = 60.0 / s.rate_bpm;
  CycleLayout l;
  l.hold_in = s.hold_after_inhale_s / cycle_s;
  l.hold_out = s.hold_after_exhale_s / cycle_s;
  const double breathing = 1.0 - l.hold_in - l.hold_out;
  l.inhale = breathing * s.inhale_fraction;
  l.exhale = breathing - l.inhale;
  return l;
}

double pacer_volume(const PacerSettings& settings, double cycle_phase) {
  BreathPart part{};
  double progress = 0.0;
  locate(cycle_layout(settings), cycle_phase, part, progress);
  return volume_in(part, progress);
}

PacerState pacer_state(const PacerSegment& seg, double t_s) {
  const PacerSettings s = clamped(seg.settings);
  PacerState st;
  st.rate_bpm = s.rate_bpm;
  st.cycle_s = 60.0 / s.rate_bpm;
  const double cycles = seg.start_cycles + (t_s - seg.t_start_s) * s.rate_bpm / 60.0;
  const double whole = std::floor(cycles);
  st.breath_index = static_cast<std::int64_t>(whole);
  st.cycle_phase = cycles - whole;
  locate(cycle_layout(s), st.cycle_phase, st.part, st.part_progress);
  st.volume = volume_in(st.part, st.part_progress);
  return st;
}

PacerSchedule::PacerSchedule(const PacerSettings& initial, double t_start_s) {
  segments_.push_back(PacerSegment{t_start_s, clamped(initial), 0.0});
}

void PacerSchedule::set(double t_s, const PacerSettings& raw) {
  const PacerSettings settings = clamped(raw);
  PacerSegment& last = segments_.back();
  if (settings == last.settings) return;
  t_s = std::max(t_s, last.t_start_s);
  const PacerState now = pacer_state(last, t_s);
  // Keep the part and the progress through it; a part that no longer exists hands over to
  // the start of the next one, which has the same volume (hold-in 1 -> exhale 1, hold-out
  // 0 -> inhale 0).
  const CycleLayout l = cycle_layout(settings);
  BreathPart part = now.part;
  double progress = now.part_progress;
  for (int guard = 0; guard < 4 && part_span(l, part).length <= 0.0; ++guard) {
    part = next_part(part);
    progress = 0.0;
  }
  const PartSpan span = part_span(l, part);
  double phase = span.start + progress * span.length;
  double whole = static_cast<double>(now.breath_index);
  if (phase >= 1.0) {  // a hold-out that vanished wraps to the next inhale
    phase -= 1.0;
    whole += 1.0;
  }
  PacerSegment next{t_s, settings, whole + phase};
  if (t_s == last.t_start_s) {
    // Same instant as the previous change: that segment never ran, replace it. Its start
    // state is the continuity state computed above, so nothing jumps.
    last = next;
    return;
  }
  segments_.push_back(next);
}

const PacerSegment& PacerSchedule::segment_at(double t_s) const {
  // Segments are few and appended in time order; search from the back.
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) {
    if (t_s >= it->t_start_s) return *it;
  }
  return segments_.front();
}

PacerState PacerSchedule::at(double t_s) const { return pacer_state(segment_at(t_s), t_s); }

}  // namespace resonant
