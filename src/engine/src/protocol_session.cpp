#include "protocol_session.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include <resonant/dsp/resonance_indicators.hpp>
#include <resonant/engine/resonance_result.hpp>

namespace resonant::engine::detail {
namespace {

/// Fewer measured breaths than this over a whole assessment means no usable belt.
constexpr std::size_t kMinBeltBreaths = 10;

}  // namespace

ProtocolSession::ProtocolSession(const StartProtocolCommand& command, PipelineTap* downstream)
    : downstream_(downstream), runner_(command.protocol, command.time_limit_s),
      client_resonance_bpm_(command.client_resonance_rate_bpm.value_or(std::nan(""))) {}

void ProtocolSession::on_samples(std::uint8_t channel, ChannelKind kind, double rate_hz, double t0_s,
                                 std::span<const float> values) {
  if (downstream_ != nullptr) downstream_->on_samples(channel, kind, rate_hz, t0_s, values);
  if (kind == ChannelKind::kResp && runner_.protocol().has_assessment() && !finished()) {
    push_belt(rate_hz, t0_s, values);
  }
}

void ProtocolSession::push_belt(double rate_hz, double t0_s, std::span<const float> values) {
  // A block that does not continue the last one (a gap, another rate) starts a new detector:
  // breaths are never joined across missing data.
  constexpr double kContinuityToleranceSamples = 1.5;
  const double expected_s = belt_t0_s_ + static_cast<double>(belt_samples_) / belt_rate_hz_;
  if (!belt_ || rate_hz != belt_rate_hz_ || std::abs(t0_s - expected_s) > kContinuityToleranceSamples / rate_hz) {
    dsp::BeltRespirationConfig config;
    config.sample_rate_hz = rate_hz;
    try {
      belt_.emplace(config);
    } catch (const std::invalid_argument&) {
      belt_.reset();  // a belt rate the detector does not take: the pacer's cycles serve
      return;
    }
    belt_t0_s_ = t0_s;
    belt_rate_hz_ = rate_hz;
    belt_samples_ = 0;
  }
  for (const float v : values) {
    if (auto b = belt_->push(std::isfinite(v) ? v : 0.0f)) breath_onsets_s_.push_back(belt_t0_s_ + b->onset_s);
    ++belt_samples_;
  }
}

void ProtocolSession::on_decided(std::span<const dsp::DecidedRr> decided) {
  if (downstream_ != nullptr) downstream_->on_decided(decided);
  if (finished() || !runner_.protocol().has_assessment()) return;
  for (const dsp::DecidedRr& d : decided) {
    for (std::size_t i = 0; i < d.corrected_count && i < d.corrected.size(); ++i) {
      nn_.push_back(d.corrected[i]);
    }
  }
}

ProtocolEffects ProtocolSession::update(double now_s, bool data_flowing, double measured_rate_bpm,
                                        const AdherenceFigures& adherence, const PacerSchedule& pacer) {
  ProtocolEffects out;
  if (finished() || (!runner_.started() && !data_flowing)) return out;
  RateInputs inputs{client_resonance_bpm_, measured_rate_bpm};
  inputs.pacer_breath_index = pacer.at(now_s).breath_index;
  inputs.keeping_up = adherence.active && adherence.keeping_up;
  inputs.rate_error_bpm = adherence.rate_error_bpm;
  const auto actions = runner_.started() ? runner_.advance(now_s, inputs) : runner_.start(now_s, inputs);
  const Protocol& p = runner_.protocol();
  const auto count = static_cast<std::uint32_t>(p.steps.size());
  for (const RunnerAction& a : actions) {
    switch (a.type) {
      case RunnerAction::Type::kStepStarted: {
        out.pacer.push_back({a.pacer, a.pacer_enabled});
        StepRecord rec;
        rec.t_s = a.t_s;
        rec.index = static_cast<std::uint32_t>(a.step);
        rec.count = count;
        rec.duration_s = p.steps[a.step].duration_s;
        rec.pacer_enabled = a.pacer_enabled;
        rec.pacer = a.pacer;
        rec.rate_end_bpm = runner_.step_rate_end_bpm();
        rec.protocol = runner_.protocol_ptr();
        rec.early = a.early;
        out.events.emplace_back(rec);
        const std::string early =
            a.early == EarlyReason::kNone ? "" : " (" + std::string(to_string(a.early)) + ")";
        out.markers.push_back({a.t_s, p.name + ": step " + std::to_string(a.step + 1) + "/" +
                                          std::to_string(count) + " " + p.steps[a.step].name + early});
        break;
      }
      case RunnerAction::Type::kPacer: out.pacer.push_back({a.pacer, a.pacer_enabled}); break;
      case RunnerAction::Type::kFinished: {
        if (p.has_assessment()) run_assessment(a.t_s, pacer, out);
        out.markers.push_back({a.t_s, p.name + ": end"});
        out.events.emplace_back(ProtocolEndRecord{a.t_s, runner_.protocol_ptr()});
        break;
      }
    }
  }
  return out;
}

ProtocolEffects ProtocolSession::stop(double t_s) {
  ProtocolEffects out;
  if (runner_.finished() || stopped_) return out;
  stopped_ = true;
  const Protocol& p = runner_.protocol();
  const std::size_t step = runner_.current_step();
  const std::string where = runner_.started() ? " during step " + std::to_string(step + 1) + "/" +
                                                    std::to_string(p.steps.size()) + " " + p.steps[step].name
                                              : " before its first step";
  out.markers.push_back({t_s, p.name + ": stopped" + where});
  ProtocolEndRecord end{t_s, runner_.protocol_ptr()};
  end.stopped = true;
  end.step_index = static_cast<std::uint32_t>(step);
  out.events.emplace_back(std::move(end));
  return out;
}

void ProtocolSession::run_assessment(double t_s, const PacerSchedule& pacer, ProtocolEffects& out) const {
  const auto blocks = runner_.finished_assessment_blocks();
  if (blocks.empty()) return;
  // Measured breaths when a belt was worn (as `analyze --resonance` does), else the pacer's
  // own cycles (the person was asked to follow it).
  const auto breaths = breath_onsets_s_.size() >= kMinBeltBreaths
                           ? dsp::breath_cycles_from_onsets(breath_onsets_s_)
                           : dsp::breath_cycles_from_pacer(pacer, blocks.front().start_s, blocks.back().end_s);
  auto result = std::make_shared<dsp::ResonanceAssessment>(dsp::assess_resonance(nn_, blocks, {}, breaths));
  out.assessment_json = resonance_assessment_json(*result);
  AssessmentRecord rec;
  rec.t_s = t_s;
  rec.result = std::move(result);
  out.events.emplace_back(std::move(rec));
}

void ProtocolSession::fill(ProtocolProgress& out, double now_s) const {
  const Protocol& p = runner_.protocol();
  out.active = !runner_.finished();
  out.started = runner_.started();
  out.step_count = static_cast<std::uint32_t>(p.steps.size());
  out.protocol_name.assign(p.name);
  const std::size_t i = runner_.current_step();
  out.step_index = static_cast<std::uint32_t>(i);
  out.step_name.assign(p.steps[i].name);
  out.instruction.assign(p.steps[i].instruction);
  out.feedback = p.steps[i].feedback;
  if (runner_.started()) {
    out.step_start_s = runner_.step_start_s(i);
    out.step_end_s = runner_.step_start_s(i + 1);
    out.protocol_end_s = runner_.latest_end_s();
  }
  out.guidance = runner_.guidance(now_s);
}

}  // namespace resonant::engine::detail
