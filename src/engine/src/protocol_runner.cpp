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

ProtocolRunner::ProtocolRunner(std::shared_ptr<const Protocol> protocol, double time_limit_s)
    : protocol_(std::move(protocol)), time_limit_s_(time_limit_s) {
  if (!protocol_ || protocol_->steps.empty()) {
    throw std::invalid_argument("ProtocolRunner needs a protocol with at least one step");
  }
  if (std::isnan(time_limit_s_) && protocol_->time_limit_s) time_limit_s_ = *protocol_->time_limit_s;
  starts_.assign(protocol_->steps.size() + 1, 0.0);
}

double ProtocolRunner::step_start_s(std::size_t step) const {
  return starts_[std::min(step, protocol_->steps.size())];
}

double ProtocolRunner::end_s() const { return step_start_s(protocol_->steps.size()); }

double ProtocolRunner::latest_end_s() const {
  if (!std::isfinite(time_limit_s_)) return end_s();
  return std::min(end_s(), t0_s_ + time_limit_s_);
}

double ProtocolRunner::client_rate_fallback(std::size_t step, double otherwise_bpm) const {
  // The rate a later "client_resonance" step writes for when the client's rate is unknown:
  // the ramp then still ends where the protocol goes next instead of jumping there.
  for (std::size_t i = step + 1; i < protocol_->steps.size(); ++i) {
    const ProtocolStep& s = protocol_->steps[i];
    if (s.pacer_enabled && s.rate_from == RateSource::kClientResonance) return s.pacer.rate_bpm;
  }
  return otherwise_bpm;
}

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
    if (s.ramp_to_client_resonance) {
      rate_end_bpm_ = usable_or(inputs.client_resonance_bpm, client_rate_fallback(step, rate_start_bpm_));
    }
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
  starts_[0] = t0_s;
  for (std::size_t i = 0; i < protocol_->steps.size(); ++i) starts_[i + 1] = starts_[i] + protocol_->steps[i].duration_s;
  last_breath_index_ = -1;
  settled_breaths_ = 0;
  std::vector<RunnerAction> out{begin_step(0, inputs)};
  auto rest = advance(t0_s, inputs);
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::vector<RunnerAction> ProtocolRunner::advance(double t_s, const RateInputs& inputs) {
  std::vector<RunnerAction> out;
  if (!started_ || finished_) return out;
  const std::size_t n = protocol_->steps.size();
  count_breath(inputs);  // the breath that ended belongs to the step it was breathed in
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
  if (const auto fade = next_fade_step()) {
    const double fade_s = protocol_->steps[*fade].duration_s;
    if (protocol_->settle_breaths && settled_breaths_ >= *protocol_->settle_breaths) {
      out.push_back(skip_to(*fade, t_s, EarlyReason::kSettled, inputs));
      return out;
    }
    const double fade_start_s = t0_s_ + time_limit_s_ - fade_s;
    if (std::isfinite(time_limit_s_) && t_s >= fade_start_s) {
      // On schedule however late this call is (a late call does not shorten the fade).
      out.push_back(skip_to(*fade, std::max(fade_start_s, step_start_s(step_)), EarlyReason::kTimeLimit, inputs));
      return out;
    }
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

void ProtocolRunner::count_breath(const RateInputs& inputs) {
  const std::int64_t seen = last_breath_index_;
  last_breath_index_ = inputs.pacer_breath_index;
  if (seen < 0 || inputs.pacer_breath_index <= seen) return;  // no breath ended since
  const ProtocolStep& s = protocol_->steps[step_];
  if (!s.pacer_enabled || s.fade_out) return;
  const bool at_target = std::abs(applied_.rate_bpm - rate_end_bpm_) < kPacerRateStepBpm / 2;
  const bool keeping_up = inputs.keeping_up && std::isfinite(inputs.rate_error_bpm) &&
                          std::abs(inputs.rate_error_bpm) <= kSettledRateToleranceBpm;
  if (at_target && keeping_up) {
    ++settled_breaths_;  // a late call that passed several breaths counts one
  } else {
    settled_breaths_ = 0;
  }
}

std::optional<std::size_t> ProtocolRunner::next_fade_step() const {
  for (std::size_t i = step_ + 1; i < protocol_->steps.size(); ++i) {
    if (protocol_->steps[i].fade_out) return i;
  }
  return std::nullopt;
}

RunnerAction ProtocolRunner::skip_to(std::size_t fade_step, double t_s, EarlyReason why,
                                     const RateInputs& inputs) {
  for (std::size_t i = step_ + 1; i <= fade_step; ++i) starts_[i] = t_s;
  for (std::size_t i = fade_step; i < protocol_->steps.size(); ++i) {
    starts_[i + 1] = starts_[i] + protocol_->steps[i].duration_s;
  }
  settled_breaths_ = 0;
  RunnerAction a = begin_step(fade_step, inputs);
  a.early = why;
  return a;
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
