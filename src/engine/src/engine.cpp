#include <resonant/engine/engine.hpp>

#include <pthread.h>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include <resonant/common/latest.hpp>
#include <resonant/common/spsc_queue.hpp>
#include <resonant/engine/pacer_ramp.hpp>
#include <resonant/engine/pipeline.hpp>
#include <resonant/engine/resonance_result.hpp>
#include "exercise_blocks.hpp"
#include "protocol_session.hpp"
#include "session_recorder.hpp"
#include "source_factory.hpp"

namespace resonant::engine {
namespace {

constexpr auto kIdleWait = std::chrono::milliseconds(20);
constexpr std::size_t kCommandQueueCapacity = 256;
// Longest wait for a measured breathing rate before the adaptive ramp starts from the
// pacer's own rate (the fused estimate needs about a minute of beats).
constexpr double kRampMeasureWaitS = 90.0;

}  // namespace

struct Engine::Impl {
  explicit Impl(EngineConfig c)
      : config(c),
        sensor_queue(c.sensor_queue_capacity),
        commands(kCommandQueueCapacity),
        events(c.event_queue_capacity),
        pipeline(PipelineConfig{c.hrv_window_s},
                 [this](const EngineEvent& e) { on_pipeline_event(e); }),
        pacer(c.initial_pacer, 0.0),
        pacer_enabled(c.pacer_enabled) {
    clock.host_anchor = SteadyClock::now();
    pipeline.set_session_clock(clock);
    pipeline.set_pacer(pacer, pacer_enabled);
    if (!c.recording.database.empty()) {
      recorder = std::make_unique<detail::SessionRecorder>(c.recording.database, c.recording.client);
      recorder->on_pacer(0.0, pacer.current().settings, pacer_enabled);
      update_tap();
    }
    publish(SteadyClock::now());
    thread = std::thread([this] { run(); });
  }

  // ---- cross-thread signalling --------------------------------------------------------
  void wake() {
    {
      std::lock_guard lock(wake_mutex);
      wake_pending = true;
    }
    wake_cv.notify_one();
  }

  void wait_for_work() {
    std::unique_lock lock(wake_mutex);
    wake_cv.wait_for(lock, kIdleWait, [this] { return wake_pending; });
    wake_pending = false;
  }

  // ---- engine thread ----------------------------------------------------------------
  void run() {
    pthread_setname_np(pthread_self(), "resonant-engine");
    auto last_publish = SteadyClock::now();
    while (!stop_requested.load(std::memory_order_acquire)) {
      commands.drain([this](Command& c) { handle(c); });
      drain_sensor_queue();
      const auto now = SteadyClock::now();
      if (protocol) step_protocol(now);
      step_flow(now);
      const bool beat = pipeline.take_beat_flag();
      if (beat || now - last_publish >= interval()) {
        publish(now);
        last_publish = now;
      }
      if (auto* r = live_recorder()) {
        r->flush(now);
        report_recording();
      }
      wait_for_work();
    }
    // A marker posted just before the end still belongs to the session; other commands
    // (connect, pacer) would only start what is being stopped.
    commands.drain([this](Command& c) {
      if (auto* m = std::get_if<MarkCommand>(&c)) on(*m);
    });
    close_source();
    drain_sensor_queue();
    if (auto* r = live_recorder()) {
      r->finish(pipeline.summary());
      report_recording();
    }
    publish(SteadyClock::now());
  }

  /// The recorder while it records the live session (null once closed for a review).
  detail::SessionRecorder* live_recorder() const {
    return recording_closed ? nullptr : recorder.get();
  }

  /// Saves and closes the live session where it is (before a stored session is reviewed).
  void close_recording() {
    if (live_recorder() == nullptr) return;
    recorder->finish(pipeline.summary());
    report_recording();
    recording_closed = true;
  }

  /// The pipeline's tap: a running protocol (which forwards to the live recorder), else the
  /// live recorder, else none.
  void update_tap() {
    if (protocol) protocol->set_downstream(live_recorder());
    flow_tap.next = protocol ? static_cast<PipelineTap*>(protocol.get()) : live_recorder();
    flow_tap.flow = &flow;
    pipeline.set_tap(&flow_tap);
  }

  /// The pipeline's tap: gives the guided flow the artifact-corrected NN intervals (the ones
  /// the live HRV uses, so the debrief's figures match) and forwards everything on.
  struct FlowTap final : PipelineTap {
    PipelineTap* next = nullptr;
    SessionFlow* flow = nullptr;
    void on_samples(std::uint8_t channel, ChannelKind kind, double rate_hz, double t0_s,
                    std::span<const float> values) override {
      if (next != nullptr) next->on_samples(channel, kind, rate_hz, t0_s, values);
    }
    void on_decided(std::span<const dsp::DecidedRr> decided) override {
      for (const dsp::DecidedRr& d : decided) {
        for (std::uint8_t k = 0; k < d.corrected_count; ++k) {
          const dsp::RrInterval& nn = d.corrected[k];
          flow->on_interval(nn.t_s, nn.rr_ms, nn.after_gap);
        }
      }
      if (next != nullptr) next->on_decided(decided);
    }
  };

  /// A RecordingRecord on every change of the recording's state (e.g. "not being saved").
  void report_recording() {
    const RecordingStatus st = recorder->status();
    if (st.state == recording_state) return;
    recording_state = st.state;
    RecordingRecord rec;
    rec.t_s = pipeline.data_time_s();
    rec.status = st;
    push_event(rec);
  }

  std::chrono::steady_clock::duration interval() const {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(config.snapshot_interval_s));
  }

  void drain_sensor_queue() {
    sensor_queue.drain([this](drivers::SensorEvent& e) { pipeline.push(e); });
    data_time.store(pipeline.data_time_s(), std::memory_order_relaxed);
    const SessionClock& now_clock = pipeline.session_clock();
    if (now_clock.session_per_host_s != clock.session_per_host_s) {
      // A device declared another speed: the person it simulates must keep following the
      // pacer as the screen now shows it.
      clock = now_clock;
      if (source) source->on_pacer_changed(pacer.current(), pacer_enabled, clock);
    }
  }

  void handle(Command& c) {
    std::visit([this](auto& cmd) { on(cmd); }, c);
  }

  void on(ConnectCommand& c) {
    close_source();
    clock = pipeline.session_clock();  // a device may have changed its speed
    const auto now = SteadyClock::now();
    // Session time continues; only its rate may change (a simulation can run faster).
    const bool sped_up =
        c.source.kind == SourceKind::kSimulated || c.source.kind == SourceKind::kStoredSession;
    const double rate = sped_up ? std::clamp(c.source.speed, kMinSimSpeed, kMaxSimSpeed) : 1.0;
    clock.session_anchor_s = clock.session_now(now);
    clock.host_anchor = now;
    clock.session_per_host_s = rate;
    // Reviewing a stored session replays it through the pipeline: its data is stored
    // already. The live session is saved and closed up to here, so the replay (and anything
    // after it) is never mixed into it (`resonant-cli session --replay ID --save` records a
    // replay as a new session instead: record_replays).
    if (c.source.kind == SourceKind::kStoredSession && !config.recording.record_replays) {
      close_recording();
    }
    update_tap();
    pipeline.set_session_clock(clock);
    source_kind = c.source.kind;
    source = make_source(c.source, sensor_queue, [this] { wake(); }, source_error);
    if (!source) {
      LinkRecord rec;
      rec.state = LinkState::kFailed;
      rec.t_s = clock.session_now(now);
      rec.message.assign(source_error);
      push_event(rec);
      failed_message.assign(source_error);
      source_description.assign(std::string(to_string(c.source.kind)));
      publish(now);
      return;
    }
    failed_message.assign("");
    source_description.assign(source->description());
    source->on_pacer_changed(pacer.current(), pacer_enabled, clock);
    source->start();
    publish(now);
  }

  void on(DisconnectCommand&) {
    close_source();
    source_kind = SourceKind::kNone;
    failed_message.assign("");
    source_description.assign("");
    // Without a (sped-up) source, session time runs at real time again, continuously.
    const auto now = SteadyClock::now();
    clock = pipeline.session_clock();
    clock.session_anchor_s = clock.session_now(now);
    clock.host_anchor = now;
    clock.session_per_host_s = 1.0;
    pipeline.set_session_clock(clock);
    publish(now);
  }

  void on(SetPacerCommand& c) {
    ramp.reset();
    ramp_pending.reset();
    const auto now = SteadyClock::now();
    apply_pacer(now, c.settings, c.enabled);
    publish(now);
  }

  void on(StartProtocolCommand& c) {
    if (!c.protocol || c.protocol->steps.empty()) return;
    // A guided flow's baseline or practice sets the pacer itself: one guide at a time.
    if (flow.phase() == FlowPhase::kBaseline || flow.phase() == FlowPhase::kPractice) return;
    const auto now = SteadyClock::now();
    // The controller looks the client's rate up before posting: no storage I/O here.
    if (c.protocol->needs_client_resonance() && !c.client_resonance_rate_bpm) {
      refuse_protocol(now, "the protocol \"" + c.protocol->name +
                               "\" needs the client's resonance rate and none was given: look "
                               "up their newest assessment (or give the rate by hand) and start it again");
      return;
    }
    if (!std::isnan(c.time_limit_s) && !c.protocol->has_fade_out()) {
      refuse_protocol(now, "the protocol \"" + c.protocol->name +
                               "\" has no fade_out step, so a time limit cannot shorten it; start "
                               "it without one");
      return;
    }
    protocol_refusal.assign("");
    ramp.reset();  // the protocol's steps set the pacer from now on
    ramp_pending.reset();
    protocol = std::make_unique<detail::ProtocolSession>(c, live_recorder());
    update_tap();
    step_protocol(now);
    publish(now);
  }

  void refuse_protocol(SteadyClock::time_point now, const std::string& why) {
    protocol_refusal.assign(why);
    publish(now);
  }

  /// Ends the running protocol where it is: its end is recorded, the pacer stays as it is.
  void on(StopProtocolCommand&) {
    const auto now = SteadyClock::now();
    protocol_refusal.assign("");
    if (protocol) {
      apply_protocol_effects(protocol->stop(marker_time_s()), now);
      protocol.reset();
      update_tap();
    }
    publish(now);
  }

  void on(SetPacerRampCommand& c) {
    // A running protocol sets the pacer step by step (an assessment block must stay at its
    // rate): a ramp would fight it, so it waits until the protocol has ended.
    if (protocol && !protocol->finished()) return;
    ramp.reset();
    ramp_pending.reset();
    const auto now = SteadyClock::now();
    if (c.enabled) {
      ramp_pending = PendingRamp{c.target_bpm, pipeline.session_clock().session_now(now)};
      start_ramp_when_measured(now);
    }
    publish(now);
  }

  /// The ramp starts from the measured breathing rate; until one is measured (the first
  /// minute of data) the pacer keeps its rate, and after kRampMeasureWaitS without one the
  /// ramp starts from the pacer's rate.
  void start_ramp_when_measured(SteadyClock::time_point now) {
    if (!ramp_pending) return;
    const double t_s = pipeline.session_clock().session_now(now);
    const bool measured = std::isfinite(latest_breathing_rate_bpm);
    if (!measured && t_s - ramp_pending->since_s < kRampMeasureWaitS) return;
    const PacerSettings current = pacer.current().settings;
    ramp.emplace(PacerRampConfig{.target_bpm = ramp_pending->target_bpm},
                 latest_breathing_rate_bpm, current.rate_bpm);
    ramp_pending.reset();
    PacerSettings start = current;
    start.rate_bpm = ramp->rate_bpm();
    apply_pacer(now, start, true);
  }

  /// Pacer settings from now on (the breath continues smoothly), told to everyone using it.
  void apply_pacer(SteadyClock::time_point now, const PacerSettings& settings, bool enabled) {
    clock = pipeline.session_clock();
    const double t_s = clock.session_now(now);
    pacer.set(t_s, settings);
    pacer_enabled = enabled;
    pipeline.set_pacer(pacer, pacer_enabled);
    if (source) source->on_pacer_changed(pacer.current(), pacer_enabled, clock);
    if (auto* r = live_recorder()) r->on_pacer(t_s, pacer.current().settings, enabled);
  }

  /// Lets the ramp count the breath that just ended and slow the pacer when it says so.
  void step_ramp(SteadyClock::time_point now) {
    start_ramp_when_measured(now);
    if (!ramp || !pacer_enabled) return;
    const PacerState st = pacer.at(pipeline.session_clock().session_now(now));
    const AdherenceFigures& a = latest_adherence;
    const double rate = ramp->update(st.breath_index, RampAdherence{a.keeping_up, a.rate_error_bpm});
    if (std::abs(rate - pacer.current().settings.rate_bpm) > kPacerRateStepBpm * 0.5) {
      PacerSettings next = pacer.current().settings;
      next.rate_bpm = rate;
      apply_pacer(now, next, true);
    }
  }

  /// Moves the running protocol on to session time now and carries out what it asks.
  void step_protocol(SteadyClock::time_point now) {
    clock = pipeline.session_clock();
    const double now_s = clock.session_now(now);
    const bool data = !std::isnan(pipeline.data_time_s());
    detail::ProtocolEffects fx =
        protocol->update(now_s, data, scratch.live.respiration.clear_rate_bpm(), scratch.live.adherence, pacer);
    apply_protocol_effects(std::move(fx), now);
  }

  /// Carries out what the protocol asks: pacer changes, markers, events (in order).
  void apply_protocol_effects(detail::ProtocolEffects fx, SteadyClock::time_point now) {
    if (!fx.pacer.empty()) {
      ramp.reset();  // the protocol has the pacer in hand, as a SetPacerCommand would
      ramp_pending.reset();
    }
    for (const auto& change : fx.pacer) apply_pacer(now, change.settings, change.enabled);
    auto* live = live_recorder();
    if (live != nullptr) {
      for (const auto& m : fx.markers) live->on_marker(m.t_s, "step", m.text);
      if (fx.assessment_json) live->on_assessment(kResonanceAssessmentKind, *fx.assessment_json);
    }
    const bool stored = live != nullptr && live->begun() &&
                        live->status().state != RecordingState::kNotSaving;
    for (auto& e : fx.events) {
      if (auto* a = std::get_if<AssessmentRecord>(&e)) a->stored = stored;
      push_event(e);
    }
    if (!fx.events.empty() || !fx.pacer.empty()) publish(now);
  }

  // ---- the guided session flow ----
  void on(StartFlowCommand& c) {
    if (flow.phase() != FlowPhase::kPrepare) return;
    if (protocol && !protocol->finished()) return;  // a protocol guides the pacer: one at a time
    flow_pending = c.settings;
    const auto now = SteadyClock::now();
    step_flow(now);
    publish(now);
  }
  void on(SkipBaselineCommand&) { apply_flow(flow.skip_baseline(session_now_s()), SteadyClock::now()); }
  void on(StopFlowCommand&) {
    flow_pending.reset();
    apply_flow(flow.stop(session_now_s()), SteadyClock::now());
  }
  void on(FinishFlowCommand&) { apply_flow(flow.done(), SteadyClock::now()); }
  void on(RateCommand& c) {
    if (!flow.rate(c)) return;
    if (auto* r = live_recorder()) r->on_rating(rating_name(c.scale, c.when), c.value, marker_time_s());
    publish(SteadyClock::now());
  }

  double session_now_s() const { return pipeline.session_clock().session_now(SteadyClock::now()); }
  /// The newest data's time (where a marker belongs), else session now.
  double marker_time_s() const {
    const double data_s = pipeline.data_time_s();
    return std::isnan(data_s) ? session_now_s() : data_s;
  }

  /// Starts a flow asked for once data flow, and moves it on to session time now.
  void step_flow(SteadyClock::time_point now) {
    const double now_s = pipeline.session_clock().session_now(now);
    if (flow_pending && !std::isnan(pipeline.data_time_s())) {
      apply_flow(flow.start(now_s, *flow_pending, pacer.current().settings, pacer_enabled), now);
      flow_pending.reset();
    }
    apply_flow(flow.advance(now_s), now);
  }

  void apply_flow(const FlowEffects& fx, SteadyClock::time_point now) {
    if (fx.pacer) {
      ramp.reset();  // the flow has the pacer in hand, as a SetPacerCommand would
      ramp_pending.reset();
      apply_pacer(now, fx.pacer->settings, fx.pacer->enabled);
    }
    if (auto* r = live_recorder()) {
      for (const auto& m : fx.markers) r->on_marker(marker_time_s(), "flow", m);
    }
    if (fx.changed) publish(now);
  }

  void on(MarkCommand& c) {
    const double data_s = pipeline.data_time_s();
    const double t_s = !std::isnan(c.t_s)    ? c.t_s
                       : std::isnan(data_s) ? pipeline.session_clock().session_now(SteadyClock::now())
                                            : data_s;
    blocks.on_mark(c.kind, c.text.view(), t_s);
    if (auto* r = live_recorder()) r->on_marker(t_s, marker_kind(c.kind), c.text.view());
    publish(SteadyClock::now());
  }

  static std::string_view marker_kind(MarkKind kind) {
    switch (kind) {
      case MarkKind::kBlockStart: return "block";
      case MarkKind::kBlockEnd: return "block_end";
      case MarkKind::kNote: break;
    }
    return "mark";
  }

  void close_source() {
    if (!source) return;
    source->stop();
    final_counters = source->counters();
    source.reset();
    drain_sensor_queue();  // what was read before the close belongs to the stream that ends
    pipeline.end_stream();
  }

  void on_pipeline_event(const EngineEvent& e) {
    if (const auto* beat = std::get_if<BeatRecord>(&e)) blocks.on_beat(*beat);
    if (auto* r = live_recorder()) r->on_event(e);
    push_event(e);
  }

  void push_event(const EngineEvent& e) { events.try_push(e); }

  void publish(SteadyClock::time_point now) {
    Snapshot& s = scratch;
    ++s.sequence;
    s.clock = pipeline.session_clock();
    s.source_kind = source_kind;
    s.source_description = source_description;
    pipeline.fill(s, now);
    latest_adherence = s.live.adherence;
    // Only a clear rate starts the ramp (and a protocol step "from the measured rate"): an
    // unclear estimate (e.g. a Mayer wave read as breathing) would start it from a rate the
    // person is not breathing.
    latest_breathing_rate_bpm = s.live.respiration.clear_rate_bpm();
    step_ramp(now);
    if (source) {
      s.counters = source->counters();
    } else {
      s.counters = final_counters;
      if (!failed_message.empty()) {
        s.link_state = LinkState::kFailed;
        s.link_message = failed_message;
      } else if (source_kind == SourceKind::kNone) {
        s.link_state = LinkState::kIdle;
      }
    }
    s.pacer_enabled = pacer_enabled;
    s.pacer = pacer.current();
    if (protocol) {
      protocol->fill(s.protocol, s.clock.session_now(now));
    } else {
      s.protocol = ProtocolProgress{};
    }
    s.protocol.refusal = protocol_refusal;
    s.pacer_ramp_active = ramp_pending.has_value() || (ramp.has_value() && !ramp->reached());
    s.pacer_ramp_target_bpm = ramp           ? ramp->target_bpm()
                              : ramp_pending ? ramp_pending->target_bpm
                                             : kNaN;
    if (recorder) s.recording = recorder->status();
    if (recording_closed && s.recording.state != RecordingState::kNotSaving) {
      s.recording.state = RecordingState::kNotSaving;
      s.recording.message.assign(
          "this session was saved up to the moment you opened a stored one to review; what "
          "follows is not saved");
    }
    flow.on_live(s.live);
    flow.fill(s.flow, s.clock.session_now(now));
    s.flow.waiting_for_data = flow_pending.has_value();
    blocks.update(pacer, pacer_enabled, stop_requested.load(std::memory_order_acquire));
    blocks.fill(s);
    latest.publish(s);
    SessionSummary sum = pipeline.summary();
    sum.counters = s.counters;
    sum.events_dropped = events.dropped();
    sum.recording = s.recording;
    if (auto* r = live_recorder()) r->on_snapshot(pipeline.data_time_s(), s, sum);
    {
      std::lock_guard lock(summary_mutex);
      summary = sum;
    }
  }

  EngineConfig config;
  drivers::SensorQueue sensor_queue;
  SpscQueue<Command> commands;
  SpscQueue<EngineEvent> events;
  Latest<Snapshot> latest;
  std::mutex wake_mutex;
  std::condition_variable wake_cv;
  bool wake_pending = false;
  std::atomic<bool> stop_requested{false};
  std::atomic<double> data_time{std::nan("")};
  mutable std::mutex summary_mutex;
  SessionSummary summary;

  // Engine-thread state
  Pipeline pipeline;
  PacerSchedule pacer;
  bool pacer_enabled;
  struct PendingRamp {
    double target_bpm;
    double since_s;  // session time of the request
  };
  std::optional<PendingRamp> ramp_pending;  // asked for; waiting for a measured rate
  std::optional<PacerRamp> ramp;            // slowing toward a target
  AdherenceFigures latest_adherence{};     // as last published
  double latest_breathing_rate_bpm = kNaN;  // as last published, NaN unless clear
  SessionClock clock{};
  std::unique_ptr<drivers::SensorSource> source;
  SourceKind source_kind = SourceKind::kNone;
  FixedText<96> source_description;
  FixedText<kLinkMessageChars> failed_message;
  std::string source_error;
  LinkCounters final_counters{};
  Snapshot scratch{};
  std::unique_ptr<detail::SessionRecorder> recorder;  // null: not recording
  bool recording_closed = false;  // the live session was saved and closed (a review began)
  detail::ExerciseBlocks blocks;  // office mode: exercise blocks and their response cards
  std::unique_ptr<detail::ProtocolSession> protocol;  // null: no protocol; the pipeline's tap
  FixedText<kLinkMessageChars> protocol_refusal;      // why the last start was refused
  SessionFlow flow;  // the guided flow (prepare when unused)
  FlowTap flow_tap;  // the pipeline's tap (update_tap)
  std::optional<FlowSettings> flow_pending;           // start asked for; waiting for data
  RecordingState recording_state = RecordingState::kOff;
  std::thread thread;  // last: starts after everything above is constructed
};

Engine::Engine(EngineConfig config) : impl_(std::make_unique<Impl>(config)) {}

Engine::~Engine() { shutdown(); }

bool Engine::post(Command command) {
  const bool ok = impl_->commands.try_push(std::move(command));
  impl_->wake();
  return ok;
}

const Snapshot& Engine::snapshot() { return impl_->latest.read(); }

bool Engine::poll_event(EngineEvent& out) { return impl_->events.try_pop(out); }

double Engine::data_time_s() const { return impl_->data_time.load(std::memory_order_relaxed); }

SessionSummary Engine::summary() const {
  std::lock_guard lock(impl_->summary_mutex);
  return impl_->summary;
}

void Engine::shutdown() {
  if (!impl_->thread.joinable()) return;
  impl_->stop_requested.store(true, std::memory_order_release);
  impl_->wake();
  impl_->thread.join();
}

}  // namespace resonant::engine
