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
// in kPacerRateStepBpm steps (the pacer's resolution). A ramp to "client_resonance" without
// a known client rate ends at the next client-rate step's written rate_bpm. fade_out only informs views (guidance
// falls from 1 to 0 over the step).
// Ending early (protocol settle_breaths / time_limit_min): the runner counts the pacer's
// breaths; each breath ending while the person keeps up (adherence keeping_up, measured rate
// within kSettledRateToleranceBpm) in a paced step whose ramp has reached its end rate counts,
// any other breath in a paced non-fade step starts the count again. At settle_breaths in a
// row, or when the time left to the limit is the fade step's duration, the runner goes
// straight on to the next fade_out step (which keeps its full duration); the steps skipped
// take no time.
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
  // For settle_breaths: the pacer's whole cycles so far (PacerState::breath_index) and the
  // adherence figures (live_figures.hpp AdherenceFigures) now.
  std::int64_t pacer_breath_index = 0;
  bool keeping_up = false;
  double rate_error_bpm = std::numeric_limits<double>::quiet_NaN();
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
  EarlyReason early = EarlyReason::kNone;  // kStepStarted: the steps before it were cut short
};

class ProtocolRunner {
 public:
  /// time_limit_s: overrides the protocol's time_limit_min (NaN: the protocol's own).
  explicit ProtocolRunner(std::shared_ptr<const Protocol> protocol,
                          double time_limit_s = std::numeric_limits<double>::quiet_NaN());

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
  /// Breaths in a row the person has kept up at the target (settle_breaths counting).
  std::uint32_t settled_breaths() const { return settled_breaths_; }
  double end_s() const;
  /// When the protocol will end at the latest: end_s(), or sooner under its time limit.
  double latest_end_s() const;
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
  /// A ramp to the client's rate when it is unknown ends at the rate_bpm of the next step at
  /// "the client's rate" (what the file falls back to there), else at otherwise_bpm.
  double client_rate_fallback(std::size_t step, double otherwise_bpm) const;
  void count_breath(const RateInputs& inputs);
  /// The next fade_out step after the current one, or nothing.
  std::optional<std::size_t> next_fade_step() const;
  /// Ends the current step at t_s and starts the fade step (shifting the rest).
  RunnerAction skip_to(std::size_t fade_step, double t_s, EarlyReason why, const RateInputs& inputs);

  std::shared_ptr<const Protocol> protocol_;
  bool started_ = false;
  bool finished_ = false;
  double t0_s_ = 0.0;
  std::size_t step_ = 0;
  double rate_start_bpm_ = 0.0;
  double rate_end_bpm_ = 0.0;
  PacerSettings applied_{};
  double time_limit_s_;                 // NaN: none
  std::vector<double> starts_;          // step i runs over [starts_[i], starts_[i + 1])
  std::int64_t last_breath_index_ = -1; // -1: not seen yet
  std::uint32_t settled_breaths_ = 0;
};

}  // namespace resonant::engine
