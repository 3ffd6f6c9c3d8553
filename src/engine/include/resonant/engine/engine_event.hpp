#pragma once
// Every beat and link change, in order, for consumers that need all of them (resonant-cli,
// the recorder, tests). The UI uses Snapshots instead.
#include <cstdint>
#include <memory>
#include <variant>

#include <resonant/common/channel.hpp>
#include <resonant/common/fixed_text.hpp>
#include <resonant/common/link_status.hpp>
#include <resonant/common/pacer.hpp>
#include <resonant/dsp/resonance_assessment.hpp>
#include <resonant/dsp/signal_quality.hpp>
#include <resonant/engine/live_figures.hpp>
#include <resonant/engine/protocol.hpp>
#include <resonant/engine/recording_status.hpp>

namespace resonant::engine {

struct BeatRecord {
  double t_s = 0.0;        // session time of the beat
  double rr_ms = 0.0;      // NaN for the first beat and after a gap
  double hr_bpm = 0.0;     // NaN when rr_ms is
  double rmssd_ms = 0.0;   // sliding window; NaN until its intervals span
  double sdnn_ms = 0.0;    // dsp::kMinShownHrvSpanS (30 s; dsp::hrv_is_settled)
  ChannelKind source = ChannelKind::kOther;
  bool rr_rejected = false;  // RR outside the plausible range: kept out of HRV
  bool too_soon = false;     // with rr_rejected: a double detection left out; no break
};

struct LinkRecord {
  LinkState state = LinkState::kIdle;
  double t_s = 0.0;
  FixedText<kLinkMessageChars> message;
};

/// The device started a stream: its identity and where its first sample sits in session time.
struct StreamRecord {
  double first_sample_t_s = 0.0;
  FixedText<200> description;  // e.g. "Resonant simulated person 1.0: ecg 250 Hz, ppg 125 Hz"
};

/// Data were lost (sequence gap or queue overflow); the series is broken here.
struct GapRecord {
  double t_s = 0.0;
  std::uint64_t frames_lost = 0;
  std::uint64_t events_dropped = 0;
};

/// The recording changed state (saving started, saving stopped and why, everything saved).
struct RecordingRecord {
  double t_s = 0.0;  // session time of the newest data when it changed
  RecordingStatus status;
};

/// A protocol step began (ProtocolRunner). Its name, instruction and feedback flag are in
/// protocol->steps[index] (shared, immutable: no copy of the text per event).
struct StepRecord {
  double t_s = 0.0;              // scheduled start on session time
  std::uint32_t index = 0;       // 0-based
  std::uint32_t count = 0;       // steps in the protocol
  double duration_s = 0.0;
  bool pacer_enabled = false;
  PacerSettings pacer{};         // as applied at the start (rate resolved from rate_from)
  double rate_end_bpm = 0.0;     // ramp target; = pacer.rate_bpm without a ramp; NaN pacer off
  EarlyReason early = EarlyReason::kNone;  // the steps before were cut short, and why
  std::shared_ptr<const Protocol> protocol;

  const ProtocolStep& step() const { return protocol->steps[index]; }
};

/// The resonance assessment of a protocol's blocks, run when the protocol ended.
struct AssessmentRecord {
  double t_s = 0.0;
  std::shared_ptr<const dsp::ResonanceAssessment> result;
  bool stored = false;  // handed to the recorder (saved with the session and the client)
};

/// The protocol's last step ended: the session is complete.
struct ProtocolEndRecord {
  double t_s = 0.0;
  std::shared_ptr<const Protocol> protocol;
  bool stopped = false;        // ended by a StopProtocolCommand before its last step ended
  std::uint32_t step_index = 0;  // stopped: the step it was in (0-based)
};

/// Biofeedback paused or resumed (LiveFigures::feedback_ok changed: the beat channel poor for
/// 2 s, or off the skin; back after 5 s of good signal), or, while paused, its words changed
/// (a new cause, or the signal is back). signal_advice.hpp's feedback_pause_advice(channel,
/// pause) puts it in words. A strap's own beats (channel kOther) pause only while the strap
/// reports no contact, and resume with its first beat in contact.
struct FeedbackRecord {
  double t_s = 0.0;  // session time of the newest data when it changed
  bool ok = true;
  ChannelKind channel = ChannelKind::kOther;  // the beat channel; kOther: a strap's own beats
  FeedbackPause pause;                        // why, when !ok
};

/// A line of the sensor check is news (signal_advice.hpp's sensor_check_line words it): each
/// channel's first settled verdict once it streams, then, for channels other than the beat
/// channel (FeedbackRecord tells that one), each turn to poor and back to usable. A state
/// counts once two verdicts in a row agree: a single odd second is not news.
struct SignalRecord {
  double t_s = 0.0;  // session time of the newest data when it changed
  ChannelKind kind = ChannelKind::kOther;
  dsp::QualityLevel level = dsp::QualityLevel::kUnusable;
  std::uint8_t reasons = 0;  // dsp::QualityReason bits
  bool no_contact = false;   // the device says this sensor is off the skin
  bool first = false;        // the channel's first settled verdict: the sensor check
  bool usable() const { return signal_usable(level, no_contact); }
};

using EngineEvent = std::variant<BeatRecord, LinkRecord, StreamRecord, GapRecord, RecordingRecord,
                                 StepRecord, AssessmentRecord, ProtocolEndRecord, FeedbackRecord,
                                 SignalRecord>;

}  // namespace resonant::engine
