#include <resonant/engine/pipeline.hpp>

#include <cmath>
#include <limits>
#include <span>
#include <sstream>
#include <string_view>
#include <variant>

#include <resonant/dsp/ecg_beat_detector.hpp>
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/dsp/ppg_beat_detector.hpp>
#include <resonant/engine/signal_advice.hpp>
#include <resonant/engine/time_mapper.hpp>

#include "beat_series.hpp"
#include "live_metrics.hpp"

namespace resonant::engine {
namespace {

constexpr std::size_t kMaxChannels = 8;
constexpr std::size_t kBlockHistory = 64;     // recent blocks kept to place beats in time
constexpr double kContinuityToleranceSamples = 1.5;
constexpr double kDataFlowingWithinS = 1.0;   // host seconds
// A block arriving this much later (host seconds) than its mapped time, or earlier than
// allowed, means the device clock jumped: no transport buffers data for that long.
constexpr double kMaxArrivalLagS = 5.0;
constexpr double kMaxArrivalLeadS = 1.0;
// The corrector decides an interval 2 beats late (up to 3 intervals at once after a gap): its
// tachogram point is among this many newest.
constexpr std::size_t kArtifactSearchPoints = 8;

/// One beat detector for the chosen beat channel: ECG or PPG.
class BeatDetector {
 public:
  BeatDetector() = default;
  void configure(ChannelKind kind, double rate_hz) {
    if (kind == ChannelKind::kEcg) {
      impl_.emplace<dsp::EcgBeatDetector>(dsp::EcgDetectorConfig{rate_hz});
    } else {
      dsp::PpgDetectorConfig c;
      c.sample_rate_hz = rate_hz;
      impl_.emplace<dsp::PpgBeatDetector>(c);
    }
  }
  std::optional<dsp::DetectedBeat> push(float v) {
    return std::visit(
        [v](auto& d) -> std::optional<dsp::DetectedBeat> {
          if constexpr (std::is_same_v<std::decay_t<decltype(d)>, std::monostate>) {
            return std::nullopt;
          } else {
            return d.push(v);
          }
        },
        impl_);
  }
  void reset() {
    std::visit(
        [](auto& d) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(d)>, std::monostate>) d.reset();
        },
        impl_);
  }
  std::int64_t samples_pushed() const {
    return std::visit(
        [](const auto& d) -> std::int64_t {
          if constexpr (std::is_same_v<std::decay_t<decltype(d)>, std::monostate>) {
            return 0;
          } else {
            return d.samples_pushed();
          }
        },
        impl_);
  }

 private:
  std::variant<std::monostate, dsp::EcgBeatDetector, dsp::PpgBeatDetector> impl_;
};

/// Skin contact as a device reports it, in its data (a block's or a beat's flag) and in its
/// status messages. Some devices say it in only one of them (a Zephyr's ECG blocks carry no
/// flag, its status does), so one source saying "off" is off, and the other's silence never
/// turns it back on.
struct ContactSources {
  bool data_ok = true;
  bool status_ok = true;
  bool ok() const { return data_ok && status_ok; }
};

struct ChannelState {
  bool known = false;
  drivers::ChannelInfo info{};
  std::optional<double> next_device_s;  // where the next block should start
  ContactSources contact;
};

/// Where a block of the beat channel started, to turn detector sample indices into time.
struct BlockMark {
  std::int64_t first_index = 0;
  double device_s = 0.0;
  bool contact = true;  // the device said the sensor was on the skin for this block
  std::uint32_t contact_epoch = 0;  // contact changes of the beat channel before this block
};

/// RMSSD or SDNN as told to a person: NaN until the figures rest on enough intervals
/// (dsp::hrv_is_settled; the first few beats' value can be half again the settled one).
double shown_hrv(double value_ms, const dsp::TimeDomainHrv& hrv) {
  return dsp::hrv_is_settled(hrv) ? value_ms : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

struct Pipeline::Impl {
  Impl(PipelineConfig c, Listener l)
      : config(c), listener(std::move(l)), live(c.hrv_window_s) {}

  // ---- helpers ----------------------------------------------------------------------
  double session_at(SteadyClock::time_point t) const { return clock.session_now(t); }

  void emit(const EngineEvent& e) {
    if (listener) listener(e);
  }

  void break_series() {
    series_broken = true;
    detector.reset();
    marks_size = 0;
    mark_artifacts(live.break_series());
  }

  /// The beat sensor's contact changed after a status message or a device beat (waveform
  /// blocks pass theirs to LiveMetrics with the block). No interval may span a stretch off
  /// the skin: a strap's next beat starts a new series; for a waveform, the detector reports
  /// beats late, so each beat's own block decides (contact_epoch, see on_beat).
  void set_beat_contact(bool had_contact, bool contact) {
    if (contact == had_contact) return;
    ++contact_epoch;
    if (beat_channel < 0) series_broken = true;
    live.set_contact(contact);
  }

  /// A stream ended or another device began: the next stream says its own contact (a stale
  /// "off" would drop every beat of a sensor, or a replay, that never reports contact).
  void forget_contact() {
    for (auto& ch : channels) ch.contact = {};
    device_beat_contact = {};
    live.set_contact(true);
  }

  /// Labels the tachogram points of intervals the artifact corrector just decided (it decides
  /// 2 beats late, so the points are among the newest few).
  void mark_artifacts(std::span<const dsp::DecidedRr> decided) {
    if (tap != nullptr && !decided.empty()) tap->on_decided(decided);
    for (const dsp::DecidedRr& d : decided) {
      for (std::size_t k = 0; k < tacho_size && k < kArtifactSearchPoints; ++k) {
        TachogramPoint& p = tachogram[(tacho_head + kTachogramCapacity - 1 - k) % kTachogramCapacity];
        if (p.t_s == d.raw.t_s) {
          p.artifact = d.label;
          p.artifact_decided = true;
          break;
        }
      }
    }
  }

  void end_stream_state() {
    if (mapper.active()) {
      summary.data_duration_s += std::max(0.0, last_sample_t_s - mapper.first_session_s());
    }
    mapper.end();
    unwrapper.reset();
    for (auto& ch : channels) ch.next_device_s.reset();
    forget_contact();
    break_series();
  }

  /// Picks ECG if present, else PPG; reconfigures the detector when the choice (or, with
  /// force, the chosen channel's description) changed.
  void choose_beat_channel(bool force) {
    int best = -1;
    for (std::size_t i = 0; i < kMaxChannels; ++i) {
      if (!channels[i].known) continue;
      const ChannelKind k = channels[i].info.kind;
      if (k == ChannelKind::kEcg) {
        best = static_cast<int>(i);
        break;
      }
      if (k == ChannelKind::kPpg && best < 0) best = static_cast<int>(i);
    }
    if (best == beat_channel && !force) return;
    // Status messages speak for the beat channel only: the one left behind forgets theirs.
    if (beat_channel >= 0 && beat_channel != best) {
      channels[static_cast<std::size_t>(beat_channel)].contact.status_ok = true;
    }
    beat_channel = best;
    live.set_beat_channel(best);
    live.set_contact(best < 0 ? device_beat_contact.ok()
                              : channels[static_cast<std::size_t>(best)].contact.ok());
    if (best >= 0) {
      const auto& info = channels[static_cast<std::size_t>(best)].info;
      detector.configure(info.kind, info.rate_hz);
      summary.beat_channel = info.kind;
      // A waveform that starts after the strap's own beats (e.g. Polar ECG once PMD runs)
      // takes over: from here on our detector times the beats.
      summary.beats_from_device = false;
    }
    break_series();
  }

  std::string describe_stream() const {
    std::ostringstream d;
    d << (device_name.empty() ? std::string("device") : device_name);
    const char* sep = ": ";
    for (const auto& ch : channels) {
      if (!ch.known) continue;
      d << sep << to_string(ch.info.kind) << ' ' << ch.info.rate_hz << " Hz";
      sep = ", ";
    }
    return d.str();
  }

  // ---- events -----------------------------------------------------------------------
  void on(const drivers::DeviceInfo& info) {
    // The simulated person stamps samples from this machine's own clock: nothing to estimate.
    device_clock_is_host = info.device_kind == RSP_DEVICE_SIMULATOR;
    if (std::abs(info.clock_speed - clock.session_per_host_s) > 1e-9) {
      // A simulation declared a speed other than the clock's: run session time at its speed
      // from here on, continuously, so data, pacer and link events share one time base.
      const SteadyClock::time_point at = info.t_rx;
      clock.session_anchor_s = clock.session_now(at);
      clock.host_anchor = at;
      clock.session_per_host_s = info.clock_speed;
    }
    forget_contact();
    device_name = std::string(info.name.view());
    if (info.protocol_major != 0 || info.protocol_minor != 0) {  // only Resonant's protocol has one
      device_name += " " + std::to_string(info.protocol_major) + "." + std::to_string(info.protocol_minor);
    }
  }

  void on(const drivers::ChannelInfo& info) {
    if (info.channel >= kMaxChannels) return;
    ChannelState& ch = channels[info.channel];
    const bool changed = !ch.known || ch.info.kind != info.kind || ch.info.rate_hz != info.rate_hz;
    ch.known = true;
    ch.info = info;
    if (changed) {
      ch.next_device_s.reset();
      ch.contact = {};  // a channel described anew says its own contact
      live.configure_channel(info.channel, info.kind, info.rate_hz);
      choose_beat_channel(static_cast<int>(info.channel) == beat_channel);
    }
  }

  /// True if a block received at rx_s cannot have been taken at its mapped time.
  bool clock_jumped(double device_s, double rx_s) const {
    const double lag_host_s = (rx_s - mapper.map_only(device_s)) / clock.session_per_host_s;
    return lag_host_s > kMaxArrivalLagS || lag_host_s < -kMaxArrivalLeadS;
  }

  /// Device time of a timed event in seconds; starts mapping device time to session time at
  /// the first timed event of a stream, and restarts the stream when the device clock jumped.
  double stream_device_s(std::uint32_t t_dev_us, double rx_s) {
    double device_s = unwrapper.unwrap_s(t_dev_us);
    if (mapper.active() && clock_jumped(device_s, rx_s)) {
      ++summary.gaps;
      GapRecord rec;
      rec.t_s = rx_s;
      emit(rec);
      end_stream_state();  // resets the unwrapper: this event starts the new stream
      device_s = unwrapper.unwrap_s(t_dev_us);
    }
    if (!mapper.active()) {
      TimeMapperConfig tm;
      tm.session_per_host = clock.session_per_host_s;
      tm.estimate_drift = !device_clock_is_host;
      mapper = TimeMapper(tm);
      mapper.begin(device_s, rx_s);
      if (std::isnan(summary.first_sample_t_s)) summary.first_sample_t_s = rx_s;
      StreamRecord rec;
      rec.first_sample_t_s = rx_s;
      rec.description.assign(describe_stream());
      emit(rec);
    }
    return device_s;
  }

  void on(const drivers::SampleBlock& b) {
    if (b.channel >= kMaxChannels || !channels[b.channel].known || b.count == 0) return;
    ChannelState& ch = channels[b.channel];
    const double rate_hz = ch.info.rate_hz;
    const double rx_s = session_at(b.t_rx);
    const double device_s = stream_device_s(b.t_dev_us, rx_s);
    const double t0 = mapper.map(device_s, rx_s);
    const double block_end_device_s = device_s + b.count / rate_hz;
    const double block_last_t_s = mapper.map_only(block_end_device_s - 1.0 / rate_hz);
    if (std::isnan(last_sample_t_s) || block_last_t_s > last_sample_t_s) {
      last_sample_t_s = block_last_t_s;
    }
    if (std::isnan(summary.first_sample_t_s)) summary.first_sample_t_s = t0;
    last_data_rx = b.t_rx;
    const bool had_contact = ch.contact.ok();
    ch.contact.data_ok = (b.flags & RSP_SF_NO_CONTACT) == 0;
    const bool contact = ch.contact.ok();

    const bool continuous =
        !ch.next_device_s ||
        std::abs(device_s - *ch.next_device_s) <= kContinuityToleranceSamples / rate_hz;
    ch.next_device_s = block_end_device_s;
    const std::span<const float> values(b.values.data(), b.count);
    if (tap != nullptr) tap->on_samples(b.channel, ch.info.kind, rate_hz, t0, values);
    if (static_cast<int>(b.channel) != beat_channel) {
      if (!continuous) live.break_channel(b.channel);
      live.begin_block(b.channel, t0, contact);
      for (const float v : values) live.push_sample(b.channel, v);
      live.tick(last_sample_t_s);
      return;
    }
    if (!continuous) break_series();
    if (contact != had_contact) ++contact_epoch;
    live.begin_block(b.channel, t0, contact);

    // Remember where this block starts in detector sample indices.
    const std::int64_t first_index = detector.samples_pushed();
    marks[marks_head] = BlockMark{first_index, device_s, contact, contact_epoch};
    marks_head = (marks_head + 1) % kBlockHistory;
    marks_size = std::min(marks_size + 1, kBlockHistory);

    for (const float v : values) {
      live.push_sample(b.channel, v);  // before the detector: EDR needs the sample in history
      if (auto beat = detector.push(v)) on_beat(*beat, rate_hz);
    }
    live.tick(last_sample_t_s);
  }

  /// The newest block that starts at or before the sample (else the oldest one remembered).
  const BlockMark& block_of(double sample_index) const {
    for (std::size_t k = 0; k < marks_size; ++k) {
      const BlockMark& m = marks[(marks_head + kBlockHistory - 1 - k) % kBlockHistory];
      if (static_cast<double>(m.first_index) <= sample_index) return m;
    }
    return marks[(marks_head + kBlockHistory - marks_size) % kBlockHistory];
  }

  void on_beat(const dsp::DetectedBeat& beat, double rate_hz) {
    // Off the skin the waveform is lift-off transients and noise: what looks like a beat
    // there is not one (the samples themselves are still recorded). The detector reports a
    // beat late, so it is the beat's own block that says.
    const BlockMark& block = block_of(beat.sample_index);
    if (!block.contact) return;
    // Contact was lost and came back since the previous beat: no interval across that.
    if (block.contact_epoch != last_beat_contact_epoch) series_broken = true;
    last_beat_contact_epoch = block.contact_epoch;
    const double device_s =
        block.device_s + (beat.sample_index - static_cast<double>(block.first_index)) / rate_hz;
    const double t_s = mapper.map_only(device_s);
    live.on_detected_beat(beat);
    record_beat(t_s, channels[static_cast<std::size_t>(beat_channel)].info.kind);
  }

  /// A beat at session time t_s, found by our detector in `source` or by the device (kOther).
  void record_beat(double t_s, ChannelKind source) {
    BeatRecord rec;
    rec.t_s = t_s;
    rec.source = source;
    const bool after_gap = series_broken;
    const detail::RrBuilder::Step step = rr_builder.push(t_s, after_gap);
    rec.rr_ms = step.rr_ms;
    rec.hr_bpm = 60000.0 / step.rr_ms;  // NaN with rr_ms
    if (std::isnan(step.rr_ms)) {
      // first beat of a series
    } else if (!step.interval) {
      rec.rr_rejected = true;
      rec.too_soon = step.too_soon;
      ++summary.rr_rejected;
    } else {
      last_rr_ms = step.rr_ms;
    }
    series_broken = false;
    last_beat_t_s = t_s;
    ++summary.beats;

    if (step.interval) {
      TachogramPoint& p = tachogram[tacho_head];
      p = TachogramPoint{};
      p.t_s = t_s;
      p.rr_ms = static_cast<float>(rec.rr_ms);
      p.hr_bpm = static_cast<float>(rec.hr_bpm);
      p.after_gap = after_gap || tacho_gap_pending;
      tacho_gap_pending = false;
      tacho_head = (tacho_head + 1) % kTachogramCapacity;
      tacho_size = std::min<std::size_t>(tacho_size + 1, kTachogramCapacity);
      mark_artifacts(live.on_interval(*step.interval));
    } else if (!step.too_soon) {
      tacho_gap_pending = true;  // a double detection left out does not break the line
    }
    const dsp::TimeDomainHrv w = live.window_hrv();
    rec.rmssd_ms = shown_hrv(w.rmssd_ms, w);
    rec.sdnn_ms = shown_hrv(w.sdnn_ms, w);
    emit(rec);
    beat_flag = true;
  }

  /// Beats the device detected itself (chest straps: RR at 1 ms or 1/1024 s). Used only when
  /// no ECG/PPG waveform streams: then our own detector times every beat the same way and its
  /// signal quality gates feedback; the device's beats would be a second, different opinion.
  void on(const drivers::DeviceBeat& b) {
    if (beat_channel >= 0) return;
    const double rx_s = session_at(b.t_rx);
    const double device_s = stream_device_s(b.t_dev_us, rx_s);
    const double t_s = mapper.map(device_s, rx_s);
    last_data_rx = b.t_rx;
    device_beat_channel = b.channel;
    const bool had_contact = device_beat_contact.ok();
    device_beat_contact.data_ok = (b.flags & drivers::kBeatNoContact) == 0;
    set_beat_contact(had_contact, device_beat_contact.ok());
    if (!device_beat_contact.ok()) return;  // off the skin, what the strap times is not a beat
    // The device says beats may be missing before this one: never an interval across them.
    if (b.rr_us == 0 || (b.flags & drivers::kBeatAfterGap) != 0) break_series();
    if (!std::isnan(last_beat_t_s) && t_s <= last_beat_t_s) return;  // repeated or out of order
    if (std::isnan(last_sample_t_s) || t_s > last_sample_t_s) last_sample_t_s = t_s;
    summary.beats_from_device = true;
    ++summary.device_beats;
    record_beat(t_s, ChannelKind::kOther);
    live.tick(t_s);
  }

  void on(const drivers::DeviceStatus& st) {
    if (beat_channel >= 0) {
      ContactSources& contact = channels[static_cast<std::size_t>(beat_channel)].contact;
      const bool had_contact = contact.ok();
      contact.status_ok = (st.contact_ok_mask >> beat_channel) & 1u;
      set_beat_contact(had_contact, contact.ok());
    } else if (device_beat_channel >= 0) {
      const bool had_contact = device_beat_contact.ok();
      device_beat_contact.status_ok = (st.contact_ok_mask >> device_beat_channel) & 1u;
      set_beat_contact(had_contact, device_beat_contact.ok());
    }
  }

  void on(const drivers::LinkEvent& e) {
    link_state = e.state;
    link_message.assign(e.message.view());
    if (e.state != LinkState::kStreaming && e.state != LinkState::kConnecting &&
        e.state != LinkState::kStalled) {
      end_stream_state();
    }
    if (e.state == LinkState::kStalled) break_series();
    LinkRecord rec;
    rec.state = e.state;
    rec.t_s = session_at(e.t_rx);
    rec.message.assign(e.message.view());
    emit(rec);
  }

  void on(const drivers::GapEvent& g) {
    ++summary.gaps;
    // A loss on another waveform (e.g. the breathing stream) leaves the beat series whole.
    const bool beats_affected = g.channel == drivers::GapEvent::kAllChannels ||
                                g.channel == beat_channel ||
                                (beat_channel < 0 && g.channel == device_beat_channel);
    if (beats_affected) break_series();
    GapRecord rec;
    rec.t_s = last_sample_t_s;
    rec.frames_lost = g.frames_lost;
    rec.events_dropped = g.events_dropped;
    emit(rec);
  }

  /// A FeedbackRecord when feedback paused or resumed, or while paused its words changed (a
  /// new cause, or the signal is back).
  void emit_feedback_change() {
    const bool ok = live.feedback_ok();
    const FeedbackPause& pause = live.feedback_pause();
    const ChannelKind kind = beat_kind();
    const std::string_view problem = feedback_pause_advice(kind, pause).problem;
    if (ok == feedback_ok_sent && (ok || problem == feedback_problem_sent)) return;
    feedback_ok_sent = ok;
    feedback_problem_sent = ok ? std::string_view{} : problem;
    FeedbackRecord rec;
    rec.t_s = last_sample_t_s;
    rec.ok = ok;
    rec.channel = kind;
    if (!ok) rec.pause = pause;
    emit(rec);
  }

  /// A SignalRecord for each sensor check news LiveMetrics took from its verdicts.
  void emit_signal_news() {
    for (const detail::SignalNews& n : live.take_signal_news()) {
      if (n.channel >= kMaxChannels || !channels[n.channel].known) continue;
      SignalRecord rec;
      rec.t_s = n.t_s;
      rec.kind = channels[n.channel].info.kind;
      rec.level = n.level;
      rec.reasons = n.reasons;
      rec.no_contact = n.no_contact;
      rec.first = n.first;
      emit(rec);
    }
  }

  ChannelKind beat_kind() const {
    return beat_channel >= 0 ? channels[static_cast<std::size_t>(beat_channel)].info.kind
                             : ChannelKind::kOther;
  }

  PipelineConfig config;
  Listener listener;
  PipelineTap* tap = nullptr;
  SessionClock clock{};
  DeviceClockUnwrapper unwrapper;
  TimeMapper mapper;
  std::array<ChannelState, kMaxChannels> channels{};
  std::string device_name;
  bool device_clock_is_host = false;
  int beat_channel = -1;
  int device_beat_channel = -1;  // logical channel of device-detected beats, once seen
  ContactSources device_beat_contact;
  std::uint32_t contact_epoch = 0;            // beat sensor contact changes so far
  std::uint32_t last_beat_contact_epoch = 0;  // contact_epoch of the last detected beat kept
  BeatDetector detector;
  std::array<BlockMark, kBlockHistory> marks{};
  std::size_t marks_head = 0;
  std::size_t marks_size = 0;

  bool series_broken = true;
  detail::RrBuilder rr_builder;
  bool beat_flag = false;
  double last_beat_t_s = std::numeric_limits<double>::quiet_NaN();
  double last_rr_ms = std::numeric_limits<double>::quiet_NaN();
  double last_sample_t_s = std::numeric_limits<double>::quiet_NaN();
  SteadyClock::time_point last_data_rx{};
  detail::LiveMetrics live;

  std::array<TachogramPoint, kTachogramCapacity> tachogram{};
  std::size_t tacho_head = 0;
  std::size_t tacho_size = 0;
  bool tacho_gap_pending = false;

  LinkState link_state = LinkState::kIdle;
  FixedText<kLinkMessageChars> link_message;
  SessionSummary summary{};
  bool feedback_ok_sent = true;  // as the last FeedbackRecord said (none yet: ok)
  std::string_view feedback_problem_sent;  // its feedback_pause_advice problem (static text)
};

Pipeline::Pipeline(PipelineConfig config, Listener listener)
    : impl_(std::make_unique<Impl>(config, std::move(listener))) {}

Pipeline::~Pipeline() = default;

void Pipeline::set_session_clock(const SessionClock& clock) { impl_->clock = clock; }

const SessionClock& Pipeline::session_clock() const { return impl_->clock; }

void Pipeline::push(const drivers::SensorEvent& event) {
  std::visit([this](const auto& e) { impl_->on(e); }, event);
  impl_->emit_feedback_change();
  impl_->emit_signal_news();
}

void Pipeline::end_stream() { impl_->end_stream_state(); }

void Pipeline::set_tap(PipelineTap* tap) { impl_->tap = tap; }

void Pipeline::set_pacer(const PacerSchedule& schedule, bool enabled) {
  impl_->live.set_pacer(schedule, enabled);
}

void Pipeline::fill(Snapshot& s, SteadyClock::time_point now) const {
  const Impl& d = *impl_;
  s.link_state = d.link_state;
  s.link_message = d.link_message;
  s.data_flowing =
      d.mapper.active() &&
      std::chrono::duration<double>(now - d.last_data_rx).count() < kDataFlowingWithinS;
  s.beat_channel = d.beat_kind();
  s.beat_count = d.summary.beats;
  s.last_beat_t_s = d.last_beat_t_s;
  s.rr_ms = d.last_rr_ms;
  s.hr_bpm = std::isnan(d.last_rr_ms) ? kNaN : 60000.0 / d.last_rr_ms;
  const dsp::TimeDomainHrv w = d.live.window_hrv();
  s.rmssd_ms = shown_hrv(w.rmssd_ms, w);
  s.sdnn_ms = shown_hrv(w.sdnn_ms, w);
  s.hrv_window_s = d.live.window_s();
  s.hrv_window_beats = static_cast<std::uint32_t>(w.nn_count);
  s.hrv_window_span_s = dsp::nn_span_s(w);
  const dsp::RhythmCheck rhythm = d.live.window_rhythm();
  s.rhythm_jump_share = rhythm.jump_share;
  s.rhythm_uneven = rhythm.irregular;
  s.tachogram_size = static_cast<std::uint32_t>(d.tacho_size);
  for (std::size_t i = 0; i < d.tacho_size; ++i) {
    s.tachogram[i] =
        d.tachogram[(d.tacho_head + kTachogramCapacity - d.tacho_size + i) % kTachogramCapacity];
  }
  d.live.fill(s.live);
}

SessionSummary Pipeline::summary() const {
  const Impl& d = *impl_;
  SessionSummary s = d.summary;
  if (d.mapper.active() && !std::isnan(d.last_sample_t_s)) {
    s.data_duration_s += std::max(0.0, d.last_sample_t_s - d.mapper.first_session_s());
  }
  s.last_sample_t_s = d.last_sample_t_s;
  const dsp::TimeDomainHrv h = d.live.session_hrv();
  s.nn_intervals = h.nn_count;
  s.mean_rr_ms = h.mean_nn_ms;
  s.mean_hr_bpm = h.mean_hr_bpm;
  s.rmssd_ms = shown_hrv(h.rmssd_ms, h);
  s.sdnn_ms = shown_hrv(h.sdnn_ms, h);
  s.nn_span_s = dsp::nn_span_s(h);
  s.final_link_state = d.link_state;
  s.final_link_message = d.link_message;
  d.live.fill(s);
  return s;
}

double Pipeline::data_time_s() const { return impl_->last_sample_t_s; }

bool Pipeline::take_beat_flag() {
  const bool f = impl_->beat_flag;
  impl_->beat_flag = false;
  return f;
}

}  // namespace resonant::engine
