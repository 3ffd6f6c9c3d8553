// The pipeline without threads: synthetic device events in, beats and HRV out.
#include <resonant/dsp/hrv_time.hpp>
#include <resonant/engine/pipeline.hpp>
#include <resonant/engine/signal_advice.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace resonant::engine {
namespace {

constexpr double kFs = 250.0;
constexpr int kBlock = 20;  // 80 ms

/// A clean synthetic ECG: an R wave (Gaussian, sigma 10 ms) exactly at each beat time and a
/// T wave 250 ms later, on a small respiratory baseline.
float ecg_at(double t, const std::vector<double>& beats) {
  double v = 0.05 * std::sin(2 * std::numbers::pi * 0.25 * t);
  for (double b : beats) {
    const double dr = t - b;
    if (dr < -0.2 || dr > 0.6) continue;
    v += 1.2 * std::exp(-dr * dr / (2 * 0.010 * 0.010));
    const double dt = dr - 0.25;
    v += 0.25 * std::exp(-dt * dt / (2 * 0.040 * 0.040));
  }
  return static_cast<float>(v);
}

std::vector<double> beat_times(double duration_s, double mean_rr_s, double swing_s) {
  std::vector<double> beats;
  for (double t = 0.5; t < duration_s;) {
    beats.push_back(t);
    t += mean_rr_s + swing_s * std::sin(2 * std::numbers::pi * 0.1 * t);
  }
  return beats;
}

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest()
      : pipeline_(PipelineConfig{64.0}, [this](const EngineEvent& e) { events_.push_back(e); }) {
    clock_.host_anchor = t0_;
    pipeline_.set_session_clock(clock_);
  }

  SteadyClock::time_point host(double s) const {
    return t0_ + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
  }

  void describe_ecg(std::uint8_t device_kind = RSP_DEVICE_DIY_ARDUINO) {
    drivers::DeviceInfo info;
    info.device_kind = device_kind;
    info.name.assign("synthetic");
    pipeline_.push(info);
    drivers::ChannelInfo ch;
    ch.channel = 0;
    ch.kind = ChannelKind::kEcg;
    ch.rate_hz = kFs;
    pipeline_.push(ch);
  }

  /// Streams [from_s, to_s) of the ECG as 80 ms blocks; device clock starts near its wrap.
  void stream(const std::vector<double>& beats, double from_s, double to_s, std::uint64_t seed = 1) {
    stream_blocks(from_s, to_s, seed, 0, [&](double t) { return ecg_at(t, beats); });
  }

  /// Streams [from_s, to_s) of what an ECG input shows with its electrodes off the skin: a
  /// lift-off step that decays, mains-like hum and sharp spikes a detector could take for R
  /// waves, the last an R-shaped one 50 ms before the end (the detector reports it only once
  /// contact is back). Each block carries the device's no-contact flag when `flagged`.
  void stream_off_skin(double from_s, double to_s, bool flagged, std::uint64_t seed = 2) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 0.15);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    stream_blocks(from_s, to_s, seed, flagged ? RSP_SF_NO_CONTACT : 0, [&](double t) {
      const double since = t - from_s;
      double v = 3.0 * std::exp(-since / 0.3) + 0.4 * std::sin(2 * std::numbers::pi * 50.0 * t);
      v += noise(rng);
      if (unit(rng) < 0.004) v += 2.5;  // about one spike a second
      const double dr = t - (to_s - 0.05);
      v += 1.5 * std::exp(-dr * dr / (2 * 0.010 * 0.010));
      return static_cast<float>(v);
    });
  }

  template <typename ValueAt>
  void stream_blocks(double from_s, double to_s, std::uint64_t seed, std::uint8_t flags,
                     ValueAt&& value_at) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> latency(0.001, 0.030);
    for (double t = from_s; t + kBlock / kFs <= to_s + 1e-9; t += kBlock / kFs) {
      drivers::SampleBlock b;
      b.channel = 0;
      b.count = kBlock;
      b.flags = flags;
      b.t_dev_us = static_cast<std::uint32_t>(kClockStartUs + std::llround(t * 1e6));
      b.t_rx = host(10.0 + t + kBlock / kFs + latency(rng));
      for (int i = 0; i < kBlock; ++i) b.values[i] = value_at(t + i / kFs);
      pipeline_.push(b);
    }
  }

  void send_status(double t_s, bool beat_channel_contact) {
    drivers::DeviceStatus st;
    st.contact_ok_mask = beat_channel_contact ? 1u : 0u;
    st.t_dev_us = static_cast<std::uint32_t>(kClockStartUs + std::llround(t_s * 1e6));
    st.t_rx = host(10.0 + t_s + 0.02);
    pipeline_.push(st);
  }

  /// Checks that the beats (1 s apart, at x.5 s) of a stream whose electrodes were off in
  /// [off_s, on_s) (device time) were told as a person needs them: no beat inside the
  /// stretch, not even one the detector reports after it; the last beat before it keeps its
  /// interval; no interval across it (so nothing "implausible"); the series starting again
  /// within 2 s of contact. stream: which StreamRecord's time the beats are on.
  void expect_no_beats_while_off(double off_s, double on_s, std::size_t stream = 0) {
    const auto streams = all<StreamRecord>();
    ASSERT_GT(streams.size(), stream);
    const double offset = streams[stream].first_sample_t_s;
    std::size_t restarts_after_off = 0;
    double first_after_s = 1e9;
    bool last_before_kept = false;
    for (const BeatRecord& b : all<BeatRecord>()) {
      const double t = b.t_s - offset;
      EXPECT_FALSE(t > off_s - 0.4 && t < on_s + 0.4) << "a beat while off the skin, at " << t;
      EXPECT_FALSE(b.rr_rejected) << "an interval across the stretch off the skin, at " << t;
      if (!std::isnan(b.rr_ms)) {
        EXPECT_NEAR(b.rr_ms, 1000.0, 2.0) << t;
      }
      if (std::abs(t - (off_s - 0.5)) < 0.05) last_before_kept = !std::isnan(b.rr_ms);
      if (t >= on_s) first_after_s = std::min(first_after_s, t);
      if (t >= on_s && std::isnan(b.rr_ms)) ++restarts_after_off;
    }
    EXPECT_TRUE(last_before_kept) << "the beat just before the stretch keeps its interval";
    EXPECT_EQ(restarts_after_off, 1u) << "the series starts again once, after the stretch";
    EXPECT_LT(first_after_s, on_s + 2.0) << "beats return within 2 s of contact";
    EXPECT_EQ(pipeline_.summary().rr_rejected, 0u);
  }

  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events_) {
      if (const auto* p = std::get_if<T>(&e)) out.push_back(*p);
    }
    return out;
  }

  static constexpr std::uint32_t kClockStartUs = 0xFFFFFFFFu - 5'000'000u;  // wraps after 5 s
  SteadyClock::time_point t0_ = SteadyClock::now();
  SessionClock clock_{};
  std::vector<EngineEvent> events_;
  Pipeline pipeline_;
};

TEST_F(PipelineTest, FindsEveryBeatAtItsTimeAcrossTheDeviceClockWrap) {
  const auto beats = beat_times(120.0, 0.9, 0.08);
  describe_ecg();
  stream(beats, 0.0, 120.0);
  const auto streams = all<StreamRecord>();
  ASSERT_EQ(streams.size(), 1u);
  const double offset = streams[0].first_sample_t_s;  // session time of device time 0
  const auto found = all<BeatRecord>();
  // Every beat except those inside the detector's warm-up and latency at the ends.
  std::size_t matched = 0;
  for (const auto& b : found) {
    const double t = b.t_s - offset;
    double best = 1e9;
    for (double truth : beats) best = std::min(best, std::abs(truth - t));
    EXPECT_LT(best, 0.002) << "beat at " << t << " s is " << best * 1000 << " ms from the truth";
    if (best < 0.002) ++matched;
  }
  EXPECT_GE(matched, beats.size() - 3) << "found " << found.size() << " of " << beats.size();
  EXPECT_LE(found.size(), beats.size());
}

TEST_F(PipelineTest, RrHrAndRmssdFollowTheBeats) {
  // RR = 850 + 40 sin(2 pi k / 10) ms (an RSA-like swing; a strict 800/900 alternation is what
  // the artifact corrector must treat as ectopic pairs, so HRV no longer sees it as such).
  std::vector<double> beats;
  std::vector<double> rr_truth;
  double t = 0.5;
  for (int i = 0; i < 200; ++i) {
    beats.push_back(t);
    const double rr = 0.850 + 0.040 * std::sin(2 * std::numbers::pi * i / 10.0);
    rr_truth.push_back(rr * 1000.0);
    t += rr;
  }
  double sum_sq = 0.0;
  for (std::size_t i = 1; i < rr_truth.size(); ++i) {
    sum_sq += (rr_truth[i] - rr_truth[i - 1]) * (rr_truth[i] - rr_truth[i - 1]);
  }
  const double rmssd_truth = std::sqrt(sum_sq / static_cast<double>(rr_truth.size() - 1));  // 17.5
  describe_ecg();
  stream(beats, 0.0, t - 1.0);
  const auto found = all<BeatRecord>();
  ASSERT_GT(found.size(), 150u);
  const BeatRecord& last = found.back();
  // A 64 s window holds ~7.5 swings, not a whole number: within 3 % of the whole-series value.
  EXPECT_NEAR(last.rmssd_ms, rmssd_truth, 0.03 * rmssd_truth);
  for (std::size_t i = 2; i < found.size(); ++i) {
    const double rr = found[i].rr_ms;
    double best = 1e9;
    for (double r : rr_truth) best = std::min(best, std::abs(r - rr));
    ASSERT_LT(best, 2.0) << rr;
    EXPECT_NEAR(found[i].hr_bpm, 60000.0 / rr, 1e-9);
  }
  const SessionSummary s = pipeline_.summary();
  EXPECT_NEAR(s.rmssd_ms, rmssd_truth, 0.01 * rmssd_truth);  // sub-ms beat timing: within 1 %
  EXPECT_NEAR(s.mean_rr_ms, 850.0, 2.0);
  EXPECT_EQ(s.beat_channel, ChannelKind::kEcg);
  EXPECT_EQ(s.artifacts.count(dsp::BeatLabel::kNormal), s.artifacts.decided);
  Snapshot snap;
  pipeline_.fill(snap, host(10.0 + t));
  EXPECT_GT(snap.tachogram_size, 100u);
  EXPECT_NEAR(snap.rmssd_ms, rmssd_truth, 0.03 * rmssd_truth);
  EXPECT_NEAR(snap.hrv_window_s, 64.0, 1e-9);
}

TEST_F(PipelineTest, VariabilityIsHeldBackUntilItsIntervalsSpanThirtySeconds) {
  // 0.9 s beats with a swing: heart rate comes with the second beat, RMSSD and SDNN only once
  // the window's intervals add up to dsp::kMinShownHrvSpanS, in beat events, snapshots and
  // the session summary alike.
  const auto beats = beat_times(45.0, 0.9, 0.05);
  describe_ecg();
  stream(beats, 0.0, 20.0);
  Snapshot early;
  pipeline_.fill(early, host(30.0));
  EXPECT_TRUE(std::isfinite(early.hr_bpm));
  EXPECT_GT(early.hrv_window_beats, 10u);
  EXPECT_TRUE(std::isnan(early.rmssd_ms));
  EXPECT_TRUE(std::isnan(early.sdnn_ms));
  EXPECT_GT(early.hrv_window_span_s, 10.0);
  EXPECT_LT(early.hrv_window_span_s, dsp::kMinShownHrvSpanS);
  EXPECT_TRUE(std::isnan(pipeline_.summary().rmssd_ms)) << "a 20 s session has no RMSSD yet";
  EXPECT_GT(pipeline_.summary().nn_span_s, 10.0);
  EXPECT_LT(pipeline_.summary().nn_span_s, dsp::kMinShownHrvSpanS);
  for (const LiveHrvWindow& w : early.live.hrv) {  // the recorded 64/120/300 s figures too
    EXPECT_TRUE(std::isnan(w.rmssd_ms) && std::isnan(w.sdnn_ms) && std::isnan(w.ln_rmssd) &&
                std::isnan(w.sd1_ms) && std::isnan(w.sd2_ms))
        << w.window_s << " s window";
    EXPECT_GT(w.nn_count, 10u);
  }
  stream(beats, 20.0, 45.0);
  Snapshot late;
  pipeline_.fill(late, host(55.0));
  EXPECT_TRUE(std::isfinite(late.rmssd_ms));
  EXPECT_TRUE(std::isfinite(late.sdnn_ms));
  EXPECT_GE(late.hrv_window_span_s, dsp::kMinShownHrvSpanS);
  EXPECT_TRUE(std::isfinite(pipeline_.summary().rmssd_ms));
  EXPECT_GE(pipeline_.summary().nn_span_s, dsp::kMinShownHrvSpanS);
  for (const LiveHrvWindow& w : late.live.hrv) {
    EXPECT_TRUE(std::isfinite(w.rmssd_ms) && std::isfinite(w.sdnn_ms) &&
                std::isfinite(w.ln_rmssd) && std::isfinite(w.sd1_ms) && std::isfinite(w.sd2_ms))
        << w.window_s << " s window";
  }
  // Each beat event: no figure before the span, a figure from then on.
  bool shown = false;
  double first_shown_t_s = 0.0;
  for (const auto& b : all<BeatRecord>()) {
    if (std::isfinite(b.rmssd_ms) && !shown) first_shown_t_s = b.t_s;
    if (shown) {
      EXPECT_TRUE(std::isfinite(b.rmssd_ms)) << "at " << b.t_s;
    }
    shown = shown || std::isfinite(b.rmssd_ms);
    EXPECT_EQ(std::isfinite(b.rmssd_ms), std::isfinite(b.sdnn_ms)) << "at " << b.t_s;
  }
  EXPECT_TRUE(shown);
  // The first beat is at 0.5 s, intervals reach the corrector 2 beats late: 30 s of them are
  // complete a little after 32 s of session.
  EXPECT_GT(first_shown_t_s - all<StreamRecord>()[0].first_sample_t_s, 30.5);
  EXPECT_LT(first_shown_t_s - all<StreamRecord>()[0].first_sample_t_s, 34.0);
}

TEST_F(PipelineTest, NoIntervalIsComputedAcrossALossOfData) {
  const auto beats = beat_times(60.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 20.0);
  drivers::GapEvent gap;
  gap.frames_lost = 12;
  pipeline_.push(gap);
  stream(beats, 30.0, 60.0);  // 10 s of data missing
  const auto found = all<BeatRecord>();
  bool saw_nan_after_gap = false;
  for (const auto& b : found) {
    if (std::isnan(b.rr_ms)) saw_nan_after_gap = true;
    if (!std::isnan(b.rr_ms)) {
      EXPECT_NEAR(b.rr_ms, 1000.0, 2.0) << "no 10-second interval";
    }
  }
  EXPECT_TRUE(saw_nan_after_gap);
  EXPECT_EQ(pipeline_.summary().gaps, 1u);
  ASSERT_EQ(all<GapRecord>().size(), 1u);
  EXPECT_EQ(all<GapRecord>()[0].frames_lost, 12u);
}

// Electrodes lifted for 10 s, the blocks flagged by the device. Before, the lift-off spike
// was told as a beat and the first beat back made an "implausible" 10 s interval (HR 6 bpm on
// the screen); what the device calls off the skin is now a break in the series.
TEST_F(PipelineTest, NoBeatOrIntervalIsToldWhileTheDeviceSaysTheElectrodesAreOff) {
  const auto beats = beat_times(90.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 40.0);
  stream_off_skin(40.0, 50.0, true);
  stream(beats, 50.0, 90.0);
  expect_no_beats_while_off(40.0, 50.0);
  Snapshot snap;
  pipeline_.fill(snap, host(10.0 + 90.0));
  std::size_t breaks = 0;
  for (std::size_t i = 0; i < snap.tachogram_size; ++i) {
    EXPECT_NEAR(snap.tachogram[i].rr_ms, 1000.0, 2.0) << "no tachogram point across the stretch";
    if (snap.tachogram[i].after_gap) ++breaks;
  }
  EXPECT_EQ(breaks, 2u) << "the line starts at the first interval and breaks once, after the "
                           "stretch";
}

// A Zephyr says contact only in its status messages; its ECG blocks carry no flag. The blocks'
// silence must not turn contact back on between two status messages.
TEST_F(PipelineTest, ContactToldOnlyByStatusMessagesHoldsUntilTheStatusSaysItIsBack) {
  const auto beats = beat_times(90.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 40.0);
  send_status(40.0, false);
  stream_off_skin(40.0, 45.0, false);
  Snapshot snap;
  pipeline_.fill(snap, host(10.0 + 45.0));
  EXPECT_TRUE(snap.live.pause.no_contact) << "the status still holds after 60 flagless blocks";
  stream_off_skin(45.0, 50.0, false);
  send_status(50.0, true);
  stream(beats, 50.0, 90.0);
  expect_no_beats_while_off(40.0, 50.0);
  const auto feedback = all<FeedbackRecord>();
  ASSERT_GE(feedback.size(), 2u);
  EXPECT_FALSE(feedback.front().ok);
  EXPECT_TRUE(feedback.front().pause.no_contact);
  const double offset = all<StreamRecord>()[0].first_sample_t_s;
  for (const FeedbackRecord& f : feedback) {
    if (f.t_s - offset < 49.9) {  // contact returns at 50 s
      EXPECT_TRUE(!f.ok && f.pause.no_contact) << "said other than no contact at " << f.t_s;
    }
  }
  EXPECT_TRUE(feedback.back().ok) << "feedback resumes after contact returns";
}

// A sensor taken off before the link closed must not leave the next stream "off the skin":
// a replay or a sensor that never reports contact would lose every beat.
TEST_F(PipelineTest, ANewStreamDoesNotInheritTheLastOnesLostContact) {
  const auto beats = beat_times(90.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 20.0);
  send_status(20.0, false);
  stream_off_skin(20.0, 30.0, false);
  pipeline_.end_stream();
  describe_ecg();
  stream(beats, 40.0, 90.0);  // flagless, and no status at all
  const auto streams = all<StreamRecord>();
  ASSERT_EQ(streams.size(), 2u);
  std::size_t in_second = 0;
  for (const BeatRecord& b : all<BeatRecord>()) in_second += b.t_s >= streams[1].first_sample_t_s;
  EXPECT_GE(in_second, 48u) << "the second stream's 50 beats are found (warm-up aside)";
  Snapshot snap;
  pipeline_.fill(snap, host(10.0 + 90.0));
  EXPECT_FALSE(snap.live.pause.no_contact);
  EXPECT_TRUE(snap.live.feedback_ok);
}

TEST_F(PipelineTest, ALossOnAnotherChannelLeavesTheBeatSeriesWhole) {
  const auto beats = beat_times(50.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 20.0);
  const std::size_t before = all<BeatRecord>().size();
  drivers::GapEvent breathing_lost;
  breathing_lost.frames_lost = 2;
  breathing_lost.channel = 1;  // e.g. the BioHarness breathing stream; the ECG is channel 0
  pipeline_.push(breathing_lost);
  stream(beats, 20.0, 40.0);
  const auto found = all<BeatRecord>();
  ASSERT_GT(found.size(), before + 10);
  for (std::size_t i = before; i < found.size(); ++i) {
    EXPECT_FALSE(std::isnan(found[i].rr_ms)) << "beat " << i << " lost its interval to another channel's gap";
  }
  EXPECT_EQ(pipeline_.summary().gaps, 1u) << "the loss is still counted and reported";
  EXPECT_EQ(all<GapRecord>().size(), 1u);

  drivers::GapEvent ecg_lost;
  ecg_lost.channel = 0;
  pipeline_.push(ecg_lost);
  stream(beats, 40.0, 45.0);
  const auto after = all<BeatRecord>();
  ASSERT_GT(after.size(), found.size());
  EXPECT_TRUE(std::isnan(after[found.size()].rr_ms)) << "a loss on the beat channel breaks the series";
}

TEST_F(PipelineTest, ADeviceTimeJumpBreaksTheSeriesEvenWithoutAGapEvent) {
  const auto beats = beat_times(60.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 20.0);
  stream(beats, 25.0, 60.0);  // blocks simply stop for 5 s (e.g. a device overrun)
  for (const auto& b : all<BeatRecord>()) {
    if (!std::isnan(b.rr_ms)) {
      EXPECT_LT(b.rr_ms, 1100.0);
    }
  }
}

TEST_F(PipelineTest, DisconnectEndsTheStreamAndReconnectStartsANewOne) {
  const auto beats = beat_times(60.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 20.0);
  drivers::LinkEvent lost;
  lost.state = LinkState::kDisconnected;
  lost.t_rx = host(31.0);
  lost.message.assign("gone");
  pipeline_.push(lost);
  const std::size_t beats_before = all<BeatRecord>().size();
  EXPECT_GT(beats_before, 15u);
  drivers::LinkEvent back;
  back.state = LinkState::kStreaming;
  back.t_rx = host(39.0);
  pipeline_.push(back);
  stream(beats, 30.0, 60.0);
  EXPECT_EQ(all<StreamRecord>().size(), 2u);
  const auto links = all<LinkRecord>();
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].state, LinkState::kDisconnected);
  EXPECT_EQ(links[0].message.view(), "gone");
  for (const auto& b : all<BeatRecord>()) {
    if (!std::isnan(b.rr_ms)) {
      EXPECT_LT(b.rr_ms, 1100.0);
    }
  }
}

TEST_F(PipelineTest, ImplausibleIntervalsAreReportedButKeptOutOfHrv) {
  // A 3 s pause (20 bpm) in a 1 s rhythm: above the 2000 ms guard.
  std::vector<double> beats;
  for (double t = 0.5; t < 40.0; t += 1.0) {
    if (t > 20.6 && t < 22.6) continue;  // beats at 21.5 and 22.5 never happen
    beats.push_back(t);
  }
  describe_ecg();
  stream(beats, 0.0, 40.0);
  std::vector<BeatRecord> rejected;
  for (const auto& b : all<BeatRecord>()) {
    if (b.rr_rejected) rejected.push_back(b);
  }
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_NEAR(rejected[0].rr_ms, 3000.0, 2.0);
  const SessionSummary s = pipeline_.summary();
  EXPECT_EQ(s.rr_rejected, 1u);
  EXPECT_NEAR(s.mean_rr_ms, 1000.0, 1.0) << "the pause is not in the mean";
  // No successive difference spans the rejected interval: RMSSD of a steady 1 s rhythm.
  EXPECT_LT(s.rmssd_ms, 2.0);
}

// A device resets behind a USB adapter that stays open: its clock starts again while data
// keep arriving. Session time must keep going forward (a new stream), never back.
TEST_F(PipelineTest, ADeviceClockRestartStartsANewStreamInsteadOfGoingBack) {
  const auto beats = beat_times(60.0, 1.0, 0.0);
  describe_ecg();
  stream(beats, 0.0, 30.0);
  // The device restarts: its clock is back at the start value, but it is 30 s later.
  std::mt19937_64 rng(4);
  for (double t = 0.0; t < 30.0; t += kBlock / kFs) {
    drivers::SampleBlock b;
    b.channel = 0;
    b.count = kBlock;
    b.t_dev_us = static_cast<std::uint32_t>(kClockStartUs + std::llround(t * 1e6));
    b.t_rx = host(10.0 + 30.0 + t + kBlock / kFs + 0.005);
    for (int i = 0; i < kBlock; ++i) b.values[i] = ecg_at(30.0 + t + i / kFs, beats);
    pipeline_.push(b);
  }
  EXPECT_EQ(all<StreamRecord>().size(), 2u);
  EXPECT_GE(all<GapRecord>().size(), 1u);
  const auto found = all<BeatRecord>();
  ASSERT_GT(found.size(), 50u);
  for (std::size_t i = 1; i < found.size(); ++i) {
    ASSERT_GT(found[i].t_s, found[i - 1].t_s) << "session time went back at beat " << i;
    if (!std::isnan(found[i].rr_ms)) {
      EXPECT_NEAR(found[i].rr_ms, 1000.0, 2.0);
    }
  }
  EXPECT_GT(pipeline_.data_time_s(), 55.0) << "data time keeps advancing";
}

// A simulation that runs faster than real time says so in its HELLO; session time then runs
// at its speed so link events, pacer and data share one time base.
TEST_F(PipelineTest, ADeclaredDeviceSpeedBecomesTheSessionClockRate) {
  drivers::DeviceInfo info;
  info.device_kind = RSP_DEVICE_SIMULATOR;
  info.clock_speed = 20.0;
  info.t_rx = host(2.0);
  pipeline_.push(info);
  const SessionClock& c = pipeline_.session_clock();
  EXPECT_DOUBLE_EQ(c.session_per_host_s, 20.0);
  EXPECT_NEAR(c.session_now(host(2.0)), 2.0, 1e-9) << "continuous where the speed changed";
  EXPECT_NEAR(c.session_now(host(3.0)), 22.0, 1e-9);
}

TEST_F(PipelineTest, PpgIsUsedWhenThereIsNoEcg) {
  drivers::ChannelInfo ch;
  ch.channel = 1;
  ch.kind = ChannelKind::kPpg;
  ch.rate_hz = 125.0;
  pipeline_.push(ch);
  Snapshot snap;
  pipeline_.fill(snap, host(0));
  EXPECT_EQ(snap.beat_channel, ChannelKind::kPpg);
  // An ECG channel appearing later takes over.
  describe_ecg();
  pipeline_.fill(snap, host(0));
  EXPECT_EQ(snap.beat_channel, ChannelKind::kEcg);
}

/// A chest strap: RR intervals the device measured itself, no waveform (HxM, ANT+, BLE HRS).
class StrapPipelineTest : public PipelineTest {
 protected:
  void send_beat(double t_s, double rr_ms, std::uint8_t flags = 0) {
    drivers::DeviceBeat b;
    b.channel = 0;
    b.flags = flags;
    b.t_dev_us = static_cast<std::uint32_t>(kClockStartUs + std::llround(t_s * 1e6));
    b.rr_us = static_cast<std::uint32_t>(std::llround(rr_ms * 1000.0));
    b.t_rx = host(10.0 + t_s + 0.02);
    pipeline_.push(b);
  }
};

TEST_F(StrapPipelineTest, DeviceBeatsAreTheBeatsWhenThereIsNoWaveform) {
  drivers::DeviceInfo info;
  info.name.assign("strap");
  pipeline_.push(info);
  std::vector<double> rr_truth;
  double t = 1.0;
  send_beat(t, 0.0);  // first beat: interval unknown
  for (int i = 0; i < 200; ++i) {
    const double rr = 850.0 + 40.0 * std::sin(2 * std::numbers::pi * i / 10.0);
    rr_truth.push_back(rr);
    t += rr / 1000.0;
    send_beat(t, rr);
  }
  const auto found = all<BeatRecord>();
  ASSERT_EQ(found.size(), 201u);
  for (std::size_t i = 1; i < found.size(); ++i) {
    EXPECT_NEAR(found[i].rr_ms, rr_truth[i - 1], 0.002) << i;  // the device's own RR, to 1 us
    EXPECT_EQ(found[i].source, ChannelKind::kOther);
  }
  const SessionSummary s = pipeline_.summary();
  EXPECT_TRUE(s.beats_from_device);
  EXPECT_EQ(s.beats, 201u);
  EXPECT_NEAR(s.mean_rr_ms, 850.0, 2.0);
  Snapshot snap;
  pipeline_.fill(snap, host(10.0 + t));
  EXPECT_GT(snap.tachogram_size, 150u);
  EXPECT_TRUE(snap.live.feedback_ok);
}

TEST_F(StrapPipelineTest, AGapFlaggedByTheDeviceBreaksTheSeriesAndLostContactPausesFeedback) {
  double t = 1.0;
  send_beat(t, 0.0);
  for (int i = 0; i < 20; ++i) send_beat(t += 0.9, 900.0);
  // Beats were lost: the device restarts its chain; no 5 s "interval" may appear.
  t += 5.0;
  send_beat(t, 0.0, drivers::kBeatAfterGap);
  for (int i = 0; i < 20; ++i) send_beat(t += 0.9, 900.0);
  for (const BeatRecord& b : all<BeatRecord>()) {
    if (!std::isnan(b.rr_ms)) {
      EXPECT_NEAR(b.rr_ms, 900.0, 0.01);
    }
  }
  EXPECT_TRUE(all<FeedbackRecord>().empty());
  const std::size_t beats_before = all<BeatRecord>().size();
  send_beat(t += 0.9, 900.0, drivers::kBeatNoContact);
  EXPECT_EQ(all<BeatRecord>().size(), beats_before) << "off the skin, the strap's beat is none";
  Snapshot snap;
  pipeline_.fill(snap, host(10.0 + t));
  EXPECT_FALSE(snap.live.feedback_ok) << "the strap lost skin contact";
  // Reported once, in the strap's words (a strap's own beats: channel kOther).
  const auto paused = all<FeedbackRecord>();
  ASSERT_EQ(paused.size(), 1u);
  EXPECT_FALSE(paused[0].ok);
  EXPECT_EQ(paused[0].channel, ChannelKind::kOther);
  EXPECT_TRUE(paused[0].pause.no_contact);
  EXPECT_EQ(feedback_pause_advice(paused[0].channel, paused[0].pause).problem,
            "the strap reports no skin contact");
  send_beat(t += 0.9, 900.0);
  EXPECT_TRUE(std::isnan(all<BeatRecord>().back().rr_ms)) << "no interval across the loss";
  pipeline_.fill(snap, host(10.0 + t));
  EXPECT_TRUE(snap.live.feedback_ok);
  const auto both = all<FeedbackRecord>();
  ASSERT_EQ(both.size(), 2u);
  EXPECT_TRUE(both[1].ok);
}

// A double detection (a beat reported 250 ms after another, as a strap does when it takes a
// T wave for an R peak) is left out at once and the series goes on from the beat before it:
// the next interval spans both halves (1 s), nothing breaks, and HRV is that of the steady
// rhythm. Two too soon in a row are noise: the series breaks there.
TEST_F(StrapPipelineTest, ABeatTooSoonIsLeftOutAndTheSeriesGoesOn) {
  drivers::DeviceInfo info;
  info.name.assign("strap");
  pipeline_.push(info);
  double t = 1.0;
  send_beat(t, 0.0);
  double last_s = t;
  const auto beat = [&](double at_s) {
    send_beat(at_s, (at_s - last_s) * 1000.0);
    last_s = at_s;
  };
  for (int i = 0; i < 60; ++i) {
    t += 1.0;
    beat(t);
    if (i == 20) beat(t + 0.25);  // one double detection
    if (i == 40) {                // two in a row, both too soon after the beat kept
      beat(t + 0.1);
      beat(t + 0.2);
    }
  }
  std::vector<BeatRecord> rejected;
  double after_extra_rr_ms = 0.0;
  for (const auto& b : all<BeatRecord>()) {
    if (b.rr_rejected) rejected.push_back(b);
    if (std::abs(b.t_s - all<BeatRecord>().front().t_s - 21.0) < 0.05) after_extra_rr_ms = b.rr_ms;
  }
  ASSERT_EQ(rejected.size(), 3u);
  EXPECT_NEAR(rejected[0].rr_ms, 250.0, 0.01);
  // Stored with the beat, so readers of a saved session (response cards, the report) go on
  // across the one left out and break at the noise as the live series did.
  EXPECT_TRUE(rejected[0].too_soon);
  EXPECT_TRUE(rejected[1].too_soon) << "the first of the two is left out like any";
  EXPECT_FALSE(rejected[2].too_soon) << "the second is noise: the series breaks";
  EXPECT_NEAR(after_extra_rr_ms, 1000.0, 0.01) << "the interval after it spans both halves";
  const SessionSummary s = pipeline_.summary();
  EXPECT_EQ(s.rr_rejected, 3u);
  EXPECT_NEAR(s.mean_rr_ms, 1000.0, 0.5);
  EXPECT_LT(s.rmssd_ms, 0.5) << "no half interval reached HRV";
  Snapshot snap;
  pipeline_.fill(snap, host(10.0 + t));
  std::size_t breaks = 0;
  for (std::size_t i = 0; i < snap.tachogram_size; ++i) {
    if (snap.tachogram[i].after_gap) ++breaks;
  }
  EXPECT_EQ(breaks, 2u) << "the line starts at the first interval and breaks once, at the noise";
}

TEST_F(StrapPipelineTest, WithAnEcgWaveformOurDetectorTimesTheBeatsNotTheDevice) {
  const auto beats = beat_times(30.0, 0.8, 0.0);
  describe_ecg();
  stream(beats, 0.0, 30.0);
  const std::size_t from_ecg = all<BeatRecord>().size();
  send_beat(10.0, 777.0);
  EXPECT_EQ(all<BeatRecord>().size(), from_ecg);
  EXPECT_FALSE(pipeline_.summary().beats_from_device);
}

TEST_F(StrapPipelineTest, AnEcgThatStartsAfterTheStrapsBeatsTakesOver) {
  double t = 0.0;
  for (int i = 0; i < 5; ++i) send_beat(t += 0.8, 800.0);
  EXPECT_TRUE(pipeline_.summary().beats_from_device);
  const std::size_t from_device = all<BeatRecord>().size();
  ASSERT_EQ(from_device, 5u);
  describe_ecg();
  stream(beat_times(40.0, 0.8, 0.0), 5.0, 35.0);
  send_beat(20.0, 777.0);  // ignored: the ECG times the beats now
  const auto records = all<BeatRecord>();
  ASSERT_GT(records.size(), from_device + 20);
  for (std::size_t i = from_device; i < records.size(); ++i) EXPECT_EQ(records[i].source, ChannelKind::kEcg) << i;
  EXPECT_FALSE(pipeline_.summary().beats_from_device);
  EXPECT_EQ(pipeline_.summary().device_beats, 5u);
  EXPECT_EQ(pipeline_.summary().beat_channel, ChannelKind::kEcg);
}

}  // namespace
}  // namespace resonant::engine
