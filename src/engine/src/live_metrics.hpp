#pragma once
// Everything the pipeline computes live beyond beats and RR (architecture.md §2 (2)), owned by
// the Pipeline and fed by it:
//
//   beat path:   raw RR (RrBuilder) -> StreamingRrArtifactCorrector (decided 2 beats later)
//                -> corrected NN -> 64 s time-domain window (Snapshot rmssd/sdnn), 10 s HR,
//                whole-session time domain, LiveHrvWindows (64/120/300 s), CoherenceTracker,
//                BreathIndicatorTracker (belt breaths, else pacer cycles), RSA respiration,
//                PacerAdherenceTracker (NN); every 5 s of beats: respiration fusion (belt, RSA,
//                EDR or PPG-derived on the beat channel); without a usable belt the surrogates
//                are tracked across steps (RespirationRateTracker, pacer rate as a soft prior).
//   sample path: every channel's LiveChannel (signal quality; belt breaths; EDA level), the
//                beat channel's EDR/PPG sample history, the FeedbackGate on the beat channel;
//                once per second of session time: ArousalEstimator and pacer adherence.
// The sample path does not allocate after warm-up (tests/engine/live_metrics_test.cpp counts);
// the beat path may (spectra every 5 s, per-beat window updates: ~0.1 ms).
//
// Breaks: break_series() (a gap, a link loss, end of stream, a new beat channel) flushes the
// corrector, resets every per-sample processor and the beat-channel respiration, and the
// arousal smoothing; the beat-path trackers keep their time windows, which never join
// intervals across after_gap and score a window only when beats cover it (coverage and
// max-gap rules in their headers). break_channel() resets one non-beat channel whose samples
// were discontinuous.
//
// Threading contract: not synchronised; one owner (the engine thread).
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include <resonant/common/pacer.hpp>
#include <resonant/dsp/arousal.hpp>
#include <resonant/dsp/coherence.hpp>
#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/hrv_windows.hpp>
#include <resonant/dsp/pacer_adherence.hpp>
#include <resonant/dsp/resonance_indicators.hpp>
#include <resonant/dsp/respiration_edr.hpp>
#include <resonant/dsp/respiration_ppg.hpp>
#include <resonant/dsp/respiration_rsa.hpp>
#include <resonant/dsp/respiration_tracking.hpp>
#include <resonant/dsp/rhythm_check.hpp>
#include <resonant/dsp/rr_artifacts.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/engine/live_figures.hpp>
#include <resonant/engine/summary.hpp>

#include "live_channel.hpp"
#include "signal_watch.hpp"

namespace resonant::engine::detail {

class LiveMetrics {
 public:
  explicit LiveMetrics(double hrv_window_s);

  void set_pacer(const PacerSchedule& schedule, bool enabled);

  /// A channel was described (or described differently); beat_channel: the current choice.
  void configure_channel(std::size_t channel, ChannelKind kind, double rate_hz);
  void set_beat_channel(int channel);
  /// The channel's samples were discontinuous (not the beat channel: that breaks the series).
  void break_channel(std::size_t channel);
  /// Returns the intervals the corrector decided while flushing.
  std::span<const dsp::DecidedRr> break_series();

  /// A block of `channel` starts at session time t0_s; contact: the device's contact flag.
  void begin_block(std::size_t channel, double t0_s, bool contact);
  /// The next sample of `channel` (the beat channel's before its detector sees it). No
  /// allocation.
  void push_sample(std::size_t channel, float v);
  /// The device's status says whether the beat channel has contact.
  void set_contact(bool contact);
  /// Session time advanced to now_s (newest sample): once-per-second updates. No allocation.
  void tick(double now_s);

  /// A beat the detector reported (sample index since the last break) at session time t_s.
  void on_detected_beat(const dsp::DetectedBeat& beat);
  /// A plausible raw interval (RrBuilder); returns the intervals decided by it.
  std::span<const dsp::DecidedRr> on_interval(const dsp::RrInterval& raw);

  /// The 64 s (configurable) window on corrected NN, for BeatRecord and Snapshot.
  dsp::TimeDomainHrv window_hrv() const { return window_.current(); }
  double window_s() const { return window_.window_s(); }
  dsp::TimeDomainHrv session_hrv() const { return session_.current(); }
  /// Whether the rhythm in that window is steady enough for its RMSSD/SDNN to be read as HRV.
  dsp::RhythmCheck window_rhythm() const { return rhythm_.current(); }

  void fill(LiveFigures& out) const;
  /// False while biofeedback is paused (LiveFigures::feedback_ok), and why.
  bool feedback_ok() const { return figures_.feedback_ok; }
  const FeedbackPause& feedback_pause() const { return figures_.pause; }
  /// Sensor check news since the last call, oldest first (signal_watch.hpp; taken once each
  /// verdict, so a block holding several seconds loses none). The next call clears them.
  std::span<const SignalNews> take_signal_news() {
    const std::span<const SignalNews> out(signal_news_.data(), signal_news_size_);
    signal_news_size_ = 0;
    return out;
  }
  /// Adds the session figures (artifacts, coherence, breathing, arousal) to s.
  void fill(SessionSummary& s) const;

 private:
  void process_decided(std::span<const dsp::DecidedRr> decided);
  void process_nn(const dsp::RrInterval& nn);
  void push_pacer_cycles(double t_s);
  void update_respiration(double t_s);
  void on_breath(const dsp::Breath& channel_breath, double origin_s);
  void on_verdict(std::size_t channel, const dsp::SignalQuality& v);
  /// feedback_ok and its pause state, from the gate, the contact flag and the latest verdict.
  void update_feedback();
  /// A poor verdict of the beat channel: its reasons become the pause's. A different cause is
  /// taken once two poor verdicts in a row agree on it, so the words do not change every second
  /// while a signal settles (the rail, then movement, as an electrode goes back on).
  void note_pause_cause(std::uint8_t reasons);
  /// Takes a channel's verdict into its SignalWatch; news goes to signal_news_.
  void note_signal_news(std::size_t channel, const ChannelQuality& q);
  void second_update(double t_s);
  void record_coherence();
  // The tracked rate measured by counting cycles of the supporting surrogates
  // (dsp/respiration_count.hpp); tracked_bpm when none gives a count.
  double counted_rate(double t_s, double tracked_bpm,
                      std::span<const dsp::SourcedRate> surrogates) const;
  void record_belt_sample(const LiveChannel& belt, float v);

  // Configuration and pacer.
  PacerSchedule pacer_;
  bool pacer_enabled_ = false;
  int beat_channel_ = -1;
  bool contact_ = true;  // beat channel, from block flags and device status
  // Verdicts (one a second) an electrode or finger clip needs after contact comes back: the
  // assessor's 1 s window still holds the flat line, then the amplifier settles.
  static constexpr int kContactSettleVerdicts = 5;
  int settle_verdicts_left_ = 0;
  // Fair/good verdicts in a row before a pause says "the signal is back": one good second
  // between poor ones is not a recovery, and the words should not flip every second.
  static constexpr int kRecoveringVerdicts = 2;
  int good_verdicts_in_row_ = 0;
  static constexpr std::uint8_t kNoPendingCause = 0xFF;
  std::uint8_t pending_pause_cause_ = kNoPendingCause;  // main_quality_reason awaiting a repeat

  // Per-channel sample path.
  std::array<LiveChannel, kQualityChannelCount> channels_{};
  std::array<SignalWatch, kQualityChannelCount> signal_watch_{};
  // Room for every verdict of every channel in a long block (a replayed session's 118-sample
  // blocks hold ~5 s of a 25 Hz channel): more than news can ever need between two takes.
  std::array<SignalNews, 4 * kQualityChannelCount> signal_news_{};
  std::size_t signal_news_size_ = 0;
  dsp::FeedbackGate gate_;
  int belt_channel_ = -1;
  int eda_channel_ = -1;

  // Beat path.
  dsp::StreamingRrArtifactCorrector corrector_;
  dsp::SlidingTimeDomainHrv window_;
  dsp::RhythmWindow rhythm_;  // over window_'s span
  dsp::SlidingTimeDomainHrv hr_window_;  // short window for the arousal HR input
  dsp::SlidingTimeDomainHrv session_;
  dsp::LiveHrvWindows hrv_windows_;
  dsp::CoherenceTracker coherence_;
  dsp::BreathIndicatorTracker indicators_;
  dsp::RsaRespiration rsa_;
  dsp::PacerAdherenceTracker adherence_;
  std::optional<dsp::EcgDerivedRespiration> edr_;
  std::optional<dsp::PpgDerivedRespiration> ppg_resp_;
  // Surrogate rates tracked across the 5 s fusion steps (causal form; the pacer's rate as a
  // soft prior while it runs without a belt).
  dsp::RespirationRateTracker rate_tracker_;
  std::vector<dsp::Breath> belt_breaths_;  // session time, last ~2 min
  std::array<dsp::BreathCycle, 8> pending_breaths_{};  // belt breaths for the indicators
  std::size_t breaths_for_indicators_ = 0;
  double pacer_cycles_until_s_ = std::numeric_limits<double>::quiet_NaN();
  double next_respiration_s_ = std::numeric_limits<double>::quiet_NaN();
  double last_nn_t_s_ = std::numeric_limits<double>::quiet_NaN();
  bool nn_after_exclusion_ = false;  // the next NN used follows excluded ones: no difference
  // The corrector's runs end where feedback pauses or resumes, so its thresholds never learn
  // from intervals the gate rejected (a noise burst's would let the noise after it through).
  bool corrector_run_ok_ = true;     // feedback_ok while the corrector's current run arrived
  double last_paused_rr_t_s_ = -std::numeric_limits<double>::infinity();  // latest arrival in a pause
  std::size_t coherence_seen_ = 0;  // tracker updates already recorded
  dsp::ArousalEstimator arousal_;
  double next_second_s_ = std::numeric_limits<double>::quiet_NaN();

  // Belt trace for the UI: a ring of decimated samples (session time), oldest at trace_head_.
  std::array<RespirationTracePoint, kRespirationTraceCapacity> trace_{};
  std::size_t trace_head_ = 0;
  std::size_t trace_size_ = 0;
  std::size_t trace_countdown_ = 0;  // belt samples until the next kept one
  bool trace_gap_ = false;           // the belt broke: the next kept point starts a new line

  // Outputs kept up to date incrementally (fill() copies).
  LiveFigures figures_{};
  double respiration_t_s_ = std::numeric_limits<double>::quiet_NaN();

  // Session accumulators.
  double coherence_sum_ = 0.0;
  std::array<std::uint64_t, 4> coherence_by_level_{};  // index = dsp::CoherenceLevel
  double breathing_sum_ = 0.0;
  std::uint64_t breathing_n_ = 0;
  double arousal_sum_ = 0.0;
  std::uint64_t arousal_n_ = 0;
};

}  // namespace resonant::engine::detail
