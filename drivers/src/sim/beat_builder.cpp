#include "beat_builder.hpp"

#include <algorithm>

#include "ecg.hpp"
#include "ppg.hpp"

namespace resonant::drivers::sim::detail {
namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr double kRrSmoothing = 0.25;  // weight of the newest RR in the waveform RR (per beat)
// Respiratory modulations, as +-share over a full breath (volume 0 -> 1).
constexpr double kEdrShare = 0.07;            // QRS amplitude, lower on inspiration
constexpr double kPulseAmpRespShare = 0.1;    // PPG amplitude (RIAV), lower on inspiration
constexpr double kTransitRespS = 0.01;        // PTT longer on inspiration (BP falls)
constexpr double kTransitArousalS = 0.03;     // PTT shorter at arousal 1
constexpr double kPulseAmpArousalLoss = 0.3;  // vasoconstriction at arousal 1
constexpr double kMinTransitS = 0.1;
constexpr double kMaxTransitS = 0.5;
constexpr double kPrematurePulseShare = 0.4;  // little filling before a premature beat
constexpr double kPostPausePulseShare = 1.2;  // extra filling after the compensatory pause

/// +1 at full inspiration, -1 at full expiration.
double resp_swing(double lung_volume) { return 2.0 * lung_volume - 1.0; }

}  // namespace

BeatBuilder::BeatBuilder(const PersonParams& params)
    : params_(params), rr_s_(kSecondsPerMinute / params.resting_hr_bpm), rr_smooth_s_(rr_s_) {}

void BeatBuilder::on_sinus_beat(double t_s, const BeatContext& ctx, ArtifactScheduler& artifacts,
                                BeatRing& ring, EventSchedule& events) {
  if (have_sinus_) {
    rr_s_ = t_s - last_sinus_s_;
    rr_smooth_s_ += kRrSmoothing * (rr_s_ - rr_smooth_s_);
  }
  have_sinus_ = true;
  last_sinus_s_ = t_s;
  if (ectopic_pending_) {
    // The sinus beat came before the premature one could (an abrupt rate rise): drop it.
    ectopic_pending_ = false;
    block_next_sinus_ = false;
  }
  if (block_next_sinus_) {
    block_next_sinus_ = false;
    after_pause_ = true;
    return;
  }
  emit(t_s, false, artifacts.take_missed_request(), ctx, ring, events);
  const double prematurity = artifacts.take_ectopic_request();
  if (prematurity > 0.0) {
    ectopic_pending_ = true;
    ectopic_s_ = t_s + prematurity * rr_s_;
    block_next_sinus_ = true;
  }
}

void BeatBuilder::on_tick(double t_s, const BeatContext& ctx, BeatRing& ring,
                          EventSchedule& events) {
  if (ectopic_pending_ && t_s >= ectopic_s_) {
    ectopic_pending_ = false;
    emit(ectopic_s_, true, false, ctx, ring, events);
  }
}

void BeatBuilder::emit(double t_s, bool ectopic, bool missing, const BeatContext& ctx,
                       BeatRing& ring, EventSchedule& events) {
  const double swing = resp_swing(ctx.lung_volume);
  double pulse = (1.0 - kPulseAmpRespShare * swing) * (1.0 - kPulseAmpArousalLoss * ctx.arousal);
  if (ectopic) {
    pulse *= kPrematurePulseShare;
  } else if (after_pause_) {
    pulse *= kPostPausePulseShare;
    after_pause_ = false;
  }
  const double transit =
      std::clamp(params_.pulse_transit_s + kTransitRespS * swing - kTransitArousalS * ctx.arousal,
                 kMinTransitS, kMaxTransitS);

  BeatRecord b;
  b.truth = TruthBeat{t_s, ectopic, missing};
  b.reported = t_s < 0.0;  // warm-up beats precede the model's time 0: not ground truth
  b.ecg = ecg_waves(EcgBeat{t_s, rr_smooth_s_, 1.0 - kEdrShare * swing, ectopic, missing});
  b.ppg = ppg_waves(PpgBeat{t_s, transit, pulse, rr_smooth_s_});
  b.end_s = t_s;
  for (const Wave& w : b.ecg) b.end_s = std::max(b.end_s, w.end_s());
  for (const Wave& w : b.ppg) b.end_s = std::max(b.end_s, w.end_s());
  ring.push(b);

  if (t_s >= 0.0 && (ectopic || missing)) {
    events.schedule(
        TruthEvent{t_s, t_s, ectopic ? ArtifactKind::kEctopic : ArtifactKind::kMissedBeat});
  }
}

}  // namespace resonant::drivers::sim::detail
