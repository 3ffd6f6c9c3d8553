#include <resonant/engine/protocol_runner.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace resonant::engine {
namespace {

double round_to_pacer_step(double rate_bpm) {
  return std::round(rate_bpm / kPacerRateStepBpm) * kPacerRateStepBpm;
}

/// A known rate inside the pacer's range, else the fallback.
double usable_or(double rate_bpm, double fallback_bpm) {
  if (!std::isfinite(rate_bpm)) return fallback_bpm;
  return round_to_pacer_step(std::clamp(rate_bpm, kPacerMinRateBpm, kPacerMaxRateBpm));
}

}  // namespace

ProtocolRunner::ProtocolRunner(std::shared_ptr<const Protocol> protocol) : protocol_(std::move(protocol)) {
  if (!protocol_ || protocol_->steps.empty()) {
    throw std::invalid_argument("ProtocolRunner needs a protocol with at least one step");
  }
}

double ProtocolRunner::step_start_s(std::size_t step) const {
  double t = t0_s_;
  for (std::size_t i = 0; i < step && i < protocol_->steps.size(); ++i) t += protocol_->steps[i].duration_s;
  return t;
}

double ProtocolRunner::end_s() const { return step_start_s(protocol_->steps.size()); }

RunnerAction ProtocolRunner::begin_step(std::size_t step, const RateInputs& inputs) {
  step_ = step;
  const ProtocolStep& s = protocol_->steps[step];
  RunnerAction a;
  a.type = RunnerAction::Type::kStepStarted;
  a.step = step;
  a.t_s = step_start_s(step);
  a.pacer_enabled = s.pacer_enabled;
  a.pacer = s.pacer;
  if (s.pacer_enabled) {
    switch (s.rate_from) {
      case RateSource::kFixed: rate_start_bpm_ = s.pacer.rate_bpm; break;
      case RateSource::kClientResonance:
        rate_start_bpm_ = usable_or(inputs.client_resonance_bpm, s.pacer.rate_bpm);
        break;
      case RateSource::kMeasured: rate_start_bpm_ = usable_or(inputs.measured_bpm, s.pacer.rate_bpm); break;
    }
    rate_end_bpm_ = rate_start_bpm_;
    if (s.rate_end_bpm) rate_end_bpm_ = *s.rate_end_bpm;
    if (s.ramp_to_client_resonance) rate_end_bpm_ = usable_or(inputs.client_resonance_bpm, rate_start_bpm_);
    a.pacer.rate_bpm = rate_start_bpm_;
    a.pacer = clamped(a.pacer);
  } else {
    rate_start_bpm_ = rate_end_bpm_ = std::numeric_limits<double>::quiet_NaN();
  }
  applied_ = a.pacer;
  return a;
}

double ProtocolRunner::ramp_rate(double t_s) const {
  const ProtocolStep& s = protocol_->steps[step_];
  const double progress = std::clamp((t_s - step_start_s(step_)) / s.duration_s, 0.0, 1.0);
  return round_to_pacer_step(rate_start_bpm_ + (rate_end_bpm_ - rate_start_bpm_) * progress);
}

std::vector<RunnerAction> ProtocolRunner::start(double t0_s, const RateInputs& inputs) {
  started_ = true;
  finished_ = false;
  t0_s_ = t0_s;
  std::vector<RunnerAction> out{begin_step(0, inputs)};
  auto rest = advance(t0_s, inputs);
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::vector<RunnerAction> ProtocolRunner::advance(double t_s, const RateInputs& inputs) {
  std::vector<RunnerAction> out;
  if (!started_ || finished_) return out;
  const std::size_t n = protocol_->steps.size();
  while (t_s >= step_start_s(step_ + 1)) {
    if (step_ + 1 == n) {
      finished_ = true;
      RunnerAction a;
      a.type = RunnerAction::Type::kFinished;
      a.step = step_;
      a.t_s = end_s();
      out.push_back(a);
      return out;
    }
    out.push_back(begin_step(step_ + 1, inputs));
  }
  const ProtocolStep& s = protocol_->steps[step_];
  if (s.pacer_enabled && rate_end_bpm_ != rate_start_bpm_) {
    const double rate = ramp_rate(t_s);
    if (std::abs(rate - applied_.rate_bpm) >= kPacerRateStepBpm / 2) {
      RunnerAction a;
      a.type = RunnerAction::Type::kPacer;
      a.step = step_;
      a.t_s = t_s;
      a.pacer_enabled = true;
      a.pacer = applied_;
      a.pacer.rate_bpm = rate;
      applied_ = a.pacer;
      out.push_back(a);
    }
  }
  return out;
}

double ProtocolRunner::guidance(double t_s) const {
  if (!started_ || finished_) return 1.0;
  const ProtocolStep& s = protocol_->steps[step_];
  if (!s.fade_out) return 1.0;
  return std::clamp(1.0 - (t_s - step_start_s(step_)) / s.duration_s, 0.0, 1.0);
}

std::vector<dsp::AssessmentSegment> ProtocolRunner::finished_assessment_blocks() const {
  std::vector<dsp::AssessmentSegment> out;
  if (!started_) return out;
  const std::size_t done = finished_ ? protocol_->steps.size() : step_;
  for (std::size_t i = 0; i < done; ++i) {
    const ProtocolStep& s = protocol_->steps[i];
    if (s.kind != StepKind::kAssessmentBlock) continue;
    out.push_back({step_start_s(i), step_start_s(i + 1), s.pacer.rate_bpm});
  }
  return out;
}

}  // namespace resonant::engine
