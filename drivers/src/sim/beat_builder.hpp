#pragma once
// Turns the heart's sinus beats into the beats the sensors see, applying the beat artifacts:
// - ectopic: after the next sinus beat, a premature ventricular beat at 60-70 % of the RR
//   interval; the sinus beat after it is blocked (the ventricles are refractory), so the
//   pause is fully compensatory and the sinus rhythm itself is undisturbed;
// - missed: the next sinus beat is flagged missing_in_ecg and drawn without its complex.
// It also sets each beat's ECG and PPG waves: respiratory QRS-amplitude modulation (EDR),
// pulse transit time (longer on inspiration, shorter when aroused), pulse amplitude (smaller
// on inspiration and with arousal-driven vasoconstriction; small after a premature beat and
// larger after the compensatory pause).
#include <resonant/drivers/sim/person_model.hpp>

#include "artifacts.hpp"
#include "beat_ring.hpp"
#include "truth_queue.hpp"

namespace resonant::drivers::sim::detail {

/// Physiological state at the moment of a beat.
struct BeatContext {
  double lung_volume = 0.0;
  double arousal = 0.0;
};

class BeatBuilder {
 public:
  explicit BeatBuilder(const PersonParams& params);

  void on_sinus_beat(double t_s, const BeatContext& ctx, ArtifactScheduler& artifacts,
                     BeatRing& ring, EventSchedule& events);
  /// Emits a pending premature beat once the look-ahead clock reaches it.
  void on_tick(double t_s, const BeatContext& ctx, BeatRing& ring, EventSchedule& events);

 private:
  void emit(double t_s, bool ectopic, bool missing, const BeatContext& ctx, BeatRing& ring,
            EventSchedule& events);

  PersonParams params_;
  bool have_sinus_ = false;
  double last_sinus_s_ = 0.0;
  double rr_s_;         // last sinus-to-sinus interval
  double rr_smooth_s_;  // for the rate dependence of the waveforms
  bool ectopic_pending_ = false;
  double ectopic_s_ = 0.0;
  bool block_next_sinus_ = false;
  bool after_pause_ = false;
};

}  // namespace resonant::drivers::sim::detail
