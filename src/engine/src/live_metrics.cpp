#include "live_metrics.hpp"

#include <algorithm>
#include <cmath>

#include <resonant/dsp/hrv_nonlinear.hpp>
#include <resonant/dsp/respiration_count.hpp>
#include <resonant/dsp/respiration_fusion.hpp>
#include <resonant/engine/signal_advice.hpp>

namespace resonant::engine::detail {
namespace {

constexpr double kNaNd = std::numeric_limits<double>::quiet_NaN();
constexpr double kHrWindowS = 10.0;           // arousal HR input (a short, responsive mean)
constexpr double kRespirationStepS = 5.0;     // fusion cadence (the estimates use 64 s windows)
constexpr double kRespirationWindowS = 64.0;  // belt rate window, as the spectral estimates'
constexpr double kRespirationFreshS = 15.0;   // older estimates are not an arousal input
constexpr std::size_t kMaxSurrogates = 8;  // RSA + 2 EDR + 3 PPG, with room
constexpr double kBeltBreathMemoryS = 2.0 * kRespirationWindowS;
constexpr std::size_t kBeltBreathCapacity = 128;  // 2 min at the belt's 30 /min maximum: 64
constexpr double kHrFreshS = 5.0;             // no beat for longer: HR input absent
constexpr std::size_t kMinHrBeats = 5;
constexpr std::size_t kMinLnRmssdDiffs = 30;  // as tests/engine/arousal_sim_test.cpp
constexpr double kSecondS = 1.0;
constexpr double kMaxTickCatchUpS = 10.0;     // a longer jump re-anchors the 1 s grid
constexpr double kMinPacerCycleS = 60.0 / kPacerMaxRateBpm;
// Sample-rate ranges of the beat-channel respiration estimators (respiration_edr.hpp,
// respiration_ppg.hpp).
constexpr double kMinEdrRateHz = 100.0;
constexpr double kMinPpgRespirationRateHz = 25.0;
constexpr double kMaxDerivedRespirationRateHz = 2000.0;
constexpr double kBinTolerance = 1e-9;  // rounding of max_hz / resolution
constexpr double kTraceWindowS =
    static_cast<double>(kRespirationTraceCapacity) / kRespirationTraceRateHz;

double percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? kNaNd : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

LiveHrvWindow to_window(const dsp::WindowedHrv& w) {
  LiveHrvWindow o;
  o.window_s = w.window_s;
  o.nn_count = static_cast<std::uint32_t>(w.hrv.time.nn_count);
  o.mean_hr_bpm = w.hrv.time.mean_hr_bpm;
  // The beat-to-beat figures, as the heart card's: only from 30 s of intervals
  // (dsp::hrv_is_settled), so recorded timelines agree with what was shown. Spectral and DFA
  // figures have their own, longer minimum data (dsp/docs/hrv.md).
  const bool settled = dsp::hrv_is_settled(w.hrv.time);
  o.rmssd_ms = settled ? w.hrv.time.rmssd_ms : kNaNd;
  o.sdnn_ms = settled ? w.hrv.time.sdnn_ms : kNaNd;
  o.ln_rmssd = settled ? dsp::ln_rmssd(w.hrv.time) : kNaNd;
  o.lf_ms2 = w.hrv.frequency.lf_ms2;
  o.hf_ms2 = w.hrv.frequency.hf_ms2;
  o.total_ms2 = w.hrv.frequency.total_ms2;
  o.lf_hf_ratio = w.hrv.frequency.lf_hf_ratio;
  o.lf_peak_hz = w.hrv.frequency.lf_peak_hz;
  o.hf_peak_hz = w.hrv.frequency.hf_peak_hz;
  o.sd1_ms = settled ? w.hrv.nonlinear.sd1_ms : kNaNd;
  o.sd2_ms = settled ? w.hrv.nonlinear.sd2_ms : kNaNd;
  o.dfa_alpha1 = w.hrv.nonlinear.dfa_alpha1;
  return o;
}

dsp::HrvWindowsConfig windows_config() {
  dsp::HrvWindowsConfig c;
  c.windows_s.assign(kLiveHrvWindowsS.begin(), kLiveHrvWindowsS.end());
  return c;
}

}  // namespace

LiveMetrics::LiveMetrics(double hrv_window_s)
    : window_(hrv_window_s),
      rhythm_(hrv_window_s),
      hr_window_(kHrWindowS),
      session_(std::numeric_limits<double>::infinity()),
      hrv_windows_(windows_config()),
      indicators_({}, kLiveResonanceBreathsS) {
  belt_breaths_.reserve(kBeltBreathCapacity);
  for (std::size_t i = 0; i < kLiveHrvWindowCount; ++i) figures_.hrv[i].window_s = kLiveHrvWindowsS[i];
  figures_.coherence.history_step_s = coherence_.config().update_interval_s;
  figures_.coherence.window_s = coherence_.config().window_s;
  figures_.respiration.window_s = kRespirationWindowS;
}

void LiveMetrics::set_pacer(const PacerSchedule& schedule, bool enabled) {
  if (enabled != pacer_enabled_) {
    adherence_.reset();
    pacer_cycles_until_s_ = kNaNd;
  }
  pacer_ = schedule;
  pacer_enabled_ = enabled;
  if (!enabled) figures_.adherence = AdherenceFigures{};
}

void LiveMetrics::configure_channel(std::size_t channel, ChannelKind kind, double rate_hz) {
  if (channel >= channels_.size()) return;
  channels_[channel].configure(kind, rate_hz, static_cast<int>(channel) == beat_channel_);
  figures_.quality[channel] = ChannelQuality{};
  figures_.quality[channel].kind = kind;
  signal_watch_[channel].reset();  // described anew: its next settled verdict is a first
  belt_channel_ = eda_channel_ = -1;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    const LiveChannel& c = channels_[i];
    if (!c.configured()) continue;
    if (belt_channel_ < 0 && c.belt()) belt_channel_ = static_cast<int>(i);
    if (eda_channel_ < 0 && c.kind() == ChannelKind::kEda) eda_channel_ = static_cast<int>(i);
  }
  figures_.respiration.has_belt = belt_channel_ >= 0;
  trace_gap_ = true;
}

void LiveMetrics::set_beat_channel(int channel) {
  beat_channel_ = channel;
  edr_.reset();
  ppg_resp_.reset();
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    LiveChannel& c = channels_[i];
    if (c.configured()) c.configure(c.kind(), c.rate_hz(), static_cast<int>(i) == channel);
  }
  if (channel < 0 || static_cast<std::size_t>(channel) >= channels_.size()) return;
  const LiveChannel& c = channels_[static_cast<std::size_t>(channel)];
  if (c.kind() == ChannelKind::kEcg && c.rate_hz() >= kMinEdrRateHz &&
      c.rate_hz() <= kMaxDerivedRespirationRateHz) {
    dsp::EdrConfig e;
    e.sample_rate_hz = c.rate_hz();
    edr_.emplace(e);
  } else if (c.kind() == ChannelKind::kPpg && c.rate_hz() >= kMinPpgRespirationRateHz &&
             c.rate_hz() <= kMaxDerivedRespirationRateHz) {
    dsp::PpgRespirationConfig p;
    p.sample_rate_hz = c.rate_hz();
    ppg_resp_.emplace(p);
  }
}

void LiveMetrics::break_channel(std::size_t channel) {
  if (channel >= channels_.size()) return;
  channels_[channel].reset();
  figures_.quality[channel].present = false;
  if (static_cast<int>(channel) == eda_channel_) figures_.skin_conductance_us = kNaNd;
  if (static_cast<int>(channel) == belt_channel_) trace_gap_ = true;
}

std::span<const dsp::DecidedRr> LiveMetrics::break_series() {
  const auto decided = corrector_.flush();
  process_decided(decided);
  for (std::size_t i = 0; i < channels_.size(); ++i) break_channel(i);
  if (edr_) edr_->reset();
  if (ppg_resp_) ppg_resp_->reset();
  rsa_.reset();
  rate_tracker_.reset();
  arousal_.reset();
  next_second_s_ = kNaNd;
  next_respiration_s_ = kNaNd;
  return decided;
}

void LiveMetrics::begin_block(std::size_t channel, double t0_s, bool contact) {
  if (channel >= channels_.size()) return;
  channels_[channel].begin_block(t0_s);
  if (static_cast<int>(channel) != beat_channel_) {
    figures_.quality[channel].no_contact = !contact;
  } else if (contact != contact_) {
    set_contact(contact);
  }
}

void LiveMetrics::set_contact(bool contact) {
  if (contact && !contact_ && !figures_.feedback_ok) {
    // Back on the skin: the next verdicts still hold the flat line and the settling, so they
    // say "the signal is back" for a while, and the first cause after that is taken at once.
    settle_verdicts_left_ = kContactSettleVerdicts;
    figures_.pause.reasons = 0;
    pending_pause_cause_ = kNoPendingCause;
  } else if (!contact) {
    settle_verdicts_left_ = 0;
    figures_.pause.reasons = 0;  // while off the skin the flag is the whole story
    pending_pause_cause_ = kNoPendingCause;
  }
  contact_ = contact;
  if (beat_channel_ >= 0 && static_cast<std::size_t>(beat_channel_) < figures_.quality.size()) {
    figures_.quality[static_cast<std::size_t>(beat_channel_)].no_contact = !contact;
  }
  update_feedback();
}

void LiveMetrics::update_feedback() {
  figures_.feedback_ok = gate_.feedback_ok() && contact_;
  const bool has_verdict = beat_channel_ >= 0 &&
                           static_cast<std::size_t>(beat_channel_) < figures_.quality.size() &&
                           figures_.quality[static_cast<std::size_t>(beat_channel_)].present;
  const ChannelQuality latest =
      has_verdict ? figures_.quality[static_cast<std::size_t>(beat_channel_)] : ChannelQuality{};
  const bool latest_poor = has_verdict && latest.level <= dsp::QualityLevel::kPoor;
  FeedbackPause& pause = figures_.pause;
  if (figures_.feedback_ok && !latest_poor) {
    pause = FeedbackPause{};
    pending_pause_cause_ = kNoPendingCause;
    settle_verdicts_left_ = 0;
    return;
  }
  pause.no_contact = !contact_;
  pause.recovering = !figures_.feedback_ok && contact_ &&
                     (settle_verdicts_left_ > 0 || good_verdicts_in_row_ >= kRecoveringVerdicts);
}

void LiveMetrics::push_sample(std::size_t channel, float v) {
  LiveChannel& c = channels_[channel];
  if (!c.configured()) return;
  if (static_cast<int>(channel) == beat_channel_) {
    if (edr_) edr_->push_sample(v);
    if (ppg_resp_) ppg_resp_->push_sample(v);
  }
  const LiveChannel::SampleResult r = c.push(v);
  if (static_cast<int>(channel) == belt_channel_) record_belt_sample(c, v);
  if (r.verdict) on_verdict(channel, *r.verdict);
  if (r.breath) on_breath(*r.breath, c.origin_s());
  if (r.scl_ready && static_cast<int>(channel) == eda_channel_) {
    figures_.skin_conductance_us = c.scl_us();
  }
}

void LiveMetrics::record_belt_sample(const LiveChannel& belt, float v) {
  if (trace_countdown_ > 0) {
    --trace_countdown_;
    return;
  }
  const double per_point = std::round(belt.rate_hz() / kRespirationTraceRateHz);
  trace_countdown_ = per_point > 1.0 ? static_cast<std::size_t>(per_point) - 1 : 0;
  const RespirationTracePoint p{belt.now_s(), v, trace_gap_};
  trace_gap_ = false;
  trace_[(trace_head_ + trace_size_) % trace_.size()] = p;
  if (trace_size_ < trace_.size()) {
    ++trace_size_;
  } else {
    trace_head_ = (trace_head_ + 1) % trace_.size();
  }
}

void LiveMetrics::on_verdict(std::size_t channel, const dsp::SignalQuality& v) {
  ChannelQuality& q = figures_.quality[channel];
  q.present = true;
  q.kind = channels_[channel].kind();
  q.level = v.level;
  q.score = v.score;
  q.reasons = v.reasons;
  note_signal_news(channel, q);
  if (static_cast<int>(channel) != beat_channel_) return;
  dsp::SignalQuality gated = v;
  if (!contact_) gated.level = dsp::QualityLevel::kUnusable;  // the device knows better
  gate_.push(gated);
  const bool poor = v.level <= dsp::QualityLevel::kPoor;
  good_verdicts_in_row_ = poor || !contact_ ? 0 : good_verdicts_in_row_ + 1;
  if (settle_verdicts_left_ > 0) {
    --settle_verdicts_left_;  // still settling after contact came back: no cause yet
  } else if (!contact_) {
    // The device's flag is the cause; the flat line it leaves says nothing more.
  } else if (poor) {
    note_pause_cause(v.reasons);
  } else {
    pending_pause_cause_ = kNoPendingCause;  // "two poor verdicts in a row" means in a row
  }
  update_feedback();
}

void LiveMetrics::note_signal_news(std::size_t channel, const ChannelQuality& q) {
  const SignalWatch::News news = signal_watch_[channel].push(signal_usable(q.level, q.no_contact));
  // The beat channel's turns are told by the feedback pause; its first verdict is a check line.
  if (news == SignalWatch::News::kNone ||
      (static_cast<int>(channel) == beat_channel_ && news == SignalWatch::News::kChanged) ||
      signal_news_size_ == signal_news_.size()) {
    return;
  }
  signal_news_[signal_news_size_++] = SignalNews{channel, channels_[channel].now_s(), q.level,
                                                 q.reasons, q.no_contact,
                                                 news == SignalWatch::News::kFirst};
}

void LiveMetrics::note_pause_cause(std::uint8_t reasons) {
  FeedbackPause& pause = figures_.pause;
  const std::uint8_t cause = main_quality_reason(reasons);
  // Until the gate pauses, the newest cause is the one it will pause for.
  const bool first = pause.reasons == 0 || figures_.feedback_ok;
  if (first || cause == main_quality_reason(pause.reasons) || cause == pending_pause_cause_) {
    pause.reasons = reasons;
    pending_pause_cause_ = kNoPendingCause;
  } else {
    pending_pause_cause_ = cause;  // taken if the next poor verdict agrees
  }
}

void LiveMetrics::on_breath(const dsp::Breath& channel_breath, double origin_s) {
  dsp::Breath b = channel_breath;  // channel time -> session time
  b.onset_s += origin_s;
  b.peak_s += origin_s;
  b.end_s += origin_s;
  const double keep_from = b.end_s - kBeltBreathMemoryS;
  const auto old = std::find_if(belt_breaths_.begin(), belt_breaths_.end(),
                                [keep_from](const dsp::Breath& x) { return x.end_s >= keep_from; });
  belt_breaths_.erase(belt_breaths_.begin(), old);
  if (belt_breaths_.size() == kBeltBreathCapacity) belt_breaths_.erase(belt_breaths_.begin());
  belt_breaths_.push_back(b);
  // The indicator tracker evaluates a breath when it is pushed (spline buffers may grow):
  // handed over on the beat path, which needs the beats after the breath anyway.
  if (breaths_for_indicators_ < pending_breaths_.size()) {
    pending_breaths_[breaths_for_indicators_++] =
        dsp::BreathCycle{b.onset_s, b.end_s, b.inhale_fraction};
  }
  if (pacer_enabled_) adherence_.push_breath(b, pacer_);
}

void LiveMetrics::tick(double now_s) {
  if (std::isnan(now_s)) return;
  if (std::isnan(next_second_s_) || now_s - next_second_s_ > kMaxTickCatchUpS) {
    next_second_s_ = std::floor(now_s) + kSecondS;
  }
  while (now_s >= next_second_s_) {
    second_update(next_second_s_);
    next_second_s_ += kSecondS;
  }
}

void LiveMetrics::second_update(double t_s) {
  const auto score_of = [this](int channel) {
    if (channel < 0) return 1.0;
    const auto& v = channels_[static_cast<std::size_t>(channel)].last_verdict();
    return v ? static_cast<double>(v->score) : 1.0;
  };
  dsp::ArousalInput in;
  in.t_s = t_s;
  const bool beats_fresh = !std::isnan(last_nn_t_s_) && t_s - last_nn_t_s_ <= kHrFreshS;
  const dsp::TimeDomainHrv hr = hr_window_.current();
  if (beats_fresh && hr.nn_count >= kMinHrBeats) in.hr_bpm = hr.mean_hr_bpm;
  in.hr_quality = in.ln_rmssd_quality = score_of(beat_channel_);
  const dsp::TimeDomainHrv w = window_.current();
  if (beats_fresh && w.diff_count >= kMinLnRmssdDiffs) in.ln_rmssd = dsp::ln_rmssd(w);
  if (!std::isnan(respiration_t_s_) && t_s - respiration_t_s_ <= kRespirationFreshS) {
    in.breathing_rate_bpm = figures_.respiration.rate_bpm;
    in.breathing_quality = figures_.respiration.quality;
  }
  if (eda_channel_ >= 0) {
    in.scl_us = channels_[static_cast<std::size_t>(eda_channel_)].scl_us();
    in.scl_quality = score_of(eda_channel_);
  }
  in.pacer_active = pacer_enabled_;
  const dsp::ArousalEstimate e = arousal_.update(in);
  ArousalFigures& a = figures_.arousal;
  a.index = e.index;
  a.band = e.band;
  a.confidence = e.confidence;
  a.reasons = e.reasons;
  a.signed_z = e.signed_z;
  if (e.shown()) {
    arousal_sum_ += e.index;
    ++arousal_n_;
  }

  if (pacer_enabled_) {
    const dsp::PacerAdherence p = adherence_.update(t_s);
    AdherenceFigures& f = figures_.adherence;
    f.active = true;
    f.rate_error_bpm = p.rate_error_bpm;
    f.phase_difference_deg = p.phase_difference_deg;
    f.plv = p.plv;
    f.keeping_up = p.keeping_up;
    f.rate_only = p.rate_only;
  }
}

void LiveMetrics::on_detected_beat(const dsp::DetectedBeat& beat) {
  if (beat_channel_ < 0) return;
  channels_[static_cast<std::size_t>(beat_channel_)].add_beat(beat.sample_index);
  if (edr_) edr_->push_beat(beat);
  if (ppg_resp_) ppg_resp_->push_pulse(beat);
}

std::span<const dsp::DecidedRr> LiveMetrics::on_interval(const dsp::RrInterval& raw) {
  dsp::RrInterval interval = raw;
  const bool ok = figures_.feedback_ok;
  if (!ok) last_paused_rr_t_s_ = raw.t_s;
  if (ok != corrector_run_ok_) {
    // A pause or a resume starts a new run: the intervals on either side are decided apart.
    interval.after_gap = true;
    corrector_run_ok_ = ok;
  }
  const auto decided = corrector_.push(interval);
  process_decided(decided);
  return decided;
}

void LiveMetrics::process_decided(std::span<const dsp::DecidedRr> decided) {
  if (decided.empty()) return;
  ArtifactTally& tally = figures_.artifacts;
  for (const dsp::DecidedRr& d : decided) {
    ++tally.by_label[static_cast<std::size_t>(d.label)];
    ++tally.decided;
    for (std::size_t k = 0; k < d.corrected_count; ++k) {
      // While feedback is paused for bad signal (the gate or lost contact), intervals are
      // artifacts the corrector cannot see (motion, a loose electrode): keep them out of HRV,
      // coherence and respiration, and never join a difference across them. Those that arrived
      // in a pause stay out when decided after it ends (the resume flushes them).
      if (!figures_.feedback_ok || d.raw.t_s <= last_paused_rr_t_s_) {
        ++tally.excluded_poor_signal;
        nn_after_exclusion_ = true;
        continue;
      }
      dsp::RrInterval nn = d.corrected[k];
      if (nn_after_exclusion_) nn.after_gap = true;
      nn_after_exclusion_ = false;
      process_nn(nn);
    }
  }
  tally.artifact_percent = percent(tally.decided - tally.count(dsp::BeatLabel::kNormal), tally.decided);
  const auto results = hrv_windows_.update();
  for (std::size_t i = 0; i < results.size() && i < kLiveHrvWindowCount; ++i) {
    figures_.hrv[i] = to_window(results[i]);
  }
  record_coherence();
  for (std::size_t i = 0; i < breaths_for_indicators_; ++i) indicators_.push_breath(pending_breaths_[i]);
  breaths_for_indicators_ = 0;
  if (!std::isnan(last_nn_t_s_)) {
    push_pacer_cycles(last_nn_t_s_);
    update_respiration(last_nn_t_s_);
  }
}

void LiveMetrics::process_nn(const dsp::RrInterval& nn) {
  window_.push(nn);
  rhythm_.push(nn);
  hr_window_.push(nn);
  session_.push(nn);
  hrv_windows_.push(nn);
  coherence_.push(nn);
  indicators_.push(nn);
  rsa_.push(nn);
  adherence_.push_nn(nn);
  last_nn_t_s_ = nn.t_s;
}

void LiveMetrics::record_coherence() {
  const std::size_t updates = coherence_.updates();
  if (updates == coherence_seen_) return;
  const std::size_t fresh = std::min(updates - coherence_seen_, coherence_.history_size());
  for (std::size_t j = coherence_.history_size() - fresh; j < coherence_.history_size(); ++j) {
    const dsp::CoherenceSample& c = coherence_.history(j);
    if (std::isfinite(c.ratio)) {
      coherence_sum_ += c.ratio;
      ++coherence_by_level_[static_cast<std::size_t>(c.level)];
    }
  }
  coherence_seen_ = updates;
  if (const auto latest = coherence_.latest()) {
    CoherenceFigures& f = figures_.coherence;
    f.t_s = latest->t_s;
    f.ratio = latest->ratio;
    f.level = latest->level;
    f.peak_hz = latest->peak_hz;
    f.score = coherence_.accumulated_score();
    // The spectrum this ratio came from; none while the window could not be scored.
    LiveSpectrum& sp = figures_.spectrum;
    const dsp::Spectrum& s = coherence_.last_spectrum();
    sp.size = 0;
    sp.t_s = latest->t_s;
    sp.resolution_hz = s.resolution_hz;
    if (coherence_.last_spectrum_t_s() == latest->t_s && s.resolution_hz > 0.0) {
      // Bins 0 .. floor(0.5 Hz / resolution), inclusive (a bin exactly at 0.5 Hz counts).
      const auto bins = static_cast<std::size_t>(
                            std::floor(kLiveSpectrumMaxHz / s.resolution_hz + kBinTolerance)) + 1;
      const std::size_t n = std::min({bins, s.density.size(), kLiveSpectrumBins});
      for (std::size_t k = 0; k < n; ++k) {
        sp.density_ms2_per_hz[k] = static_cast<float>(s.density[k]);
      }
      sp.size = static_cast<std::uint32_t>(n);
    }
  }
}

void LiveMetrics::push_pacer_cycles(double t_s) {
  if (belt_channel_ >= 0 || !pacer_enabled_) return;
  if (std::isnan(pacer_cycles_until_s_)) {
    pacer_cycles_until_s_ = t_s;  // the first whole cycle from here on
    return;
  }
  if (t_s - pacer_cycles_until_s_ < kMinPacerCycleS) return;
  for (const dsp::BreathCycle& c : dsp::breath_cycles_from_pacer(pacer_, pacer_cycles_until_s_, t_s)) {
    if (c.start_s < pacer_cycles_until_s_ - 1e-6) continue;
    indicators_.push_breath(c);
    pacer_cycles_until_s_ = c.end_s;
  }
}

void LiveMetrics::update_respiration(double t_s) {
  if (!std::isnan(next_respiration_s_) && t_s < next_respiration_s_) return;
  next_respiration_s_ = t_s + kRespirationStepS;

  std::array<dsp::SourcedRate, kMaxSurrogates> estimates{};
  std::size_t n = 0;
  const auto add = [&](dsp::RespirationSource source, const dsp::RespirationRate& r) {
    if (std::isfinite(r.rate_bpm) && n < estimates.size()) estimates[n++] = {source, r};
  };
  std::optional<dsp::RespirationRate> belt;
  if (belt_channel_ >= 0) {
    belt = dsp::belt_respiration_rate(belt_breaths_, t_s - kRespirationWindowS, t_s);
  }
  add(dsp::RespirationSource::kRsa, rsa_.estimate(t_s));
  if (beat_channel_ >= 0) {
    const LiveChannel& bc = channels_[static_cast<std::size_t>(beat_channel_)];
    if (bc.has_origin()) {
      const double local_s = t_s - bc.origin_s();
      if (edr_) {
        const dsp::EdrRates r = edr_->estimate(local_s);
        add(dsp::RespirationSource::kEdrAmplitude, r.r_amplitude);
        add(dsp::RespirationSource::kEdrArea, r.qrs_area);
      }
      if (ppg_resp_) {
        const dsp::PpgRates r = ppg_resp_->estimate(local_s);
        add(dsp::RespirationSource::kPpgIntensity, r.intensity);
        add(dsp::RespirationSource::kPpgAmplitude, r.amplitude);
        add(dsp::RespirationSource::kPpgFrequency, r.frequency);
      }
    }
  }
  const std::span<const dsp::SourcedRate> surrogates(estimates.data(), n);
  dsp::FusedRespiration fused = dsp::fuse_respiration(belt, surrogates);
  // Without a usable belt the surrogates' candidate peaks are tracked across steps. No pacer
  // prior: this rate feeds adherence ("keeping up"), the adaptive ramp and the bedtime settle
  // rule, which would otherwise partly measure the pacer against itself.
  const dsp::TrackedRespiration tracked = rate_tracker_.push(t_s, surrogates);
  if (fused.source != dsp::RespirationSource::kBelt) {
    // The tracker chooses which peak is breathing; counting its cycles gives the rate in the
    // belt's own terms (60 / mean breath), which a 60 s peak misses when the rate changes.
    fused.rate_bpm = counted_rate(t_s, tracked.rate_bpm, surrogates);
    fused.quality = tracked.quality;
    fused.used = tracked.supporting;
    fused.source = tracked.source;
  }
  RespirationFigures& f = figures_.respiration;
  f.rate_bpm = fused.rate_bpm;
  f.quality = fused.quality;
  f.clear = dsp::breathing_rate_is_clear(fused.rate_bpm, fused.quality);
  f.source = fused.source;
  f.t_s = t_s;
  respiration_t_s_ = t_s;
  if (f.clear) {
    breathing_sum_ += fused.rate_bpm;
    ++breathing_n_;
  }
  if (pacer_enabled_ && belt_channel_ < 0 && std::isfinite(fused.rate_bpm)) {
    adherence_.push_rate(dsp::RespirationRate{t_s, fused.rate_bpm, fused.quality, kNaNd}, pacer_);
  }
}

double LiveMetrics::counted_rate(double t_s, double tracked_bpm,
                                 std::span<const dsp::SourcedRate> surrogates) const {
  // EDR and PPG series run on the beat channel's own clock (from its origin); RSA on session
  // time.
  double beat_origin_s = kNaNd;
  if (beat_channel_ >= 0) {
    const LiveChannel& bc = channels_[static_cast<std::size_t>(beat_channel_)];
    if (bc.has_origin()) beat_origin_s = bc.origin_s();
  }
  const auto holder_of = [&](dsp::RespirationSource s) -> const dsp::BeatSeriesRate* {
    using S = dsp::RespirationSource;
    switch (s) {
      case S::kRsa: return &rsa_.series();
      case S::kEdrAmplitude: return edr_ ? &edr_->amplitude_series() : nullptr;
      case S::kEdrArea: return edr_ ? &edr_->area_series() : nullptr;
      case S::kPpgIntensity: return ppg_resp_ ? &ppg_resp_->intensity_series() : nullptr;
      case S::kPpgAmplitude: return ppg_resp_ ? &ppg_resp_->amplitude_series() : nullptr;
      case S::kPpgFrequency: return ppg_resp_ ? &ppg_resp_->frequency_series() : nullptr;
      default: return nullptr;
    }
  };
  std::array<dsp::CountSeries, kMaxSurrogates> series{};
  std::size_t n = 0;
  for (const dsp::SourcedRate& e : surrogates) {
    const dsp::BeatSeriesRate* holder = holder_of(e.source);
    const double offset_s = e.source == dsp::RespirationSource::kRsa ? 0.0 : beat_origin_s;
    if (holder == nullptr || !std::isfinite(offset_s) || n == series.size()) continue;
    series[n++] = {&e.rate, holder->times(), holder->values(), offset_s};
  }
  // Every live holder uses the same default spectral window (64 s), so RSA's config is theirs
  // (its min_band_power, an ms^2 floor for interval series, plays no part in counting).
  return dsp::refine_rate_by_count(t_s, tracked_bpm, std::span(series.data(), n),
                                   rsa_.series().config(), dsp::CycleCountConfig{},
                                   rate_tracker_.config());
}

void LiveMetrics::fill(LiveFigures& out) const {
  out = figures_;
  const std::size_t hs = coherence_.history_size();
  const std::size_t n = std::min(hs, kCoherenceHistoryCapacity);
  for (std::size_t i = 0; i < n; ++i) {
    out.coherence.history[i] = static_cast<float>(coherence_.history(hs - n + i).ratio);
  }
  out.coherence.history_size = static_cast<std::uint32_t>(n);
  const dsp::BreathSummary b = indicators_.summary();
  const auto recent = indicators_.recent();
  out.resonance.last_peak_to_trough_bpm = kNaNd;
  for (auto it = recent.rbegin(); it != recent.rend(); ++it) {
    if (it->valid) {
      out.resonance.last_peak_to_trough_bpm = it->peak_to_trough_bpm;
      break;
    }
  }
  out.resonance.mean_peak_to_trough_bpm = b.mean_peak_to_trough_bpm;
  out.resonance.mean_phase_deg = b.mean_phase_deg;
  out.resonance.phase_consistency = b.phase_consistency;
  out.resonance.breaths = static_cast<std::uint32_t>(b.breaths);
  out.resonance.valid_breaths = static_cast<std::uint32_t>(b.valid_breaths);
  const std::size_t nb = std::min(recent.size(), kRsaBreathCapacity);
  for (std::size_t i = 0; i < nb; ++i) {
    const dsp::BreathIndicators& r = recent[recent.size() - nb + i];
    out.rsa_breaths.breaths[i] = RsaBreath{r.start_s, r.end_s, r.valid, r.peak_to_trough_bpm};
  }
  out.rsa_breaths.size = static_cast<std::uint32_t>(nb);
  // Belt trace: the last kTraceWindowS of the ring (older points may remain after a pause).
  out.respiration_trace.size = 0;
  if (belt_channel_ >= 0 && trace_size_ > 0) {
    const double newest_s = trace_[(trace_head_ + trace_size_ - 1) % trace_.size()].t_s;
    std::uint32_t m = 0;
    for (std::size_t i = 0; i < trace_size_; ++i) {
      const RespirationTracePoint& p = trace_[(trace_head_ + i) % trace_.size()];
      if (p.t_s < newest_s - kTraceWindowS) continue;
      out.respiration_trace.points[m++] = p;
    }
    out.respiration_trace.size = m;
  }
  if (belt_channel_ >= 0) {
    const auto& belt = channels_[static_cast<std::size_t>(belt_channel_)].belt();
    out.respiration.belt_phase = belt->phase();
    out.respiration.belt_rate_bpm = belt->rate_bpm();
  }
}

void LiveMetrics::fill(SessionSummary& s) const {
  s.artifacts = figures_.artifacts;
  s.coherence_updates = coherence_seen_;
  std::uint64_t scored = 0;
  for (const auto c : coherence_by_level_) scored += c;
  s.mean_coherence = scored == 0 ? kNaNd : coherence_sum_ / static_cast<double>(scored);
  const auto at = [this](dsp::CoherenceLevel l) {
    return coherence_by_level_[static_cast<std::size_t>(l)];
  };
  s.coherence_low_pct = percent(at(dsp::CoherenceLevel::kLow), scored);
  s.coherence_medium_pct = percent(at(dsp::CoherenceLevel::kMedium), scored);
  s.coherence_high_pct = percent(at(dsp::CoherenceLevel::kHigh), scored);
  s.mean_breathing_rate_bpm =
      breathing_n_ == 0 ? kNaNd : breathing_sum_ / static_cast<double>(breathing_n_);
  s.mean_arousal_index = arousal_n_ == 0 ? kNaNd : arousal_sum_ / static_cast<double>(arousal_n_);
}

}  // namespace resonant::engine::detail
