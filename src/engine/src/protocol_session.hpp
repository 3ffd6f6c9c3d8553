#pragma once
// ProtocolSession: a protocol running inside the engine. It drives a ProtocolRunner on session
// time, keeps the corrected NN series the pipeline decides and the breaths of a respiration
// belt (as a PipelineTap in front of the recorder, which it forwards everything to), and when
// the protocol ends scores its assessment blocks with the same dsp::assess_resonance as
// `resonant-cli analyze --resonance`: against the measured breaths when a belt was worn
// (as analyze does), else against the pacer's cycles.
// What the engine must do (set the pacer, emit events, record markers and the result) comes
// back as a list of ProtocolEffects, so this stays free of the engine's threads and queues.
//
// Threading contract: not synchronised; one owner (the engine thread).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/respiration_belt.hpp>
#include <resonant/engine/command.hpp>
#include <resonant/engine/engine_event.hpp>
#include <resonant/engine/pipeline.hpp>
#include <resonant/engine/protocol_runner.hpp>
#include <resonant/engine/snapshot.hpp>

namespace resonant::engine::detail {

struct ProtocolEffects {
  std::vector<EngineEvent> events;  // StepRecord, AssessmentRecord, ProtocolEndRecord, in order
  struct PacerChange {
    PacerSettings settings{};
    bool enabled = false;
  };
  std::vector<PacerChange> pacer;   // apply in order, now
  struct Marker {
    double t_s = 0.0;
    std::string text;
  };
  std::vector<Marker> markers;      // kind "step"
  std::optional<std::string> assessment_json;  // store with the session (and so the client)
};

class ProtocolSession final : public PipelineTap {
 public:
  /// downstream: the recorder's tap (or nullptr); everything is forwarded to it.
  ProtocolSession(const StartProtocolCommand& command, PipelineTap* downstream);
  /// Where samples and decided intervals go on to (the live recorder, or nullptr once the
  /// live session was closed for a review).
  void set_downstream(PipelineTap* downstream) { downstream_ = downstream; }

  void on_samples(std::uint8_t channel, ChannelKind kind, double rate_hz, double t0_s,
                  std::span<const float> values) override;
  void on_decided(std::span<const dsp::DecidedRr> decided) override;

  /// Called each engine cycle: starts the protocol with the first data (data_flowing), moves
  /// through its steps at session time now_s. pacer: the schedule as applied so far (its
  /// cycles are the breaths the assessment scores against).
  /// adherence: the newest figures, for the protocol's settle_breaths rule.
  ProtocolEffects update(double now_s, bool data_flowing, double measured_rate_bpm,
                         const AdherenceFigures& adherence, const PacerSchedule& pacer);

  /// Ends the protocol at session time t_s before its last step ends (StopProtocolCommand):
  /// a "stopped" marker and a ProtocolEndRecord (stopped); no pacer change, no assessment.
  /// Nothing once it has finished or was stopped.
  ProtocolEffects stop(double t_s);

  bool finished() const { return runner_.finished() || stopped_; }
  void fill(ProtocolProgress& out, double now_s) const;

 private:
  void run_assessment(double t_s, const PacerSchedule& pacer, ProtocolEffects& out) const;

  void push_belt(double rate_hz, double t0_s, std::span<const float> values);

  PipelineTap* downstream_;
  ProtocolRunner runner_;
  double client_resonance_bpm_;  // NaN: steps at the client's rate use their rate_bpm
  bool stopped_ = false;
  std::vector<dsp::RrInterval> nn_;
  // Respiration belt: one detector per continuous stretch of samples, breaths on session time.
  std::optional<dsp::BeltRespiration> belt_;
  double belt_t0_s_ = 0.0;          // session time of the detector's first sample
  double belt_rate_hz_ = 0.0;
  std::uint64_t belt_samples_ = 0;  // fed to the current detector
  std::vector<double> breath_onsets_s_;
};

}  // namespace resonant::engine::detail
