#include "ecg_detector_core.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include <resonant/dsp/hrv_time.hpp>  // kMaxPlausibleRrMs

namespace resonant::dsp::detail {
namespace {

// Pan-Tompkins pass band (physiology-and-metrics.md §1.2): most QRS energy, little P/T wave,
// baseline, EMG or mains. Evaluated for the group delay at its centre.
constexpr double kBandLowHz = 5.0;
constexpr double kBandHighHz = 15.0;
constexpr int kBandOrder = 2;
constexpr double kQrsCentreHz = 10.0;
constexpr double kDifferenceDelaySamples = 0.5;  // first difference x[n] - x[n-1]

constexpr double kIntegrationS = 0.150;  // about the widest QRS (PT)
// An MWI maximum is final when nothing larger follows within this time. The MWI of an isolated
// QRS rises monotonically until the QRS energy starts leaving the window, so a short wait
// suffices; it sets most of the latency budget beyond the filters.
constexpr double kConfirmS = 0.050;
// The located R may lie a little after the back-dated end of the integrated span (the IIR delay
// differs between frequencies).
constexpr double kWindowAfterS = 0.020;
constexpr double kLearningS = 2.0;       // PT learning phase
constexpr double kTWaveS = 0.36;         // PT: T-wave test applies below this RR
constexpr double kTWaveSlopeRatio = 0.5; // ... when the slope is under half the last QRS's
// Addition: ... and below this fraction of RR AVERAGE1, which binds above 158 bpm. From there
// PT's fixed 360 ms reaches the next beat (RR 375 ms at 160 bpm), so a beat smaller than the
// last (an amplitude drop) read as a T wave, and the search-back, which starts at the same
// bound, could not take it. 0.95: with QT = 0.45 s x cbrt(RR) (Fridericia; Bazett's sqrt is too
// short at fast rates) the T peak lies at ~0.76 RR at 180 bpm, and at 0.8-1.0 RR for tens of
// beats after a sudden rise in rate (QT lags); a broad T's integrator peak comes later still.
// 0.8 and 0.9 let such T waves in.
constexpr double kTWaveRrFraction = 0.95;
// ... only in a regular rhythm: 7 of the last 8 intervals within [1/1.25, 1.25] x their median
// (one missed beat allowed; an extra beat splits an interval into two that are both outside).
// After a burst of noise accepted as beats the RR average is short, and a window shortened by
// it lets tall T waves pass as beats, which keeps the average short (60 bpm, T waves 0.4-0.6 x
// the R wave, 6 s burst: 4-7 false beats).
constexpr double kRegularRrRatio = 1.25;
constexpr std::size_t kRegularRrCount = 7;
// ... of like beats, for the two slope tests (the T-wave test and the search-back's late T
// waves): at most 2 of the last 8 beats had a slope under half their predecessor's (the T-wave
// test's ratio). An R-T alternation sets every other one; an amplitude drop sets one, and at
// 200 bpm waves overlapping the QRS set two (with 1 allowed, 12 more beats missed in a sweep of
// T waves at 90-200 bpm). Without the condition an R-T alternation with intervals within
// 1.25 x of each other passed as a regular fast rhythm and kept the windows short (130 Hz,
// 150 -> 90 bpm at once, T peak 0.38 s x sqrt(RR) after R: 44 false beats in 30 s; 3 with it).
// The search-back's start keeps the RR rule alone: the late-T test skips T slopes there.
constexpr int kMaxSlopeDropsInRegularRhythm = 2;
// Addition: the search-back also passes over candidates with a T wave's slope (under half the
// last QRS's) up to this time after the last QRS. PT's 360 ms (and H&T's search-back start)
// lies inside a broad T wave: counted from the R's integrator peak, the T's two slopes give
// integrator peaks ~30 and ~110 ms after the T peak. A T wave ending at 450 ms (the upper limit
// of a normal QT at 60 bpm; T peak at QT - 60 ms) has its last one at ~500 ms.
// Once the RR averages are short (after a burst of noise taken as beats, or a fall from a fast
// rate), the search-back ran before the next R and took a T slope past 360 ms, and the R-T
// alternation kept the averages short: a lock, every T wave counted as a beat (synthetic,
// 250 Hz, T 0.5-0.9 mV peaking at 280 ms on a 1.2 mV R at 60-90 bpm after a 3 s burst: 17-42
// false beats in 37 s). At 450 ms the T's second slope still locked when its peak came at
// 360 ms. The cost: a beat under half the last one's slope 360-500 ms after it is left to a
// later search-back or lost (dsp/docs/ecg.md, the table of changes).
constexpr double kLateTWaveS = 0.50;
constexpr double kInitialRrS = 1.0;      // RR AVERAGE2 before the first interval (60 bpm)
constexpr double kMaxRrS = kMaxPlausibleRrMs / 1000.0;
constexpr double kSearchBackHorizonS = 1.66 * kMaxRrS;
// Zero-phase smoothing before locating R (triangular half-width, rounded down): halves the
// fiducial jitter from broadband noise, moves a symmetric R not at all; none at 100 Hz, where
// the QRS spans two or three samples and smoothing would let the S wave win.
constexpr double kSmoothS = 0.008;
constexpr double kLevelS = 0.040;   // baseline level segments either side of the window

int to_samples(double seconds, double fs) {
  return std::max(1, static_cast<int>(std::lround(seconds * fs)));
}

EcgDetectorConfig validated(const EcgDetectorConfig& c) {
  if (!(c.sample_rate_hz >= 100.0 && c.sample_rate_hz <= 2000.0)) {
    throw std::invalid_argument("EcgBeatDetector: sample_rate_hz " +
                                std::to_string(c.sample_rate_hz) + " outside [100, 2000]");
  }
  if (!(c.min_qrs_amplitude_mv >= 0.0 && c.min_qrs_amplitude_mv <= 0.5)) {
    throw std::invalid_argument("EcgBeatDetector: min_qrs_amplitude_mv " +
                                std::to_string(c.min_qrs_amplitude_mv) + " outside [0, 0.5]");
  }
  if (!(c.refractory_s >= 0.2 && c.refractory_s <= 0.4)) {
    throw std::invalid_argument("EcgBeatDetector: refractory_s " +
                                std::to_string(c.refractory_s) + " outside [0.2, 0.4]");
  }
  return c;
}

}  // namespace

EcgDetectorCore::EcgDetectorCore(const EcgDetectorConfig& config)
    : config_(validated(config)),
      fs_(config.sample_rate_hz),
      integration_n_(to_samples(kIntegrationS, fs_)),
      confirm_n_(to_samples(kConfirmS, fs_)),
      window_after_n_(to_samples(kWindowAfterS, fs_)),
      group_delay_n_(0),
      refractory_n_(to_samples(config.refractory_s, fs_)),
      t_wave_n_(to_samples(kTWaveS, fs_)),
      late_t_wave_n_(to_samples(kLateTWaveS, fs_)),
      learning_n_(to_samples(kLearningS, fs_)),
      horizon_n_(to_samples(kSearchBackHorizonS, fs_)),
      locator_{static_cast<int>(kSmoothS * fs_), to_samples(kLevelS, fs_)},
      band_pass_(butterworth_bandpass(kBandOrder, kBandLowHz, kBandHighHz, fs_)),
      integrator_(static_cast<std::size_t>(integration_n_)),
      raw_(static_cast<std::size_t>(horizon_n_ + to_samples(kIntegrationS + 0.5, fs_))),
      slope_(static_cast<std::size_t>(integration_n_ + 2 * confirm_n_ + 2)),
      rr_(kInitialRrS * fs_),
      shape_(morphology_shape(fs_)),
      recent_(shape_),
      wave_(shape_.length(), 0.0f) {
  group_delay_n_ = static_cast<int>(
      std::lround(band_pass_.group_delay_samples(kQrsCentreHz, fs_) + kDifferenceDelaySamples));
  // The R search window must end early enough for the locator's look-ahead at confirmation.
  window_after_n_ = std::min(window_after_n_,
                             confirm_n_ + group_delay_n_ - locator_reach_after(locator_));
}

void EcgDetectorCore::reset() {
  band_pass_.reset();
  integrator_.reset();
  raw_.clear();
  slope_.clear();
  thresholds_ = QrsThresholds{};
  rr_.reset();
  recent_.clear();
  last_noise_score_ = 0.0;
  cand_first_ = cand_count_ = 0;
  learning_beat_count_ = 0;
  n_ = 0;
  prev_band_ = prev_mwi_ = 0.0;
  tracking_ = false;
  learning_ = true;
  has_beat_ = false;
  last_beat_index_ = 0;
  last_beat_slope_ = 0.0;
  timeout_at_ = 0;
  polarity_ = 0;
  polarity_score_ = 0.0;
  slope_drops_ = 0;
}

double EcgDetectorCore::latency_samples() const {
  // Reported at candidate + confirm_n; R is no earlier than the window start
  // candidate - group_delay - (integration - 1), minus half a sample of refinement.
  return confirm_n_ + group_delay_n_ + (integration_n_ - 1) + 0.5;
}

double EcgDetectorCore::max_latency_samples() const {
  return horizon_n_ + group_delay_n_ + (integration_n_ - 1) + 0.5;
}

std::optional<DetectedBeat> EcgDetectorCore::push(float sample_mv) {
  if (n_ == 0) {
    // Start as if the first value had always been there: no filter transient from an offset.
    band_pass_.reset_to_steady_state(sample_mv);
    prev_band_ = 0.0;  // a band-pass passes no DC
  }
  raw_.push(sample_mv);
  const double band = band_pass_.process(sample_mv);
  const double derivative = (band - prev_band_) * fs_;  // mV/s: thresholds do not depend on fs
  prev_band_ = band;
  slope_.push(static_cast<float>(std::abs(derivative)));
  const double mwi = integrator_.push(derivative * derivative);

  std::optional<DetectedBeat> beat;
  track_integrator_peak(mwi);
  if (tracking_ && n_ - tracked_.index >= confirm_n_) {
    tracking_ = false;
    Candidate c = tracked_;
    double max_slope = 0.0;
    for (std::int64_t i = std::max(slope_.oldest_index(), c.index - integration_n_ + 1);
         i <= c.index; ++i) {
      max_slope = std::max(max_slope, static_cast<double>(slope_.at(i)));
    }
    c.slope = max_slope;
    if (learning_) {
      store(c);
    } else {
      beat = classify(c, /*store_noise=*/true);
    }
  }
  if (learning_ && n_ + 1 >= learning_n_) finish_learning();
  // Only when every MWI maximum up to the time-out has been confirmed: a QRS still waiting for
  // confirmation must win over a search-back.
  if (!learning_ && !beat && n_ >= timeout_at_ + confirm_n_) beat = search_back();
  prev_mwi_ = mwi;
  ++n_;
  return beat;
}

void EcgDetectorCore::track_integrator_peak(double mwi) {
  if (tracking_) {
    if (mwi > tracked_.value) {
      tracked_.index = n_;
      tracked_.value = mwi;
    }
  } else if (mwi > prev_mwi_) {  // a new maximum starts only on a rising integrator
    tracking_ = true;
    tracked_ = Candidate{n_, mwi, 0.0};
  }
}

std::int64_t EcgDetectorCore::t_wave_window_n(std::int64_t bound_n, bool for_slope_test) const {
  const std::int64_t by_rate = std::llround(kTWaveRrFraction * rr_.average1());
  // The regularity count (a partial sort) only when the rate would shorten the window.
  if (by_rate >= bound_n ||
      (for_slope_test && std::popcount(slope_drops_) > kMaxSlopeDropsInRegularRhythm) ||
      rr_.recent_near_median(kRegularRrRatio) < kRegularRrCount) {
    return bound_n;
  }
  return by_rate;
}

bool EcgDetectorCore::has_t_wave_slope(const Candidate& c) const {
  return has_beat_ && c.slope < kTWaveSlopeRatio * last_beat_slope_;
}

bool EcgDetectorCore::is_t_wave(const Candidate& c) const {
  return has_t_wave_slope(c) &&
         c.index - last_beat_index_ < t_wave_window_n(t_wave_n_, /*for_slope_test=*/true);
}

std::optional<LocatedRPeak> EcgDetectorCore::locate(const Candidate& c) const {
  const std::int64_t newest = n_;  // the sample being pushed is already in raw_
  std::int64_t begin = c.index - group_delay_n_ - (integration_n_ - 1);
  std::int64_t end = c.index - group_delay_n_ + window_after_n_;
  begin = std::max(begin, raw_.oldest_index() + locator_reach_before(locator_));
  end = std::min(end, newest - locator_reach_after(locator_));
  if (end <= begin) return std::nullopt;
  return locate_r_peak(raw_, begin, end, polarity_, newest, locator_);
}

std::optional<DetectedBeat> EcgDetectorCore::classify(const Candidate& c, bool store_noise) {
  // Pan-Tompkins: nothing at all inside the refractory period (not even a noise peak).
  if (has_beat_ && c.index - last_beat_index_ < refractory_n_) return std::nullopt;
  if (c.value > thresholds_.threshold1() && !is_t_wave(c)) {
    if (const auto peak = locate(c); peak && peak->extent >= config_.min_qrs_amplitude_mv) {
      return accept(c, *peak, /*search_back=*/false);
    }
  }
  thresholds_.on_noise_peak(c.value);
  if (store_noise) store(c);
  return std::nullopt;
}

std::optional<DetectedBeat> EcgDetectorCore::search_back() {
  // Hamilton & Tompkins 1986 (OSEA): search-back candidates start 360 ms after the last QRS
  // (here: the T-wave window, shorter at fast rates), past its T wave (after a wide ventricular
  // beat the T wave is large and its slope is not under half of the QRS's, so the T-wave test
  // alone does not catch it).
  const std::int64_t past_t_wave_n =
      std::max<std::int64_t>(refractory_n_, t_wave_window_n(t_wave_n_, /*for_slope_test=*/false));
  const std::int64_t lowest = std::max<std::int64_t>(
      n_ - horizon_n_, has_beat_ ? last_beat_index_ + past_t_wave_n : 0);
  // A fast regular rate shortens this window as it does the T-wave window. Each search-back
  // that finds only such T slopes halves SPKI (below), as when it finds nothing.
  const std::int64_t late_t_wave_end_index =
      has_beat_ ? last_beat_index_ + t_wave_window_n(late_t_wave_n_, /*for_slope_test=*/true)
                : 0;
  Candidate* best = nullptr;
  // Pan-Tompkins: the largest peak above I2 since the last QRS, past its T wave. Addition: when
  // there is none, the QRS amplitude may have dropped, so halve the thresholds and look once
  // more at once; failing that, try again one average RR later.
  for (int attempt = 0; attempt < 2 && !best; ++attempt) {
    if (attempt > 0) thresholds_.decay();
    const double threshold2 = thresholds_.threshold2();
    for (std::size_t k = 0; k < cand_count_; ++k) {
      Candidate& c = candidates_[(cand_first_ + k) % kCandidateCapacity];
      if (c.value <= threshold2 || c.index < lowest) continue;
      if (c.index < late_t_wave_end_index && has_t_wave_slope(c)) continue;
      if (!best || c.value > best->value) best = &c;
    }
  }
  if (!best) {
    timeout_at_ = n_ + static_cast<std::int64_t>(std::lround(rr_.average2()));
    return std::nullopt;
  }
  const auto peak = locate(*best);
  if (!peak || peak->extent < config_.min_qrs_amplitude_mv) {
    best->value = -1.0;  // not a QRS: never offer it again
    return std::nullopt;
  }
  return accept(*best, *peak, /*search_back=*/true);
}

void EcgDetectorCore::finish_learning() {
  learning_ = false;
  // Thresholds from the learning period: SPKI = its largest MWI peak; NPKI = the mean of the
  // peaks clearly below (under a quarter of) it.
  double largest = 0.0;
  for (std::size_t k = 0; k < cand_count_; ++k) {
    largest = std::max(largest, candidates_[(cand_first_ + k) % kCandidateCapacity].value);
  }
  double noise_sum = 0.0;
  int noise_count = 0;
  for (std::size_t k = 0; k < cand_count_; ++k) {
    const double v = candidates_[(cand_first_ + k) % kCandidateCapacity].value;
    if (v < 0.25 * largest) {
      noise_sum += v;
      ++noise_count;
    }
  }
  thresholds_.initialise(largest, noise_count > 0 ? noise_sum / noise_count : 0.0);

  // Classify the learning period's peaks with those thresholds, in order.
  const std::array<Candidate, kCandidateCapacity> held = candidates_;
  const std::size_t first = cand_first_, count = cand_count_;
  cand_first_ = cand_count_ = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const auto beat = classify(held[(first + k) % kCandidateCapacity], /*store_noise=*/true);
    if (beat && learning_beat_count_ < kMaxLearningBeats) {
      learning_noise_[learning_beat_count_] = last_noise_score_;
      learning_beats_[learning_beat_count_++] = *beat;
    }
  }
  if (!has_beat_) timeout_at_ = n_ + static_cast<std::int64_t>(std::lround(rr_.missed_limit()));
}

std::optional<DetectedBeat> EcgDetectorCore::accept(const Candidate& c, const LocatedRPeak& peak,
                                                    bool search_back) {
  // How clearly this beat stands out of the integrator's noise level, before it moves SPKI.
  last_noise_score_ =
      thresholds_.signal_level() > 0.0
          ? std::clamp(1.0 - thresholds_.noise_level() / thresholds_.signal_level(), 0.0, 1.0)
          : 0.0;
  if (search_back) {
    thresholds_.on_search_back_peak(c.value);
  } else {
    thresholds_.on_signal_peak(c.value);
  }
  slope_drops_ = static_cast<std::uint8_t>((slope_drops_ << 1) | (has_t_wave_slope(c) ? 1u : 0u));
  if (has_beat_) rr_.push(static_cast<double>(c.index - last_beat_index_));
  has_beat_ = true;
  last_beat_index_ = c.index;
  last_beat_slope_ = c.slope;
  timeout_at_ = c.index + static_cast<std::int64_t>(std::lround(rr_.missed_limit()));
  drop_candidates_up_to(c.index);

  // Consistent polarity: follow the recent beats' dominant deflection, with hysteresis so an
  // RS complex with R ~ S does not flip the fiducial between beats.
  constexpr double kScoreWeight = 0.25;
  constexpr double kFlipMargin = 0.2;
  if (polarity_ == 0) {
    polarity_score_ = peak.polarity_score;
    polarity_ = polarity_score_ >= 0.0 ? 1 : -1;
  } else {
    polarity_score_ = kScoreWeight * peak.polarity_score + (1.0 - kScoreWeight) * polarity_score_;
    if (polarity_ * polarity_score_ < -kFlipMargin) polarity_ = -polarity_;
  }
  // Typical shape and size against the recent beats (the beats before it only: causal).
  extract_waveform(raw_, std::lround(peak.index), n_, shape_, wave_);
  const BeatComparison comparison = recent_.compare(wave_, peak.amplitude);
  recent_.add(wave_, peak.amplitude);
  DetectedBeat beat{peak.index, peak.amplitude,
                    beat_quality(search_back, comparison, last_noise_score_)};
  beat.found_by_search_back = search_back;
  return beat;
}

void EcgDetectorCore::store(const Candidate& c) {
  if (cand_count_ == kCandidateCapacity) {  // full: the oldest is the least useful
    cand_first_ = (cand_first_ + 1) % kCandidateCapacity;
    --cand_count_;
  }
  candidates_[(cand_first_ + cand_count_) % kCandidateCapacity] = c;
  ++cand_count_;
}

void EcgDetectorCore::drop_candidates_up_to(std::int64_t index) {
  while (cand_count_ > 0 && candidates_[cand_first_].index <= index) {
    cand_first_ = (cand_first_ + 1) % kCandidateCapacity;
    --cand_count_;
  }
}

}  // namespace resonant::dsp::detail
