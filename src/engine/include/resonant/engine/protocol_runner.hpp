#pragma once
// ProtocolRunner: walks a Protocol's steps on session time. Pure (no clock, no threads): the
// engine calls advance(t_s) with its session time and applies what comes back; tests call it
// with made-up times.
//
// Timing: step i runs over [t0 + sum of earlier durations, + its duration), where t0 is the
// start() time; steps never drift with how often advance() is called. A late call (time
// jumped over several steps) reports each step it passed, in order, with its scheduled start.
// Pacer: each step's settings apply from its start (PacerSchedule::set keeps the breath
// continuous). The start rate is resolved when the step starts (rate_from); a ramp
// (rate_end_bpm) moves linearly from the start rate to the end rate over the step, reported
// in kPacerRateStepBpm steps (the pacer's resolution). fade_out only informs views (guidance
// falls from 1 to 0 over the step).
//
// Threading contract: not synchronised; one owner (the engine thread).
#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/resonance_assessment.hpp>
#include <resonant/engine/protocol.hpp>

namespace resonant::engine {

/// Rates the runner may need when a step starts (NaN: not known).
struct RateInputs {
  double client_resonance_bpm = std::numeric_limits<double>::quiet_NaN();
  double measured_bpm = std::numeric_limits<double>::quiet_NaN();
};

struct RunnerAction {
  enum class Type : std::uint8_t {
    kStepStarted,  // step began at t_s (scheduled); pacer fields hold its settings
    kPacer,        // a ramp moved the pacer rate (step unchanged)
    kFinished,     // the last step ended at t_s
  };
  Type type = Type::kStepStarted;
  std::size_t step = 0;
  double t_s = 0.0;
  bool pacer_enabled = false;
  PacerSettings pacer{};
};

class ProtocolRunner {
 public:
  explicit ProtocolRunner(std::shared_ptr<const Protocol> protocol);

  /// Starts the first step at session time t0_s.
  std::vector<RunnerAction> start(double t0_s, const RateInputs& inputs);
  /// Everything that happened up to t_s (empty if nothing changed). No-op before start().
  std::vector<RunnerAction> advance(double t_s, const RateInputs& inputs);

  bool started() const { return started_; }
  bool finished() const { return finished_; }
  const Protocol& protocol() const { return *protocol_; }
  const std::shared_ptr<const Protocol>& protocol_ptr() const { return protocol_; }
  std::size_t current_step() const { return step_; }
  double step_start_s(std::size_t step) const;
  double end_s() const;
  /// The pacer's start and end rates of the current step as resolved (equal without a ramp).
  double step_rate_start_bpm() const { return rate_start_bpm_; }
  double step_rate_end_bpm() const { return rate_end_bpm_; }
  /// How strongly the pacer guides at t_s: 1, falling to 0 over a fade_out step.
  double guidance(double t_s) const;

  /// The assessment blocks that have ended by now, on session time, with their rates.
  std::vector<dsp::AssessmentSegment> finished_assessment_blocks() const;

 private:
  RunnerAction begin_step(std::size_t step, const RateInputs& inputs);
  double ramp_rate(double t_s) const;

  std::shared_ptr<const Protocol> protocol_;
  bool started_ = false;
  bool finished_ = false;
  double t0_s_ = 0.0;
  std::size_t step_ = 0;
  double rate_start_bpm_ = 0.0;
  double rate_end_bpm_ = 0.0;
  PacerSettings applied_{};
};

}  // namespace resonant::engine
