#pragma once
// Whole-session figures, for the CLI's closing summary and the session record.
#include <cstdint>

#include <resonant/common/channel.hpp>
#include <resonant/common/fixed_text.hpp>
#include <resonant/common/link_status.hpp>
#include <resonant/engine/snapshot.hpp>

namespace resonant::engine {

struct SessionSummary {
  double first_sample_t_s = kNaN;   // session time of the first sample of the first stream
  double last_sample_t_s = kNaN;
  double data_duration_s = 0.0;     // session time covered by data (gaps excluded)
  std::uint64_t beats = 0;
  std::uint64_t nn_intervals = 0;   // RR intervals used for HRV
  std::uint64_t rr_rejected = 0;    // implausible intervals kept out of HRV
  std::uint64_t gaps = 0;           // times the series was broken (loss, disconnect)
  std::uint64_t events_dropped = 0; // beat/link records the controller did not drain in time
  ChannelKind beat_channel = ChannelKind::kOther;  // where our detector found beats
  bool beats_from_device = false;   // the beats now come from the device (strap RR): no waveform
  std::uint64_t device_beats = 0;   // beats taken from the device (before a waveform began, or all)
  double mean_rr_ms = kNaN;
  double mean_hr_bpm = kNaN;        // 60000 / mean RR
  double rmssd_ms = kNaN;           // whole session, successive differences within unbroken runs
  double sdnn_ms = kNaN;            // (mean, RMSSD, SDNN: artifact-corrected NN intervals);
                                    // NaN under 30 s of intervals (dsp::hrv_is_settled)
  double nn_span_s = 0.0;           // those intervals' sum (s), dsp::nn_span_s
  ArtifactTally artifacts{};        // decided raw intervals by label
  double mean_coherence = kNaN;     // mean CR over the usable 5 s updates
  std::uint64_t coherence_updates = 0;  // 5 s updates (usable or not)
  // Share of the usable coherence updates at each level (%), i.e. of the scored time.
  double coherence_low_pct = kNaN;
  double coherence_medium_pct = kNaN;
  double coherence_high_pct = kNaN;
  double mean_breathing_rate_bpm = kNaN;  // mean of the clear 5 s respiration estimates
                                          // (RespirationFigures::clear)
  double mean_arousal_index = kNaN;       // mean of the per-second index while shown (confidence >= 0.5)
  LinkCounters counters{};
  LinkState final_link_state = LinkState::kIdle;
  FixedText<kLinkMessageChars> final_link_message;
  RecordingStatus recording{};      // saved or not, where, and why not
};

}  // namespace resonant::engine
